"""`sohoa report [--report DIR]`: rewrite a batch's report from its `batch.json` and the catalogue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import NotFound

from .batch import describe


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `report` command."""
    p = subparsers.add_parser("report", help="rewrite a batch report (report.json/.csv/.html) from the catalogue")
    p.add_argument(
        "--report",
        type=Path,
        default=Path("sohoa-report"),
        metavar="DIR",
        help="the batch's report folder, holding batch.json (default sohoa-report/)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the batch record, measure progress from the catalogue, write the three report files."""
    from ingest.batches.batch import RECORD_NAME, BatchRecord, recorded_progress, write_batch_report

    record = BatchRecord.load(args.report)
    if record is None:
        raise NotFound(f"No {RECORD_NAME} in {args.report}; run `sohoa batch SOURCE --report {args.report}` first")
    progress = recorded_progress(record)
    paths = write_batch_report(record, args.report, progress)
    print(f"sohoa report: batch {record.batch_id}: {describe(progress)}", file=sys.stderr)
    print(paths["html"])
    return 0
