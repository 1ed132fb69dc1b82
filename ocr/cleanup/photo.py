"""Phone photos: find the sheet of paper in the picture and flatten its perspective.

The sheet is the largest bright four-sided region clearly smaller than the photo. Its corners come
from straight lines fitted to each side of the outline (sub-pixel, so a corner lands within a couple
of pixels), and a perspective warp maps it to an upright rectangle, cropping the background away.
A scan, whose page fills the picture, is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

_WORK_SIDE = 1000.0


@dataclass(frozen=True)
class PageOutline:
    """Corners of the sheet (top-left, top-right, bottom-right, bottom-left) in image pixels, or None."""

    corners: np.ndarray | None
    area_fraction: float

    @property
    def found(self) -> bool:
        return self.corners is not None


def order_corners(points: np.ndarray) -> np.ndarray:
    """Sort four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, np.float64).reshape(4, 2)
    total, diff = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.array([pts[np.argmin(total)], pts[np.argmin(diff)], pts[np.argmax(total)], pts[np.argmax(diff)]])


def _fit_side(contour: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Line (point, direction) through the outline points lying along segment a→b, ends left out."""
    ab = b - a
    length = float(np.hypot(*ab))
    if length < 10:
        return None
    rel = contour - a
    t = rel @ ab / length**2
    dist = np.abs(rel[:, 0] * ab[1] - rel[:, 1] * ab[0]) / length
    near = contour[(t > 0.1) & (t < 0.9) & (dist < max(3.0, 0.01 * length))]
    if len(near) < 5:
        return None
    vx, vy, x0, y0 = cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    return np.array([x0, y0]), np.array([vx, vy])


def _intersect(l1: tuple[np.ndarray, np.ndarray], l2: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    (p, r), (q, s) = l1, l2
    cross = r[0] * s[1] - r[1] * s[0]
    if abs(cross) < 1e-6:
        return None
    t = ((q - p)[0] * s[1] - (q - p)[1] * s[0]) / cross
    return p + t * r


def _refine(contour: np.ndarray, corners: np.ndarray) -> np.ndarray:
    sides = [_fit_side(contour, corners[i], corners[(i + 1) % 4]) for i in range(4)]
    if any(side is None for side in sides):
        return corners
    refined = []
    for i in range(4):
        point = _intersect(sides[i - 1], sides[i])  # type: ignore[arg-type]
        if point is None or np.hypot(*(point - corners[i])) > 10:
            return corners
        refined.append(point)
    return np.array(refined)


def find_page(image: np.ndarray) -> PageOutline:
    """The sheet's four corners when the picture shows background around it."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = gray.shape
    factor = min(1.0, _WORK_SIDE / max(h, w))
    small = cv2.resize(gray, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    k = max(5, int(min(small.shape) * 0.02) | 1)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return PageOutline(None, 0.0)
    contour = max(contours, key=cv2.contourArea)
    fraction = cv2.contourArea(contour) / float(small.shape[0] * small.shape[1])
    if not 0.15 <= fraction <= 0.93:
        return PageOutline(None, round(fraction, 3))
    hull = cv2.convexHull(contour)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return PageOutline(None, round(fraction, 3))
    corners = _refine(contour.reshape(-1, 2).astype(np.float64), order_corners(quad.reshape(4, 2)))
    return PageOutline(corners / factor, round(fraction, 3))


EDGE_TRIM = 0.004  # share of the sheet's shorter side cut from every edge when flattening


def only_inside(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """A copy of `image` with everything outside the four `corners` painted white."""
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(corners).astype(np.int32), 255)
    out = image.copy()
    out[mask == 0] = 255
    return out


def warp_page(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Map the quadrilateral to an upright rectangle as large as its longer opposite sides, less a rim.

    The corners land within a couple of pixels of the sheet's, so the outermost pixels can hold the
    sheet's edge or its shadow; Tesseract reads such a line as `|` before every line of text beside
    it. A rim of `EDGE_TRIM` (about 1 mm of an A4 sheet, a third of a card's printed margin) is cut.
    """
    tl, tr, br, bl = corners
    width = int(round(max(np.hypot(*(tr - tl)), np.hypot(*(br - bl)))))
    height = int(round(max(np.hypot(*(bl - tl)), np.hypot(*(br - tr)))))
    rim = max(2, round(EDGE_TRIM * min(width, height)))
    right, bottom = width - 1 - rim, height - 1 - rim
    target = np.array([[-rim, -rim], [right, -rim], [right, bottom], [-rim, bottom]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    size = (width - 2 * rim, height - 2 * rim)
    return cv2.warpPerspective(image, matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
