"""Orientation benchmark: is every sample page turned upright, whichever of the four ways it arrives?

    python -m bench.orientation /tmp/v99 [--limit N] [--jobs 2]

Each page of each sample with a `.truth.json` is turned by 0, 90, 180 and 270 degrees more and
given to `ocr.cleanup.make_upright` (fax repair, photo flattening, deskew, up or down). The quarter
turn it applies must undo the sample's own `rotation` plus the extra turn. Printed per degradation
class: pages tried, wrong verdicts, how many verdicts needed the OCR strip, and every wrong page.
No OCR of the page itself is run, so this is cheap enough to try four times as many pages as the
accuracy benchmark reads.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.ocr import PageTask, collect, load_image

TURNS = (0, 90, 180, 270)


@dataclass(frozen=True)
class Verdict:
    """One page tried at one extra turn: the rotation wanted, the one applied, and how it was decided."""

    source: str
    frame: int
    degradation: str
    turn: int
    wanted: int
    applied: int
    step: str


def _file_rotation(source: str) -> int:
    truth = json.loads(Path(source + ".truth.json").read_text(encoding="utf-8"))
    return int(truth.get("rotation") or 0)


def try_page(task: PageTask) -> list[Verdict]:
    """`make_upright` on the page at each extra turn."""
    from ocr.cleanup import make_upright, rotate_quadrant

    image = load_image(task)
    turned_before = _file_rotation(task.source)
    verdicts = []
    for turn in TURNS:
        upright = make_upright(rotate_quadrant(image, turn), task.dpi)
        step = next((s for s in upright.steps if s.startswith("rotate ")), "")
        wanted = (360 - turned_before - turn) % 360
        verdicts.append(Verdict(task.source, task.frame, task.degradation, turn, wanted, upright.rotation, step))
    return verdicts


def report(verdicts: list[Verdict]) -> str:
    """Per-class table of wrong verdicts, then every wrong page."""
    classes: dict[str, list[Verdict]] = defaultdict(list)
    for v in verdicts:
        classes[v.degradation].append(v)
    rows = [f"{'class':<10}{'tries':>6}{'wrong':>7}{'ocr strip':>11}", "-" * 34]
    for name in [*sorted(classes), "ALL"]:
        got = verdicts if name == "ALL" else classes[name]
        wrong = sum(v.applied != v.wanted for v in got)
        strip = sum("ocr strip" in v.step for v in got)
        rows.append(f"{name:<10}{len(got):>6}{wrong:>7}{strip:>11}")
    for v in verdicts:
        if v.applied != v.wanted:
            name = f"{Path(v.source).name} p{v.frame + 1} +{v.turn}"
            rows.append(f"  WRONG {name}: applied {v.applied}, wanted {v.wanted} ({v.step})")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Try every page four ways round and print the table; exit 1 if any verdict was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tasks = collect(args.folder, Path(tmp), args.limit)
        if not tasks:
            print(f"no samples with .truth.json under {args.folder}", file=sys.stderr)
            return 1
        with ProcessPoolExecutor(args.jobs) as pool:
            verdicts = [v for page in pool.map(try_page, tasks, chunksize=1) for v in page]
    print(report(verdicts))
    return int(any(v.applied != v.wanted for v in verdicts))


if __name__ == "__main__":
    raise SystemExit(main())
