"""Stamps and signatures: make red and blue ink vanish from the page Tesseract reads.

Coloured ink is bright in its own colour channel while black print is dark in every channel. So
where a pixel is clearly coloured (high chroma), the OCR gray takes its brightest channel instead of
its luminance: a red seal turns to paper white, and black text under a semi-transparent seal stays
black. The colour page kept for storage is not touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CHROMA_LOW, CHROMA_HIGH = 40, 90  # chroma ramp over which gray blends from luminance to brightest channel


@dataclass(frozen=True)
class InkSuppressed:
    """The OCR gray with coloured ink lifted out, and the share of the page that was coloured ink."""

    gray: np.ndarray
    coloured_fraction: float


def suppress_coloured_ink(image: np.ndarray) -> InkSuppressed:
    """Gray page in which red and blue (any strongly coloured) ink is turned to paper."""
    if image.ndim == 2:
        return InkSuppressed(image, 0.0)
    luminance = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    b, g, r = cv2.split(image)
    brightest = cv2.max(cv2.max(b, g), r)
    chroma = cv2.subtract(brightest, cv2.min(cv2.min(b, g), r))
    coloured = chroma > CHROMA_LOW
    fraction = float(np.count_nonzero(coloured)) / coloured.size
    if fraction < 1e-4:
        return InkSuppressed(luminance, 0.0)
    weight = np.clip((chroma[coloured].astype(np.float32) - CHROMA_LOW) / (CHROMA_HIGH - CHROMA_LOW), 0, 1)
    lum = luminance[coloured].astype(np.float32)
    gray = luminance.copy()
    gray[coloured] = np.clip(lum + weight * (brightest[coloured] - lum) + 0.5, 0, 255).astype(np.uint8)
    return InkSuppressed(gray, round(fraction, 4))
