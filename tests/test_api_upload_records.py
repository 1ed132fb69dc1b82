"""What an upload writes to the catalogue: the record answered at once is the record stored.

`Catalogue.add_document` and `find_document` run as prepared Core statements (the upload's hot path);
the record `add_document` builds from its own values must equal what the catalogue reads back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storage.catalogue import Catalogue
from storage.keys import DocumentKeys, new_document_id
from storage.records import NewDocument, Status

from .test_catalogue import _empty

DOSSIER = "000.00.36.H36-251125-0001"


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Catalogue]:
    """An empty catalogue on each backend in turn."""
    if request.param == "sqlite":
        cat = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    else:
        cat = Catalogue(request.getfixturevalue("pg_database").url)
        _empty(cat)
    yield cat
    cat.engine.dispose()


def _new(sha: str, dossier: str = DOSSIER, parent: str | None = None) -> NewDocument:
    document_id = new_document_id()
    return NewDocument(
        document_id=document_id,
        dossier_id=dossier,
        source="scan.jpg",
        sha256=sha,
        media_type="image/jpeg",
        ext="jpg",
        size_bytes=52_000,
        original_key=DocumentKeys(dossier, document_id).original("jpg"),
        page_count=1,
        requested_doc_type="citizen_id_card",
        parent_id=parent,
    )


def test_the_answered_record_is_the_stored_record(catalogue: Catalogue) -> None:
    answered, created = catalogue.add_document(_new("a" * 64))
    assert created and answered.status == Status.QUEUED and answered.attempts == 0
    found = catalogue.find_document(DOSSIER, "a" * 64)
    stored = catalogue.get_document(answered.document_id)
    for read in (found, stored):
        # SQLite gives datetimes back without their (UTC) zone; everything else must match exactly.
        assert replace(read, created_at=answered.created_at, updated_at=answered.updated_at) == answered
        for moment in (read.created_at, read.updated_at):
            assert moment.replace(tzinfo=None) == answered.created_at.replace(tzinfo=None)
    assert answered.objects == {"original": DocumentKeys(DOSSIER, answered.document_id).original("jpg")}


def test_a_dossier_row_is_made_once_and_a_repeat_file_keeps_the_first_document(catalogue: Catalogue) -> None:
    first, _ = catalogue.add_document(_new("a" * 64))
    second, created = catalogue.add_document(_new("b" * 64, parent=first.document_id))
    assert created and second.parent_id == first.document_id
    again, created = catalogue.add_document(_new("a" * 64))
    assert not created and again.document_id == first.document_id
    assert [d.document_id for d in catalogue.dossier_documents(DOSSIER)] == [first.document_id, second.document_id]
    assert catalogue.find_document(DOSSIER, "c" * 64) is None
