"""Read one page: cleanup, then one Tesseract pass giving words, text and the PDF text layer.

Reading order: Vietnamese administrative documents open with two side-by-side blocks (the agency on
the left, the national motto on the right). Tesseract reads them as shared lines; `split_header_columns`
puts the left block before the right one, as a person reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

import numpy as np

from .cleanup import PreparedPage, prepare_page
from .glyphs import repair_line
from .lexicon import restore_marks
from .recover import recover_lines
from .tesseract import Line, PendingRecognition, start_recognition
from .text import nfc
from .textlayer import language_scores


@dataclass(frozen=True)
class PageResult:
    """One page read: the text and where it came from, and the colour image to store.

    `dpi` is the resolution of `image` (at least 200); word boxes in `lines` are in the pixels of the
    OCR image, which is `image` scaled by `ocr_scale`.
    """

    number: int
    text: str
    confidence: float
    rotation: int
    skew: float
    lines: tuple[Line, ...]
    image: np.ndarray
    dpi: int
    text_layer_pdf: bytes | None
    steps: tuple[str, ...]
    ocr_scale: float = 1.0
    psm: int = 3


UNREADABLE_SHARE = 0.3  # a page read as fewer characters than this share of its letter shapes failed
UNREADABLE_CONFIDENCE = 45.0  # ... as did one read at a mean confidence below this
UNREADABLE_LEGAL = 0.55  # ... or one whose words are mostly not Vietnamese syllables (garbage)
MIN_INK_LETTERS = 150  # a page with fewer letter shapes has too little text to judge
UNREADABLE = "page unreadable"


def unreadable(text: str, confidence: float, letters: int) -> str | None:
    """Why a page's reading failed (very little text or low confidence for the ink present), or None."""
    if letters < MIN_INK_LETTERS:
        return None
    chars = sum(1 for c in text if not c.isspace())
    if chars < UNREADABLE_SHARE * letters:
        return f"{UNREADABLE}: {chars} characters read for {letters} letter shapes of ink"
    if confidence < UNREADABLE_CONFIDENCE:
        return f"{UNREADABLE}: mean confidence {confidence:.0f} over {chars} characters"
    words, legal, _ = language_scores(text)
    if words >= 30 and legal < UNREADABLE_LEGAL:
        return f"{UNREADABLE}: only {legal:.0%} of {words} words read are Vietnamese syllables"
    return None


COLUMN_GAP = 2.5  # a gap between words wider than this many word heights splits two columns
NARROW_COLUMN_GAP = 1.6  # ... as does one this wide that is also SPACES times the line's median space
SPACES = 4.0


def _column_split(line: Line) -> int | None:
    """Index of the first word after a column-wide gap in `line`, or None."""
    words = line.words
    if len(words) < 2:
        return None
    height = float(np.median([w.height for w in words]))
    gaps = [words[i].left - (words[i - 1].left + words[i - 1].width) for i in range(1, len(words))]
    spacing = float(np.median(gaps))
    for i, gap in enumerate(gaps, start=1):
        # wide, or clearly wider than this line's spaces (a long agency name leaves a narrower gap)
        if gap > COLUMN_GAP * height or (gap > NARROW_COLUMN_GAP * height and gap > SPACES * spacing):
            left = words[:i]
            # a real column holds readable words; a picture beside a title only yields a scrap or two
            if len(left) >= 2 and np.mean([w.confidence for w in left]) >= 60:
                return i
            return None
    return None


def split_header_columns(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """Read the page's leading two-column block left column first, then right column."""
    head = 0
    while head < len(lines) and _column_split(lines[head]) is not None:
        head += 1
    if head < 2:
        return lines
    left, right = [], []
    for line in lines[:head]:
        cut = _column_split(line)
        assert cut is not None
        left.append(Line.of(line.words[:cut], line.page))
        right.append(Line.of(line.words[cut:], line.page))
    return (*left, *right, *lines[head:])


@dataclass
class PageReading:
    """A cleaned page whose Tesseract pass is running in its own process; `result()` waits for it.

    Lets a caller do other work meanwhile: store this page, or clean the next one.
    """

    number: int
    prepared: PreparedPage
    pending: PendingRecognition
    language: str = "vie"

    def result(self) -> PageResult:
        """The page read; raises the pass's `ProcessingError`."""
        prepared = self.prepared
        recognition, recovered = recover_lines(
            self.pending.result(),
            prepared.ocr_image,
            letter=prepared.text_height * prepared.ocr_scale,
            dpi=ocr_dpi(prepared),
            language=self.language,
            page=self.number,
        )
        steps = prepared.steps + ((f"{recovered} lines the layout dropped read again",) if recovered else ())
        lines = tuple(restore_marks(repair_line(line)) for line in split_header_columns(recognition.lines))
        text = nfc("\n".join(line.text for line in lines))
        failed = unreadable(text, recognition.confidence, prepared.letters)
        steps += (failed,) if failed else ()
        return PageResult(
            number=self.number,
            text=text,
            confidence=recognition.confidence,
            rotation=prepared.rotation,
            skew=prepared.skew,
            lines=lines,
            image=prepared.colour,
            dpi=prepared.dpi,
            text_layer_pdf=recognition.text_layer_pdf,
            steps=steps,
            ocr_scale=prepared.ocr_scale,
            psm=prepared.psm,
        )

    def abandon(self) -> None:
        """Wait for the pass and drop what it read (when the caller failed and will not use it)."""
        with suppress(Exception):
            self.pending.result()


def start_reading(prepared: PreparedPage, *, number: int, language: str = "vie") -> PageReading:
    """Start one Tesseract pass over a page `prepare_page` made ready."""
    pending = start_recognition(
        prepared.ocr_image, dpi=ocr_dpi(prepared), psm=prepared.psm, language=language, page=number
    )
    return PageReading(number, prepared, pending, language)


def ocr_dpi(prepared: PreparedPage) -> int:
    """Resolution of the OCR image (the stored page's dpi times the OCR scale)."""
    return max(1, round(prepared.dpi * prepared.ocr_scale))


def read_page(
    image: np.ndarray,
    *,
    dpi: int,
    number: int,
    language: str = "vie",
    meanwhile: Callable[[np.ndarray, int], None] | None = None,
) -> PageResult:
    """Clean a page image (BGR or gray) and OCR it once.

    `meanwhile(colour, dpi)` is called with the finished colour page while Tesseract reads it in its
    own process (to encode and store that page, say), so that work costs no time of its own. It must
    not change the image. If it raises, Tesseract's pass is still waited for before the error goes on.
    """
    reading = start_reading(prepare_page(image, dpi), number=number, language=language)
    if meanwhile is not None:
        try:
            meanwhile(reading.prepared.colour, reading.prepared.dpi)
        except BaseException:
            reading.abandon()  # the caller's error is the one to report
            raise
    return reading.result()
