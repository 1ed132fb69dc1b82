"""`sohoa retry [DOCUMENT_ID] [--stuck] [--json]`: send failed or stuck documents back to the workers."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `retry` command."""
    p = subparsers.add_parser("retry", help="re-queue failed documents (or one by ID, or the stuck ones)")
    p.add_argument("document_id", nargs="?", help="only this document")
    p.add_argument("--stuck", action="store_true", help="re-queue documents queued/processing past the timeout")
    p.add_argument("--wait", action="store_true", help="wait until the re-queued documents are finished")
    p.add_argument("--json", action="store_true", help="print one JSON object on standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Re-queue, say what was re-queued, optionally wait; exit 1 if a waited-for document failed again."""
    from core.settings import get_settings
    from ingest import context
    from ingest.queueing import maintenance
    from ingest.receiving import service
    from storage.keys import validate_document_id

    settings = get_settings()
    if args.stuck:
        done = maintenance.requeue_stuck(settings)
    else:
        done = maintenance.retry_failed(validate_document_id(args.document_id) if args.document_id else None)
    failed: list[str] = []
    if args.wait and done:
        for doc in service.wait_for(context.get_catalogue(), [d.document_id for d in done], settings.wait_timeout_s):
            if doc.status != "digitised":
                failed.append(f"{doc.source}: {doc.status} {doc.error or ''}".strip())
    if args.json:
        json.dump({"requeued": [asdict(d) for d in done]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for d in done:
            print(f"re-queued {d.document_id} {d.source} (was {d.was}: {d.reason})")
        if not done:
            print("nothing to re-queue")
    for line in failed:
        print(f"sohoa: {line}", file=sys.stderr)
    return 1 if failed else 0
