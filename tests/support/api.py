"""Fixtures and helpers shared by the API tests, loaded as a plugin by tests/conftest.py (no tests here).

`api` (and `pg_api`, on PostgreSQL) gives a TestClient on a fresh app over an empty data folder, and one key per role.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from api.app import create_app
from core.roles import ROLES
from ingest import context
from ingest.receiving import service
from storage.access import Access
from tests.conftest import CARD_LINES, DOSSIER, create_pg_database, drop_pg_database, render_lines


@dataclass
class Api:
    """A client and a bearer header per role."""

    client: TestClient
    tokens: dict[str, str]
    data_dir: Path

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def upload(
        self, files: list[tuple[str, bytes]], role: str = "intake", dossier: str = DOSSIER, doc_type: str | None = None
    ):  # an httpx response
        data = {"doc_type": doc_type} if doc_type else None
        parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
        return self.client.post(f"/v1/dossiers/{dossier}/documents", headers=self.auth(role), files=parts, data=data)

    def wait(self, document_id: str, timeout_s: float = 90) -> dict:
        deadline = time.monotonic() + timeout_s
        while True:
            doc = self.client.get(f"/v1/documents/{document_id}", headers=self.auth("admin")).json()
            if doc["status"] in ("digitised", "failed") or time.monotonic() > deadline:
                return doc
            time.sleep(0.2)


def stop_in_process_workers() -> None:
    """Stop the in-process worker and drop queued messages, so nothing leaks into the next test."""
    from ingest.queueing.actors import broker

    service.stop_workers()
    broker.flush_all()


def _serve(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    monkeypatch.setenv("SOHOA_WORKER_THREADS", "1")
    context.reset()
    access = Access(context.get_database())
    tokens = {role: access.create_key(f"test {role}", role).token for role in ROLES}
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield Api(client, tokens, data_dir)
    stop_in_process_workers()


@pytest.fixture(name="api")
def api_fixture(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """A fresh app over an empty data folder (folder store, SQLite), with one live key per role."""
    yield from _serve(data_dir, monkeypatch)


@pytest.fixture(name="pg_api")
def pg_api_fixture(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """The same over a throw-away PostgreSQL catalogue (skips on a laptop without it, fails under CI)."""
    db = create_pg_database("sohoa_api")
    monkeypatch.setenv("SOHOA_DATABASE_URL", db.url)
    try:
        yield from _serve(data_dir, monkeypatch)
    finally:
        context.get_catalogue().engine.dispose()
        context.reset()
        drop_pg_database(db)


def jpeg_bytes(width: int = 400, height: int = 300, colour: str = "white") -> bytes:
    """A plain JPEG of the given size."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="JPEG", dpi=(150, 150))
    return buffer.getvalue()


def card_bytes() -> bytes:
    """A small, quick-to-read citizen ID card scan (JPEG, 300 dpi)."""
    buffer = io.BytesIO()
    render_lines(CARD_LINES).save(buffer, format="JPEG", quality=90, dpi=(300, 300))
    return buffer.getvalue()
