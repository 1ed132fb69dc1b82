"""Is the enlargement target right? Real image cases whose text the cleanup enlarges, read at fixed factors.

For every image case of the real set whose median letter height is under `scale.SMALLEST_OK` (so the
cleanup enlarges it), the page is prepared as usual but with its enlargement forced to each factor, read
by Tesseract, and its checked lines counted (exact, whitespace-folded). Per case and in total; the
current rule's own factor is printed beside. The set is read in place, never copied.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/realdocs_scale.py ../shared/realdocs [--only d018 d036]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import pytesseract
from PIL import Image

import ocr.cleanup.scale as scale
from ocr.cleanup import prepare_page

FACTORS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5)
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


def _file_dpi(path: Path) -> int:
    """The file's dpi when plausible, else 0 (the cleanup then estimates it from the print)."""
    try:
        dpi = float(Image.open(path).info.get("dpi", (0, 0))[0])
    except (OSError, ValueError, TypeError):
        return 0
    return round(dpi) if 100 <= dpi <= 1200 else 0


def _found(lines: list[str], text: str) -> int:
    flat = unicodedata.normalize("NFC", " ".join(text.split()))
    return sum(line in flat for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    rule = scale.factor_for
    forced: list[float | None] = [None]
    measured: list[float] = []

    def factor_for(height: float) -> float:
        measured.append(height)
        return forced[0] if forced[0] is not None and height < scale.SMALLEST_OK else rule(height)

    scale.factor_for = factor_for  # measure_text looks it up in the module at each call
    totals = dict.fromkeys(FACTORS, 0)
    for raw in (args.folder / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(raw)
        path = args.folder / case["file"]
        name = path.name[:4]
        if path.suffix.lower() not in IMAGES or (args.only and name not in args.only):
            continue
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            continue
        dpi = _file_dpi(path)
        lines = [unicodedata.normalize("NFC", " ".join(line.split())) for line in case["text_lines"]]
        forced[0], measured[:] = None, []
        prepare_page(image, dpi)
        height = measured[-1] if measured else None
        if height is None or height >= scale.SMALLEST_OK:
            continue
        counts = []
        for factor in FACTORS:
            forced[0] = factor
            page = prepare_page(image, dpi)
            text = pytesseract.image_to_string(page.ocr_image, lang="vie", config=f"--psm {page.psm}")
            counts.append(_found(lines, text))
            totals[factor] += counts[-1]
        cells = " ".join(f"{f}:{n}" for f, n in zip(FACTORS, counts, strict=True))
        print(f"{name} letters {height:.1f}px, rule {rule(height)}x  {cells}  of {len(lines)}", flush=True)
    print("total  " + " ".join(f"{f}:{n}" for f, n in totals.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
