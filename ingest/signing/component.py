"""Component metadata of a digitised copy: what the uploader may give, how it is checked, where it goes.

Given at upload (form fields or CSV manifest columns of these names, all optional):
`procedure_code` (national `N.NNNNNN`, or with the agency appended as provincial systems do),
`component_code` (MaThanhPhanHoSo), `component_name`, `retention` (whole years or `permanent`),
`access_level`. sohoa adds `digitised_by` (the API key, user or CLI that received the file) at
receipt and, once the signed copy exists, `digitised_at`, `dpi`, `ocr_engine`, `page_count`,
`signed_sha256`, `signed_by`, `pdfa`. All of it sits in the catalogue row's `component` column, on
the document JSON, and (but the signed copy's own hash) in the PDF's XMP.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from core.errors import InvalidRequest

CLI_OPERATOR = "sohoa CLI"  # who received a file given to the command line (with the user's name)
UPLOAD_FIELDS = ("procedure_code", "component_code", "component_name", "retention", "access_level")
FILLED_FIELDS = (
    "digitised_by",
    "digitised_at",
    "dpi",
    "ocr_engine",
    "page_count",
    "signed_sha256",
    "signed_by",
    "pdfa",
)
_PROCEDURE = re.compile(r"\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?")
_CODE = re.compile(r"[\w.\-]{1,64}")
_MAX_NAME = 300
# catalogue/JSON name -> XMP sohoa: property (ocr.pdfa.PROPERTIES)
XMP_NAMES = {
    "procedure_code": "procedureCode",
    "component_code": "componentCode",
    "component_name": "componentName",
    "retention": "retention",
    "access_level": "accessLevel",
    "digitised_by": "digitisedBy",
    "digitised_at": "digitisedAt",
    "dpi": "dpi",
    "ocr_engine": "ocrEngine",
    "page_count": "pageCount",
}


def _clean(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def validate_component(raw: Mapping[str, str | None]) -> dict[str, str]:
    """The upload's component metadata, normalised (NFC, single spaces); `InvalidRequest` for a bad value."""
    out: dict[str, str] = {}
    for name in UPLOAD_FIELDS:
        value = _clean(raw.get(name) or "")
        if not value:
            continue
        if name == "procedure_code" and not _PROCEDURE.fullmatch(value):
            raise InvalidRequest(
                f"procedure_code '{value}' is not a national procedure code such as 1.001612 "
                "(or 1.001612.000.00.00.H48 with the agency)"
            )
        if name in ("component_code", "access_level") and not _CODE.fullmatch(value):
            raise InvalidRequest(f"{name} '{value}' must be 1 to 64 letters, digits, dots, dashes or underscores")
        if name == "retention":
            value = value.lower()
            if value not in ("permanent", "vĩnh viễn") and not (value.isdigit() and 0 < int(value) <= 200):
                raise InvalidRequest(f"retention '{value}' must be a number of years (1 to 200) or 'permanent'")
            value = "permanent" if not value.isdigit() else str(int(value))
        if name == "component_name" and len(value) > _MAX_NAME:
            raise InvalidRequest(f"component_name is longer than {_MAX_NAME} characters")
        out[name] = value
    return out


def with_operator(component: Mapping[str, str], operator: str | None) -> dict[str, str] | None:
    """The metadata to catalogue at receipt: the upload's fields and who received the file (None if neither)."""
    out = dict(component)
    if operator:
        out["digitised_by"] = _clean(operator)[:128]
    return out or None


def component_json(component: Mapping[str, Any] | None) -> dict[str, Any]:
    """The metadata as the document JSON carries it: the contract's names, only those known."""
    if not component:
        return {}
    return {name: component[name] for name in (*UPLOAD_FIELDS, *FILLED_FIELDS) if component.get(name) is not None}


def xmp_properties(component: Mapping[str, Any], dossier_id: str, document_id: str, sha256: str) -> dict[str, str]:
    """The sohoa: XMP properties of a copy (everything but its own hash, which cannot be inside it)."""
    out = {"dossierId": dossier_id, "documentId": document_id, "originalSha256": sha256}
    for name, prop in XMP_NAMES.items():
        if component.get(name) is not None:
            out[prop] = str(component[name])
    return out
