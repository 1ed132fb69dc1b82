"""Stamps and signatures: make red and blue ink vanish from the page Tesseract reads.

Coloured ink is bright in its own colour channel while black print is dark in every channel. Only
coloured marks taller than a line of print are touched (seals, stars, signatures), and only in a
band around them: printed coloured text, such as a card's red title, is text and stays. The colour
page kept for storage is not touched.

- Under and around a red seal the OCR gray is the red channel, in which the seal is nearly clear
  (its ink passes ~85% of red light) and black print keeps its full contrast; scaled so the seal's
  own level is paper, and what is still as light as seal ink is lifted to white. Judging by chroma
  instead thinned every letter under the seal (a dark stroke's anti-aliased edge is as red as the
  seal) and left the seal's outlines, where JPEG smears the colour beyond the sharp edge, as rings
  and rim letters for Tesseract to read.
- On and next to a blue signature (within half a stroke's width of its blue, which covers the same
  smeared edges and the near-black purple where the signature crosses the red seal), gray blends from
  luminance to white as the blue grows. Black print crossed by a signature stays dark but for that seam.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CHROMA_LOW = 40  # a pixel this far from gray is coloured ink
SEAL_LIGHT, SEAL_PAPER = 150.0, 210.0  # red-channel ramp (seal level = 255) from kept to paper
BLUE_LOW, BLUE_HIGH = 15.0, 45.0  # ramp of blue over red (B - R) from luminance kept to paper
MARK_ASPECT = 2.5  # a seal, star or emblem is at most this much longer than it is wide; print runs on
STROKE_FILL = 0.4  # a pen stroke fills less of its box than this (a word or line of print fills 0.45-0.9) ...
STROKE_LENGTH = 4  # ... and runs at least this many quarter inches (one word of print at 50 dpi is shorter)


@dataclass(frozen=True)
class InkSuppressed:
    """The OCR gray with coloured ink lifted out, and the share of the page that was coloured ink."""

    gray: np.ndarray
    coloured_fraction: float


def stamp_region(coloured: np.ndarray, dpi: float) -> np.ndarray | None:
    """A band around the coloured marks taller and wider than ~1/4 inch (seals, signatures), or None.

    A mark is measured by itself, before the band is drawn: a seal's ring, its star or a signature's
    stroke is that large on its own, while lines of coloured print are rows of letters a tenth of an
    inch tall. Two such lines close together (an old CMND's red title over its red number) merge in
    the band's dilation into one seal-sized blot; judged that way, the card's number was lifted out.
    A flat signature is one long stroke filling little of its box; a word of print is shorter, and a line
    of print whose letters touch fills most of its box.
    """
    h, w = coloured.shape
    factor = min(1.0, 50.0 / max(dpi, 1.0))  # work at ~50 dpi: components are large, detail is not needed
    small = cv2.resize(
        coloured.astype(np.uint8) * 255,
        (max(1, round(w * factor)), max(1, round(h * factor))),
        interpolation=cv2.INTER_AREA,
    )
    marks = (small > 20).astype(np.uint8)
    least = 0.25 * dpi * factor
    n, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    tall, wide = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    longest = np.maximum(tall, wide)
    fill = stats[1:, cv2.CC_STAT_AREA] / np.maximum(tall * wide, 1)
    # a seal or a star is large both ways and about as tall as wide; a flat signature is one long, thin
    # stroke; a line of print, even a big title whose letters touch at this size, is long and fills its box
    squat = longest <= MARK_ASPECT * np.minimum(tall, wide)
    stroke = (longest >= STROKE_LENGTH * least) & (fill < STROKE_FILL)
    large = ((tall >= least) & (wide >= least) & squat) | stroke
    if not large.any():
        return None
    band = cv2.dilate(marks, np.ones((3, 3), np.uint8))
    n_band, band_labels = cv2.connectedComponents(band, connectivity=8)
    big = np.zeros(n_band, bool)
    seeds = np.isin(labels, np.flatnonzero(large) + 1)
    big[np.unique(band_labels[seeds])] = True  # the band of every large mark, with what touches it
    big[0] = False
    return cv2.resize(big[band_labels].astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0


def _ramp(values: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.clip((values - low) / (high - low), 0.0, 1.0)


def suppress_coloured_ink(image: np.ndarray, dpi: float = 300.0) -> InkSuppressed:
    """Gray page in which red and blue seals and signatures (strongly coloured ink) turn to paper."""
    if image.ndim == 2:
        return InkSuppressed(image, 0.0)
    luminance = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    b, g, r = cv2.split(image)
    brightest = cv2.max(cv2.max(b, g), r)
    coloured = cv2.subtract(brightest, cv2.min(cv2.min(b, g), r)) > CHROMA_LOW
    region = stamp_region(coloured, dpi) if coloured.any() else None
    if region is None:
        return InkSuppressed(luminance, 0.0)
    inked = region & coloured
    fraction = float(np.count_nonzero(inked)) / inked.size
    if fraction < 1e-4:
        return InkSuppressed(luminance, 0.0)
    ys, xs = np.nonzero(region)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    box = region[y0:y1, x0:x1]
    red = r[y0:y1, x0:x1][box].astype(np.float32)
    # the seal's own level in the red channel: most of its coloured pixels are seal ink alone
    seal = inked[y0:y1, x0:x1][box] & (r[y0:y1, x0:x1][box] > b[y0:y1, x0:x1][box])
    level = float(np.percentile(red[seal], 75)) if seal.any() else 255.0
    through_seal = np.minimum(red * (255.0 / max(level, 1.0)), 255.0)
    through_seal += _ramp(through_seal, SEAL_LIGHT, SEAL_PAPER) * (255.0 - through_seal)
    reach = 2 * max(1, round(dpi / 150)) + 1  # a signature stroke's width, so the blue covers its crossings
    blue = cv2.dilate(cv2.subtract(b[y0:y1, x0:x1], r[y0:y1, x0:x1]), np.ones((reach, reach), np.uint8))[box]
    blue = blue.astype(np.float32)
    lum = luminance[y0:y1, x0:x1][box].astype(np.float32)
    under_signature = lum + _ramp(blue, BLUE_LOW, BLUE_HIGH) * (255.0 - lum)
    gray = luminance.copy()
    view = gray[y0:y1, x0:x1]
    view[box] = (np.where(blue < BLUE_LOW, through_seal, under_signature) + 0.5).astype(np.uint8)
    return InkSuppressed(gray, round(fraction, 4))
