"""Fax transmission dropouts: put back the one-pixel scan lines a fax loses on the way.

A fax sends its page one scan line at a time; a line lost in transmission arrives as a row of pure
white across the whole page. Where it crosses a line of print it cuts every letter in two, and
Tesseract's line finder then sees two half-height rows of fragments and drops the printed line
entirely (seed 99: two whole lines of two fax pages). Print never has such a row: a row with no ink
at all, between two rows that are both dark in the same columns, is a gap in vertical strokes that
no typeface draws. Only such rows are filled, each with the mean of its two neighbours (gray where
just one is dark, so an edge is not thickened). Bilevel pages only; works on the page as received,
before any rotation, because the dropouts follow the fax's own scan lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_CROSSINGS = 3  # columns dark both above and below the white row: strokes that were cut


@dataclass(frozen=True)
class DropoutsRepaired:
    """The page with lost scan lines filled, and which rows were filled."""

    image: np.ndarray
    rows: tuple[int, ...]


def repair_dropouts(gray: np.ndarray) -> DropoutsRepaired:
    """Fill every ink-free row whose neighbours above and below are both dark in a few columns."""
    if gray.ndim != 2 or gray.shape[0] < 3:
        return DropoutsRepaired(gray, ())
    dark = gray < 128
    blank = ~dark[1:-1].any(axis=1)
    if not blank.any():
        return DropoutsRepaired(gray, ())
    candidates = np.flatnonzero(blank) + 1
    crossings = np.count_nonzero(dark[candidates - 1] & dark[candidates + 1], axis=1)
    rows = candidates[crossings >= MIN_CROSSINGS]
    if not len(rows):
        return DropoutsRepaired(gray, ())
    repaired = gray.copy()
    above, below = gray[rows - 1].astype(np.uint16), gray[rows + 1].astype(np.uint16)
    repaired[rows] = ((above + below + 1) // 2).astype(np.uint8)
    return DropoutsRepaired(repaired, tuple(int(r) for r in rows))
