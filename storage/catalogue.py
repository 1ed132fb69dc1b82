"""The catalogue of dossiers, documents, pages and fields, over SQLAlchemy (SQLite or PostgreSQL).

Callers get and give `storage.records` dataclasses, never ORM rows. Transactions are the shared
`storage.database.Database`'s (`catalogue.database`, also given to `Access`, `Users` and `Queries`),
whose one seam turns database failures into `CatalogueUnavailable` (retryable). The upload's two
statements (`find_document`, `add_document`) are prepared Core statements: the ORM's unit of work cost
~1 ms of CPU per upload.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, select, tuple_, update
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import NotFound

from .database import Database
from .models import DocumentRow, DossierRow, FieldRow, PageRow, utcnow
from .records import DocumentRecord, FieldRecord, NewDocument, PageRecord, ResultRecord, Status
from .scope import agency_of

_DOCUMENTS = cast(Table, DocumentRow.__table__)
_DOSSIERS = cast(Table, DossierRow.__table__)
_FIND_DOCUMENT = select(_DOCUMENTS).where(
    _DOCUMENTS.c.dossier_id == bindparam("dossier_id"), _DOCUMENTS.c.sha256 == bindparam("sha256")
)
_INSERT_DOCUMENT = _DOCUMENTS.insert()


class _Columns:
    """Column values read as attributes, as `DocumentRecord.from_row` reads a row."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def _page(p: PageRow) -> PageRecord:
    return PageRecord(
        p.number,
        p.text,
        p.confidence,
        p.rotation,
        p.skew,
        p.dpi,
        p.key,
        tuple(p.steps or ()),
        p.side,
        tuple(p.regions or ()),
    )


def _field(f: FieldRow) -> FieldRecord:
    return FieldRecord(
        f.name,
        f.value,
        f.confidence,
        f.valid,
        f.page,
        f.ocr_value,
        f.corrected_by,
        f.corrected_at,
        tuple(f.box) if f.box else None,
        f.source,
    )


class Catalogue:
    """Every read and write of the catalogue."""

    def __init__(self, database: Database | str, *, create: bool = True) -> None:
        """Over a shared `Database`, or over a new one at a URL (its schema made unless `create` is False)."""
        self.database = Database(database, create=create) if isinstance(database, str) else database
        self._session = self.database.session
        self._connection = self.database.connection
        # A dossier row is made by its first document; later ones leave it alone. The dialect's module is
        # imported here, for the one in use: PostgreSQL's would slow every SQLite command (bench/cli_startup.py).
        dialect = importlib.import_module(f"sqlalchemy.dialects.{self.database.dialect}")
        self._insert_dossier = dialect.insert(_DOSSIERS).on_conflict_do_nothing(index_elements=[_DOSSIERS.c.id])

    @property
    def url(self) -> str:
        """The database's URL."""
        return self.database.url

    @property
    def engine(self) -> Engine:
        """The database's engine (for tests and tools that go beneath the records)."""
        return self.database.engine

    def create_schema(self) -> None:
        """Make or migrate the schema (`Database.create_schema`)."""
        self.database.create_schema()

    def check(self) -> None:
        """Raise `CatalogueUnavailable` unless the database answers."""
        self.database.check()

    # -- documents -------------------------------------------------------------------------------

    def find_document(self, dossier_id: str, sha256: str) -> DocumentRecord | None:
        """The document of that dossier with that SHA-256, if any (without pages and fields)."""
        with self._connection() as connection:
            row = connection.execute(_FIND_DOCUMENT, {"dossier_id": dossier_id, "sha256": sha256}).first()
        return None if row is None else DocumentRecord.from_row(row, pages=(), fields=())

    def add_document(self, new: NewDocument) -> tuple[DocumentRecord, bool]:
        """Insert a queued document (and its dossier); (existing, False) if that file is already there."""
        now = utcnow()
        values = {
            "id": new.document_id,
            "dossier_id": new.dossier_id,
            "agency": agency_of(new.dossier_id),
            "parent_id": new.parent_id,
            "source": new.source,
            "sha256": new.sha256,
            "media_type": new.media_type,
            "ext": new.ext,
            "size_bytes": new.size_bytes,
            "requested_doc_type": new.requested_doc_type,
            "doc_type": None,
            "doc_type_confidence": None,
            "status": Status.QUEUED.value,
            "error": None,
            "error_code": None,
            "needs_review": False,
            "page_count": new.page_count,
            "confidence": None,
            "text": "",
            "search_text": "",
            "entities": None,
            "objects": {"original": new.original_key},
            "attempts": 0,
            "received_on": now.date().isoformat(),
            "created_at": now,
            "updated_at": now,
            "started_at": None,
            "finished_at": None,
            "seconds": None,
            "component": new.component,
        }
        try:
            with self._connection() as connection:
                connection.execute(self._insert_dossier, {"id": new.dossier_id, "created_at": now})
                connection.execute(_INSERT_DOCUMENT, values)
        except IntegrityError:
            existing = self.find_document(new.dossier_id, new.sha256)
            if existing is None:
                raise
            return existing, False
        return DocumentRecord.from_row(_Columns(values), pages=(), fields=()), True

    def get_document(self, document_id: str) -> DocumentRecord:
        """The document with its pages and fields; `NotFound` if there is none."""
        with self._session() as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                raise NotFound(f"No document with ID '{document_id}'")
            return self._record(session, row, with_detail=True)

    def dossier_documents(self, dossier_id: str) -> list[DocumentRecord]:
        """Every document of a dossier, oldest first; `NotFound` if the dossier is unknown."""
        with self._session() as session:
            if session.get(DossierRow, dossier_id) is None:
                raise NotFound(f"No dossier with ID '{dossier_id}'")
            rows = session.scalars(
                select(DocumentRow)
                .where(DocumentRow.dossier_id == dossier_id)
                .order_by(DocumentRow.created_at, DocumentRow.id)
            ).all()
            # pages and fields of every document in one query each, not two per document
            ids = [row.id for row in rows]
            pages: dict[str, list[PageRecord]] = {i: [] for i in ids}
            fields: dict[str, list[FieldRecord]] = {i: [] for i in ids}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for p in session.scalars(
                    select(PageRow).where(PageRow.document_id.in_(chunk)).order_by(PageRow.document_id, PageRow.number)
                ):
                    pages[p.document_id].append(_page(p))
                for f in session.scalars(
                    select(FieldRow)
                    .where(FieldRow.document_id.in_(chunk))
                    .order_by(FieldRow.document_id, FieldRow.name)
                ):
                    fields[f.document_id].append(_field(f))
            return [
                DocumentRecord.from_row(row, pages=tuple(pages[row.id]), fields=tuple(fields[row.id])) for row in rows
            ]

    def documents_with_status(
        self, statuses: Sequence[str], *, older_than: datetime | None = None
    ) -> list[DocumentRecord]:
        """Documents in any of `statuses` (last touched before `older_than`, when given)."""
        with self._session() as session:
            query = select(DocumentRow).where(DocumentRow.status.in_(list(statuses)))
            if older_than is not None:
                query = query.where(DocumentRow.updated_at < older_than)
            rows = session.scalars(query.order_by(DocumentRow.created_at)).all()
            return [self._record(session, row, with_detail=False) for row in rows]

    def iter_documents(
        self,
        *,
        prefix: str = "",
        first_day: str | None = None,
        last_day: str | None = None,
        batch: int = 1000,
    ) -> Iterator[DocumentRecord]:
        """Every document (without pages and fields) in key order, (dossier, document), read `batch` at a time.

        Keyset pages over the primary key and the dossier index, so memory stays bounded whatever the
        catalogue's size; `prefix` limits to dossier codes starting with it, the days to `received_on`.
        """
        after: tuple[str, str] | None = None
        while True:
            query = select(DocumentRow)
            if prefix:
                query = query.where(DocumentRow.dossier_id >= prefix, DocumentRow.dossier_id < prefix + "\U0010ffff")
            if first_day:
                query = query.where(DocumentRow.received_on >= first_day)
            if last_day:
                query = query.where(DocumentRow.received_on <= last_day)
            if after is not None:
                query = query.where(tuple_(DocumentRow.dossier_id, DocumentRow.id) > tuple_(*after))
            with self._session() as session:
                rows = session.scalars(query.order_by(DocumentRow.dossier_id, DocumentRow.id).limit(batch)).all()
                records = [self._record(session, row, with_detail=False) for row in rows]
            yield from records
            if len(records) < batch:
                return
            after = (records[-1].dossier_id, records[-1].document_id)

    def delete_dossier(self, dossier_id: str) -> list[str]:
        """Remove a dossier's rows (documents, pages, fields, and so its search text); the IDs of its documents.

        `NotFound` if the dossier is unknown. One transaction: a failure leaves every row in place.
        """
        with self._session() as session:
            if session.get(DossierRow, dossier_id, with_for_update=True) is None:
                raise NotFound(f"No dossier with ID '{dossier_id}'")
            ids = list(session.scalars(select(DocumentRow.id).where(DocumentRow.dossier_id == dossier_id)))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                session.execute(delete(PageRow).where(PageRow.document_id.in_(chunk)))
                session.execute(delete(FieldRow).where(FieldRow.document_id.in_(chunk)))
            session.execute(delete(DocumentRow).where(DocumentRow.dossier_id == dossier_id))
            session.execute(delete(DossierRow).where(DossierRow.id == dossier_id))
        return ids

    def all_documents(self) -> list[DocumentRecord]:
        """Every document, without pages and fields (for audits)."""
        with self._session() as session:
            rows = session.scalars(select(DocumentRow).order_by(DocumentRow.created_at)).all()
            return [self._record(session, row, with_detail=False) for row in rows]

    def documents_by_id(self, document_ids: Sequence[str]) -> dict[str, DocumentRecord]:
        """The named documents without pages and fields, in one query per 500 (batch progress polls this)."""
        ids = list(dict.fromkeys(document_ids))
        found: dict[str, DocumentRecord] = {}
        with self._session() as session:
            for start in range(0, len(ids), 500):
                rows = session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids[start : start + 500]))).all()
                found.update((row.id, self._record(session, row, with_detail=False)) for row in rows)
        return found

    # -- state transitions -----------------------------------------------------------------------

    def mark_processing(self, document_id: str) -> DocumentRecord:
        """Count an attempt and set `processing` (a digitised document stays digitised: redeliveries are no-ops)."""
        with self._session() as session:
            row = self._row(session, document_id, lock=True)
            if row.status == Status.DIGITISED:
                return self._record(session, row, with_detail=False)
            now = utcnow()
            row.status = Status.PROCESSING
            row.attempts = (row.attempts or 0) + 1
            row.started_at = now
            row.updated_at = now
            return self._record(session, row, with_detail=False)

    def save_result(self, document_id: str, result: ResultRecord) -> None:
        """Replace pages and fields with `result` and set `digitised`, in one transaction (row locked: two
        deliveries of one document finishing together replace each other instead of colliding)."""
        with self._session() as session:
            row = self._row(session, document_id, lock=True)
            session.query(PageRow).filter(PageRow.document_id == document_id).delete()
            session.query(FieldRow).filter(FieldRow.document_id == document_id).delete()
            for page in result.pages:
                session.add(
                    PageRow(
                        document_id=document_id,
                        number=page.number,
                        text=page.text,
                        confidence=page.confidence,
                        rotation=page.rotation,
                        skew=page.skew,
                        dpi=page.dpi,
                        key=page.key,
                        steps=list(page.steps),
                        side=page.side,
                        regions=[dict(r) for r in page.regions] or None,
                    )
                )
            for field in result.fields:
                session.add(
                    FieldRow(
                        document_id=document_id,
                        name=field.name,
                        value=field.value,
                        confidence=field.confidence,
                        valid=field.valid,
                        page=field.page,
                        box=list(field.box) if field.box else None,
                        source=field.source,
                    )
                )
            now = utcnow()
            row.doc_type = result.doc_type
            row.doc_type_confidence = result.doc_type_confidence
            row.status = Status.DIGITISED
            row.error = None
            row.error_code = None
            row.needs_review = result.needs_review
            row.page_count = len(result.pages)
            row.confidence = result.confidence
            row.text = result.text
            row.search_text = result.search_text
            row.entities = result.entities
            row.objects = dict(result.objects)
            row.finished_at = now
            row.updated_at = now
            row.seconds = result.seconds
            if result.component is not None:
                row.component = dict(result.component)
            row.card_type = result.card_type
            row.card_document_id = result.card_document_id
            row.findings = None if result.findings is None else [dict(f) for f in result.findings]

    def mark_failed(self, document_id: str, code: str, message: str) -> bool:
        """Set `failed` with the reason a clerk can read; False (no change) if it is already digitised."""
        with self._session() as session:
            row = self._row(session, document_id, lock=True)
            if row.status == Status.DIGITISED:
                return False
            now = utcnow()
            row.status = Status.FAILED
            row.error_code = code
            row.error = message
            row.finished_at = now
            row.updated_at = now
            return True

    def requeue(self, document_id: str) -> None:
        """Put a document back to `queued` (after a failure or when stuck)."""
        with self._session() as session:
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id == document_id)
                .values(status=Status.QUEUED, error=None, error_code=None, updated_at=utcnow())
            )

    def requeue_if_stale(self, document_id: str, statuses: Sequence[str], older_than: datetime) -> bool:
        """Back to `queued` only if still in `statuses` and untouched since `older_than` (one sweeper wins)."""
        with self._session() as session:
            result = session.execute(
                update(DocumentRow)
                .where(
                    DocumentRow.id == document_id,
                    DocumentRow.status.in_(list(statuses)),
                    DocumentRow.updated_at < older_than,
                )
                .values(status=Status.QUEUED, error=None, error_code=None, updated_at=utcnow())
            )
            return bool(cast(CursorResult, result).rowcount)

    # -- counts ----------------------------------------------------------------------------------

    def status_counts(self) -> dict[str, int]:
        """Exact number of documents per status (every status present, zero included)."""
        with self._session() as session:
            counts = dict(session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all())
        return {status.value: int(counts.get(status.value, 0)) for status in Status}

    # -- helpers ---------------------------------------------------------------------------------

    def _row(self, session: Session, document_id: str, *, lock: bool = False) -> DocumentRow:
        row = session.get(DocumentRow, document_id, with_for_update=lock or None)
        if row is None:
            raise NotFound(f"No document with ID '{document_id}'")
        return row

    def _record(self, session: Session, row: DocumentRow, *, with_detail: bool) -> DocumentRecord:
        pages: tuple[PageRecord, ...] = ()
        fields: tuple[FieldRecord, ...] = ()
        if with_detail:
            pages = tuple(
                _page(p)
                for p in session.scalars(select(PageRow).where(PageRow.document_id == row.id).order_by(PageRow.number))
            )
            fields = tuple(
                _field(f)
                for f in session.scalars(select(FieldRow).where(FieldRow.document_id == row.id).order_by(FieldRow.name))
            )
        return DocumentRecord.from_row(row, pages=pages, fields=fields)
