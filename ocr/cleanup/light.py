"""Flatten uneven light and shadows: divide the page by an estimate of its blank-paper background.

The background is a morphological close (which erases dark text thinner than the kernel) followed by a
median blur, computed at reduced size so a large kernel stays cheap. Text stays as dark as it was
relative to the paper around it; the paper becomes white everywhere.

Glare on a laminated card is added light, not a shadow: where it falls, the card's tinted paper turns
towards white and its ink towards the paper, `seen = true + (255 - true) * wash`, so dividing by the
background leaves the text there faint (a quarter of its contrast under a strong spot). On tinted paper
a wash is found where the paper is brighter than the tint, and its ink deepened back to the depth of the
ink elsewhere (`lift_glare`), when the ink there is shallower as glare makes it; brighter light on an
evenly lit page deepens its ink and is left alone. White paper gives glare nothing to be measured
against, and is never touched. The paper keeps its brightness: only the ink is deepened.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

GLARE_TINT_MOST = 242  # paper brighter than this (white) leaves glare nothing to be measured against
GLARE_WASH_LEAST = 0.3  # a wash fainter than this is left alone
GLARE_WASH_MOST = 0.8  # ink deepened at most 1 / (1 - this) = five times
GLARE_SHALLOWER = 0.75  # the ink under the wash must be at most this deep, relative to the ink elsewhere
GLARE_INK_LEAST = 25  # a place is inked when something near it is this much darker than the paper
GLARE_WHITE = 253  # paper this bright is white paper (a scanner's lid around the card), not the card's
GLARE_CORE = 0.6  # a glare spot's brightest paper has at least this wash
GLARE_ANALYSIS_PX = 1400  # glare is looked for on a copy at most this wide (a card photo: its own size)
GLARE_OWN_INK = 0.01  # a washed region whose inside has less ink than this is blank paper


@dataclass(frozen=True)
class Flattened:
    """The evened page, how uneven the light was (background max − min, 0–255), and how many times over
    glare's washed-out ink was deepened at most (0: none)."""

    image: np.ndarray
    unevenness: int
    glare: float = 0.0


def estimate_background(gray: np.ndarray, text_height: float = 30.0) -> tuple[np.ndarray, int]:
    """Blank-paper brightness at every pixel (from a close wider than strokes), and its spread."""
    h, w = gray.shape
    factor = min(1.0, 600.0 / max(h, w))
    small = cv2.resize(gray, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    k = max(3, int(round(text_height * factor * 1.5)) | 1)
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    smooth = cv2.medianBlur(closed, max(3, (k * 2) | 1))
    spread = int(np.percentile(smooth, 99) - np.percentile(smooth, 1))
    return cv2.resize(smooth, (w, h), interpolation=cv2.INTER_LINEAR), spread


def lift_glare(gray: np.ndarray, background: np.ndarray, text_height: float = 30.0) -> tuple[np.ndarray, float]:
    """The page with the ink a glare washed out deepened again, and the strongest deepening (0: none).

    The wash at a pixel is how far its paper went from the page's tint (the median background) towards
    white. The ink is deepened in each connected region where the wash is at least `GLARE_WASH_LEAST`
    whose ink (how far below the paper the darkest pixel near each inked place is, their median) is at
    most `GLARE_SHALLOWER` as deep as the ink elsewhere; the paper keeps its brightness. The regions and
    how much to deepen are found on a copy at most `GLARE_ANALYSIS_PX` across (a card photo is read at its
    own size, an A4 page at 300 dpi at 40% of it); only the last multiplication is done at full size. On a
    tinted A4 page: 16 ms without glare, 138 ms with it (`bench/glare_cost.py`).
    """
    tint = float(np.median(background))
    if tint > GLARE_TINT_MOST:
        return gray, 0.0
    h, w = gray.shape
    factor = min(1.0, GLARE_ANALYSIS_PX / max(h, w))
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    paper_small = cv2.resize(background, size, interpolation=cv2.INTER_AREA)
    wash = ((paper_small.astype(np.float32) - tint) / (255.0 - tint)).clip(0.0, GLARE_WASH_MOST)
    # paper as white as a scanner's lid is not a card's paper washed out: glare leaves the tint a trace
    under = (wash >= GLARE_WASH_LEAST) & (paper_small < GLARE_WHITE)
    if not under.any() or under.all():
        return gray, 0.0
    # the darkest ink near each pixel (within about two letters), compared where there is ink at all: the
    # median over those places, so a QR code's black modules on its white ground (a wash by this measure)
    # do not stand for the text around them. A pixel of the copy is the darkest of the page's it covers.
    depth = cv2.subtract(background, gray)
    cell = max(1, round(1 / factor))
    darkest = cv2.resize(cv2.dilate(depth, np.ones((cell, cell), np.uint8)), size, interpolation=cv2.INTER_NEAREST)
    k = max(3, int(round(text_height * 2 * factor)) | 1)
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    near = cv2.dilate(darkest, square)
    inked = near >= GLARE_INK_LEAST
    if not (inked & ~under).any():
        return gray, 0.0
    elsewhere = float(np.median(near[inked & ~under]))
    # each washed region on its own (a glare spot is; a band printed on white, the MRZ's, is not), judged by
    # its inside: two letters in from its edge, where the ink near a pixel is the region's own, not the
    # text beside a white margin's edge; a region with next to no ink of its own (a scanner's white lid
    # around the card) is paper, not glare. Eroding the union erodes each region alone (they do not touch).
    count, regions, boxes, _ = cv2.connectedComponentsWithStats(under.astype(np.uint8), connectivity=8)
    insides = cv2.erode(under.astype(np.uint8), square).astype(bool)
    lifted = np.zeros_like(under)
    for region in range(1, count):
        x, y, bw, bh = boxes[region, :4]
        if bw < k or bh < k:
            continue  # narrower than two letters: nothing left inside once eroded
        box = np.s_[y : y + bh, x : x + bw]
        whole = regions[box] == region
        if wash[box][whole].max() < GLARE_CORE:
            continue  # no bright core: the card's own lighter ground, not a spot of glare
        inside = insides[box] & whole
        own = darkest[box][inside] >= GLARE_INK_LEAST
        if own.size == 0 or own.mean() < GLARE_OWN_INK:
            continue
        if float(np.median(near[box][inside & inked[box]])) <= GLARE_SHALLOWER * elsewhere:
            lifted[box] |= whole
    if not lifted.any():
        return gray, 0.0
    # deepen the ink, never darken the paper: each pixel's depth below the paper times how much shallower
    # the ink near it is than elsewhere (at most the strongest wash's 1 / (1 - GLARE_WASH_MOST))
    wide = (k * 2) | 1
    shallow = cv2.blur(near.astype(np.float32), (wide, wide))
    gain = np.where(lifted, (elsewhere / np.maximum(shallow, 1.0)).clip(1.0, 1.0 / (1.0 - GLARE_WASH_MOST)), 1.0)
    gain = cv2.resize(cv2.blur(gain.astype(np.float32), (wide, wide)), (w, h), interpolation=cv2.INTER_LINEAR)
    deepened = cv2.subtract(background.astype(np.float32), cv2.multiply(depth.astype(np.float32), gain))
    return deepened.clip(0, 255).astype(np.uint8), float(gain.max())


def flatten_light(gray: np.ndarray, text_height: float = 30.0) -> Flattened:
    """Divide by the background so paper is white and shadows vanish; text contrast is kept, and restored
    where glare washed it out (`lift_glare`)."""
    background, spread = estimate_background(gray, text_height)
    gray, glare = lift_glare(gray, background, text_height)
    evened = cv2.divide(gray, cv2.max(background, 1), scale=255)
    return Flattened(evened, spread, round(glare, 2))
