"""Field extraction: from OCR lines of a classified document to contract fields.

Public surface (kept stable for `ingest`):
- `Field` — one extracted value with its confidence (0–1), validity and page.
- `FIELDS_BY_TYPE` — the contract's field names per document type.
- `extract_fields(doc_type, lines)` — the fields found (a field not found is absent).
- `extract_entities(text)` — for `unknown` documents: ID numbers, dates, phones, emails.
- `needs_review(doc_type, fields)` — any required field missing, invalid or unsure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..tesseract import Line

FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "citizen_id_card": (
        "id_number", "full_name", "date_of_birth", "sex", "nationality",
        "place_of_origin", "place_of_residence", "date_of_expiry",
    ),
    "birth_registration_form": (
        "requester_name", "requester_id_number", "child_name", "child_date_of_birth",
        "child_sex", "child_ethnicity", "place_of_birth",
    ),
    "application_form": (
        "applicant_name", "date_of_birth", "sex", "id_number", "place_of_residence", "phone", "email",
    ),
    "business_registration": (
        "enterprise_code", "company_name", "head_office_address", "first_registration_date",
        "charter_capital", "legal_representative", "representative_id_number",
    ),
    "land_use_certificate": (
        "owner_name", "owner_id_number", "parcel_number", "map_sheet_number", "area_m2",
        "land_address", "certificate_serial",
    ),
    "unknown": (),
}


@dataclass(frozen=True)
class Field:
    """One extracted value, normalised as the contract says."""

    value: str
    confidence: float
    valid: bool
    page: int


def extract_fields(doc_type: str, lines: Sequence[Line]) -> dict[str, Field]:
    """The contract fields of `doc_type` found in `lines`."""
    return {}


_ID = re.compile(r"\b\d{12}\b")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_PHONE = re.compile(r"\b0\d{9}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def extract_entities(text: str) -> dict[str, list[str]]:
    """ID numbers, dates (YYYY-MM-DD), phones and emails found anywhere in the text."""
    dates = [f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in _DATE.findall(text)]
    return {
        "id_numbers": sorted(set(_ID.findall(text))),
        "dates": sorted(set(dates)),
        "phones": sorted(set(_PHONE.findall(text))),
        "emails": sorted(set(_EMAIL.findall(text))),
    }


def needs_review(doc_type: str, fields: dict[str, Field]) -> bool:
    """True when a field of the type is missing, invalid or read with low confidence."""
    expected = FIELDS_BY_TYPE.get(doc_type, ())
    if doc_type == "unknown":
        return True
    return any(name not in fields or not fields[name].valid or fields[name].confidence < 0.8
               for name in expected)
