"""The 202 of an upload waits for the catalogue's WAL to be fsynced (SQLite runs synchronous=NORMAL and
`Database` syncs the WAL itself after each writing transaction, outside its lock); reads sync nothing.

The in-process worker's syncs are not counted: it starts on the uploaded document at once, and its own
writes (`processing`, then the result) sync the WAL too, sooner or later depending on the machine.
"""

from __future__ import annotations

import os
import threading

from dramatiq.worker import WorkerThread

from ingest import context
from storage import database as database_module
from tests.support.api import Api, jpeg_bytes

from .conftest import DOSSIER


def test_an_upload_is_acknowledged_after_its_row_is_synced_and_reads_sync_nothing(api: Api, monkeypatch) -> None:
    synced: list[str] = []
    real = database_module._sync_wal

    def spy(path: str) -> None:
        real(path)
        if not isinstance(threading.current_thread(), WorkerThread):  # not the in-process worker's writes
            synced.append(path)

    monkeypatch.setattr(database_module, "_sync_wal", spy)
    uploaded = api.upload([("a.jpg", jpeg_bytes())])
    assert uploaded.status_code == 202
    assert synced and all(path.endswith("sohoa.db-wal") for path in synced)
    synced.clear()
    item = uploaded.json()["documents"][0]
    catalogue = context.get_catalogue()
    assert catalogue.find_document(DOSSIER, item["sha256"]).document_id == item["document_id"]
    catalogue.get_document(item["document_id"])
    assert synced == []  # a transaction that changed nothing costs no fsync


def test_the_wal_sync_fsyncs_the_file_and_tolerates_a_checkpointed_wal(tmp_path, monkeypatch) -> None:
    wal = tmp_path / "sohoa.db-wal"
    wal.write_bytes(b"frames")
    calls: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real_fsync(fd))[1])
    database_module._sync_wal(str(wal))
    assert len(calls) == 1
    database_module._sync_wal(str(tmp_path / "gone-wal"))  # checkpointed and removed: nothing to do
    assert len(calls) == 1
