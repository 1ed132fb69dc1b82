"""Stamps and signatures: make red and blue ink vanish from the page Tesseract reads.

Coloured ink is bright in its own colour channel while black print is dark in every channel. So
where a pixel is clearly coloured (high chroma), the OCR gray blends from its luminance to white:
a red seal or a blue signature turns to paper (not to the light gray of its brightest channel,
which on tinted card stock left the seal's rim text and the signature's strokes for Tesseract to
read), and black text under a semi-transparent seal, having no chroma, stays black.
Only coloured marks taller than a line of print are lifted (seals, stars, signatures):
printed coloured text, such as a card's red title, is text and stays. The colour page kept for
storage is not touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CHROMA_LOW, CHROMA_HIGH = 40, 90  # chroma ramp over which gray blends from luminance to white


@dataclass(frozen=True)
class InkSuppressed:
    """The OCR gray with coloured ink lifted out, and the share of the page that was coloured ink."""

    gray: np.ndarray
    coloured_fraction: float


def stamp_mask(coloured: np.ndarray, dpi: float) -> np.ndarray:
    """The coloured pixels belonging to marks taller and wider than ~1/4 inch (seals, signatures)."""
    h, w = coloured.shape
    factor = min(1.0, 50.0 / max(dpi, 1.0))  # work at ~50 dpi: components are large, detail is not needed
    small = cv2.resize(
        coloured.astype(np.uint8) * 255,
        (max(1, round(w * factor)), max(1, round(h * factor))),
        interpolation=cv2.INTER_AREA,
    )
    small = cv2.dilate((small > 20).astype(np.uint8), np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    least = 0.25 * dpi * factor
    big = np.zeros(n, bool)
    big[1:] = (stats[1:, cv2.CC_STAT_HEIGHT] >= least) & (stats[1:, cv2.CC_STAT_WIDTH] >= least)
    if not big.any():
        return np.zeros_like(coloured)
    region = cv2.resize(big[labels].astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    return region & coloured


def suppress_coloured_ink(image: np.ndarray, dpi: float = 300.0) -> InkSuppressed:
    """Gray page in which red and blue seals and signatures (strongly coloured ink) turn to paper."""
    if image.ndim == 2:
        return InkSuppressed(image, 0.0)
    luminance = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    b, g, r = cv2.split(image)
    brightest = cv2.max(cv2.max(b, g), r)
    chroma = cv2.subtract(brightest, cv2.min(cv2.min(b, g), r))
    coloured = chroma > CHROMA_LOW
    if coloured.any():
        coloured = stamp_mask(coloured, dpi)
    fraction = float(np.count_nonzero(coloured)) / coloured.size
    if fraction < 1e-4:
        return InkSuppressed(luminance, 0.0)
    weight = np.clip((chroma[coloured].astype(np.float32) - CHROMA_LOW) / (CHROMA_HIGH - CHROMA_LOW), 0, 1)
    lum = luminance[coloured].astype(np.float32)
    gray = luminance.copy()
    gray[coloured] = np.clip(lum + weight * (255.0 - lum) + 0.5, 0, 255).astype(np.uint8)
    return InkSuppressed(gray, round(fraction, 4))
