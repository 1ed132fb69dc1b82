"""Read one raw value by its kind: normalise it, repair proven OCR confusions, say if it is valid.

`read(kind, raw)` gives a `Reading` (value, valid, repaired) or None when the raw text holds no
value of that kind. Checks that need another field (ID number against birth date and sex, expiry
after birth) are made by the caller once all fields are read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from . import normalise as norm
from . import validate as val
from .syllable import well_formed
from .tidy import trim_address, trim_name


@dataclass(frozen=True)
class Reading:
    """A normalised value, whether it passed its validator, and whether a repair made it pass."""

    value: str
    valid: bool
    repaired: bool = False


def _vietnamese_letters() -> frozenset[str]:
    base = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    letters = {unicodedata.normalize("NFC", v + t) for v in base for t in tones}
    letters |= set("bcdđghklmnpqrstvx") | set("fjwz")
    return frozenset(letters | {ch.upper() for ch in letters})


VIETNAMESE_LETTERS = _vietnamese_letters()
_ADDRESS_MARKS = set(" 0123456789,.-/()'&;:")


def plausible_name(value: str) -> bool:
    """Only Vietnamese letters and spaces, at least two words, every word a legal syllable."""
    return (
        len(value.split()) >= 2 and all(ch in VIETNAMESE_LETTERS or ch in " '-" for ch in value) and well_formed(value)
    )


def plain_letters(value: str) -> bool:
    """Only Vietnamese letters, digits and ordinary punctuation: no stray OCR symbols."""
    return any(ch.isalpha() for ch in value) and all(ch in VIETNAMESE_LETTERS or ch in _ADDRESS_MARKS for ch in value)


def plausible_text(value: str) -> bool:
    """Only Vietnamese letters, digits and ordinary address punctuation (no stray OCR symbols), and
    every letter word a legal syllable, abbreviation or place-name word."""
    return plain_letters(value) and well_formed(value)


def _name(raw: str) -> str | None:
    value = norm.name(raw)
    return trim_name(value) if value else None


def _address(raw: str) -> str | None:
    value = norm.text(raw)
    return norm.text(trim_address(value)) if value else None


def swap_confusions(raw: str) -> str:
    """Undo letter-for-digit OCR confusions inside tokens that are mostly digits."""

    def fix(match: re.Match[str]) -> str:
        token = match.group()
        chars = sum(ch not in ".," for ch in token)
        digits = sum(ch.isdigit() for ch in token)
        return token.translate(val.OCR_DIGIT_CONFUSIONS) if digits * 2 >= chars else token

    return re.sub(r"[0-9A-Za-z|!](?:[0-9A-Za-z|!.,]*[0-9A-Za-z|!])?", fix, raw)


def _checked(
    raw: str, parse: Callable[[str], str | None], check: Callable[[str], bool], digits_first: bool = False
) -> Reading | None:
    """The plain reading if it passes `check`, else the confusion-swapped one if that passes.
    With `digits_first` (numbers without a check digit) a swapped reading that passes is preferred:
    `18O` is 180, not 18."""
    if digits_first and swap_confusions(raw) != raw:
        swapped = parse(swap_confusions(raw))
        if swapped is not None and check(swapped):
            return Reading(swapped, True, repaired=True)
    first = parse(raw)
    if first is not None and check(first):
        return Reading(first, True)
    swapped = parse(swap_confusions(raw))
    if swapped is not None and swapped != first and check(swapped):
        return Reading(swapped, True, repaired=True)
    value = first if first is not None else swapped
    return None if value is None else Reading(value, False)


def _id(raw: str) -> str | None:
    """A 12-digit (or old 9-digit) number; a 13-digit run is kept, invalid, for a cross-checked repair."""
    return norm.digit_run(raw, (12, 9)) or norm.digit_run(raw, (13,))


def _enterprise(raw: str) -> str | None:
    match = re.search(r"\d[\d ]{8,}\d(?:\s*-\s*\d{3})?", raw)
    if match is None:
        return None
    head, _, branch = match.group().partition("-")
    head = re.sub(r"\D", "", head)
    branch = re.sub(r"\D", "", branch)
    return f"{head}-{branch}" if branch else head


def _digits(raw: str) -> str | None:
    match = re.search(r"\d+", raw)
    return match.group() if match else None


def read(kind: str, raw: str) -> Reading | None:
    """Normalise `raw` as a value of `kind`; None when there is nothing of that kind in it."""
    if kind == "id":
        return _checked(raw, _id, val.personal_id)
    if kind == "enterprise":
        return _checked(raw, _enterprise, val.enterprise_code)
    if kind == "date":
        return _checked(raw, norm.date, val.calendar_date, digits_first=True)
    if kind == "phone":
        return _checked(raw, norm.phone, val.phone)
    if kind == "serial":
        plain = norm.serial(raw)
        if plain is not None:
            return Reading(plain, val.serial(plain))
        fixed = val.repair_serial(raw)
        return Reading(fixed, True, repaired=True) if fixed else None
    if kind == "digits":
        return _checked(raw, _digits, lambda v: v.isdigit(), digits_first=True)
    if kind == "money":
        return _checked(raw, norm.money, lambda v: v.isdigit() and not v.startswith("0"), digits_first=True)
    if kind == "area":
        return _checked(raw, norm.area, lambda v: bool(re.fullmatch(r"[1-9]\d*(\.\d+)?|0\.\d+", v)), digits_first=True)
    simple: dict[str, tuple[Callable[[str], str | None], Callable[[str], bool]]] = {
        "name": (_name, plausible_name),
        "company": (norm.company_name, plausible_text),
        "sex": (norm.sex, lambda v: v in {"Nam", "Nữ"}),
        "email": (norm.email, val.email),
        "nationality": (norm.nationality, plain_letters),  # Campuchia, Ba Lan: not always Vietnamese syllables
        "ethnicity": (norm.ethnicity, lambda v: v in norm.ETHNIC_GROUPS),
        "address": (_address, plausible_text),
        "text": (norm.text, plausible_text),
    }
    parse, check = simple[kind]
    value = parse(raw)
    respell = {"name": norm.respell_surname, "company": norm.respell_terms}.get(kind)
    if respell and value is not None and respell(value) != value:
        fixed = respell(value)
        return Reading(fixed, check(fixed), repaired=True)
    return None if value is None else Reading(value, check(value))
