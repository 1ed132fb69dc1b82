"""`sohoa audit [--json]`: catalogue against object store; exit 1 when anything is missing, unclaimed or stuck."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `audit` command."""
    p = subparsers.add_parser("audit", help="reconcile the catalogue with the object store")
    p.add_argument("--json", action="store_true", help="print one JSON object on standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Audit, print the report, exit 0 only when everything is accounted for."""
    from core.settings import get_settings
    from ingest.context import get_catalogue, get_store
    from storage.audit import audit

    report = audit(get_catalogue(), get_store(), get_settings().processing_timeout_s)
    if args.json:
        json.dump(report.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0 if report.ok else 1
    counts = ", ".join(f"{n} {status}" for status, n in report.status_counts.items())
    print(f"{report.documents} documents ({counts}); {report.objects} stored objects")
    for item in report.missing_objects:
        print(f"MISSING  {item.document_id} ({item.status}, dossier {item.dossier_id}): {', '.join(item.missing)}")
    for key in report.unclaimed_objects:
        print(f"UNCLAIMED {key}")
    for stuck in report.stuck:
        print(f"STUCK    {stuck.document_id} {stuck.status} since {stuck.since} (sohoa retry --stuck)")
    print("audit: clean" if report.ok else (
        f"audit: {len(report.missing_objects)} documents with missing objects, "
        f"{len(report.unclaimed_objects)} unclaimed objects, {len(report.stuck)} stuck documents"
    ))
    return 0 if report.ok else 1
