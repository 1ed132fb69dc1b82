"""Words the `vie` model cannot print, or reliably misprints, put back where the context proves them.

Pure functions on recognised lines. Each repair names the weakness it answers and changes a word
only where the context leaves one plausible reading: these are not spelling corrections. They mend
the page's text and lines (what `result.json`, fields and search use); the searchable PDF's
invisible layer keeps Tesseract's own spelling.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .tesseract import Line

# `vie`'s character set has no superscript two: a printed `m²` comes out as `m?` or `m2?` (`?` is
# what the model writes for a raised glyph it cannot name). Plain `m2`, a spelling some forms use,
# is left as read.
_SQUARE_METRE = re.compile(r"^(?P<number>.*\d)?m(?:\?|2\?|\?2)(?P<tail>[.,;:)]*)$")


def restore_surname(line: Line) -> Line:
    """Put back the tilde Tesseract drops from the surname NGUYỄN at the start of a name in capitals.

    `vie` reads the stacked mark on a small capital Ễ as plain Ê (see domain notes), and NGUYÊN never
    opens a Vietnamese name while NGUYỄN opens two in five; elsewhere (THÁI NGUYÊN, a given name) the
    word is left as read.
    """
    words = list(line.words)
    changed = False
    for i, word in enumerate(words[:-1]):
        opens_name = i == 0 or words[i - 1].text.endswith(":")
        if word.text == "NGUYÊN" and opens_name and words[i + 1].text.isupper():
            words[i] = replace(word, text="NGUYỄN")
            changed = True
    return Line.of(words, line.page) if changed else line


def restore_square_metre(line: Line) -> Line:
    """`m?` or `m2?` after a number (or glued to one) is the `m²` the model has no glyph for."""
    words = list(line.words)
    changed = False
    for i, word in enumerate(words):
        match = _SQUARE_METRE.match(word.text)
        if match is None:
            continue
        after_number = match["number"] is not None or (i > 0 and words[i - 1].text[-1:].isdigit())
        if after_number:
            words[i] = replace(word, text=f"{match['number'] or ''}m²{match['tail']}")
            changed = True
    return Line.of(words, line.page) if changed else line


def repair_line(line: Line) -> Line:
    """Every repair of this module, in turn."""
    return restore_square_metre(restore_surname(line))
