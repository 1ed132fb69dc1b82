"""What Tesseract's weighed marks cost (`lstm_choice_mode=2` and the hOCR that carries them, `ocr/lexicon.py`).

The same images read by the `tesseract` command twice, alternately, as `ocr.tesseract` runs it (TSV, one
thread; at 300 dpi whatever the file says): once with the choices and once without; the median seconds of
each per image and the median of the ratios; and the seconds `ocr.tesseract` takes to parse the TSV with
the hOCR beside it. Images are read where they are (a generated set, or the real set's images).

    .venv/bin/python -m samples.generate /tmp/gen60 --count 90 --seed 60
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/choices_cost.py /tmp/gen60 --limit 12
    OMP_THREAD_LIMIT=1 .venv/bin/python bench/choices_cost.py ../shared/realdocs/cases --limit 12
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.tesseract import _parse_tsv

IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
CHOICES = ["-c", "tessedit_create_hocr=1", "-c", "lstm_choice_mode=2"]


def _seconds(image: Path, out: str, extra: list[str]) -> float:
    command = ["tesseract", str(image), out, "-l", "vie", "--dpi", "300", "-c", "tessedit_create_tsv=1", *extra]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    images = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in IMAGES)[: args.limit]
    if not images:
        print(f"no images in {args.folder}", file=sys.stderr)
        return 2
    ratios, parses = [], []
    with tempfile.TemporaryDirectory(prefix="sohoa-choices-") as tmp:
        out = os.path.join(tmp, "page")
        for image in images:
            plain, choices = [], []
            for _ in range(args.repeat):  # alternate, so a load change hits both alike
                plain.append(_seconds(image, out, []))
                choices.append(_seconds(image, out, CHOICES))
            a, b = statistics.median(plain), statistics.median(choices)
            ratios.append(b / a)
            tsv, hocr = Path(f"{out}.tsv").read_text(encoding="utf-8"), Path(f"{out}.hocr").read_text(encoding="utf-8")
            start = time.perf_counter()
            words = sum(len(line.words) for line in _parse_tsv(tsv, 1, hocr))
            parses.append(time.perf_counter() - start)
            print(f"{image.name:50} plain {a:6.2f} s  with choices {b:6.2f} s  x{b / a:.2f}  parse {words} words")
    print(
        f"images={len(images)} median ratio with choices / without: {statistics.median(ratios):.2f}; "
        f"parsing TSV and hOCR: median {statistics.median(parses) * 1000:.0f} ms an image"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
