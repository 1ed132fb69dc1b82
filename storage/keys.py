"""The object key layout and the dossier ID shape that keeps keys safe.

{dossier_id}/{document_id}/original.{ext}
{dossier_id}/{document_id}/pages/{n:04d}.png
{dossier_id}/{document_id}/searchable.pdf
{dossier_id}/{document_id}/result.json
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

from core.errors import InvalidDossierId, NotFound

# Circular 01/2018/TT-VPCP Art. 19: agency code (QCVN 102:2016), date received, order number that day.
DOSSIER_ID_SHAPE = "AAA.BB.CC.DNN-YYMMDD-NNNN"
DOSSIER_ID_EXAMPLE = "000.00.36.H36-251125-0001"
_DOSSIER_ID = re.compile(r"^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4,8})$")
_DOCUMENT_ID = re.compile(r"^[0-9a-f]{32}$")
_PAGE_NAME = re.compile(r"^pages/(\d{1,4})$")


def validate_dossier_id(raw: str) -> str:
    """Return the dossier ID if it has the one-stop shape, else raise `InvalidDossierId`."""
    text = (raw or "").strip(" ")
    shown = text.encode("unicode_escape").decode("ascii")[:60]
    match = _DOSSIER_ID.fullmatch(text.upper())
    if not match:
        raise InvalidDossierId(
            f"Dossier ID '{shown}' is not a one-stop dossier code: expected {DOSSIER_ID_SHAPE}, "
            f"for example {DOSSIER_ID_EXAMPLE}"
        )
    yy, mm, dd = (int(match.group(i)) for i in (5, 6, 7))
    try:
        date(2000 + yy, mm, dd)
    except ValueError:
        raise InvalidDossierId(
            f"Dossier ID '{shown}' carries an impossible date received ({dd:02d}/{mm:02d}/20{yy:02d})"
        ) from None
    return text.upper()


def new_document_id() -> str:
    """A fresh, unguessable document ID (32 hex digits)."""
    return uuid.uuid4().hex


def validate_document_id(raw: str) -> str:
    """Return the document ID if it is 32 lower-case hex digits, else raise `NotFound`."""
    if not _DOCUMENT_ID.fullmatch(raw or ""):
        raise NotFound(f"No document with ID '{(raw or '')[:40]}'")
    return raw


@dataclass(frozen=True)
class DocumentKeys:
    """Every object key of one document."""

    dossier_id: str
    document_id: str

    @property
    def prefix(self) -> str:
        return f"{self.dossier_id}/{self.document_id}/"

    def original(self, ext: str) -> str:
        return f"{self.prefix}original.{ext}"

    def page(self, number: int) -> str:
        return f"{self.prefix}pages/{number:04d}.png"

    @property
    def searchable_pdf(self) -> str:
        return f"{self.prefix}searchable.pdf"

    def searchable_version(self, number: int) -> str:
        """Where an earlier signed copy is kept when the document is digitised again: versions/searchable.N.pdf."""
        return f"{self.prefix}versions/searchable.{number}.pdf"

    @property
    def result(self) -> str:
        return f"{self.prefix}result.json"


def parse_key(key: str) -> tuple[str, str, str] | None:
    """Split a key into (dossier_id, document_id, rest), or None if it is not of our layout."""
    parts = key.split("/", 2)
    if len(parts) != 3:
        return None
    dossier_id, document_id, rest = parts
    if not _DOSSIER_ID.fullmatch(dossier_id) or not _DOCUMENT_ID.fullmatch(document_id):
        return None
    return dossier_id, document_id, rest


def page_number_from_name(name: str) -> int | None:
    """`pages/3` → 3 (the API's file names); None for anything else."""
    match = _PAGE_NAME.fullmatch(name)
    return int(match.group(1)) if match else None
