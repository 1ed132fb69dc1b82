"""`sohoa batch SOURCE`: digitise a backlog with progress, resume, parallel workers and a report.

SOURCE is a folder with one sub-folder per dossier ID, a CSV manifest (`file,dossier_id[,doc_type]`)
or a folder of scanner stacks (`--stacks`, or found automatically when it holds only PDFs). Everything
is checked first; any problem refuses the whole batch (exit 2) with every problem listed. Exit 0 when
every file is digitised, 1 when some failed, 130 when interrupted (run the same command to resume).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from ingest.batches import SPLITS
from ingest.batches.progress import BatchState, Progress

if TYPE_CHECKING:
    from ingest.batches.batch import BatchRecord, BatchRunner

from ..startup import check_ready

EXIT_FAILED, EXIT_REFUSED, EXIT_INTERRUPTED = 1, 2, 130


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `batch` command."""
    p = subparsers.add_parser("batch", help="digitise a backlog folder, manifest or scanner stacks, resumably")
    p.add_argument("source", type=Path, metavar="SOURCE", help="dossier folder tree, CSV manifest or stack folder")
    stack = p.add_mutually_exclusive_group()
    stack.add_argument(
        "--stacks",
        dest="stacks",
        action="store_true",
        default=None,
        help="SOURCE holds multi-page scanner PDFs split at receipts' QR codes",
    )
    stack.add_argument("--no-stacks", dest="stacks", action="store_false", help="never treat SOURCE as stacks")
    p.add_argument(
        "--split",
        choices=SPLITS,
        default="segment",
        help="stacks: one document per dossier segment (default) or per page",
    )
    p.add_argument("--doc-type", default=None, help="read every file as this type (manifest rows may override)")
    p.add_argument(
        "--report",
        type=Path,
        default=Path("sohoa-report"),
        metavar="DIR",
        help="where report.json/.csv/.html and batch.json go (default sohoa-report/)",
    )
    p.add_argument("--report-only", action="store_true", help="write the report from the catalogue; digitise nothing")
    p.add_argument("--retry-failed", action="store_true", help="digitise files that failed in an earlier run again")
    p.add_argument("--max-in-flight", type=int, default=None, help="documents queued at a time")
    p.add_argument("--grace", type=float, default=30.0, help="seconds current documents may finish after a stop")
    p.add_argument(
        "--progress",
        choices=("auto", "bar", "lines", "none"),
        default="auto",
        help="bar on a terminal, plain lines otherwise (auto)",
    )
    p.add_argument("--interval", type=float, default=10.0, help="seconds between plain progress lines")
    p.add_argument("--json", action="store_true", help="print the totals as one JSON object on standard output")
    p.set_defaults(func=run)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "--"
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


def describe(p: Progress) -> str:
    """One line of numbers, shared by the bar and the plain lines."""
    return (
        f"docs {p.files_done}/{p.files_total} · pages {p.pages_done}/{p.pages_total} · "
        f"{p.pages_per_minute:.1f} pages/min · ETA {_duration(p.eta_s)} · failed {p.files_failed}"
        + (f" · skipped {p.files_skipped}" if p.files_skipped else "")
    )


class ProgressDisplay:
    """Draws `Progress`: an ANSI `\\r` bar on a terminal, or a plain line every `interval` seconds."""

    def __init__(self, stream: TextIO, mode: str = "auto", interval: float = 10.0, width: int = 24) -> None:
        if mode == "auto":
            mode = "bar" if stream.isatty() else "lines"
        self.stream, self.mode, self.interval, self.width = stream, mode, interval, width
        self._last = 0.0
        self._drawn = False

    def __call__(self, progress: Progress) -> None:
        """Show `progress` if it is time to."""
        final = progress.state in (BatchState.FINISHED, BatchState.INTERRUPTED, BatchState.STOPPING)
        now = time.monotonic()
        if self.mode == "none" or (not final and now - self._last < (0.2 if self.mode == "bar" else self.interval)):
            return
        self._last = now
        if self.mode == "bar":
            filled = round(progress.fraction * self.width)
            bar = "█" * filled + "░" * (self.width - filled)
            self.stream.write(f"\r[{bar}] {progress.fraction * 100:3.0f}% {describe(progress)}\x1b[K")
            self._drawn = True
            if progress.state in (BatchState.FINISHED, BatchState.INTERRUPTED):
                self.stream.write("\n")
                self._drawn = False
        else:
            self.stream.write(f"sohoa batch: {progress.state.value}: {describe(progress)}\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """Print a line without tearing the bar."""
        if self._drawn:
            self.stream.write("\n")
            self._drawn = False
        self.stream.write(text + "\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    """Check the source, then digitise (or just report), then write the report."""
    from ingest.batches.batch import BatchOptions, BatchRecord, BatchRunner, recorded_progress
    from ingest.batches.batch_source import open_plan

    settings = check_ready()
    err = sys.stderr
    print(f"sohoa batch: checking {args.source} …", file=err, flush=True)
    with open_plan(args.source, settings, stacks_flag=args.stacks, doc_type=args.doc_type, split=args.split) as plan:
        for warning in plan.warnings:
            print(f"sohoa: warning: {warning}", file=err)
        if not plan.ok:
            for problem in plan.problems:
                print(f"sohoa: {problem}", file=err)
            print(
                f"sohoa: batch refused: {len(plan.problems)} problem(s) in {args.source}; nothing was digitised",
                file=err,
            )
            return EXIT_REFUSED
        pages = sum(i.pages for i in plan.items)
        dossiers = len({i.dossier_id for i in plan.items})
        print(
            f"sohoa batch: {len(plan.items)} files, {pages} pages, {dossiers} dossiers ({plan.mode})",
            file=err,
            flush=True,
        )
        record = BatchRecord.from_plan(plan, BatchRecord.load(args.report))
        if args.report_only:
            return _finish(args, record, recorded_progress(record))
        display = ProgressDisplay(err, args.progress, args.interval)
        options = BatchOptions(retry_failed=args.retry_failed, max_in_flight=args.max_in_flight, grace_s=args.grace)
        runner = BatchRunner(plan.items, record, args.report, settings, options, display)
        with _stop_on_signals(runner, display):
            progress = runner.run()
    return _finish(args, record, progress)


def _finish(args: argparse.Namespace, record: BatchRecord, progress: Progress) -> int:
    from ingest.batches.batch import write_batch_report

    paths = write_batch_report(record, args.report, progress)
    err = sys.stderr
    print(
        f"sohoa batch: {progress.files_digitised} digitised, {progress.files_failed} failed, "
        f"{progress.files_total - progress.files_done} not done; report: {paths['html']}",
        file=err,
    )
    if args.json:
        json.dump({"batch_id": record.batch_id, "report": str(paths["json"]), **progress.to_dict()}, sys.stdout)
        sys.stdout.write("\n")
    if progress.state == BatchState.INTERRUPTED:
        print("sohoa: interrupted; run the same command to resume", file=err)
        return EXIT_INTERRUPTED
    return EXIT_FAILED if progress.files_failed else 0


class _stop_on_signals:  # used as a context manager
    """SIGTERM and Ctrl-C ask the runner to stop cleanly; a second one exits at once."""

    def __init__(self, runner: BatchRunner, display: ProgressDisplay) -> None:
        self.runner, self.display = runner, display
        self.previous: dict[int, object] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.runner.stop.is_set():
            raise SystemExit(EXIT_INTERRUPTED)
        self.display.message(
            f"sohoa batch: {signal.Signals(signum).name}: stopping after the current documents "
            f"(up to {self.runner.options.grace_s:.0f} s); signal again to quit now"
        )
        self.runner.stop.set()

    def __enter__(self) -> _stop_on_signals:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
