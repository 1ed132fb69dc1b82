"""The real set read with one of the reading's constants set otherwise: how a rule's number was chosen.

Each `--set module.NAME=value` replaces a module constant before the pipeline runs (the modules look
their constants up at each call); `--targets all` lets the rarer Viet74K words be what a misread pair
becomes (`ocr.lexicon`: only pyvi's list is, by default). Then `bench/realdocs.py` runs as usual
(`--no-bare`; any of its own options after `--`). The set is read in place, never copied.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/realdocs_knobs.py --set ocr.cleanup.scale.TARGET_HEIGHT=17
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/realdocs_knobs.py --set ocr.tesseract.MARK_FLOOR=0 \\
        --set ocr.lexicon.MIN_CERTAINTY=0 --set ocr.lexicon.MAX_COST=100
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/realdocs_knobs.py --targets all
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/realdocs_knobs.py --set ocr.cleanup.scale.BILEVEL_HEIGHT=19 \\
        -- --only d003 d004 d005 d020 d021 d022
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import realdocs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    parser.add_argument("--targets", choices=("common", "all"), default="common")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="options for bench/realdocs.py, after --")
    args = parser.parse_args()
    for item in args.set:
        name, _, value = item.partition("=")
        module_name, _, constant = name.rpartition(".")
        module = importlib.import_module(module_name)
        if not hasattr(module, constant):
            parser.error(f"{module_name} has no {constant}")
        setattr(module, constant, type(getattr(module, constant))(value))
    if args.targets == "all":
        from ocr import lexicon

        lexicon._target_keys = lexicon._vouching_keys
    rest = [a for a in args.rest if a != "--"]
    return realdocs.main([str(realdocs.DEFAULT_SET), "--no-bare", "--jobs", "2", *rest])


if __name__ == "__main__":
    raise SystemExit(main())
