"""Read one page: cleanup, then one Tesseract pass giving words, text and the PDF text layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cleanup import prepare_page
from .tesseract import Line, recognise
from .text import nfc


@dataclass(frozen=True)
class PageResult:
    """One page read: the text and where it came from, and the colour image to store.

    `dpi` is the resolution of `image` (at least 200); word boxes in `lines` are in the pixels of the
    OCR image, which is `image` scaled by `ocr_scale`.
    """

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
    ocr_scale: float = 1.0
    psm: int = 3


def read_page(image: np.ndarray, *, dpi: int, number: int, language: str = "vie") -> PageResult:
    """Clean a page image (BGR or gray) and OCR it once."""
    prepared = prepare_page(image, dpi)
    ocr_dpi = max(1, round(prepared.dpi * prepared.ocr_scale))
    recognition = recognise(prepared.ocr_image, dpi=ocr_dpi, psm=prepared.psm, language=language, page=number)
    return PageResult(
        number=number,
        text=nfc(recognition.text),
        confidence=recognition.confidence,
        rotation=prepared.rotation,
        skew=prepared.skew,
        lines=recognition.lines,
        image=prepared.colour,
        dpi=prepared.dpi,
        text_layer_pdf=recognition.text_layer_pdf,
        steps=prepared.steps,
        ocr_scale=prepared.ocr_scale,
        psm=prepared.psm,
    )
