"""The catalogue on SQLite and on PostgreSQL: same tests, same answers; migrations that match the models."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, inspect, text

from core.errors import CatalogueUnavailable, NotFound
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys, new_document_id
from storage.models import Base, utcnow
from storage.records import FieldRecord, NewDocument, PageRecord, ResultRecord, Status

from .conftest import PostgresDatabase, create_pg_database, drop_pg_database, free_port

DOSSIER = "000.00.36.H36-251125-0001"


def _empty(catalogue: Catalogue) -> None:
    """Delete every row of every table the database has (other tests' rows included)."""
    with catalogue.engine.begin() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name in tables:
                    conn.execute(table.delete())


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalogue]:
    """An empty catalogue on each backend in turn."""
    if request.param == "sqlite":
        cat = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    else:
        db: PostgresDatabase = request.getfixturevalue("pg_database")
        cat = Catalogue(db.url)
        _empty(cat)
    yield cat
    cat.engine.dispose()


def new_document(sha: str = "a" * 64, dossier: str = DOSSIER) -> NewDocument:
    document_id = new_document_id()
    return NewDocument(
        document_id=document_id,
        dossier_id=dossier,
        source="scan.png",
        sha256=sha,
        media_type="image/png",
        ext="png",
        size_bytes=10,
        original_key=DocumentKeys(dossier, document_id).original("png"),
        page_count=2,
    )


def result_for(document_id: str, texts: tuple[str, ...] = ("một", "hai")) -> ResultRecord:
    keys = DocumentKeys(DOSSIER, document_id)
    pages = tuple(PageRecord(n, t, 90.0, 0, 0.5, 300, keys.page(n), ("deskew",)) for n, t in enumerate(texts, start=1))
    return ResultRecord(
        doc_type="citizen_id_card",
        doc_type_confidence=0.9,
        pages=pages,
        fields=(FieldRecord("id_number", "068195001234", 0.97, True, 1), FieldRecord("sex", "Nam", 0.9, True, 1)),
        text="\f".join(texts),
        search_text=" ".join(texts),
        confidence=90.0,
        needs_review=False,
        entities=None,
        objects={
            "original": keys.original("png"),
            "pages": [p.key for p in pages],
            "searchable_pdf": keys.searchable_pdf,
            "result": keys.result,
        },
        seconds=1.0,
    )


def test_add_and_find(catalogue: Catalogue) -> None:
    new = new_document()
    record, created = catalogue.add_document(new)
    assert created and record.status == Status.QUEUED
    assert catalogue.find_document(DOSSIER, new.sha256).document_id == new.document_id
    assert catalogue.get_document(new.document_id).objects == {"original": new.original_key}


def test_same_file_twice_is_one_document(catalogue: Catalogue) -> None:
    first, _ = catalogue.add_document(new_document())
    again, created = catalogue.add_document(new_document())
    assert not created and again.document_id == first.document_id
    assert len(catalogue.all_documents()) == 1


def test_unknown_document_is_not_found(catalogue: Catalogue) -> None:
    with pytest.raises(NotFound):
        catalogue.get_document(new_document_id())


def test_redelivered_result_replaces_never_duplicates(catalogue: Catalogue) -> None:
    doc, _ = catalogue.add_document(new_document())
    for _ in range(3):  # the same message delivered three times
        catalogue.mark_processing(doc.document_id)
        catalogue.save_result(doc.document_id, result_for(doc.document_id))
    saved = catalogue.get_document(doc.document_id)
    assert saved.status == Status.DIGITISED
    assert [p.number for p in saved.pages] == [1, 2]
    assert sorted(f.name for f in saved.fields) == ["id_number", "sex"]
    catalogue.save_result(doc.document_id, result_for(doc.document_id, ("chỉ một",)))
    assert [p.text for p in catalogue.get_document(doc.document_id).pages] == ["chỉ một"]


def test_digitised_is_final_for_late_deliveries(catalogue: Catalogue) -> None:
    doc, _ = catalogue.add_document(new_document())
    catalogue.save_result(doc.document_id, result_for(doc.document_id))
    assert catalogue.mark_processing(doc.document_id).status == Status.DIGITISED
    assert catalogue.mark_failed(doc.document_id, "corrupt_file", "late failure") is False
    assert catalogue.get_document(doc.document_id).status == Status.DIGITISED


def test_status_counts_are_exact(catalogue: Catalogue) -> None:
    docs = [catalogue.add_document(new_document(sha=f"{i:064x}"))[0] for i in range(5)]
    catalogue.mark_processing(docs[0].document_id)
    catalogue.save_result(docs[1].document_id, result_for(docs[1].document_id))
    catalogue.mark_failed(docs[2].document_id, "corrupt_file", "damaged")
    assert catalogue.status_counts() == {"queued": 2, "processing": 1, "digitised": 1, "failed": 1}


def test_failed_then_requeued(catalogue: Catalogue) -> None:
    doc, _ = catalogue.add_document(new_document())
    assert catalogue.mark_failed(doc.document_id, "processing_error", "boom")
    catalogue.requeue(doc.document_id)
    again = catalogue.get_document(doc.document_id)
    assert again.status == Status.QUEUED and again.error is None


def test_requeue_if_stale_has_one_winner(catalogue: Catalogue) -> None:
    doc, _ = catalogue.add_document(new_document())
    catalogue.mark_processing(doc.document_id)
    later = utcnow() + timedelta(seconds=5)
    assert not catalogue.requeue_if_stale(doc.document_id, ["processing"], utcnow() - timedelta(hours=1))
    assert catalogue.requeue_if_stale(doc.document_id, ["processing"], later)
    assert not catalogue.requeue_if_stale(doc.document_id, ["processing"], later)  # now queued
    assert catalogue.get_document(doc.document_id).status == Status.QUEUED


def test_documents_with_status_older_than(catalogue: Catalogue) -> None:
    doc, _ = catalogue.add_document(new_document())
    assert catalogue.documents_with_status(["queued"], older_than=utcnow() - timedelta(minutes=1)) == []
    found = catalogue.documents_with_status(["queued"], older_than=utcnow() + timedelta(seconds=1))
    assert [d.document_id for d in found] == [doc.document_id]


def test_unreachable_database_is_catalogue_unavailable() -> None:
    with pytest.raises(CatalogueUnavailable):
        Catalogue(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing?connect_timeout=2")


# --- PostgreSQL only -----------------------------------------------------------------------------------


def test_connection_dropped_mid_transaction(pg_database: PostgresDatabase) -> None:
    """A backend killed between the DELETEs and the INSERTs of save_result: CatalogueUnavailable, nothing
    half-written, and the next attempt succeeds on a fresh connection."""
    catalogue = Catalogue(pg_database.url)
    _empty(catalogue)
    doc, _ = catalogue.add_document(new_document())
    catalogue.mark_processing(doc.document_id)
    killed = []

    @event.listens_for(catalogue.engine, "before_cursor_execute")
    def _kill(conn, cursor, statement, *args) -> None:
        if statement.startswith("INSERT INTO pages") and not killed:
            pid = conn.connection.dbapi_connection.info.backend_pid
            with psycopg.connect(pg_database.url.replace("+psycopg", ""), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            killed.append(pid)

    with pytest.raises(CatalogueUnavailable):
        catalogue.save_result(doc.document_id, result_for(doc.document_id))
    assert killed
    half = catalogue.get_document(doc.document_id)
    assert half.status == Status.PROCESSING and half.pages == ()
    catalogue.save_result(doc.document_id, result_for(doc.document_id))
    assert catalogue.get_document(doc.document_id).status == Status.DIGITISED
    catalogue.engine.dispose()


def test_migrations_build_exactly_the_models() -> None:
    """`alembic upgrade head` on an empty database gives the schema of `Base.metadata`, nothing missing.

    A model change without a revision fails here: add one with
    `.venv/bin/alembic -c storage/migrations/alembic.ini revision --autogenerate -m "…"` (SOHOA_DATABASE_URL set).
    """
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = create_pg_database("sohoa_migrate")
    try:
        catalogue = Catalogue(db.url)
        with catalogue.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        catalogue.engine.dispose()
    finally:
        drop_pg_database(db)
    summary = [(d[0], getattr(d[1], "name", d[1])) if isinstance(d, tuple) else d for d in diff]
    assert summary == [], f"models and migrations differ; write an Alembic revision for: {summary}"


def test_workers_starting_together_migrate_once() -> None:
    """Four catalogues created at once on an empty database (advisory lock): all succeed, one schema."""
    db = create_pg_database("sohoa_race")
    errors: list[BaseException] = []
    made: list[Catalogue] = []

    def start() -> None:
        try:
            made.append(Catalogue(db.url))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    try:
        threads = [threading.Thread(target=start) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        from alembic.script import ScriptDirectory

        from storage.migrations import alembic_config, current_revision

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with made[0].engine.connect() as conn:
            assert current_revision(conn) == head
    finally:
        for cat in made:
            cat.engine.dispose()
        drop_pg_database(db)
