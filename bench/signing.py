"""What PDF/A and the centre's signature add to a document, against building the plain searchable PDF.

    python -m bench.signing [--pages 1 5 20] [--repeat 7] [--part 2]

For documents of 1, 5 and 20 A4 pages at 200 dpi (JPEG page images under Tesseract's real text-only
layer of one page, read once), it times (a) the plain PDF as the pipeline builds it (`ocr.pdf.page_pdf`
per page + `merge_pdfs`), (b) `ocr.pdfa.make_pdfa` on it and (c) `ingest.signing.sign_copy` on that,
with the development key (loaded once, as a worker does). Medians of `--repeat` runs after one warm-up.
Target (issue #17): (b) + (c) at most 0.15 s per document and flat in the page count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.settings import Settings
from ingest import signing
from ocr import pdf, pdfa

T = TypeVar("T")

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY XÁC NHẬN",
    "Họ và tên: TRẦN THỊ BÍCH NGỌC",
    "Nơi cư trú: Thôn Phú Thạnh, xã Đức Trọng, tỉnh Lâm Đồng",
] * 6


def _page(folder: Path) -> tuple[np.ndarray, bytes]:
    """An A4 page at 200 dpi and Tesseract's text-only PDF of it."""
    image = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 36)
    for i, line in enumerate(LINES):
        draw.text((150, 250 + 62 * i), line, font=font, fill=(20, 20, 20))
    png = folder / "page.png"
    image.save(png, dpi=(200, 200))
    subprocess.run(
        ["tesseract", str(png), str(folder / "layer"), "-l", "vie", "--dpi", "200", "-c", "textonly_pdf=1", "pdf"],
        check=True,
        capture_output=True,
        env={"OMP_THREAD_LIMIT": "1"},
    )
    page = cv2.imread(str(png))
    assert page is not None
    return page, (folder / "layer.pdf").read_bytes()


def _median(action: Callable[[], T], repeat: int) -> tuple[float, T]:
    result = action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _plain(pages: list[pdf.PageImage], layer: bytes) -> bytes:
    """The searchable PDF as the pipeline builds it: one-page PDFs, merged."""
    return pdf.merge_pdfs(pdf.page_pdf(page, 200, layer) for page in pages)


def main() -> None:
    """Print one line per document size: plain PDF, PDF/A, signing, and the added seconds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--part", type=int, default=2, choices=(1, 2))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        folder = Path(tmp)
        image, layer = _page(folder)
        encoded = []
        for number in range(max(args.pages)):  # every page its own image, as scans are (no shared objects)
            page = image.copy()
            cv2.putText(page, f"trang {number + 1}", (150, 2200), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 0), 3)
            page[::97, ::89] = (number * 7) % 255
            encoded.append(pdf.encode_page_image(page))
        key = signing.load_centre_key(Settings.model_validate({"data_dir": folder / "data"}))
        info = pdfa.CopyInfo(
            title="Đơn đề nghị",
            created=datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")),
            extra={"procedureCode": "1.001612", "pageCount": "1"},
        )
        stamp = signing.StampText("bench", datetime.now(UTC))
        load = os.getloadavg()[0]
        print(f"PDF/A-{args.part}b, {key.source.split(':')[0]} key, median of {args.repeat}, load average {load:.1f}")
        print(
            f"{'pages':>5} {'MB':>6} {'plain PDF s':>11} {'PDF/A s':>8} {'sign s':>7} {'added s':>8} {'added/page':>10}"
        )
        for pages in args.pages:
            plain_s, plain = _median(partial(_plain, encoded[:pages], layer), args.repeat)
            pdfa_s, archived = _median(partial(pdfa.make_pdfa, plain, info, args.part), args.repeat)
            sign_s, signed = _median(partial(signing.sign_copy, archived, key, stamp), args.repeat)
            assert signing.verify_copy(signed, key.trust_roots).ok
            added = pdfa_s + sign_s
            print(
                f"{pages:>5} {len(signed) / 1e6:>6.2f} {plain_s:>11.3f} {pdfa_s:>8.3f} {sign_s:>7.3f} "
                f"{added:>8.3f} {added / pages:>10.4f}"
            )


if __name__ == "__main__":
    main()
