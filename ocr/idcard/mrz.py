"""The machine-readable zone of a Vietnamese ID card (ICAO 9303 TD1: three lines of 30 characters).

Line 1: `ID` `VNM` document number (9, the last 9 digits of the personal ID) + check, optional data
(the full 12-digit ID first). Line 2: birth date YYMMDD + check, sex `M`/`F`, expiry YYMMDD + check,
nationality, optional data, composite check. Line 3: `SURNAME<<GIVEN<NAMES` without diacritics.
Check digits: weights 7, 3, 1 repeating; digits as themselves, `A`–`Z` as 10–35, `<` as 0; sum mod 10.

`parse_td1` refuses a zone whose check digits fail (`MrzError`); `read_td1` first undoes the letters
and digits OCR mixes up by where they stand (a digit position cannot hold `O`), then, where a check
digit still fails, tries the common confusions (O/0, I/1, B/8, S/5, …) one character at a time and
accepts a repair only when exactly one passes every check. Nothing here guesses between two readings.
`mrz_lines` builds a correct zone (for the sample generator and the tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import fold

LINE_LENGTH = 30
WEIGHTS = (7, 3, 1)
# Characters OCR reads for one another, both ways round (digits first, then letters).
CONFUSIONS: dict[str, str] = {
    "0": "OQD",
    "1": "IL",
    "2": "Z",
    "5": "S",
    "6": "G",
    "8": "B",
    "3": "8",
    "4": "A",
    "O": "0",
    "Q": "0",
    "D": "0",
    "I": "1",
    "L": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
_TO_DIGIT = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "G": "6", "B": "8", "A": "4"}
)
_TO_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B", "4": "A"})
_LOOKALIKES = str.maketrans(
    {
        "Ó": "6",
        "Ò": "6",
        "Ô": "0",
        "Ö": "0",
        "Õ": "0",
        "Đ": "D",
        "Ă": "A",
        "Â": "A",
        "Ơ": "O",
        "Ư": "U",
        "Ê": "E",
        "Í": "I",
        "Ì": "I",
        "É": "E",
        "Á": "A",
        "À": "A",
    }
)
_ALLOWED = re.compile(r"[0-9A-Z<]{30}")
# Positions (line, start, end) of the fields made of digits, and of the check digits.
_DIGIT_SPANS = ((0, 5, 15), (1, 0, 7), (1, 8, 15), (1, 29, 30))


class MrzError(ValueError):
    """A zone that is not a valid TD1 (wrong shape, or a check digit fails)."""


@dataclass(frozen=True)
class Mrz:
    """The values of a valid TD1 zone, normalised as the contract says (dates `YYYY-MM-DD`, sex `Nam`/`Nữ`)."""

    document_number: str
    id_number: str | None
    date_of_birth: str
    sex: str | None
    date_of_expiry: str | None
    nationality: str
    surname: str
    given_names: str
    lines: tuple[str, str, str]
    repaired: bool = False

    @property
    def name(self) -> str:
        """The Latin name as one string: `NGUYEN VAN AN`."""
        return " ".join(part for part in (self.surname, self.given_names) if part)


def char_value(ch: str) -> int:
    """A character's value in a check digit: digits as themselves, A–Z as 10–35, `<` as 0."""
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise MrzError(f"character {ch!r} cannot stand in an MRZ")


def check_digit(data: str) -> str:
    """The ICAO 9303 check digit of `data`."""
    return str(sum(char_value(ch) * WEIGHTS[i % 3] for i, ch in enumerate(data)) % 10)


def _check_failures(lines: Sequence[str]) -> list[str]:
    """The names of the checks that fail (empty when the zone is consistent)."""
    one, two = lines[0], lines[1]
    failed = []
    if check_digit(one[5:14]) != one[14]:
        failed.append("document number")
    if check_digit(two[0:6]) != two[6]:
        failed.append("birth date")
    if two[8:14] != "<<<<<<" and check_digit(two[8:14]) != two[14]:
        failed.append("expiry date")
    composite = one[5:30] + two[0:7] + two[8:15] + two[18:29]
    if check_digit(composite) != two[29]:
        failed.append("composite")
    return failed


def _date(yymmdd: str, century: int) -> str:
    try:
        return dt.date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])).isoformat()
    except ValueError as exc:
        raise MrzError(f"{yymmdd} is not a date") from exc


def _birth_century(yymmdd: str, id_number: str | None, today: dt.date) -> int:
    """The century of a birth year: from the ID's century digit when the zone holds the ID, else the
    latest that does not put the birth in the future."""
    if id_number:
        return 1900 + 100 * (int(id_number[3]) // 2)
    return 1900 if 2000 + int(yymmdd[:2]) > today.year else 2000


def parse_td1(lines: Sequence[str], today: dt.date | None = None) -> Mrz:
    """The values of a TD1 zone read exactly; `MrzError` when its shape or any check digit is wrong."""
    lines = tuple(line.strip().upper() for line in lines)
    if len(lines) != 3 or not all(_ALLOWED.fullmatch(line) for line in lines):
        raise MrzError("an ID card MRZ is three lines of 30 characters 0-9, A-Z and <")
    one, two, three = lines
    if not one.startswith("ID"):
        raise MrzError(f"the zone starts {one[:2]!r}, not 'ID'")
    failed = _check_failures(lines)
    if failed:
        raise MrzError("check digit wrong: " + ", ".join(failed))
    optional = re.match(r"\d{12}", one[15:30])
    id_number = optional.group() if optional and optional.group().endswith(one[5:14]) else None
    today = today or dt.date.today()
    birth = _date(two[0:6], _birth_century(two[0:6], id_number, today))
    expiry = None if two[8:14] == "<<<<<<" else _date(two[8:14], 2000)
    surname, _, given = three.partition("<<")
    return Mrz(
        document_number=one[5:14],
        id_number=id_number,
        date_of_birth=birth,
        sex={"M": "Nam", "F": "Nữ"}.get(two[7]),
        date_of_expiry=expiry,
        nationality=two[15:18],
        surname=" ".join(surname.replace("<", " ").split()),
        given_names=" ".join(given.replace("<", " ").split()),
        lines=(one, two, three),
    )


def _by_position(lines: Sequence[str]) -> list[str]:
    """Letters for digits (and back) undone by where each character stands in the TD1 layout."""
    out = [list(line) for line in lines]
    for row, start, end in _DIGIT_SPANS:
        for i in range(start, end):
            out[row][i] = out[row][i].translate(_TO_DIGIT)
    # line 1's optional data: the 12-digit ID, then filler
    for i in range(15, 27):
        out[0][i] = out[0][i].translate(_TO_DIGIT)
    for i in range(0, 5):
        out[0][i] = out[0][i].translate(_TO_LETTER)
    for i in (7, 15, 16, 17):
        out[1][i] = out[1][i].translate(_TO_LETTER)
    for i in range(18, 29):  # optional data, filler on Vietnamese cards: `<` read as K or a letter
        if not out[1][i].isdigit():
            out[1][i] = "<"
    out[2] = [ch.translate(_TO_LETTER) for ch in out[2]]
    return ["".join(chars) for chars in out]


def _name_filler(name: str) -> str:
    """`<` read as `K` undone where a Vietnamese name cannot have K: at a word's end (no syllable ends
    in K) or before a letter no syllable has after an initial K (only KH, KI, KE, KY begin one)."""
    previous = None
    while previous != name:
        previous = name
        name = re.sub(r"K(?=<|$)", "<", name)
        name = re.sub(r"(?<=<)K(?=[^HIEY<])", "<", name)
    return name


def _fit(line: str, row: int) -> str:
    """One OCR line as the 30 characters of TD1 row `row` (0–2): spaces dropped, look-alikes mapped,
    and the filler rebuilt where it is only filler (OCR adds and drops `<` in a long run of them)."""
    text = re.sub(r"\s+", "", line.upper()).replace("«", "<<").replace("‹", "<").replace("＜", "<")
    text = re.sub(r"[^0-9A-Z<]", "<", text.translate(_LOOKALIKES))
    if row == 0 and len(text) > 15:
        digits = re.match(r"[0-9OQDUILZSGBA]{1,12}", text[15:])
        text = text[:15] + (digits.group() if digits else "")
    elif row == 1 and len(text) >= 19 and not re.search(r"\d", text[18:-1]):
        text = text[:18] + "<" * 11 + text[-1]
    elif row == 2:
        text = _name_filler(text.rstrip("<"))
    return (text + "<" * LINE_LENGTH)[:LINE_LENGTH]


def read_td1(lines: Sequence[str], today: dt.date | None = None) -> Mrz:
    """The zone as OCR read it, repaired only where the check digits prove one reading; `MrzError` otherwise."""
    if len(lines) != 3:
        raise MrzError("an ID card MRZ has three lines")
    plain = [_fit(line, row) for row, line in enumerate(lines)]
    fitted = _by_position(plain)
    try:
        result = parse_td1(fitted, today)
        return result if fitted == plain else _repaired(result)
    except MrzError as first:
        passing: dict[tuple[str, ...], Mrz] = {}
        for row in (0, 1):
            for i, ch in enumerate(fitted[row]):
                for other in CONFUSIONS.get(ch, ""):
                    trial = list(fitted)
                    trial[row] = trial[row][:i] + other + trial[row][i + 1 :]
                    try:
                        passing[tuple(trial)] = parse_td1(trial, today)
                    except MrzError:
                        continue
        if len(passing) == 1:
            return _repaired(next(iter(passing.values())))
        raise first


def _repaired(mrz: Mrz) -> Mrz:
    return Mrz(**{**mrz.__dict__, "repaired": True})


def latin_name(full_name: str) -> str:
    """A Vietnamese name as the MRZ writes it: capitals without diacritics, `Đ` as `D`."""
    return fold(full_name).upper()


def mrz_lines(
    id_number: str, date_of_birth: str, sex: str, date_of_expiry: str | None, full_name: str
) -> tuple[str, str, str]:
    """A correct TD1 zone for a Vietnamese card (dates `YYYY-MM-DD`, sex `Nam`/`Nữ`)."""
    number = id_number[-9:]
    optional = (id_number + "<" * 15)[:15]
    one = f"IDVNM{number}{check_digit(number)}{optional}"
    birth = date_of_birth[2:4] + date_of_birth[5:7] + date_of_birth[8:10]
    expiry = (date_of_expiry[2:4] + date_of_expiry[5:7] + date_of_expiry[8:10]) if date_of_expiry else "<<<<<<"
    expiry_check = check_digit(expiry) if date_of_expiry else "<"
    middle = f"{birth}{check_digit(birth)}{'F' if sex == 'Nữ' else 'M'}{expiry}{expiry_check}VNM" + "<" * 11
    composite = one[5:30] + middle[0:7] + middle[8:15] + middle[18:29]
    two = middle + check_digit(composite)
    parts = latin_name(full_name).split()
    three = ((parts[0] + "<<" + "<".join(parts[1:])) + "<" * LINE_LENGTH)[:LINE_LENGTH]
    return one, two, three
