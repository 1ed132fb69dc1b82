"""Flatten uneven light and shadows: divide the page by an estimate of its blank-paper background.

The background is a morphological close (which erases dark text thinner than the kernel) followed by a
median blur, computed at reduced size so a large kernel stays cheap. Text stays as dark as it was
relative to the paper around it; the paper becomes white everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Flattened:
    """The evened page and how uneven the light was (background max − min, 0–255)."""

    image: np.ndarray
    unevenness: int


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


def flatten_light(gray: np.ndarray, text_height: float = 30.0) -> Flattened:
    """Divide by the background so paper is white and shadows vanish; text contrast is kept."""
    background, spread = estimate_background(gray, text_height)
    evened = cv2.divide(gray, cv2.max(background, 1), scale=255)
    return Flattened(evened, spread)
