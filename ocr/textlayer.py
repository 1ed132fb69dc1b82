"""A PDF page's own text layer: is it real, and its words as lines the rest of the pipeline reads.

A born-digital PDF (a letter exported from Word, a form from a portal) carries its exact text; OCR
of its rendering can only lose characters. A scanned PDF often carries a layer too, and it is rarely
the text: the scanner's own poor OCR ("CONG Hcok xA HQI"), a font without a Unicode mapping (TCVN3
"ñy ban nh©n d©n"), or only the caption of a digital signature over a page full of scanned ink.

`judge` trusts a layer only when (1) it reads as Vietnamese: its letter words are legal syllables
(`ocr.fields.syllable`) and enough of them carry diacritics, and (2) it covers the visible ink: it
has at least `COVERAGE` characters per letter-sized ink component of the rendered page. Anything
else is read by OCR. Pure functions: the words come from `ingest.receiving.poppler.page_words`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cleanup.geometry import ink_components, to_gray
from .cleanup.scale import letter_heights
from .fields.syllable import legal_word
from .tesseract import Line, Word
from .text import nfc

LEGAL = 0.80  # share of letter words that must be legal Vietnamese syllables (or abbreviations)
ACCENTED = 0.20  # share of letter words that must carry a Vietnamese diacritic
COVERAGE = 0.35  # layer characters per letter-sized ink component of the page
MIN_WORDS = 5
_LETTERS = re.compile(r"[^\W\d_]+")

LayerWord = tuple[float, float, float, float, str, int]  # x0, y0, x1, y1 (points), text, line number


@dataclass(frozen=True)
class LayerVerdict:
    """Whether to use the layer, and why (recorded in the page's steps)."""

    use: bool
    reason: str
    words: int
    legal: float
    accented: float
    coverage: float


def _accented(word: str) -> bool:
    return word.lower() != _strip(word.lower())


def _strip(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language_scores(text: str) -> tuple[int, float, float]:
    """(letter words, share legal Vietnamese, share with diacritics) of a text."""
    words = _LETTERS.findall(nfc(text))
    if not words:
        return 0, 0.0, 0.0
    legal = sum(1 for w in words if legal_word(w)) / len(words)
    accented = sum(1 for w in words if _accented(w)) / len(words)
    return len(words), legal, accented


def reads_as_vietnamese(text: str, *, min_words: int = MIN_WORDS) -> bool:
    """True for text whose words are legal Vietnamese syllables, enough of them with diacritics."""
    count, legal, accented = language_scores(text)
    return count >= min_words and legal >= LEGAL and accented >= ACCENTED


def judge(words: Sequence[LayerWord], page: np.ndarray) -> LayerVerdict:
    """Decide whether a page's text layer is its text: Vietnamese, and covering the rendered page's ink."""
    text = " ".join(w[4] for w in words)
    count, legal, accented = language_scores(text)
    if count < MIN_WORDS:
        return LayerVerdict(
            False, "no text layer" if not words else f"text layer of {count} words only", count, legal, accented, 0.0
        )
    if "\ufffd" in text or legal < LEGAL or accented < ACCENTED:
        return LayerVerdict(
            False,
            f"text layer is not Vietnamese ({legal:.0%} legal syllables, {accented:.0%} with diacritics)",
            count,
            legal,
            accented,
            0.0,
        )
    letters = len(letter_heights(to_gray(page), ink_components(to_gray(page))))
    chars = sum(len(w[4]) for w in words)
    coverage = chars / max(1, letters)
    if coverage < COVERAGE:
        return LayerVerdict(
            False,
            f"text layer covers too little of the ink ({chars} characters for {letters} letter shapes)",
            count,
            legal,
            accented,
            coverage,
        )
    return LayerVerdict(
        True,
        f"text layer used ({count} words, {legal:.0%} legal syllables, {chars} characters for {letters} letter shapes)",
        count,
        legal,
        accented,
        coverage,
    )


def layer_lines(words: Sequence[LayerWord], scale: float, page: int = 1) -> tuple[Line, ...]:
    """The layer's words as lines, boxes in pixels of the page rendered at `scale` pixels per point."""
    grouped: dict[int, list[Word]] = {}
    for x0, y0, x1, y1, text, line in words:
        grouped.setdefault(line, []).append(
            Word(
                nfc(text),
                100.0,
                round(x0 * scale),
                round(y0 * scale),
                max(1, round((x1 - x0) * scale)),
                max(1, round((y1 - y0) * scale)),
                1,
                1,
                line,
            )
        )
    return tuple(Line.of(ws, page) for _, ws in sorted(grouped.items()) if ws)


def extra_lines(words: Sequence[LayerWord], ocr_text: str, scale: float, page: int = 1) -> tuple[Line, ...]:
    """Lines of an unused layer that are real Vietnamese and that OCR did not read (a signature caption)."""
    have = " ".join(nfc(ocr_text).split())
    out = []
    for line in layer_lines(words, scale, page):
        text = " ".join(line.text.split())
        if len(line.words) >= 3 and reads_as_vietnamese(text, min_words=3) and text not in have:
            out.append(line)
    return tuple(out)
