"""Field extraction: from OCR lines of a classified document to contract fields.

Public surface (kept stable for `ingest`):
- `Field` — one extracted value with its confidence (0–1), validity and page.
- `FIELDS_BY_TYPE` — the contract's field names per document type.
- `extract_fields(doc_type, lines)` — the fields found (a field not found is absent).
- `extract_entities(text)` — for `unknown` documents: ID numbers, dates, phones, emails.
- `needs_review(doc_type, fields)` — any required field missing, invalid or unsure.

Labels are found tolerantly (`locate`, `match`), values normalised, repaired only where a
validator proves it, and validated (`values`, `validate`, `ident`). Addresses also resolve to the
post-2025 province and commune (`address`), as extra fields `<field>_province`/`<field>_commune`.

What `valid` means (the contract: false when a value was read but fails its check), kind by kind:
- codes and dates: their structural check (MST check digit, calendar, ID province/century digits)
  and the cross-checks of one person: ID number vs birth date and sex; on a card, expiry vs birth
  date by the 25/40/60 rule. An ID number has no check digit (six random digits), so it must also be
  read with every word at least `CONFIDENT_WORD` sure.
- free text (names, addresses, company names) has no check at all; its check is made explicit here:
  every word a legal Vietnamese syllable (`syllable`) AND every word read at least `CONFIDENT_WORD`
  sure. A misreading into another real syllable passes spelling but not, as a rule, confidence.
Values stay in the output whether valid or not; `needs_review` says when a person must look.
See docs/fields.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..tesseract import Line, Word
from ..text import fold
from . import ident, official
from . import normalise as norm
from . import validate as val
from .address import resolve, restore_units
from .labels import SPECS
from .locate import Candidate, candidates
from .values import Reading, read

FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "citizen_id_card": (
        "id_number",
        "full_name",
        "date_of_birth",
        "sex",
        "nationality",
        "place_of_origin",
        "place_of_residence",
        "date_of_expiry",
        "issue_date",
        "old_id_number",
        "place_of_birth",
        "personal_identification",  # issue #15
    ),
    "birth_registration_form": (
        "requester_name",
        "requester_id_number",
        "child_name",
        "child_date_of_birth",
        "child_sex",
        "child_ethnicity",
        "place_of_birth",
    ),
    "application_form": (
        "applicant_name",
        "date_of_birth",
        "sex",
        "id_number",
        "place_of_residence",
        "phone",
        "email",
    ),
    "business_registration": (
        "enterprise_code",
        "company_name",
        "head_office_address",
        "first_registration_date",
        "charter_capital",
        "legal_representative",
        "representative_id_number",
    ),
    "land_use_certificate": (
        "owner_name",
        "owner_id_number",
        "parcel_number",
        "map_sheet_number",
        "area_m2",
        "land_address",
        "certificate_serial",
    ),
    "official_document": (
        "issuing_authority",
        "document_number",
        "issue_place",
        "issue_date",
        "document_kind",
        "subject",
        "signer_name",
        "signer_title",
    ),
    "unknown": (),
}

CARD_FIELDS = FIELDS_BY_TYPE["citizen_id_card"]
# Fields a document of the type may lack without anything being wrong.
OPTIONAL_FIELDS: dict[str, frozenset[str]] = {
    "application_form": frozenset({"email"}),
    "citizen_id_card": frozenset(
        {
            "place_of_origin",  # not printed on the 2024 Căn cước
            "issue_date",
            "old_id_number",
            "place_of_birth",
            "personal_identification",
        }
    ),
}
# A field read with less confidence than this sends the document to review. Tesseract gives the
# words of a clean 300 dpi scan 85–96; under 70 the reading is wrong often enough to be checked.
REVIEW_BELOW = 0.70
# Confidence multipliers: a value that fails its validator is unsure whatever OCR said; a value
# that needed an OCR repair is a little less sure than one read straight.
INVALID_FACTOR = 0.5
REPAIRED_FACTOR = 0.9
POSITION_FACTOR = 0.8  # a value found by its place on a card is less sure than one after its label
# Values with nothing that proves them but their spelling (free text) or their shape (ID numbers,
# whose last six digits are random; phones, e-mails, parcel numbers, areas, amounts, serials) are
# valid only when every word of them was read at least this sure (Tesseract's 0-100). Calibrated on
# generated samples read by the real pipeline: right values read 88-97, misread ones that still
# spell well (`DỮNG` for `DŨNG`, `TUẦN` for `TUẤN`) or keep their shape mostly under 85. Codes with a
# check digit, dates (calendar and cross-checks) and closed sets (sex, ethnicity) do not need it.
CONFIDENT_WORD = 85.0
PROVEN_BY_CONFIDENCE = frozenset(
    {"name", "company", "address", "text", "id", "phone", "email", "digits", "area", "money", "serial"}
)
ADDRESS_FIELDS = ("place_of_residence", "place_of_origin", "place_of_birth", "head_office_address", "land_address")
_SERIAL_ANYWHERE = re.compile(r"\b[A-Z]{2} ?\d{6}\b")


@dataclass(frozen=True)
class Field:
    """One extracted value, normalised as the contract says."""

    value: str
    confidence: float
    valid: bool
    page: int
    source: str = "ocr"  # or "qr", "mrz" (an ID card's codes: ocr.idcard)
    box: tuple[int, int, int, int] | None = None  # [x0, y0, x1, y1] of its words, in the OCR image's pixels


def word_box(words: Sequence[Word]) -> tuple[int, int, int, int] | None:
    """The smallest box around `words` (OCR image pixels), or None for no words."""
    if not words:
        return None
    return (
        min(w.left for w in words),
        min(w.top for w in words),
        max(w.left + w.width for w in words),
        max(w.top + w.height for w in words),
    )


def _ocr_confidence(words: tuple[Word, ...], fallback: float) -> float:
    total = sum(len(w.text) for w in words)
    if not total:
        return max(0.0, min(1.0, fallback / 100))
    return max(0.0, min(1.0, sum(w.confidence * len(w.text) for w in words) / total / 100))


def _value_words(words: tuple[Word, ...], value: str) -> tuple[Word, ...]:
    """The words the value was read from: without junk cut off its ends or a word a proven repair
    replaced there (a respelled surname), i.e. from the first to the last word found in the value."""
    key = "".join(ch for ch in value.lower() if ch.isalnum())
    found = [i for i, w in enumerate(words) if (k := "".join(c for c in w.text.lower() if c.isalnum())) and k in key]
    return words[found[0] : found[-1] + 1] if found else words


def _confident(words: tuple[Word, ...], fallback: float) -> bool:
    confidences = [w.confidence for w in words if any(ch.isalnum() for ch in w.text)]
    return min(confidences, default=fallback) >= CONFIDENT_WORD


def _field(reading: Reading, cand: Candidate, kind: str, unsure: set[str]) -> Field:
    words = _value_words(cand.words, reading.value)
    box = word_box(words)
    conf = _ocr_confidence(words, cand.line_confidence) * cand.label_quality
    if kind == "name" and words and norm.SURNAMES.get(fold(words[0].text)) == reading.value.split()[0]:
        words = words[1:]  # a common surname (respelled here or by `ocr.page`): the list vouches for it
    if not reading.valid:
        conf *= INVALID_FACTOR
    if reading.repaired:
        conf *= REPAIRED_FACTOR
    if kind in PROVEN_BY_CONFIDENCE and not _confident(words, cand.line_confidence):
        unsure.add(cand.field)
    if kind == "name" and norm.name_marks_doubtful(reading.value):
        unsure.add(cand.field)  # a rare name where a common one differs by a mark: the mark is unproven
    return Field(reading.value, round(conf, 3), reading.valid, cand.page, box=box)


def extract_fields(doc_type: str, lines: Sequence[Line]) -> dict[str, Field]:
    """The contract fields of `doc_type` found in `lines`, plus resolved-address extras."""
    if doc_type == "official_document":
        return _official_fields(lines)
    specs = {spec.field: spec for spec in SPECS.get(doc_type, ()) if spec.field}
    if not specs:
        return {}
    found = candidates(doc_type, lines)
    first_row: dict[str, int] = {}
    for cand in found:
        first_row.setdefault(cand.field, cand.order)
    fields: dict[str, Field] = {}
    raws: dict[str, str] = {}
    unsure: set[str] = set()
    for cand in found:
        spec = specs[cand.field]
        if cand.field in fields or (spec.after and cand.order < first_row.get(spec.after, -1)):
            continue
        reading = read(spec.kind, cand.raw)
        if reading is not None:
            fields[cand.field] = _field(reading, cand, spec.kind, unsure)
            raws[cand.field] = cand.raw
    if doc_type == "citizen_id_card" and "id_number" not in fields:
        _card_number(lines, fields, raws, unsure)
    if doc_type == "land_use_certificate" and "certificate_serial" not in fields:
        _serial_anywhere(lines, fields)
    _cross_check(doc_type, fields, raws, unsure)
    _add_admin_units(fields)
    for name in unsure & fields.keys():  # read too unsure to be proven: kept, but not valid
        if fields[name].valid:
            fields[name] = replace(fields[name], valid=False)
    return fields


def _official_fields(lines: Sequence[Line]) -> dict[str, Field]:
    """An official document's fields from its parts (`official`): free text is valid only when read
    at least `CONFIDENT_WORD` sure, like every other free text."""
    fields = {}
    for name, found in official.extract(lines).items():
        if found.confidence is not None:
            conf = found.confidence
        else:
            conf = _ocr_confidence(found.words, 0.0) if found.words else 0.5
        proven = found.confidence is not None or name in {"issue_date", "document_kind"}  # a list or a calendar
        valid = found.valid and (proven or _confident(found.words, 0.0))
        if not found.valid:
            conf *= INVALID_FACTOR
        fields[name] = Field(found.value, round(conf, 3), valid, found.page)
    return fields


def _card_number(lines: Sequence[Line], fields: dict[str, Field], raws: dict[str, str], unsure: set[str]) -> None:
    """An ID card whose number label was not read (`sø/No:`): the first line with a 12-digit run."""
    line = ident.number_line([ln for ln in lines if "<" not in ln.text])
    reading = read("id", line.text) if line else None
    if line is None or reading is None:
        return
    cand = Candidate("id_number", line.text, line.words, line.confidence, line.page, 0, 0.9)
    fields["id_number"] = _field(reading, cand, "id", unsure)
    raws["id_number"] = line.text


def _serial_anywhere(lines: Sequence[Line], fields: dict[str, Field]) -> None:
    for line in lines:
        match = _SERIAL_ANYWHERE.search(line.text)
        if match:
            value = match.group().replace(" ", "")
            words = tuple(w for w in line.words if w.text in match.group())
            conf = _ocr_confidence(words, line.confidence) * 0.9  # no label: a little less sure
            fields["certificate_serial"] = Field(
                value, round(conf, 3), val.serial(value), line.page, box=word_box(words)
            )
            return


def _cross_check(doc_type: str, fields: dict[str, Field], raws: dict[str, str], unsure: set[str]) -> None:
    """Checks between fields of one person: ID number against birth date and sex; on a card, the
    expiry date against the birth date (25/40/60 rule)."""
    if doc_type not in {"citizen_id_card", "application_form"}:
        return
    number, dob, sex = fields.get("id_number"), fields.get("date_of_birth"), fields.get("sex")
    dob_value = dob.value if dob and dob.valid else None
    sex_value = sex.value if sex and sex.valid else None
    if number and not val.personal_id(number.value, dob_value, sex_value):
        repaired = ident.repair_with(raws["id_number"], dob_value, sex_value)
        if repaired:
            confidence = round(number.confidence * REPAIRED_FACTOR, 3)
            fields["id_number"] = replace(number, value=repaired, confidence=confidence, valid=True)
        elif number.valid:  # one of them is misread, and nothing says which: both go to review
            fields["id_number"] = _invalid(number)
            if dob and not val.personal_id(number.value, dob_value, None):
                fields["date_of_birth"] = _invalid(dob)
            if sex and not val.personal_id(number.value, None, sex_value):
                fields["sex"] = _invalid(sex)
    expiry = fields.get("date_of_expiry")
    if expiry and expiry.valid and dob_value and not ident.expiry_matches_birth(dob_value, expiry.value):
        fields["date_of_expiry"] = _invalid(expiry)
        number = fields.get("id_number")
        if not (number and number.valid and "id_number" not in unsure):  # nothing else vouches for the birth date
            fields["date_of_birth"] = _invalid(fields["date_of_birth"])


def _invalid(field: Field) -> Field:
    return replace(field, valid=False, confidence=round(field.confidence * INVALID_FACTOR, 3))


def _add_admin_units(fields: dict[str, Field]) -> None:
    for name in ADDRESS_FIELDS:
        field = fields.get(name)
        if field is None:
            continue
        restored = restore_units(field.value)
        if restored != field.value:
            field = fields[name] = replace(field, value=restored)
        unit = resolve(field.value)
        if unit is None:
            continue
        fields[f"{name}_province"] = Field(unit.province, field.confidence, True, field.page, box=field.box)
        if unit.commune:
            fields[f"{name}_commune"] = Field(unit.commune, field.confidence, True, field.page, box=field.box)


_ID = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+84|0)[35789](?:[ .]?\d){8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = re.compile(
    r"(?<!\d)\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}(?!\d)|ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm"
    r"\s*\d{4}",
    re.IGNORECASE,
)


def extract_entities(text: str) -> dict[str, list[str]]:
    """ID numbers, real dates (YYYY-MM-DD), phones and emails found anywhere in the text."""
    dates = {d for d in (norm.date(m.group()) for m in _DATE.finditer(text)) if d and val.calendar_date(d)}
    phones = {p for p in (norm.phone(m.group()) for m in _PHONE.finditer(text)) if p and val.phone(p)}
    emails = {e for e in (norm.email(m.group()) for m in _EMAIL.finditer(text)) if e and val.email(e)}
    return {
        "id_numbers": sorted(set(_ID.findall(text))),
        "dates": sorted(dates),
        "phones": sorted(phones),
        "emails": sorted(emails),
    }


def needs_review(doc_type: str, fields: dict[str, Field]) -> bool:
    """True when a required field of the type is missing, invalid or below `REVIEW_BELOW`.

    Only the contract's fields count; extra fields (resolved provinces and communes) never do.
    An `unknown` document always needs review: someone has to say what it is.
    """
    if doc_type not in FIELDS_BY_TYPE or doc_type == "unknown":
        return True
    optional = OPTIONAL_FIELDS.get(doc_type, frozenset())
    for name in FIELDS_BY_TYPE[doc_type]:
        field = fields.get(name)
        if field is None:
            if name in optional:
                continue
            return True
        if not field.valid or field.confidence < REVIEW_BELOW:
            return True
    return False
