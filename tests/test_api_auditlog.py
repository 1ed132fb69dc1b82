"""Upload audit entries: written in batches after the answer, never lost by a read of the log or a failed write."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from api.auditlog import AuditWriter
from core.errors import CatalogueUnavailable
from ingest.context import get_database
from storage.access import Access, AuditEntry
from storage.models import utcnow
from tests.support.api import Api, jpeg_bytes


def test_an_upload_is_in_the_audit_log_as_soon_as_the_log_is_read(api: Api) -> None:
    uploaded = api.upload([("a.jpg", jpeg_bytes())])
    assert uploaded.status_code == 202
    document_id = uploaded.json()["documents"][0]["document_id"]
    log = api.client.get("/v1/audit-log", params={"action": "documents.upload"}, headers=api.auth("admin")).json()
    assert log["total"] == 1
    entry = log["entries"][0]
    assert entry["key_name"] == "test intake" and entry["detail"] == {"documents": [document_id]}


def test_entries_are_written_in_one_batch_with_their_own_times(data_dir) -> None:
    access = Access(get_database())
    key = access.create_key("desk", "intake").record
    batches: list[int] = []

    class Counting(Access):
        def record_many(self, entries):
            batches.append(len(entries))
            super().record_many(entries)

    writer = AuditWriter(lambda: Counting(get_database()), delay_s=0.2)
    earlier = utcnow() - timedelta(seconds=30)
    writer.submit(AuditEntry(key, "documents.upload", earlier, dossier_id="d1"))
    for n in range(9):
        writer.submit(AuditEntry(key, "documents.upload", utcnow(), dossier_id=f"d{n + 2}"))
    deadline = time.monotonic() + 10
    while not batches and time.monotonic() < deadline:
        time.sleep(0.02)
    writer.close()
    assert batches == [10]
    entries, total = access.audit_log(action="documents.upload", limit=20)
    assert total == 10
    assert entries[-1].dossier_id == "d1" and abs((entries[-1].at - earlier).total_seconds()) < 1  # oldest last


def test_a_failed_write_keeps_the_entries_for_the_next_one(data_dir) -> None:
    access = Access(get_database())
    key = access.create_key("desk", "intake").record
    down = True

    class Flaky(Access):
        def record_many(self, entries):
            if down:
                raise CatalogueUnavailable("database is down")
            super().record_many(entries)

    writer = AuditWriter(lambda: Flaky(get_database()), delay_s=60)  # the thread stays asleep: flush by hand
    writer.submit(AuditEntry(key, "documents.upload", utcnow(), dossier_id="d1"))
    with pytest.raises(CatalogueUnavailable):
        writer.flush()
    assert access.audit_log(action="documents.upload")[1] == 0
    down = False
    writer.submit(AuditEntry(key, "documents.upload", utcnow(), dossier_id="d2"))
    writer.close()
    entries, total = access.audit_log(action="documents.upload")
    assert total == 2 and [e.dossier_id for e in entries] == ["d2", "d1"]
