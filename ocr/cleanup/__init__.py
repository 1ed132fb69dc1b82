"""Image cleanup before OCR: pure functions on numpy images (OpenCV BGR or gray).

`prepare_page` runs the stages in order and records what each did. The colour page it returns
(upright, deskewed, cropped) is the stored copy; the gray page is what Tesseract reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..tesseract import detect_orientation


@dataclass(frozen=True)
class PreparedPage:
    """A page made ready for OCR, with a record of every step taken."""

    colour: np.ndarray
    ocr_image: np.ndarray
    ocr_scale: float
    rotation: int
    skew: float
    steps: tuple[str, ...]


def rotate_quadrant(image: np.ndarray, degrees: int) -> np.ndarray:
    """Rotate clockwise by 0/90/180/270 degrees without resampling."""
    turns = {0: None, 90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    code = turns[degrees % 360]
    return image if code is None else cv2.rotate(image, code)


def to_gray(image: np.ndarray) -> np.ndarray:
    """BGR or gray in, 8-bit gray out."""
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def prepare_page(image: np.ndarray, dpi: int) -> PreparedPage:
    """Orientation by Tesseract OSD, then gray conversion."""
    steps: list[str] = []
    verdict = detect_orientation(to_gray(image), dpi=dpi)
    rotation = verdict.rotate if verdict else 0
    colour = rotate_quadrant(image, rotation)
    steps.append(f"rotate {rotation}")
    return PreparedPage(colour, to_gray(colour), 1.0, rotation, 0.0, tuple(steps))
