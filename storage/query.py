"""Read-mostly questions of the catalogue for the API: search, daily counts, reviewers' corrections.

Same SQL on SQLite and PostgreSQL: search is `LIKE` on the already folded `documents.search_text`
(callers fold the query the same way), field filters are exact matches on the `fields` table.
Takes and gives plain values and records; must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, func, select

from core.errors import NotFound

from .models import DocumentRow, FieldRow, utcnow
from .records import Status

if TYPE_CHECKING:
    from .catalogue import Catalogue

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class SearchHit:
    """A document matching a search, with the text a snippet is cut from."""

    document_id: str
    dossier_id: str
    doc_type: str | None
    text: str


@dataclass(frozen=True)
class DayCount:
    """Documents received on one day of one type, by where they are now."""

    day: str
    doc_type: str
    received: int
    queued: int
    processing: int
    digitised: int
    failed: int
    needs_review: int


@dataclass(frozen=True)
class Correction:
    """A reviewer's value for one field, already normalised and checked by the caller."""

    name: str
    value: str
    valid: bool
    corrected_by: str


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Queries:
    """Search, statistics and corrections over the catalogue's tables."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._session = catalogue._session  # the catalogue's one seam for database errors

    def search(
        self, terms: Sequence[str], *, doc_type: str | None = None, fields: Sequence[tuple[str, str]] = (),
        limit: int = 20, offset: int = 0,
    ) -> tuple[list[SearchHit], int]:
        """Digitised documents whose folded text holds every term and whose fields match; newest first."""
        conditions = [DocumentRow.status == Status.DIGITISED.value]
        for term in terms:
            conditions.append(DocumentRow.search_text.like(f"%{_like_escape(term)}%", escape="\\"))
        if doc_type:
            conditions.append(DocumentRow.doc_type == doc_type)
        for name, value in fields:
            conditions.append(exists().where(and_(
                FieldRow.document_id == DocumentRow.id, FieldRow.name == name, FieldRow.value == value
            )))
        with self._session() as session:
            total = session.scalar(select(func.count()).select_from(DocumentRow).where(*conditions)) or 0
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.dossier_id, DocumentRow.doc_type, DocumentRow.text)
                .where(*conditions)
                .order_by(DocumentRow.created_at.desc(), DocumentRow.id)
                .limit(limit)
                .offset(offset)
            ).all()
        return [SearchHit(r[0], r[1], r[2], r[3] or "") for r in rows], int(total)

    def day_counts(self, first_day: str, last_day: str) -> list[DayCount]:
        """Counts per day received (`YYYY-MM-DD`, inclusive range) and per type, by current status.

        A document's type is the one found by classification, else the one requested at upload,
        else `unclassified` (still queued). `needs_review` counts digitised documents awaiting a reviewer.
        """
        kind = func.coalesce(DocumentRow.doc_type, DocumentRow.requested_doc_type, UNCLASSIFIED)
        with self._session() as session:
            rows = session.execute(
                select(DocumentRow.received_on, kind, DocumentRow.status, DocumentRow.needs_review, func.count())
                .where(DocumentRow.received_on >= first_day, DocumentRow.received_on <= last_day)
                .group_by(DocumentRow.received_on, kind, DocumentRow.status, DocumentRow.needs_review)
            ).all()
        cells: dict[tuple[str, str], dict[str, int]] = {}
        for day, doc_type, status, review, count in rows:
            cell = cells.setdefault((day, doc_type), dict.fromkeys((*Status, "needs_review"), 0))
            cell[status] = cell.get(status, 0) + count
            if status == Status.DIGITISED and review:
                cell["needs_review"] += count
        return [
            DayCount(
                day, doc_type, sum(c[s] for s in Status), c[Status.QUEUED], c[Status.PROCESSING],
                c[Status.DIGITISED], c[Status.FAILED], c["needs_review"],
            )
            for (day, doc_type), c in sorted(cells.items())
        ]

    def processing_seconds(self) -> tuple[float, int]:
        """(sum, count) of the processing time of every digitised document, for a Prometheus summary."""
        with self._session() as session:
            total, count = session.execute(
                select(func.coalesce(func.sum(DocumentRow.seconds), 0.0), func.count())
                .where(DocumentRow.status == Status.DIGITISED.value, DocumentRow.seconds.is_not(None))
            ).one()
        return float(total or 0.0), int(count or 0)

    def apply_corrections(
        self, document_id: str, corrections: Sequence[Correction], *, needs_review: bool, search_text: str,
        at: datetime | None = None,
    ) -> None:
        """Write reviewers' values beside the OCR ones, and the document's new review flag, in one transaction.

        The first correction of a field moves the OCR value to `ocr_value`; later ones keep it.
        """
        moment = at or utcnow()
        with self._session() as session:
            doc = session.get(DocumentRow, document_id)
            if doc is None:
                raise NotFound(f"No document with ID '{document_id}'")
            for fix in corrections:
                row = session.get(FieldRow, (document_id, fix.name))
                if row is None:
                    row = FieldRow(document_id=document_id, name=fix.name, page=0, ocr_value=None)
                    session.add(row)
                elif row.corrected_by is None:
                    row.ocr_value = row.value
                row.value = fix.value
                row.valid = fix.valid
                row.confidence = 1.0
                row.corrected_by = fix.corrected_by
                row.corrected_at = moment
            doc.needs_review = needs_review
            doc.search_text = search_text
            doc.updated_at = moment
