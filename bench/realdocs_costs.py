"""Where the real set's pipeline time goes, per case: the QR search, and Tesseract on the page as prepared
against Tesseract on the original, with the lines each finds; optionally the prepared page read smaller.

    .venv/bin/python bench/realdocs_costs.py ../shared/realdocs [--only d016 d019] [--scales 1.0 0.8 0.65]

First page of each case, one process (OMP_THREAD_LIMIT=1): `ocr.idcard.qr.read_card_qr` on the decoded
page, then `prepare_page` and `tesseract` (pytesseract) on its OCR image at each scale given, and bare
`tesseract` on the file's own pixels (PDFs: the decoded page). Lines are counted strictly as
`bench/realdocs.py` counts them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2
import pytesseract

from bench.realdocs import _count
from core.settings import get_settings
from ingest.receiving import intake
from ocr.cleanup import prepare_page
from ocr.idcard import qr
from ocr.page import ocr_dpi


def main() -> int:
    """One line per case, then the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--scales", nargs="*", type=float, default=[1.0])
    args = parser.parse_args()
    settings = get_settings()
    cases = [json.loads(line) for line in (args.folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    totals: dict[str, float] = {}
    print("case  qr_ms  bare_s bare_lines  " + "  ".join(f"x{s}_s x{s}_lines" for s in args.scales))
    for case in cases:
        cid = Path(case["file"]).name.split("_")[0]
        if args.only and cid not in args.only:
            continue
        path = args.folder / case["file"]
        _, image, dpi = next(iter(intake.iter_pages(intake.inspect(path, path.name, settings), settings)))
        started = time.perf_counter()
        qr.read_card_qr(image)
        qr_s = time.perf_counter() - started
        started = time.perf_counter()
        bare = pytesseract.image_to_string(image, lang="vie")
        bare_s = time.perf_counter() - started
        row = [cid, f"{qr_s * 1000:5.0f}", f"{bare_s:6.2f}", f"{_count(case['text_lines'], bare)[0]:10d}"]
        totals["qr_s"] = totals.get("qr_s", 0) + qr_s
        totals["bare_s"] = totals.get("bare_s", 0) + bare_s
        prepared = prepare_page(image, dpi)
        for scale in args.scales:
            shown = prepared.ocr_image
            if scale != 1.0:
                shown = cv2.resize(shown, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            config = f"--psm {prepared.psm} --dpi {max(1, round(ocr_dpi(prepared) * scale))}"
            started = time.perf_counter()
            text = pytesseract.image_to_string(shown, lang="vie", config=config)
            took = time.perf_counter() - started
            found = _count(case["text_lines"], text)[0]
            row += [f"{took:6.2f}", f"{found:6d}"]
            totals[f"x{scale}_s"] = totals.get(f"x{scale}_s", 0) + took
            totals[f"x{scale}_lines"] = totals.get(f"x{scale}_lines", 0) + found
        print("  ".join(row), flush=True)
    print(json.dumps({k: round(v, 2) for k, v in totals.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
