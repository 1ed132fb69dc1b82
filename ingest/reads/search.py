"""Search the catalogue as a clerk types: fold the query like the stored text, filter fields, cut snippets.

`documents.search_text` holds `ocr.text.fold(text + field values)`; the query is folded the same
way (`Nguyễn Văn Đức` → `nguyen van duc`) so diacritics never matter. Snippets are cut from the
original text around the first hit, so they show the document as printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from core.errors import InvalidRequest
from ocr.fields import ADDRESS_FIELDS, FIELDS_BY_TYPE
from ocr.text import fold, single_line
from storage.query import Cursor, Queries
from storage.scope import PROVINCE, Scope

from ..context import get_database

MAX_TERMS = 12
MAX_FILTER_CHARS = 200
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 140
# Every field name a filter may use: the contract's, plus the resolved address extras.
FIELD_NAMES: tuple[str, ...] = tuple(
    sorted(
        {name for names in FIELDS_BY_TYPE.values() for name in names}
        | {f"{name}_{part}" for name in ADDRESS_FIELDS for part in ("province", "commune")}
    )
)


@dataclass(frozen=True)
class Result:
    """One matching document and a snippet of its text around the first hit."""

    document_id: str
    dossier_id: str
    doc_type: str | None
    snippet: str


@dataclass(frozen=True)
class Found:
    """A page of results, the count (a lower bound when `total_is_lower_bound`), the next page's cursor."""

    results: list[Result]
    total: int
    total_is_lower_bound: bool
    next: str | None


def search(
    q: str | None,
    *,
    doc_type: str | None = None,
    fields: dict[str, str] | None = None,
    limit: int = 20,
    offset: int = 0,
    cursor: str | None = None,
    scope: Scope = PROVINCE,
) -> Found:
    """Digitised documents in `scope` holding every word of `q` (diacritics ignored) and every field value given."""
    terms = fold(q or "").split()
    if len(terms) > MAX_TERMS:
        raise InvalidRequest(f"The query has {len(terms)} words; use at most {MAX_TERMS}")
    if doc_type and doc_type not in FIELDS_BY_TYPE:
        raise InvalidRequest(f"Unknown doc_type '{doc_type[:40]}'; use one of: {', '.join(FIELDS_BY_TYPE)}")
    filters = []
    for name, value in (fields or {}).items():
        if name not in FIELD_NAMES:
            raise InvalidRequest(f"Unknown field 'field.{name[:40]}'; use one of: {', '.join(FIELD_NAMES)}")
        if len(value) > MAX_FILTER_CHARS:
            raise InvalidRequest(f"The value of field.{name} is longer than {MAX_FILTER_CHARS} characters")
        filters.append((name, single_line(value)))
    if cursor and offset:
        raise InvalidRequest("Give either 'cursor' or 'offset', not both")
    page = Queries(get_database()).search(
        terms,
        doc_type=doc_type,
        fields=filters,
        limit=limit,
        offset=offset,
        cursor=Cursor.parse(cursor) if cursor else None,
        scope=scope,
    )
    results = [Result(h.document_id, h.dossier_id, h.doc_type, snippet(h.text, terms)) for h in page.hits]
    return Found(results, page.total, page.total_is_lower_bound, page.next)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The text folded character by character, and for each folded character its index in `text`."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            piece = " "
        else:
            piece = "".join(c for c in unicodedata.normalize("NFD", fold(char)) if not unicodedata.combining(c))
        out.append(piece)
        where.extend([index] * len(piece))
    return "".join(out), where


def snippet(text: str, terms: list[str]) -> str:
    """About 200 characters of the original text around the first hit of any term (the start if none)."""
    if not text:
        return ""
    folded, where = _folded_with_positions(text)
    hits = [folded.find(term) for term in terms]
    hits = [h for h in hits if h >= 0]
    centre = where[min(hits)] if hits else 0
    start = max(0, centre - SNIPPET_BEFORE)
    end = min(len(text), centre + SNIPPET_AFTER)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and centre - space < SNIPPET_BEFORE + 20 else start
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space < end + 20 else end
    body = " ".join(text[start:end].split())
    return f"{'…' if start > 0 else ''}{body}{'…' if end < len(text) else ''}"
