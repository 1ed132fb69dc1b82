"""Reconcile the catalogue with the object store: what is missing, what nobody claims, exact counts.

Objects are listed before documents are read, and every discrepancy found is checked again one by one
at the end, so work in flight while the audit runs (an original stored a moment before its row) is
not reported as damage. Counts come from the same query as the API's statistics. Pure `storage`: no
`ingest`, `ocr` or `api` here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from core.errors import NotFound

from .catalogue import Catalogue
from .keys import parse_key
from .models import utcnow
from .objects import ObjectStore
from .records import DocumentRecord, Status


@dataclass(frozen=True)
class MissingObjects:
    """A document whose catalogue row names objects the store does not have."""

    document_id: str
    dossier_id: str
    status: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class StuckDocument:
    """A document waiting longer than the processing timeout."""

    document_id: str
    dossier_id: str
    status: str
    since: str


@dataclass
class AuditReport:
    """Everything `sohoa audit` prints; `ok` only when nothing is missing, unclaimed or stuck."""

    documents: int = 0
    objects: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    missing_objects: list[MissingObjects] = field(default_factory=list)
    unclaimed_objects: list[str] = field(default_factory=list)
    stuck: list[StuckDocument] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing_objects or self.unclaimed_objects or self.stuck)

    def to_dict(self) -> dict[str, Any]:
        """The `--json` shape."""
        return {
            "ok": self.ok,
            "documents": self.documents,
            "objects": self.objects,
            "status_counts": self.status_counts,
            "missing_objects": [asdict(m) | {"missing": list(m.missing)} for m in self.missing_objects],
            "unclaimed_objects": self.unclaimed_objects,
            "stuck": [asdict(s) for s in self.stuck],
        }


def expected_objects(doc: DocumentRecord) -> list[str]:
    """The keys a document must have: its original always; pages, PDF and result once digitised."""
    keys = [doc.objects["original"]] if doc.objects.get("original") else []
    if doc.status == Status.DIGITISED:
        keys += list(doc.objects.get("pages") or [])
        keys += [k for k in (doc.objects.get("searchable_pdf"), doc.objects.get("result")) if k]
        keys += list(doc.objects.get("versions") or [])  # earlier signed copies, kept
    return keys


def _claims(doc: DocumentRecord | None, dossier_id: str, key: str) -> bool:
    """Whether `doc` (the document the key's path names) accounts for the object at `key`."""
    if doc is None or doc.dossier_id != dossier_id:
        return False
    if key == doc.objects.get("original") or key in expected_objects(doc):
        return True
    # work in progress: a queued or processing document may already have some derived objects
    return doc.status in (Status.QUEUED, Status.PROCESSING)


def audit(catalogue: Catalogue, store: ObjectStore, processing_timeout_s: float) -> AuditReport:
    """Compare every stored object with every catalogued document."""
    stored = set(store.list_keys())
    documents = {doc.document_id: doc for doc in catalogue.all_documents()}
    report = AuditReport(documents=len(documents), objects=len(stored))

    for doc in documents.values():
        missing = [key for key in expected_objects(doc) if key not in stored]
        if not doc.objects.get("original"):
            missing.append("original (no key recorded)")
        if missing:
            report.missing_objects.append(MissingObjects(doc.document_id, doc.dossier_id, doc.status, tuple(missing)))
    for key in sorted(stored):
        parsed = parse_key(key)
        if parsed is None or not _claims(documents.get(parsed[1]), parsed[0], key):
            report.unclaimed_objects.append(key)

    _recheck(report, catalogue, store)
    report.status_counts = catalogue.status_counts()
    counted = Counter(doc.status for doc in documents.values())
    if sum(report.status_counts.values()) != report.documents or any(
        report.status_counts[s] != counted.get(s, 0) for s in report.status_counts
    ):  # documents changed while we looked: count what we examined, which is exact for that moment
        report.status_counts = {s.value: counted.get(s.value, 0) for s in Status}
    old = utcnow() - timedelta(seconds=processing_timeout_s)
    for doc in documents.values():
        since = doc.updated_at
        if doc.status in (Status.QUEUED, Status.PROCESSING) and since < old:
            report.stuck.append(StuckDocument(doc.document_id, doc.dossier_id, doc.status, since.isoformat()))
    return report



def _recheck(report: AuditReport, catalogue: Catalogue, store: ObjectStore) -> None:
    """Look again at each discrepancy alone, dropping those that were only work in flight."""
    still_missing = []
    for item in report.missing_objects:
        try:
            doc = catalogue.get_document(item.document_id)
        except NotFound:
            continue
        missing = tuple(key for key in expected_objects(doc) if not store.exists(key))
        if missing or not doc.objects.get("original"):
            still_missing.append(MissingObjects(doc.document_id, doc.dossier_id, doc.status, missing))
    report.missing_objects = still_missing
    still_unclaimed = []
    for key in report.unclaimed_objects:
        parsed = parse_key(key)
        owner: DocumentRecord | None = None
        if parsed is not None:
            try:
                owner = catalogue.get_document(parsed[1])
            except NotFound:
                owner = None
        if store.exists(key) and (parsed is None or not _claims(owner, parsed[0], key)):
            still_unclaimed.append(key)
    report.unclaimed_objects = still_unclaimed
