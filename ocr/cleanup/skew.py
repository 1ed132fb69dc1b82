"""Deskew: find the angle of the text lines (±15°) and whether they run across or down the page.

The angle is the one that makes the horizontal projection profile of the ink sharpest (sum of
squared row counts), searched coarse then fine on ink-pixel coordinates — no image is rotated while
searching, so it costs a few tens of milliseconds. Running the same search on the transposed
coordinates tells whether the page lies on its side (lines vertical), which the orientation stage
then resolves to 90 or 270.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import ink_mask
from .light import flatten_light

MAX_SKEW = 15.0
_MAX_POINTS = 80_000


@dataclass(frozen=True)
class SkewEstimate:
    """Text-line angle in degrees (counter-clockwise positive) and whether lines run down the page."""

    angle: float
    sideways: bool
    sharpness: float
    points: int


def analysis_factor(shape: tuple[int, ...], dpi: float, target_dpi: float = 100.0) -> float:
    """The scale of the measuring copy: `target_dpi`, but never enlarged nor over 1400 px long."""
    return min(1.0, target_dpi / max(dpi, 1.0), 1400.0 / max(shape[:2]))


def analysis_view(gray: np.ndarray, dpi: float, target_dpi: float = 100.0) -> tuple[np.ndarray, float]:
    """A small, light-flattened copy of the page for measuring (and the factor it was scaled by)."""
    h, w = gray.shape
    factor = analysis_factor(gray.shape, dpi, target_dpi)
    small = cv2.resize(gray, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    return flatten_light(small, text_height=12).image, factor


def text_points(mask: np.ndarray) -> np.ndarray:
    """(x, y) of ink pixels in text-sized components: pictures, frames and dirt are left out."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 1:
        return np.zeros((0, 2), np.float32)
    heights, widths, areas = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_AREA]
    size = np.maximum(heights, widths)
    typical = float(np.median(size[areas >= 3])) if np.any(areas >= 3) else 1.0
    keep = np.zeros(n, bool)
    keep[1:] = (areas >= 3) & (np.minimum(heights, widths) <= 4 * typical) & (size <= 12 * typical)
    ys, xs = np.nonzero(keep[labels])
    points = np.stack([xs, ys], axis=1).astype(np.float32)
    if len(points) > _MAX_POINTS:
        step = len(points) // _MAX_POINTS + 1
        points = points[::step]
    return points


def _sharpness(points: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    rad = np.deg2rad(degrees)
    scores = np.empty(len(degrees))
    x, y = points[:, 0], points[:, 1]
    for i, a in enumerate(rad):
        # rotating the page by -a (clockwise) brings lines at angle a level: y' = y cos a + x sin a
        proj = y * np.cos(a) + x * np.sin(a)
        hist = np.bincount((proj - proj.min()).astype(np.int64))
        scores[i] = float(np.dot(hist, hist))
    return scores


def _search(points: np.ndarray) -> tuple[float, float]:
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5)
    scores = _sharpness(points, coarse)
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.5, best + 0.5001, 0.05)
    fine_scores = _sharpness(points, fine)
    i = int(np.argmax(fine_scores))
    angle = float(fine[i])
    if 0 < i < len(fine) - 1:  # parabolic refinement between neighbours
        a, b, c = fine_scores[i - 1], fine_scores[i], fine_scores[i + 1]
        denom = a - 2 * b + c
        if denom < 0:
            angle += 0.05 * 0.5 * (a - c) / denom
    baseline = float(np.median(scores))
    return angle, float(fine_scores[i]) / max(baseline, 1.0)


def estimate_skew(gray: np.ndarray, dpi: float = 300.0) -> SkewEstimate:
    """Angle of the text lines and whether they run down the page rather than across it."""
    small, _ = analysis_view(gray, dpi)
    points = text_points(ink_mask(small))
    if len(points) < 50:
        return SkewEstimate(0.0, False, 0.0, len(points))
    angle, sharp = _search(points)
    # Page on its side: the same search on transposed coordinates (x and y swapped).
    side_angle, side_sharp = _search(points[:, ::-1].copy())
    if side_sharp > sharp * 1.15:
        # lines run down the page; after a clockwise quarter turn their angle is -side_angle
        return SkewEstimate(float(round(-side_angle, 2)), True, round(side_sharp, 3), len(points))
    return SkewEstimate(float(round(angle, 2)), False, round(sharp, 3), len(points))


STEADY_SCALES = (1.0, 0.75, 0.6)  # analysis at the usual resolution and at 1.33 and 1.67 times it


def steady_skew(gray: np.ndarray, dpi: float = 300.0) -> tuple[SkewEstimate, float]:
    """The usual skew estimate, and the lines' sharpness as the median over up to three analysis
    resolutions (the usual one first).

    At one resolution the sharpness swings by a fifth with how the lines fall on the pixel rows (the
    same card photographed measured 1.99 at one scale, 1.59 and 1.71 at its neighbours), which is
    too much for comparing two views of a page. A large page already analysed at the size cap
    (`analysis_factor`'s 1400 px) has no finer view to add: it is measured once.
    """
    scales = {round(analysis_factor(gray.shape, dpi * s), 4): s for s in reversed(STEADY_SCALES)}
    estimates = {s: estimate_skew(gray, dpi * s) for s in scales.values()}
    usual = estimates[1.0]  # written last for its factor, so always there
    return usual, round(float(np.median([e.sharpness for e in estimates.values()])), 3)
