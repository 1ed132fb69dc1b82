"""Receiving a file in tests as the command line does: into the process's own store and catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest import context
from ingest.receiving import service


def receive(dossier_id: str, path: Path, name: str, doc_type: str | None = None, **options: Any) -> service.Accepted:
    """`service.receive` given `ingest.context`'s store and catalogue (the fixtures point them at a test folder)."""
    return service.receive(
        dossier_id, path, name, doc_type, store=context.get_store(), catalogue=context.get_catalogue(), **options
    )
