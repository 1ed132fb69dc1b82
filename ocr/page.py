"""Read one page: cleanup, then one Tesseract pass giving words, text and the PDF text layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cleanup import prepare_page
from .tesseract import Line, recognise
from .text import nfc


@dataclass(frozen=True)
class PageResult:
    """One page read: the text and where it came from, and the colour image to store."""

    number: int
    text: str
    confidence: float
    rotation: int
    skew: float
    lines: tuple[Line, ...]
    image: np.ndarray
    dpi: int
    text_layer_pdf: bytes | None
    steps: tuple[str, ...]


def read_page(image: np.ndarray, *, dpi: int, number: int, language: str = "vie") -> PageResult:
    """Clean a page image (BGR or gray) and OCR it."""
    prepared = prepare_page(image, dpi)
    ocr_dpi = max(1, round(dpi * prepared.ocr_scale))
    recognition = recognise(prepared.ocr_image, dpi=ocr_dpi, language=language, page=number)
    return PageResult(
        number=number,
        text=nfc(recognition.text),
        confidence=recognition.confidence,
        rotation=prepared.rotation,
        skew=prepared.skew,
        lines=recognition.lines,
        image=prepared.colour,
        dpi=dpi,
        text_layer_pdf=recognition.text_layer_pdf,
        steps=prepared.steps,
    )
