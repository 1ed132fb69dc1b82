"""A small template matcher for the MRZ's OCR-B characters (Tesseract has no MRZ model, and starting
it costs more than reading the zone this way).

The band is binarised; its three lines are found by the rows' ink; each line's characters are its
connected components (OCR-B glyphs do not touch at MRZ pitch), grouped into cells of the line's
pitch; each cell is compared with the 37 characters `0-9A-Z<` drawn in OCR-B at the same height,
by normalised correlation of the glyph scaled into a fixed box plus its aspect and height. Nothing
is trusted here: the check digits of `mrz.read_td1` decide whether the reading stands.
The font is Debian's `fonts-ocr-b`; without it `read_band` returns nothing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

OCRB_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
BOX = (16, 24)  # width, height of the normalised glyph
_LINE_HEIGHT = 48  # the templates' cap height in pixels


@lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The normalised glyphs, their aspect ratios and heights (relative to a capital's)."""
    if not OCRB_FONT.exists():
        return None
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(OCRB_FONT), round(_LINE_HEIGHT * 1.4))
    glyphs, aspects, heights = [], [], []
    for ch in CHARACTERS:
        image = Image.new("L", (_LINE_HEIGHT * 2, _LINE_HEIGHT * 2), 0)
        ImageDraw.Draw(image).text((_LINE_HEIGHT // 2, _LINE_HEIGHT // 4), ch, font=font, fill=255)
        ink = np.asarray(image) > 127
        ys, xs = np.nonzero(ink)
        crop = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
        glyphs.append(_normalise(crop))
        aspects.append(crop.shape[1] / crop.shape[0])
        heights.append(crop.shape[0])
    cap = heights[CHARACTERS.index("H")]
    return np.stack(glyphs), np.array(aspects), np.array(heights) / cap


def _normalise(glyph: np.ndarray) -> np.ndarray:
    small = cv2.resize(glyph.astype(np.float32), BOX, interpolation=cv2.INTER_AREA).ravel()
    small -= small.mean()
    norm = np.linalg.norm(small)
    return small / norm if norm else small


def _lines(ink: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges of the text lines in a binarised band, the three tallest-inked last three kept."""
    rows = ink.sum(axis=1)
    threshold = max(1, 0.08 * rows.max())
    runs, start = [], None
    for y, value in enumerate(rows):
        if value >= threshold and start is None:
            start = y
        elif value < threshold and start is not None:
            runs.append((start, y))
            start = None
    if start is not None:
        runs.append((start, len(rows)))
    tall = [r for r in runs if r[1] - r[0] >= 0.4 * max(b - a for a, b in runs)] if runs else []
    return tall[-3:]


def _read_line(ink: np.ndarray, templates: tuple[np.ndarray, np.ndarray, np.ndarray]) -> str:
    glyphs, aspects, heights = templates
    count, _, stats, centroids = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    line_h = ink.shape[0]
    parts = [
        i for i in range(1, count) if stats[i, cv2.CC_STAT_HEIGHT] >= 0.2 * line_h and stats[i, cv2.CC_STAT_AREA] >= 6
    ]
    if len(parts) < 10:
        return ""
    parts.sort(key=lambda i: centroids[i][0])
    xs = np.array([centroids[i][0] for i in parts])
    pitch = float(np.median(np.diff(xs)))
    if pitch <= 0:
        return ""
    cells: dict[int, list[int]] = {}
    for i, x in zip(parts, xs, strict=True):
        cells.setdefault(round((x - xs[0]) / pitch), []).append(i)
    cap = np.percentile([stats[i, cv2.CC_STAT_HEIGHT] for i in parts], 90)
    out = []
    for cell in range(max(cells) + 1):
        members = cells.get(cell)
        if not members:
            out.append("<")
            continue
        x0 = min(stats[i, cv2.CC_STAT_LEFT] for i in members)
        y0 = min(stats[i, cv2.CC_STAT_TOP] for i in members)
        x1 = max(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH] for i in members)
        y1 = max(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT] for i in members)
        glyph = ink[y0:y1, x0:x1]
        score = glyphs @ _normalise(glyph)
        score -= 0.6 * np.abs(np.log((x1 - x0) / max(1, y1 - y0) / aspects))
        score -= 1.0 * np.abs((y1 - y0) / cap - heights)
        out.append(CHARACTERS[int(np.argmax(score))])
    return "".join(out)


def read_band(band: np.ndarray) -> list[str]:
    """The text lines of an MRZ band (gray or BGR), as matched against OCR-B; [] without the font."""
    templates = _templates()
    if templates is None or band.size == 0:
        return []
    gray = band if band.ndim == 2 else cv2.cvtColor(band, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    lines = []
    for top, bottom in _lines(ink):
        pad = max(1, (bottom - top) // 8)
        text = _read_line(ink[max(0, top - pad) : bottom + pad], templates)
        if text:
            lines.append(text)
    return lines
