"""Print against QR code against MRZ: which value each card field takes, and every disagreement.

A card carries up to three readings of the same facts: the print (OCR, unsure), the QR code on the
front (exact, UTF-8) and the MRZ on the back (exact once its check digits pass, but without
diacritics and with only some fields). Each field takes the most exact reading there is
(`qr` > `mrz` > `ocr`, recorded as its `source`). Each disagreement between two readings is a
finding; the field is then `valid: false` and the document goes to review, because a photocopy whose
print was altered differs from its code in exactly this way.

OCR noise must not be taken for an alteration. Free text (names, addresses) disagrees only when the
print was read sure and well spelt (`valid`) and differs; an unsure print of it is a misreading.
Dates, numbers and sex have no OCR-sized difference: any other well-formed value disagrees (OCR
confidence cannot tell an altered digit, printed cleanly, from a misread one). Words missing at
either end of a printed text (glare, the card's edge) are a misreading.
A name is judged word by word when its words' confidences are known: a print unsure only in words
the code spells alike (letters, not marks) still disagrees when another of its words is a different
well-spelt syllable read at least `WORD_EVIDENCE` sure (`QUỐC` at 51 beside an altered `DỤNG` at 71);
a word one letter off, or shorter than the code's (glare loses letters: `THU` read `TI`, `PHƯƠNG`
read `PHƯ`), is a misreading, unless it has two letters the code's word lacks (`YÊN` for `HẠNH`), which
counts from 50 sure.
The MRZ's Latin name confirms the printed name with its diacritics removed (`Đ` → `D`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq, Levenshtein

from ..fields import REVIEW_BELOW
from ..fields.ident import expiry_matches_birth
from ..fields.normalise import respell_surname
from ..fields.syllable import is_syllable
from ..text import fold
from .mrz import Mrz, latin_name
from .qr import QrPayload

EXACT_KINDS = frozenset({"id_number", "old_id_number", "date_of_birth", "date_of_expiry", "issue_date", "sex"})
# The MRZ name has no check digit: OCR-B's `<` is read as K and a stray letter appears; a name altered
# on the print differs by a whole word. Up to this many edits are the zone's noise, not a disagreement.
MRZ_NAME_NOISE = 2
# A name word that differs from the code's is evidence of an alteration only read this sure (0-100):
# the confidence below which a field goes to review anyway, under the 85 a whole name needs to be valid.
WORD_EVIDENCE = 100 * REVIEW_BELOW
# A word with at least `FOREIGN_LETTERS` letters the code's word does not have (beyond their longest common
# run in order) is no misreading of it: glare and the edge lose letters, OCR confuses like shapes. Such a
# word is evidence read this sure (`YÊN` at 66 printed for `HẠNH`, seed 220's altered photocopy).
FOREIGN_LETTERS = 2
FOREIGN_EVIDENCE = 50.0  # under WORD_EVIDENCE
MESSAGES = {
    "qr_print_mismatch": "Giá trị in trên thẻ khác với mã QR",
    "mrz_print_mismatch": "Giá trị in trên thẻ khác với vùng MRZ",
    "qr_mrz_mismatch": "Mã QR và vùng MRZ không khớp nhau",
}
FIELD_NAMES = {
    "id_number": "số định danh",
    "old_id_number": "số CMND cũ",
    "full_name": "họ và tên",
    "date_of_birth": "ngày sinh",
    "sex": "giới tính",
    "place_of_residence": "nơi cư trú",
    "issue_date": "ngày cấp",
    "date_of_expiry": "ngày hết hạn",
}


@dataclass(frozen=True)
class Printed:
    """A value read off the print: normalised value, and whether it passed its checks sure."""

    value: str
    valid: bool
    confidence: float = 1.0
    words: tuple[float, ...] = ()  # each word's confidence (0-100), when known (names)


@dataclass(frozen=True)
class Finding:
    """A disagreement between two readings of one card field."""

    code: str
    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        """The contract's finding object."""
        return {"code": self.code, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Chosen:
    """The value a field takes, where it came from, and whether it stands (no disagreement)."""

    value: str
    source: str
    valid: bool


@dataclass(frozen=True)
class CrossCheck:
    """Every field's chosen value, and the findings."""

    values: dict[str, Chosen]
    findings: tuple[Finding, ...]
    confirmed: frozenset[str]  # printed values another reading vouches for


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).upper() == " ".join(b.split()).upper()


def _disagrees(field: str, printed: Printed, exact: str) -> bool:
    """Whether a printed value disagrees with an exact one (rather than being a misreading of it)."""
    if field in EXACT_KINDS:
        if field in {"id_number", "old_id_number"} and len(printed.value) != len(exact):
            return False  # a digit lost or doubled under glare; an altered number keeps its length
        if field == "date_of_expiry" and not printed.valid:
            return False  # an expiry that breaks the 25/40/60 rule was misread, not altered to pass
        return printed.value != exact and _well_formed(field, printed.value)
    if _same_text(printed.value, exact):
        return False
    if _part_of(printed.value.upper(), exact.upper()):
        return False  # words lost under glare or at the card's edge: a misreading, not another value
    if printed.valid:
        return True
    # an unsure print is a misreading, unless a word of it that is sure enough spells another name
    return field == "full_name" and _word_differs(printed, exact.split())


def _word_differs(printed: Printed, exact: list[str]) -> bool:
    """A well-spelt word of the printed name that is another word than the one `exact` has in its place:
    read at least `WORD_EVIDENCE` sure, not the same letters, nor one letter lost, added or changed, nor a
    shorter word (glare and the card's edge lose letters, they do not add them); or, read at least
    `FOREIGN_EVIDENCE` sure, with `FOREIGN_LETTERS` or more letters the code's word does not have."""
    words = printed.value.split()
    if len(printed.words) != len(words) or len(words) != len(exact):
        return False
    for word, confidence, other in zip(words, printed.words, exact, strict=True):
        ours, theirs = fold(word).upper(), fold(other).upper()
        if ours == theirs or confidence < FOREIGN_EVIDENCE or not is_syllable(word):  # the lower floor
            continue
        if confidence >= WORD_EVIDENCE and len(ours) >= len(theirs) and Levenshtein.distance(ours, theirs) > 1:
            return True
        if len(ours) - LCSseq.similarity(ours, theirs) >= FOREIGN_LETTERS:
            return True
    return False


def _part_of(text: str, whole: str) -> bool:
    """`text` is the first or the last words of `whole`."""
    words, all_words = text.split(), whole.split()
    return bool(words) and (all_words[: len(words)] == words or all_words[-len(words) :] == words)


def _well_formed(field: str, value: str) -> bool:
    """A number of a card number's length, a real date, a sex: malformed readings are misreadings."""
    if field in {"id_number", "old_id_number"}:
        return re.fullmatch(r"\d{9}|\d{12}", value) is not None
    if field == "sex":
        return value in {"Nam", "Nữ"}
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _mrz_values(mrz: Mrz) -> dict[str, str]:
    """The zone's values; an expiry only when it is the zone's own birthday in a renewal year. A check
    digit weighs a date's first two digits 7 and 3, so OCR-B's 3 read as 5 in both (`330709` as
    `550709`) passes every check; the 25/40/60 rule does not let it through."""
    values = {"date_of_birth": mrz.date_of_birth}
    if mrz.id_number:
        values["id_number"] = mrz.id_number
    if mrz.sex:
        values["sex"] = mrz.sex
    if mrz.date_of_expiry and expiry_matches_birth(mrz.date_of_birth, mrz.date_of_expiry):
        values["date_of_expiry"] = mrz.date_of_expiry
    return values


def _name_matches_mrz(name: str, mrz: Mrz) -> bool:
    """The MRZ name is the printed name without diacritics (cut where the 30-character line ends)."""
    ours, zone = latin_name(name), mrz.name
    return bool(zone) and (ours == zone or (len(ours) > len(zone) and ours.startswith(zone)))


def _finding(code: str, field: str, detail: str) -> Finding:
    return Finding(code, field, f"{MESSAGES[code]} ({FIELD_NAMES.get(field, field)}: {detail})")


def number_part_disagrees(digits: str, qr: QrPayload | None, mrz: Mrz | None) -> Finding | None:
    """A run of the number's digits read sure where glare ate the rest (`71234731` of `060171234731`)
    that the code's number does not hold: its digits were altered (an altered number keeps its length,
    so a part of it read shows the change as the whole number would)."""
    for code, exact in (
        ("qr_print_mismatch", qr.id_number if qr else None),
        ("mrz_print_mismatch", mrz and mrz.id_number),
    ):
        if exact and digits not in exact:
            return _finding(code, "id_number", f"in '…{digits}', {'QR' if code.startswith('qr') else 'MRZ'} {exact!r}")
    return None


def cross_check(printed: Mapping[str, Printed], qr: QrPayload | None, mrz: Mrz | None) -> CrossCheck:
    """Choose each field's value among print, QR and MRZ, and find every disagreement."""
    findings: list[Finding] = []
    values: dict[str, Chosen] = {}
    confirmed: set[str] = set()
    qr_values = qr.fields() if qr else {}
    mrz_values = _mrz_values(mrz) if mrz else {}
    for field in sorted(set(printed) | set(qr_values) | set(mrz_values)):
        seen = printed.get(field)
        from_qr, from_mrz = qr_values.get(field), mrz_values.get(field)
        valid = True
        if seen and from_qr is not None and _disagrees(field, seen, from_qr):
            findings.append(_finding("qr_print_mismatch", field, f"in {seen.value!r}, QR {from_qr!r}"))
            valid = False
        if seen and from_mrz is not None and _disagrees(field, seen, from_mrz):
            findings.append(_finding("mrz_print_mismatch", field, f"in {seen.value!r}, MRZ {from_mrz!r}"))
            valid = False
        if from_qr is not None and from_mrz is not None and from_qr != from_mrz:
            findings.append(_finding("qr_mrz_mismatch", field, f"QR {from_qr!r}, MRZ {from_mrz!r}"))
            valid = False
        if from_qr is not None:
            values[field] = Chosen(from_qr, "qr", valid)
        elif from_mrz is not None:
            values[field] = Chosen(from_mrz, "mrz", valid)
        elif seen:
            values[field] = Chosen(seen.value, "ocr", seen.valid)
        if seen and valid and (from_qr is not None or from_mrz is not None):
            confirmed.add(field)
    name = printed.get("full_name")
    if mrz and name:
        words = name.value.split()
        tail = next(
            (" ".join(words[i:]) for i in range(1, len(words) - 1) if latin_name(" ".join(words[i:])) == mrz.name), None
        )
        if tail and not _name_matches_mrz(name.value, mrz):  # a label's remains read before the name
            tail = respell_surname(tail)  # now first, a surname misread (`TRẤN`) is the one it folds to
            name = Printed(tail, name.valid, name.confidence)
            if values["full_name"].source == "ocr":
                values["full_name"] = Chosen(tail, "ocr", values["full_name"].valid)
        if _name_matches_mrz(name.value, mrz):  # the letters, not the diacritics: validity stays the print's
            confirmed.add("full_name")
        elif (
            name.valid
            and Levenshtein.distance(latin_name(name.value), mrz.name) > MRZ_NAME_NOISE
            and not _part_of(latin_name(name.value), mrz.name)
        ) or (not name.valid and _word_differs(name, mrz.name.split())):
            findings.append(_finding("mrz_print_mismatch", "full_name", f"in {name.value!r}, MRZ {mrz.name!r}"))
            chosen = values["full_name"]
            values["full_name"] = Chosen(chosen.value, chosen.source, False)
            confirmed.discard("full_name")
    return CrossCheck(values, tuple(findings), frozenset(confirmed))
