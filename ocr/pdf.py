"""The searchable PDF: the colour page image with Tesseract's invisible text layer on top.

Pure bytes in, bytes out. Tesseract's text-only PDF page has the size image-pixels / dpi, so the
image page is written at the same size and the two are merged; the text lines up with the words.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import cv2
import numpy as np
from PIL import Image
from pypdf import PdfReader, PdfWriter

JPEG_QUALITY = 80


def page_pdf(image: np.ndarray, dpi: int, text_layer_pdf: bytes | None) -> bytes:
    """One PDF page: the (BGR or gray) image at `dpi`, with the text layer merged over it."""
    rgb = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PDF", resolution=float(dpi), quality=JPEG_QUALITY)
    writer = PdfWriter()
    image_page = writer.add_page(PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    if text_layer_pdf:
        text_page = PdfReader(io.BytesIO(text_layer_pdf)).pages[0]
        sx = float(image_page.mediabox.width) / float(text_page.mediabox.width)
        sy = float(image_page.mediabox.height) / float(text_page.mediabox.height)
        if abs(sx - 1) > 1e-3 or abs(sy - 1) > 1e-3:
            text_page.scale(sx, sy)
        image_page.merge_page(text_page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def merge_pdfs(pages: Iterable[bytes]) -> bytes:
    """Concatenate one-page PDFs, in order, into one document."""
    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(page)))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
