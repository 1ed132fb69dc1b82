"""The audit's memory does not grow with the number of clean documents (#18), in either object store.

Not timed and not peak RSS (Linux hands a spawned child its parent's high-water mark, see
bench/audit_scale.py): the Python memory alive, as tracemalloc counts it, read from the progress
callback while the audit runs, must be about the same at the 1,000th and the 2,500th clean document.
Both points hold one page of catalogue rows and one page of listed keys; a structure kept per document
would add its size 1,500 times over. moto serves S3 from a thread of this process, idle at those points
(minio reads a listing page whole before the audit walks it). Documents are catalogued and stored
directly (no OCR, no PUT requests), so this is quick.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from storage.audit import audit
from storage.catalogue import Catalogue
from storage.keys import DocumentKeys
from storage.models import DocumentRow, DossierRow, utcnow
from storage.objects import FolderStore, ObjectStore
from storage.s3 import S3Store

from .conftest import MotoS3, new_bucket_name

DOCUMENTS = 3000  # three of the catalogue's thousand-row pages, three of the listing's thousand-key pages
EARLY, LATE = 1000, 2500
GROWTH_BOUND = 512 * 1024  # ~150 KB of warm-up seen; keeping each clean document's record would add ~5 MB


def _keys(n: int) -> list[tuple[str, str, str]]:
    """(dossier, document, original key) of N documents, two to a dossier."""
    out = []
    for i in range(n):
        dossier, document = f"000.00.36.H36-251125-{i // 2:06d}", f"{i:032x}"
        out.append((dossier, document, DocumentKeys(dossier, document).original("jpg")))
    return out


def _catalogue(tmp_path: Path, docs: list[tuple[str, str, str]]) -> Catalogue:
    """Digitised rows whose only object is their original, inserted in one statement per table."""
    catalogue = Catalogue(f"sqlite:///{tmp_path / 'sohoa.db'}")
    now = utcnow()
    rows = [
        {
            "id": document,
            "dossier_id": dossier,
            "agency": dossier.split("-")[0],
            "source": "scan.jpg",
            "sha256": document * 2,
            "media_type": "image/jpeg",
            "ext": "jpg",
            "size_bytes": 1,
            "status": "digitised",
            "objects": {"original": key, "pages": []},
            "received_on": "2025-11-25",
            "created_at": now,
            "updated_at": now,
        }
        for dossier, document, key in docs
    ]
    with catalogue.engine.begin() as conn:
        conn.execute(insert(DossierRow), [{"id": d, "created_at": now} for d in dict.fromkeys(d for d, _, _ in docs)])
        conn.execute(insert(DocumentRow), rows)
    return catalogue


@pytest.fixture(params=["folder", "s3"])
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Catalogue, ObjectStore]]:
    """A catalogue of DOCUMENTS clean documents and a store holding each one's original."""
    docs = _keys(DOCUMENTS)
    store: ObjectStore
    if request.param == "folder":
        store = FolderStore(tmp_path / "objects")
        for _, _, key in docs:
            (tmp_path / "objects" / key).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "objects" / key).write_bytes(b"x")
    else:
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.s3.models import s3_backends

        moto: MotoS3 = request.getfixturevalue("moto_s3")
        s3 = S3Store(moto.endpoint, moto.access_key, moto.secret_key, new_bucket_name(), region="us-east-1")
        s3.check()  # creates the bucket through the API; the objects go straight into moto's backend
        backend = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
        for _, _, key in docs:
            backend.put_object(s3.bucket, key, b"x")
        store = s3
    yield _catalogue(tmp_path, docs), store


def test_audit_holds_nothing_per_clean_document(filled: tuple[Catalogue, ObjectStore]) -> None:
    catalogue, store = filled
    audit(catalogue, store, 3600)  # caches (compiled queries, the client's region) warm before measuring
    held: dict[int, int] = {}

    def progress(documents: int, objects: int) -> None:
        if documents in (EARLY, LATE) and documents not in held:
            held[documents] = tracemalloc.get_traced_memory()[0]  # alive now

    tracemalloc.start()
    try:
        report = audit(catalogue, store, 3600, progress=progress, progress_every=500)
    finally:
        tracemalloc.stop()
    assert report.ok and report.documents == DOCUMENTS and report.objects == DOCUMENTS
    assert held[EARLY] > 1_000_000  # the measure sees the audit's own state: a page of a thousand rows
    assert held[LATE] - held[EARLY] < GROWTH_BOUND, held
