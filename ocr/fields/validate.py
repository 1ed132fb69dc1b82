"""Validators for normalised values, and OCR repairs that a validator proves.

A validator answers one question: could this value be real? A value that fails is kept and
reported `valid: false`. `repair` swaps the letters Tesseract mistakes for digits (`O`→`0`,
`l`→`1`, `S`→`5`, `B`→`8` …) and accepts the result only when it passes the validator given;
it never guesses between two passing readings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from stdnum.vn import mst

# Pre-2025 province statistics codes used as the first three digits of a personal ID number.
PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)

OCR_DIGIT_CONFUSIONS = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "G": "6",
        "b": "6",
        "T": "7",
        "g": "9",
    }
)
OCR_LETTER_CONFUSIONS = str.maketrans({"0": "O", "5": "S", "8": "B", "1": "I", "2": "Z", "6": "G"})

_PHONE = re.compile(r"0[35789]\d{8}")
_EMAIL = re.compile(r"[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9])?@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.I)
_BRANCH = re.compile(r"\d{10}-\d{3}")


def calendar_date(value: str, earliest: int = 1900, latest: int = 2100) -> bool:
    """True for a real `YYYY-MM-DD` date with a year in [earliest, latest]."""
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        return False
    return earliest <= parsed.year <= latest


def century_digit(year: int, sex: str) -> str | None:
    """The ID number's 4th digit for a birth year and sex (`Nam`/`Nữ`), None outside 1900–2199."""
    century = (year - 1900) // 100
    if not 0 <= century <= 2:
        return None
    return str(2 * century + (1 if sex == "Nữ" else 0))


def personal_id(value: str, date_of_birth: str | None = None, sex: str | None = None) -> bool:
    """A 12-digit personal ID number: known province code, century/sex digit, year agreeing with
    the birth date and sex when those were read. A 9-digit CMND number passes on shape alone."""
    if re.fullmatch(r"\d{9}", value):
        return True
    if not re.fullmatch(r"\d{12}", value) or value[:3] not in PROVINCE_CODES or value[3] not in "012345":
        return False
    if date_of_birth and calendar_date(date_of_birth):
        year = int(date_of_birth[:4])
        if value[4:6] != f"{year % 100:02d}" or int(value[3]) // 2 != (year - 1900) // 100:
            return False
    if sex in {"Nam", "Nữ"} and int(value[3]) % 2 != (1 if sex == "Nữ" else 0):
        return False
    return True


def enterprise_code(value: str) -> bool:
    """A 10-digit enterprise (tax) code with a right check digit, or a branch `NNNNNNNNNN-NNN`."""
    if not (re.fullmatch(r"\d{10}", value) or _BRANCH.fullmatch(value)):
        return False
    return bool(mst.is_valid(value))


def phone(value: str) -> bool:
    """A Vietnamese mobile number in national form: 10 digits starting 03, 05, 07, 08 or 09."""
    return bool(_PHONE.fullmatch(value))


def email(value: str) -> bool:
    """Plausible e-mail shape: local part, `@`, domain with a dot and a 2+ letter top level."""
    return bool(_EMAIL.fullmatch(value))


def serial(value: str) -> bool:
    """A land-use certificate serial: two capital letters then six digits."""
    return bool(re.fullmatch(r"[A-Z]{2}\d{6}", value))


def expiry_after_birth(date_of_birth: str, date_of_expiry: str) -> bool:
    """The expiry date lies after the birth date (both real dates)."""
    if not (calendar_date(date_of_birth) and calendar_date(date_of_expiry)):
        return False
    return date_of_expiry > date_of_birth


def repair(raw: str, parse: Callable[[str], str | None], check: Callable[[str], bool]) -> str | None:
    """`parse(raw)` if it passes `check`, else the reading with OCR digit confusions undone, if
    that one passes; None when neither does."""
    first = parse(raw)
    if first is not None and check(first):
        return first
    swapped = parse(raw.translate(OCR_DIGIT_CONFUSIONS))
    if swapped is not None and swapped != first and check(swapped):
        return swapped
    return None


def repair_serial(raw: str) -> str | None:
    """A serial read with a letter in a digit's place or a digit in a letter's place, put right."""
    match = re.search(r"\b([A-Z0-9]{2})\s*[-.]?\s*([0-9A-Za-z|]{6})\b", raw.upper())
    if match is None:
        return None
    letters = match.group(1).translate(OCR_LETTER_CONFUSIONS)
    numbers = match.group(2).translate(OCR_DIGIT_CONFUSIONS)
    value = letters + numbers
    return value if serial(value) else None
