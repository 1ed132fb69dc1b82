"""Geometry helpers shared by the cleanup stages: gray conversion, quarter turns, small-angle rotation.

Pure functions on numpy images; nothing here reads files or calls Tesseract.
"""

from __future__ import annotations

import cv2
import numpy as np

WHITE = 255


def to_gray(image: np.ndarray) -> np.ndarray:
    """BGR or gray in, 8-bit gray out."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def rotate_quadrant(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate clockwise by 0/90/180/270 degrees without resampling."""
    turns = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turns[degrees % 360]
    return image if code is None else cv2.rotate(image, code)


def rotate_small(image: np.ndarray, degrees: float, *, expand: bool = False) -> np.ndarray:
    """Rotate counter-clockwise by `degrees` about the centre, filling with white.

    The canvas keeps its size (a page's margins absorb the corners) unless `expand` grows it so
    nothing is cut.
    """
    if abs(degrees) < 1e-6:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    new_w, new_h = w, h
    if expand:
        rad = np.deg2rad(degrees)
        cos, sin = abs(np.cos(rad)), abs(np.sin(rad))
        new_w, new_h = int(round(w * cos + h * sin)), int(round(w * sin + h * cos))
        matrix[0, 2] += (new_w - w) / 2
        matrix[1, 2] += (new_h - h) / 2
    fill = (WHITE,) * (1 if image.ndim == 2 else image.shape[2])
    return cv2.warpAffine(
        image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )


def resize(image: np.ndarray, factor: float) -> np.ndarray:
    """Scale by `factor` (area filter down, cubic up); a factor of 1 returns the image itself."""
    if abs(factor - 1.0) < 1e-6:
        return image
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Binary ink mask (True where dark) of a page whose background is already roughly even."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary > 0


Components = tuple[int, np.ndarray, np.ndarray, np.ndarray]


def ink_components(gray: np.ndarray) -> Components:
    """Connected components of the ink (count, labels, stats, centroids), computed once per page."""
    mask = ink_mask(gray).astype(np.uint8)
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return n, labels, stats, centroids
