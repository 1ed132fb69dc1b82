"""Fax and scanner speckle: remove ink specks that are both tiny and far from any text.

A median filter or a morphological opening would also erase Vietnamese marks — the dot below `ệ`, the
hook of `ở` — which are themselves tiny. Marks, though, always sit within a fraction of a letter's
height of their letter; noise mostly does not. So only components that are tiny AND lie outside a
halo around the real (larger) components are painted white.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .geometry import Components, ink_components


@dataclass(frozen=True)
class Despeckled:
    """The page with isolated specks whitened, and how many specks went."""

    image: np.ndarray
    removed: int
    kept_small: int


def despeckle(gray: np.ndarray, text_height: float, components: Components | None = None) -> Despeckled:
    """Whiten tiny components farther than ~half a letter height from any larger component."""
    n, labels, stats, centroids = components or ink_components(gray)
    if n <= 1:
        return Despeckled(gray, 0, 0)
    letter = max(text_height, 8.0)
    tiny_area = max(4, int((letter * 0.25) ** 2))
    areas = stats[:, cv2.CC_STAT_AREA]
    tiny = areas <= tiny_area
    tiny[0] = False
    if not tiny.any():
        return Despeckled(gray, 0, 0)
    # halo of the solid components, computed at quarter size (a cheap, slightly generous distance test)
    solid = ((~tiny[labels]) & (labels > 0)).astype(np.uint8) * 255
    h, w = gray.shape
    step = 4
    small = cv2.resize(solid, (max(1, w // step), max(1, h // step)), interpolation=cv2.INTER_AREA) > 0
    radius = int(np.ceil(letter * 0.6 / step)) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2)
    halo = cv2.dilate(small.astype(np.uint8), kernel) > 0
    cx = np.clip((centroids[:, 0] / step).astype(int), 0, halo.shape[1] - 1)
    cy = np.clip((centroids[:, 1] / step).astype(int), 0, halo.shape[0] - 1)
    near = halo[cy, cx]
    drop = tiny & ~near
    if not drop.any():
        return Despeckled(gray, 0, int(tiny.sum()))
    cleaned = gray.copy()
    cleaned[drop[labels]] = 255
    return Despeckled(cleaned, int(drop.sum()), int((tiny & near).sum()))
