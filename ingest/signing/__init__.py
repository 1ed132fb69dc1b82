"""The centre's signature on the digitised copy: keys, PAdES signing with a visible stamp, verification.

A sub-package of `ingest` because it is I/O at the edge (key files, tokens, a time-stamping server)
around pure pyHanko calls on bytes; `ocr/` builds the PDF/A it signs and never sees a key.
"""

from __future__ import annotations

from .copy import SignedCopy, archival_copy, store_copy
from .keys import CentreKey, init_dev_certificate, load_centre_key, trusted_roots
from .sign import StampText, sign_copy
from .verify import Verdict, verify_copy

__all__ = [
    "CentreKey", "SignedCopy", "StampText", "Verdict", "archival_copy", "init_dev_certificate", "load_centre_key",
    "sign_copy", "store_copy", "trusted_roots", "verify_copy",
]
