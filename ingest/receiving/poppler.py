"""The one module that talks to poppler (`pdfinfo`, `pdftoppm`, through pdf2image)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdf2image
from pdf2image import exceptions as pdf_errors

from core.errors import CorruptFile, EncryptedPdf, MissingDependency

INSTALL_HINT = "apt-get install poppler-utils (or run `make demo`)"


@dataclass(frozen=True)
class PdfInfo:
    """What pdfinfo says about a PDF."""

    pages: int
    encrypted: bool
    page_width_pt: float
    page_height_pt: float


def check_available() -> None:
    """Fail with the install command unless poppler's `pdfinfo` and `pdftoppm` are on the PATH."""
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        raise MissingDependency(f"poppler is not installed. Install it with: {INSTALL_HINT}")


def pdf_info(path: Path, source: str) -> PdfInfo:
    """Page count, encryption and first page size; clear errors for broken or locked PDFs."""
    check_available()
    try:
        info = pdf2image.pdfinfo_from_path(str(path), timeout=60)
    except pdf_errors.PDFPageCountError as exc:
        message = str(exc)
        if re.search(r"password|encrypt", message, re.I):
            raise EncryptedPdf(
                f"{source}: the PDF is password-protected; ask for an unprotected copy or remove the password"
            ) from None
        raise CorruptFile(f"{source}: the PDF is damaged and cannot be read ({_first_line(message)})") from None
    except (pdf_errors.PDFSyntaxError, pdf_errors.PDFInfoNotInstalledError) as exc:
        raise CorruptFile(f"{source}: the PDF is damaged and cannot be read ({_first_line(str(exc))})") from None
    except TimeoutError:
        raise CorruptFile(f"{source}: the PDF could not be read in time; it may be damaged") from None
    size = re.match(r"([\d.]+) x ([\d.]+)", str(info.get("Page size", "")))
    width, height = (float(size.group(1)), float(size.group(2))) if size else (595.0, 842.0)
    encrypted = str(info.get("Encrypted", "no")).lower().startswith("yes")
    return PdfInfo(int(info.get("Pages", 0)), encrypted, width, height)


def render_page(path: Path, number: int, dpi: int) -> np.ndarray:
    """Rasterise one page (1-based) as an RGB array; only that page is held in memory."""
    check_available()
    try:
        images = pdf2image.convert_from_path(
            str(path), dpi=dpi, first_page=number, last_page=number, fmt="ppm", thread_count=1, timeout=300
        )
    except (pdf_errors.PDFPageCountError, pdf_errors.PDFSyntaxError) as exc:
        raise CorruptFile(f"page {number} of the PDF cannot be rendered ({_first_line(str(exc))})") from None
    if not images:
        raise CorruptFile(f"page {number} of the PDF is empty or cannot be rendered")
    with images[0] as image:
        return np.asarray(image.convert("RGB"))


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S)


def page_words(path: Path, number: int) -> tuple[tuple[float, float, float, float, str, int], ...]:
    """The text layer of one page (1-based): (x0, y0, x1, y1 in points, word, line number) in reading order.

    Empty when the page has no text layer or pdftotext cannot read it (the page is then read by OCR).
    An encrypted PDF that opens without a password is read like any other.
    """
    check_available()
    try:
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", "-f", str(number), "-l", str(number), str(path), "-"],
            capture_output=True,
            timeout=120,
            check=False,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ()
    words = []
    for line_no, line in enumerate(re.split(r"<line ", out)[1:], start=1):
        for m in _WORD.finditer(line):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            words.append((x0, y0, x1, y1, html.unescape(m.group(5)), line_no))
    return tuple(words)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0][:200] if message.strip() else "no detail"
