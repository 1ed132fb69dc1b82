"""`sohoa digitise FILE... --dossier-id ID [--doc-type TYPE] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..startup import check_ready

if TYPE_CHECKING:
    from core.errors import TransientError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `digitise` command."""
    p = subparsers.add_parser("digitise", help="digitise files as documents of one dossier and wait")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dossier-id", required=True, help="one-stop dossier code, e.g. 000.00.36.H36-251125-0001")
    p.add_argument("--doc-type", default=None, help="skip classification and read as this type")
    p.add_argument("--json", action="store_true", help="print exactly one JSON object on standard output")
    p.set_defaults(func=run)


def _say_retrying(name: str, error: TransientError, pause: float) -> None:
    print(f"sohoa: {name}: {error.message}; retrying in {pause:.1f} s", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Receive, wait, print; exit 0 only when every file was digitised."""
    from ingest import context
    from ingest.digitising.results import document_json
    from ingest.receiving import service
    from ingest.receiving.service import Accepted, Refused
    from storage.keys import validate_dossier_id

    settings = check_ready()
    dossier_id = validate_dossier_id(args.dossier_id)
    service.validate_doc_type(args.doc_type)
    failures: list[str] = []
    files = []
    for path in args.files:
        if not path.is_file():
            failures.append(f"{path}: no such file")
        else:
            files.append((path, path.name))
    store, catalogue = context.get_store(), context.get_catalogue()
    outcomes = service.receive_many(
        dossier_id, files, args.doc_type, on_retry=_say_retrying, store=store, catalogue=catalogue
    )
    accepted = [o for o in outcomes if isinstance(o, Accepted)]
    failures += [o.error.message for o in outcomes if isinstance(o, Refused)]
    records = service.wait_for(catalogue, [a.document.document_id for a in accepted], settings.wait_timeout_s)
    if records:
        records = service.with_split_parts(catalogue, dossier_id, records)
    documents = []
    for record in records:
        documents.append(document_json(record))
        if record.status == "failed":
            failures.append(f"{record.source}: {record.error}")
        elif record.status != "digitised":
            failures.append(f"{record.source}: still {record.status} after waiting; see `sohoa audit`")
    if args.json:
        json.dump({"dossier_id": dossier_id, "documents": documents}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for doc in documents:
            print(f"{doc['source']}: {doc['status']} {doc['doc_type']} {doc['document_id']}")
    for line in failures:
        print(f"sohoa: {line}", file=sys.stderr)
    return 1 if failures else 0
