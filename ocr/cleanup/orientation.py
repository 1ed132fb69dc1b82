"""Up or down: decide whether a level page reads upright or upside down (0 or 180 degrees).

Vietnamese print carries far more ink above the x-height band (ascenders, capitals and the tone and
vowel marks) than below it (a few descenders and the dot below), so on a deskewed page the balance of
ink above and below each line's core says which way is up, for free. Only when that balance is
unclear (few lines, odd layouts) do we ask Tesseract: read one small strip of text both ways round and
keep the reading it is more confident about — a fraction of the cost of full-page OSD.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..tesseract import recognise
from .geometry import ink_mask, rotate_quadrant

SURE = 0.2  # |ink balance| at or above which no OCR is needed ...
AGREE = 0.6  # ... provided at least this share of the lines lean the same way


@dataclass(frozen=True)
class UpDown:
    """Whether to turn a level page by 180°, the ink-balance evidence, and how it was decided."""

    flip: bool
    balance: float
    lines: int
    method: str


def text_lines(mask: np.ndarray) -> list[tuple[int, int]]:
    """Row bands (top, bottom) holding text on a level ink mask."""
    rows = mask.sum(axis=1).astype(np.float64)
    if rows.max() <= 0:
        return []
    on = rows > max(1.0, rows.max() * 0.02)
    bands, start = [], None
    for i, v in enumerate(on):
        if v and start is None:
            start = i
        elif not v and start is not None:
            bands.append((start, i))
            start = None
    if start is not None:
        bands.append((start, len(on)))
    return [(t, b) for t, b in bands if b - t >= 4]


@dataclass(frozen=True)
class InkBalance:
    """Ink above minus ink below the lines' cores over their sum (positive: upright), the lines
    measured, and the share of the lines leaning either way whose own balance has the overall sign."""

    balance: float
    lines: int
    agreement: float


MERGED_BAND = 1.8  # a band this many times the median band height holds several touching lines


def ink_balance(mask: np.ndarray) -> InkBalance:
    """Balance of ink above and below each line's dense core, summed over the page's single lines.

    A band much taller than the others is several lines run together (close-set header lines on a
    small card): its "core" is the densest line alone and the lines under it would count as ink
    below, so such bands are left out.
    """
    rows = mask.sum(axis=1).astype(np.float64)
    bands = text_lines(mask)
    tallest = MERGED_BAND * float(np.median([b - t for t, b in bands])) if len(bands) >= 3 else np.inf
    above = below = 0.0
    votes: list[float] = []
    for top, bottom in bands:
        profile = rows[top:bottom]
        core = np.nonzero(profile >= profile.max() * 0.5)[0]
        if len(core) < 2 or profile.sum() < 20 or bottom - top > tallest:
            continue
        up, down = profile[: core[0]].sum(), profile[core[-1] + 1 :].sum()
        above += up
        below += down
        votes.append(up - down)
    total = above + below
    balance = 0.0 if total == 0 else (above - below) / total
    leaning = [v for v in votes if v]  # a line with no ink outside its core abstains
    agreeing = sum(1 for v in leaning if v * balance > 0)
    return InkBalance(balance, len(votes), agreeing / len(leaning) if leaning else 0.0)


STRIPS = 2  # text strips read both ways round when the ink balance is unclear
READ_AT_ALL = 40.0  # a strip read below this confidence both ways round is not text: no evidence
LEAN = 0.1  # without other evidence a page is turned only when its ink leans at least this far (most are upright)


def _strips(gray: np.ndarray, mask: np.ndarray, mask_factor: float, bands: list[tuple[int, int]]) -> list[np.ndarray]:
    """The page's `STRIPS` inkiest text lines with a line's height around them, cut to their ink's width,
    in full-resolution pixels. The inkiest lines, not the tallest bands: a band can be a picture's edge,
    a card's emblem or a desk's grain, and a strip the width of the photo reads as noise either way."""
    h, w = gray.shape
    inked = sorted(bands, key=lambda tb: int(mask[tb[0] : tb[1]].sum()), reverse=True)[:STRIPS]
    strips = []
    for top, bottom in inked:
        columns = np.nonzero(mask[top:bottom].any(axis=0))[0]
        if not len(columns):
            continue
        pad = (bottom - top) / mask_factor
        y0, y1 = int(max(0, top / mask_factor - pad)), int(min(h, bottom / mask_factor + pad))
        x0, x1 = int(max(0, columns[0] / mask_factor - pad)), int(min(w, (columns[-1] + 1) / mask_factor + pad))
        if y1 - y0 >= 8 and x1 - x0 >= 8:
            strips.append(gray[y0:y1, x0:x1])
    return strips


def letter_mask(mask: np.ndarray) -> np.ndarray:
    """The ink mask with pictures, frames, rules and big marks removed: only letter-sized components."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 1:
        return mask
    h, w, area = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    letters = (h >= 4) & (w <= 3 * h) & (area >= 0.15 * h * w)
    if not letters.any():
        return mask
    typical = float(np.median(h[letters]))
    keep = np.zeros(n, bool)
    keep[1:] = (h <= 2.2 * typical) & (w <= 6 * typical)
    return keep[labels]


def decide_up_down(gray: np.ndarray, small: np.ndarray, factor: float, dpi: float) -> UpDown:
    """Flip or not, from ink balance on `small` (a level, flattened copy scaled by `factor`) or OCR."""
    mask = letter_mask(ink_mask(small))
    measured = ink_balance(mask)
    balance, lines = measured.balance, measured.lines
    if abs(balance) >= SURE and lines >= 3 and measured.agreement >= AGREE:
        return UpDown(balance < 0, round(balance, 3), lines, "ink balance")
    strips = _strips(gray, mask, factor, text_lines(mask))
    if not strips:
        return UpDown(balance <= -LEAN, round(balance, 3), lines, "ink balance (no text)")
    upright = flipped = 0.0
    for strip in strips:
        upright += recognise(strip, dpi=int(dpi), psm=6, text_layer=False).confidence / len(strips)
        flipped += recognise(rotate_quadrant(strip, 180), dpi=int(dpi), psm=6, text_layer=False).confidence / len(
            strips
        )
    method = f"ocr strip {upright:.0f} vs {flipped:.0f}"
    if max(upright, flipped) < READ_AT_ALL:
        return UpDown(balance <= -LEAN, round(balance, 3), lines, f"ink balance ({method}: not text either way)")
    return UpDown(flipped > upright, round(balance, 3), lines, method)


def level_view(gray: np.ndarray, factor: float) -> np.ndarray:
    """The analysis-size copy of a level page."""
    h, w = gray.shape
    return cv2.resize(gray, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
