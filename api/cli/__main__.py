"""`python -m api.cli` runs the `sohoa` command line."""

import sys

from . import main

sys.exit(main())
