"""Page segmentation mode: how Tesseract should cut the page into blocks and lines.

Administrative forms are one column of "label: value" lines; Tesseract's automatic layout (psm 3)
tends to split aligned values into a separate column and read it after the labels. A single column
of variable-size text (psm 4) keeps each printed line whole, so it is the default.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Segmentation:
    """The Tesseract page segmentation mode chosen and why."""

    psm: int
    reason: str


def choose_psm(gray: np.ndarray) -> Segmentation:
    """Pick the segmentation mode for a cleaned page."""
    return Segmentation(4, "single column of lines")
