"""Personal ID numbers as Tesseract reads them off cards and forms, and the checks between one
person's ID number, birth date, sex and card expiry.

On an ID card the number sits beside the emblem and under the photo edge; Tesseract often reads
the picture as a junk word in front of it (`ấ&Wà. 0564192859959`), loses the short label
(`sø/No:`), or inserts a digit. What is done about it, and no more:
- the number is the 12-digit run on its line, whatever precedes it (`number_line`, for cards whose
  label was not read: the first line with a 12- or 13-digit run before the name);
- a 13-digit run, or one with letters for digits, is repaired only when exactly one repair passes
  the structural check *and* agrees with the birth date and sex read on the same document
  (`repair_with`). The random last six digits can never be proven, so the caller also asks for
  high OCR confidence before calling an ID number valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..tesseract import Line
from . import validate as val
from .values import swap_confusions

RENEWAL_AGES = (25, 40, 60)
_RUN = re.compile(r"\d[\d .]*\d")


def runs(raw: str) -> list[str]:
    """The digit runs of 12 or 13 digits (inner spaces and dots allowed) in `raw`, letters for digits undone."""
    found = []
    for text in (raw, swap_confusions(raw)):
        for match in _RUN.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if len(digits) in (12, 13) and digits not in found:
                found.append(digits)
    return found


def repair_with(raw: str, date_of_birth: str | None, sex: str | None) -> str | None:
    """The one 12-digit reading of `raw` (as read, letters for digits undone, or one inserted digit
    dropped) that agrees with the birth date and sex; None when none or several do."""
    if not date_of_birth:
        return None
    passing: set[str] = set()
    for run in runs(raw):
        options = [run] if len(run) == 12 else [run[:i] + run[i + 1 :] for i in range(13)]
        passing |= {o for o in options if val.personal_id(o, date_of_birth, sex)}
    return passing.pop() if len(passing) == 1 else None


def number_line(lines: Sequence[Line], stop_at: str = "") -> Line | None:
    """The first line holding a 12- or 13-digit run, looked for before a line containing `stop_at`."""
    for line in lines:
        if stop_at and stop_at in line.text:
            return None
        if runs(line.text):
            return line
    return None


def expiry_matches_birth(date_of_birth: str, date_of_expiry: str) -> bool:
    """The 25/40/60 rule: a card expires on the holder's birthday in the year they turn 25, 40 or 60."""
    try:
        born = dt.date.fromisoformat(date_of_birth)
        expiry = dt.date.fromisoformat(date_of_expiry)
    except ValueError:
        return False
    age = expiry.year - born.year
    if age not in RENEWAL_AGES:
        return False
    if (born.month, born.day) == (2, 29):  # no 29 February that year: the 28th or 1 March
        return (expiry.month, expiry.day) in {(2, 28), (2, 29), (3, 1)}
    return (expiry.month, expiry.day) == (born.month, born.day)
