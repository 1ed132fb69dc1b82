"""Reconcile the catalogue with the object store: what is missing, what nobody claims, exact counts.

Both sides are streamed in key order, `{dossier}/{document}/…`: the store's listing and the catalogue's
documents ordered by (dossier, document), read a thousand at a time, and merged like a sorted join, so
memory holds one document's keys and the discrepancies, not the province. Every discrepancy found is
checked again one by one at the end, so work in flight while the audit runs (an original stored a
moment before its row) is not reported as damage. The counts are of the documents examined. Pure
`storage`: no `ingest`, `ocr` or `api` here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
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


ProgressCallback = Callable[[int, int], None]
LOOKUP_BATCH = 500  # objects whose document the stream did not bring are looked up this many documents at a time


@dataclass
class _Merge:
    """The state of one streaming audit: the report being filled, the stream of documents, orphan keys."""

    report: AuditReport
    documents: Iterator[DocumentRecord]
    catalogue: Catalogue
    store: ObjectStore
    stale_before: datetime
    counted: Counter[str] = field(default_factory=Counter)
    current: DocumentRecord | None = None
    last: tuple[str, str] = ("", "")
    orphans: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def advance(self) -> None:
        """Take the next document from the catalogue's stream (checking it comes in key order)."""
        self.current = next(self.documents, None)
        if self.current is not None:
            here = (self.current.dossier_id, self.current.document_id)
            if here < self.last:
                raise RuntimeError("the catalogue did not list documents in key order (use a C collation)")
            self.last = here

    def check(self, doc: DocumentRecord, keys: list[str]) -> None:
        """One document against the objects stored under its prefix."""
        self.report.documents += 1
        self.counted[doc.status] += 1
        present = set(keys)
        own = f"{doc.dossier_id}/{doc.document_id}/"
        missing = [
            key
            for key in expected_objects(doc)
            if key not in present and (key.startswith(own) or not self.store.exists(key))
        ]
        if not doc.objects.get("original"):
            missing.append("original (no key recorded)")
        if missing:
            self.report.missing_objects.append(
                MissingObjects(doc.document_id, doc.dossier_id, doc.status, tuple(missing))
            )
        self.report.unclaimed_objects.extend(k for k in keys if not _claims(doc, doc.dossier_id, k))
        since = _aware(doc.updated_at)
        if doc.status in (Status.QUEUED, Status.PROCESSING) and since < self.stale_before:
            self.report.stuck.append(StuckDocument(doc.document_id, doc.dossier_id, doc.status, since.isoformat()))

    def orphan(self, group: tuple[str, str], keys: list[str]) -> None:
        """Objects of a document the stream does not hold (another day, or none): look it up later, in batches."""
        self.orphans[group] = keys
        if len(self.orphans) >= LOOKUP_BATCH:
            self.flush_orphans()

    def flush_orphans(self) -> None:
        """Objects whose document is absent are unclaimed; those of a document outside the day range are its own."""
        found = self.catalogue.documents_by_id([document_id for _, document_id in self.orphans])
        for (dossier_id, document_id), keys in self.orphans.items():
            doc = found.get(document_id)
            self.report.unclaimed_objects.extend(k for k in keys if not _claims(doc, dossier_id, k))
        self.orphans.clear()


def _groups(keys: Iterator[str], report: AuditReport) -> Iterator[tuple[tuple[str, str], list[str]]]:
    """Stored keys grouped by their document's prefix, in listing order; keys of no document are unclaimed."""
    group: tuple[str, str] | None = None
    members: list[str] = []
    for key in keys:
        report.objects += 1
        parsed = parse_key(key)
        if parsed is None:
            report.unclaimed_objects.append(key)
            continue
        here = (parsed[0], parsed[1])
        if here != group:
            if group is not None:
                yield group, members
                if here < group:
                    raise RuntimeError("the object store did not list keys in key order")
            group, members = here, []
        members.append(key)
    if group is not None:
        yield group, members


def audit(
    catalogue: Catalogue,
    store: ObjectStore,
    processing_timeout_s: float,
    *,
    prefix: str = "",
    first_day: str | None = None,
    last_day: str | None = None,
    progress: ProgressCallback | None = None,
    progress_every: int = 10_000,
) -> AuditReport:
    """Compare stored objects with catalogued documents, both streamed in key order (merge-join, bounded memory).

    `prefix` limits both sides to dossier codes starting with it; `first_day`..`last_day` (YYYY-MM-DD)
    to documents received then (objects of other days' documents are theirs, not unclaimed).
    `progress(documents, objects)` is called every `progress_every` documents and at the end.
    """
    report = AuditReport()
    merge = _Merge(
        report,
        catalogue.iter_documents(prefix=prefix, first_day=first_day, last_day=last_day),
        catalogue,
        store,
        utcnow() - timedelta(seconds=processing_timeout_s),
    )
    merge.advance()
    next_report = progress_every

    def step(doc: DocumentRecord, keys: list[str]) -> None:
        nonlocal next_report
        merge.check(doc, keys)
        if progress is not None and report.documents >= next_report:
            progress(report.documents, report.objects)
            next_report += progress_every

    for group, keys in _groups(iter(store.list_keys(prefix)), report):
        while merge.current is not None and (merge.current.dossier_id, merge.current.document_id) < group:
            step(merge.current, [])
            merge.advance()
        if merge.current is not None and (merge.current.dossier_id, merge.current.document_id) == group:
            step(merge.current, keys)
            merge.advance()
        else:
            merge.orphan(group, keys)
    while merge.current is not None:
        step(merge.current, [])
        merge.advance()
    merge.flush_orphans()
    _recheck(report, catalogue, store)
    report.status_counts = {s.value: merge.counted.get(s.value, 0) for s in Status}
    if progress is not None:
        progress(report.documents, report.objects)
    return report


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; the catalogue only writes UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        found: DocumentRecord | None = None
        if parsed is not None:
            try:
                found = catalogue.get_document(parsed[1])
            except NotFound:
                found = None
        if store.exists(key) and (parsed is None or not _claims(found, parsed[0], key)):
            still_unclaimed.append(key)
    report.unclaimed_objects = still_unclaimed
