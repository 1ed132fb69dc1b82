"""Pictures: find the portrait photo, QR code and emblem on a page and blank them for OCR.

Tesseract reads scraps of letters out of pictures ("IIE=iI", "áế »") and lets them pull the reading
order about. A picture differs from print in two ways measured on a 100 dpi copy: its region is
mostly dark (`MIN_FILL`), and its dark areas are thick — far more of them lie a third of a letter
height away from paper than any pen stroke does (`MIN_THICK`); see `is_picture`. A picture is grown to the
lighter outline around it (a photo's frame and face) and painted white in the OCR gray only; the
stored colour page keeps its pictures.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_FILL = 0.45  # share of a region's box darker than paper (text lines and paragraphs: under 0.4)
MIN_THICK = 0.3  # share of its dark pixels a third of a letter from paper (text: at most 0.31 with bold)
DENSE = 0.55  # this dark is a picture however thin its parts (a QR code's modules)
SOLID = 0.6  # this thick is a picture even when its frame leaves it half paper (a portrait)
MIN_SIDE = 3.0  # a picture is at least this many text heights tall and wide
_WORK_DPI = 100.0

Box = tuple[int, int, int, int]


def _regions(mask: np.ndarray, k: int) -> tuple[int, np.ndarray, np.ndarray]:
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    return n, labels, stats


def is_picture(fill: float, thickness: float) -> bool:
    """A region that is mostly dark (a QR code), or dark and thick (a photo, an emblem), is a picture.

    Measured on the sample cards and forms: text lines and paragraphs have fill ≤ 0.38 and thickness
    ≤ 0.31; pictures have fill ≥ 0.52, or thickness ≥ 0.8 (a framed portrait, fill about 0.3).
    """
    return fill >= DENSE or (fill >= MIN_FILL and thickness >= MIN_THICK) or (fill >= 0.25 and thickness >= SOLID)


def _paper_level(small: np.ndarray) -> np.ndarray:
    """The paper's own brightness around each pixel: a phone photo's shadow is not a picture.

    A closing as wide as a third of the page erases everything darker and smaller than that (print,
    portraits, QR codes) and leaves the light falling on the sheet; the page-wide 90th percentile
    caps it, so a lit patch cannot pass for brighter paper than the sheet has. Light changes slowly,
    so the closing runs on a copy about 100 pixels long, and is enlarged back.
    """
    h, w = small.shape
    factor = min(1.0, 100.0 / max(h, w))
    tiny = cv2.resize(small, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    side = max(3, (max(tiny.shape) // 3) | 1)
    lit = cv2.morphologyEx(tiny, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    lit = cv2.resize(lit, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.minimum(lit, np.percentile(small, 90)).astype(np.float32)


def find_graphics(gray: np.ndarray, text_height: float, dpi: float) -> tuple[Box, ...]:
    """Boxes, in `gray`'s pixels, of large, thick, mostly dark regions (photos, QR codes, emblems)."""
    h, w = gray.shape
    factor = min(1.0, _WORK_DPI / max(dpi, 1.0))
    small = cv2.resize(gray, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)
    paper = _paper_level(small)
    dark = (small < paper - 50).astype(np.uint8)
    letter = max(2.0, text_height * factor)
    k = max(3, int(round(letter)) | 1)
    n, _, stats = _regions(dark, k)
    if n <= 1:
        return ()
    thick = cv2.distanceTransform(dark, cv2.DIST_L2, 3) >= 0.3 * letter
    tinted = (small < paper - 20).astype(np.uint8)
    _, light_labels, light_stats = _regions(tinted, k)
    boxes: list[Box] = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if bw < MIN_SIDE * letter or bh < MIN_SIDE * letter or bw * bh > 0.25 * small.size:
            continue
        region = dark[y : y + bh, x : x + bw]
        fill = float(region.mean())
        thickness = float(thick[y : y + bh, x : x + bw].sum()) / max(1, int(region.sum()))
        if not is_picture(fill, thickness):
            continue
        # grow to the lighter region around it (photo frame, face) when that too is mostly not paper
        outer = int(light_labels[y + bh // 2, x + bw // 2])
        ox, oy, ow, oh = (int(v) for v in light_stats[outer, :4])
        if outer and ow * oh <= 0.1 * small.size and tinted[oy : oy + oh, ox : ox + ow].mean() >= MIN_FILL:
            x, y, bw, bh = min(x, ox), min(y, oy), max(x + bw, ox + ow) - min(x, ox), max(y + bh, oy + oh) - min(y, oy)
        pad = letter * 0.3
        x0, y0 = max(0, int((x - pad) / factor)), max(0, int((y - pad) / factor))
        x1, y1 = min(w, int((x + bw + pad) / factor) + 1), min(h, int((y + bh + pad) / factor) + 1)
        boxes.append((x0, y0, x1 - x0, y1 - y0))
    return _join_stacked(sorted(boxes, key=lambda b: b[1]), text_height * 10)


def _join_stacked(boxes: list[Box], gap: float) -> tuple[Box, ...]:
    """Join pictures stacked in one column (a portrait's hair and shirt) with what lies between them."""
    out: list[Box] = []
    for box in boxes:
        if out:
            x, y, w, h = out[-1]
            bx, by, bw, bh = box
            overlap = min(x + w, bx + bw) - max(x, bx)
            if overlap >= 0.6 * min(w, bw) and by - (y + h) <= gap:
                left, top = min(x, bx), min(y, by)
                out[-1] = (left, top, max(x + w, bx + bw) - left, max(y + h, by + bh) - top)
                continue
        out.append(box)
    return tuple(out)


def paint_white(gray: np.ndarray, boxes: tuple[Box, ...]) -> np.ndarray:
    """`gray` with the boxes painted paper-white (copied only when there is something to paint)."""
    if not boxes:
        return gray
    out = gray.copy()
    for x, y, bw, bh in boxes:
        out[y : y + bh, x : x + bw] = 255
    return out
