"""`sohoa demo`: digitise the committed sample dossiers end to end and print what was found."""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from ..startup import check_ready

DEMO_DIR = Path(__file__).resolve().parents[2] / "samples" / "demo"
FALLBACK_DOSSIER = "000.00.36.H36-251125-0001"
KEY_FIELDS = {
    "citizen_id_card": ("id_number", "full_name"),
    "birth_registration_form": ("child_name", "child_date_of_birth"),
    "application_form": ("applicant_name", "id_number"),
    "business_registration": ("enterprise_code", "company_name"),
    "land_use_certificate": ("certificate_serial", "owner_name"),
    "official_document": ("document_number", "issuing_authority"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `demo` command."""
    p = subparsers.add_parser("demo", help="digitise the sample dossiers and print a table")
    p.add_argument("--samples", type=Path, default=DEMO_DIR, help="folder of sample files with .truth.json")
    p.set_defaults(func=run)


def _dossiers(folder: Path) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".truth.json") or path.suffix.lower() in {".json", ".md"} or not path.is_file():
            continue
        truth = path.with_name(path.name + ".truth.json")
        dossier = json.loads(truth.read_text())["dossier_id"] if truth.exists() else FALLBACK_DOSSIER
        groups[dossier].append(path)
    return groups


def run(args: argparse.Namespace) -> int:
    """Digitise every sample, dossier by dossier, and print one row per document."""
    from ingest import context
    from ingest.receiving import service
    from ingest.receiving.service import Accepted, Refused

    settings = check_ready()
    print(f"sohoa demo: samples from {args.samples}, data in {settings.data_dir.resolve()}")
    groups = _dossiers(args.samples)
    store, catalogue = context.get_store(), context.get_catalogue()
    started = time.monotonic()
    rows, failures = [], 0
    for dossier_id, paths in groups.items():
        outcomes = service.receive_many(dossier_id, [(p, p.name) for p in paths], store=store, catalogue=catalogue)
        for refused in (o for o in outcomes if isinstance(o, Refused)):
            failures += 1
            rows.append((dossier_id, refused.source, "-", "refused", "-", refused.error.message, "-", "-"))
        accepted = [o for o in outcomes if isinstance(o, Accepted)]
        finished = service.wait_for(catalogue, [a.document.document_id for a in accepted], settings.wait_timeout_s)
        for doc in service.with_split_parts(catalogue, dossier_id, finished) if finished else []:
            if doc.status != "digitised":
                failures += 1
            values = {f.name: f.value for f in doc.fields}
            key = " | ".join(values.get(name, "?") for name in KEY_FIELDS.get(doc.doc_type or "", ()))
            rows.append(
                (
                    dossier_id,
                    doc.source,
                    doc.document_id[:8],
                    doc.doc_type or doc.status,
                    str(doc.page_count),
                    key or (doc.error or ""),
                    f"{doc.confidence or 0:.1f}",
                    f"{doc.seconds or 0:.1f}",
                )
            )
    header = ("dossier", "file", "document", "type", "pages", "key fields", "conf", "s")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(
        f"\n{len(rows) - failures}/{len(rows)} documents digitised in {time.monotonic() - started:.1f} s; "
        f"objects under {settings.objects_dir.resolve()}"
    )
    return 1 if failures else 0
