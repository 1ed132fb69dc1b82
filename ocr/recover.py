"""Lines Tesseract's layout analysis dropped: find the letters no word covers and read them again.

Tesseract's page layout sometimes takes a printed line for a picture and drops it whole (seed 99: a
bold ID number on a fax card, "1. Thửa đất:" and half of the next line on a fax land certificate),
or reads a word as a scrap ("Independence" as "k"). Nothing downstream can put back what was never
read. After the page's pass, `find_unread` looks for what is left: letter-sized ink components whose
centre no recognised word box covers, in runs of at least three along a row. Only those runs are
copied onto a white page of the same size and read once more, as one block (psm 6), and
`splice_words` puts the words read there into their rows: beside the words of a row that was partly
read, in place of the scraps they cover, or as a new line in reading order.

Specks, accents and rules are not letter-sized, so a clean page finds nothing and costs one
connected-components pass (a few milliseconds); the second Tesseract pass runs only on pages that
lost something, on an image that is almost all white.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from .cleanup.geometry import ink_components, to_gray
from .pdf import overlay_text_layer
from .tesseract import Line, Recognition, Word, recognise, weighted_confidence

MIN_LETTERS = 3  # unread letter-sized components along one row before it counts as a lost line
MIN_CONFIDENCE = 50.0  # a new line read from a lost run must be at least this sure (0-100)
ANALYSIS_LETTER = 10.0  # least letter height (px) on the copy the unread ink is looked for on
RECOVERED_BLOCKS = 10_000  # block numbers of the words read again, past any the page's pass gives


@dataclass(frozen=True)
class Region:
    """A run of unread letters on the OCR image (pixels, right and bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x < self.right and self.top <= y < self.bottom


def _rows_overlap(top1: int, bottom1: int, top2: int, bottom2: int) -> bool:
    """True when two boxes share at least half the height of the shorter one."""
    shared = min(bottom1, bottom2) - max(top1, top2)
    return shared > 0.5 * min(bottom1 - top1, bottom2 - top2)


def find_unread(image: np.ndarray, words: tuple[Word, ...], letter: float) -> tuple[Region, ...]:
    """Runs of letter-sized ink on `image` (gray) that no word box covers, widened over touching words.

    `letter` is the page's median letter height in `image` pixels. A run grows to take in recognised
    words on its row that touch it (within a letter), so that a scrap read out of a longer word is
    read again together with the rest of that word.
    """
    if letter <= 0 or not len(image):
        return ()
    # letters need not be full size to be counted: look at a copy shrunk by a whole factor (the fast
    # area filter) to letters of at least ANALYSIS_LETTER pixels
    shrink = max(1, int(letter // ANALYSIS_LETTER))
    scale = 1.0 / shrink
    view = (
        image
        if shrink == 1
        else cv2.resize(image, (image.shape[1] // shrink, image.shape[0] // shrink), interpolation=cv2.INTER_AREA)
    )
    _, _, stats, centroids = ink_components(view)
    height, width = view.shape[:2]
    covered = np.zeros((height, width), dtype=bool)
    pad = max(2, round(letter * 0.15))
    for w in words:
        x0, y0 = max(0, int((w.left - pad) * scale)), max(0, int((w.top - pad) * scale))
        covered[y0 : int((w.top + w.height + pad) * scale) + 1, x0 : int((w.left + w.width + pad) * scale) + 1] = True
    cx = np.clip(centroids[:, 0].astype(int), 0, width - 1)
    cy = np.clip(centroids[:, 1].astype(int), 0, height - 1)
    # boxes back in `image` pixels
    x, y = np.floor(stats[:, 0] / scale), np.floor(stats[:, 1] / scale)
    w_, h_ = np.ceil(stats[:, 2] / scale), np.ceil(stats[:, 3] / scale)
    letterlike = (h_ >= 0.5 * letter) & (h_ <= 2.5 * letter) & (w_ <= 3 * letter)
    letterlike[0] = False  # the background
    unread = np.flatnonzero(letterlike & ~covered[cy, cx])
    runs: list[list[int]] = []  # [left, top, right, bottom, count]
    for i in sorted(unread, key=lambda i: x[i]):
        box = [int(x[i]), int(y[i]), int(x[i] + w_[i]), int(y[i] + h_[i])]
        for run in runs:
            if _rows_overlap(run[1], run[3], box[1], box[3]) and box[0] - run[2] < 1.5 * letter:
                run[:4] = [min(run[0], box[0]), min(run[1], box[1]), max(run[2], box[2]), max(run[3], box[3])]
                run[4] += 1
                break
        else:
            runs.append([*box, 1])
    regions = []
    for left, top, right, bottom, count in runs:
        if count < MIN_LETTERS or right - left < 2 * letter:
            continue
        for w in words:  # take in the words this run touches on its row
            if _rows_overlap(top, bottom, w.top, w.top + w.height) and (
                w.left - right < letter and left - (w.left + w.width) < letter
            ):
                left, right = min(left, w.left), max(right, w.left + w.width)
                top, bottom = min(top, w.top), max(bottom, w.top + w.height)
        region = Region(left, top, right, bottom)
        for other in [r for r in regions if _overlap_on_a_row(r, region)]:
            regions.remove(other)  # two runs that took in the same words: read them as one
            region = Region(
                min(region.left, other.left),
                min(region.top, other.top),
                max(region.right, other.right),
                max(region.bottom, other.bottom),
            )
        regions.append(region)
    return tuple(regions)


def _overlap_on_a_row(a: Region, b: Region) -> bool:
    return a.left < b.right and b.left < a.right and _rows_overlap(a.top, a.bottom, b.top, b.bottom)


def isolate(image: np.ndarray, regions: tuple[Region, ...], letter: float) -> np.ndarray:
    """A white page the size of `image` holding only the ink of `regions` (marks above and below kept).

    Whole components are copied, chosen by their centre, so a neighbouring line's descenders or
    accents that reach into a region's margin are not copied as fragments.
    """
    n, labels, stats, centroids = ink_components(image)
    keep = np.zeros(n, dtype=bool)
    above = 0.6 * letter  # Vietnamese marks stand up to about half a letter over a capital
    side = 0.3 * letter
    for region in regions:
        keep |= (
            (centroids[:, 0] >= region.left - side)
            & (centroids[:, 0] < region.right + side)
            & (centroids[:, 1] >= region.top - above)
            & (centroids[:, 1] < region.bottom + above)
        )
    keep[0] = False
    mask = cv2.dilate(keep[labels].astype(np.uint8), np.ones((3, 3), np.uint8)) > 0  # keep the gray edges
    page = np.full_like(image, 255)
    page[mask] = image[mask]
    return page


def _centre(w: Word) -> tuple[float, float]:
    return w.left + w.width / 2, w.top + w.height / 2


def _mean_confidence(words: list[Word]) -> float:
    return float(np.mean([w.confidence for w in words])) if words else 0.0


def splice_words(
    lines: tuple[Line, ...], regions: tuple[Region, ...], found: tuple[Word, ...]
) -> tuple[tuple[Line, ...], int]:
    """Put the words read in `regions` into `lines`; (the lines, how many regions were taken).

    A region's words replace the words it covers when they read with more confidence, join the row
    they sit on, or make a new line before the first line that starts below them.
    """
    result = [list(line.words) for line in lines]
    page = lines[0].page if lines else 1
    taken = 0
    for number, region in enumerate(regions, start=RECOVERED_BLOCKS):
        # a block of its own: the second pass numbers its blocks from 1 too, and a value must not be
        # taken to run on into a line that only shares a number with it
        fresh = sorted(
            (replace(w, block=number, paragraph=1, line=1) for w in found if region.contains(*_centre(w))),
            key=lambda w: w.left,
        )
        if not fresh:
            continue
        old = [w for row in result for w in row if region.contains(*_centre(w))]
        if old and _mean_confidence(fresh) <= _mean_confidence(old):
            continue
        if not old and _mean_confidence(fresh) < MIN_CONFIDENCE:
            continue
        taken += 1
        result = [[w for w in row if not region.contains(*_centre(w))] for row in result]
        top = min(w.top for w in fresh)
        bottom = max(w.top + w.height for w in fresh)
        row = next(
            (
                i
                for i, words in enumerate(result)
                if words and _rows_overlap(top, bottom, min(w.top for w in words), max(w.top + w.height for w in words))
            ),
            None,
        )
        if row is not None:
            result[row] = sorted(result[row] + fresh, key=lambda w: w.left)
            continue
        middle = (top + bottom) / 2
        at = next((i for i, words in enumerate(result) if words and min(w.top for w in words) > middle), len(result))
        result.insert(at, fresh)
    spliced = tuple(Line.of(words, page) for words in result if words)
    return spliced, taken


def recover_lines(
    recognition: Recognition, image: np.ndarray, *, letter: float, dpi: int, language: str, page: int
) -> tuple[Recognition, int]:
    """Read again what the page's pass left unread; (the recognition with those words, lines recovered).

    The text layer gets the second pass's own invisible text laid over the first's, so the recovered
    words can be found in the PDF too (a scrap they replaced stays in the first layer).
    """
    gray = to_gray(image)
    regions = find_unread(gray, recognition.words, letter)
    if not regions:
        return recognition, 0
    second = recognise(
        isolate(gray, regions, letter),
        dpi=dpi,
        psm=6,
        language=language,
        page=page,
        text_layer=recognition.text_layer_pdf is not None,
    )
    lines, taken = splice_words(recognition.lines, regions, second.words)
    if not taken:
        return recognition, 0
    layer = recognition.text_layer_pdf
    if layer is not None and second.text_layer_pdf is not None:
        layer = overlay_text_layer(layer, second.text_layer_pdf)
    confidence = weighted_confidence([w for line in lines for w in line.words])
    return replace(recognition, lines=lines, confidence=confidence, text_layer_pdf=layer), taken
