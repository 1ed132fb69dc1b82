"""`sohoa worker`: dramatiq worker processes for the pipeline, plus the stuck-document sweeper beside them."""

from __future__ import annotations

import argparse
import os

from core.errors import InvalidRequest

from ..startup import check_ready


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `worker` command."""
    p = subparsers.add_parser(
        "worker", help="run pipeline workers for SOHOA_BROKER_URL (start one per machine; it forks per core)"
    )
    p.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="worker processes (default: cores)")
    p.add_argument("--threads", type=int, default=1, help="threads per process (default 1: OCR is CPU-bound)")
    p.add_argument("--no-sweeper", action="store_true", help="do not re-queue stuck documents from this machine")
    p.set_defaults(func=run)


def dramatiq_argv(args: argparse.Namespace) -> list[str]:
    """The arguments handed to dramatiq's own command line."""
    argv = ["ingest.queueing.actors:broker", "--processes", str(args.processes), "--threads", str(args.threads)]
    if not args.no_sweeper:
        argv += ["--fork-function", "ingest.queueing.maintenance:sweeper_process"]
    if getattr(args, "verbose", False):
        argv.append("-v")
    return argv


def run(args: argparse.Namespace) -> int:
    """Refuse without a broker, then hand over to dramatiq (which supervises the processes)."""
    settings = check_ready()
    if not settings.broker_url:
        raise InvalidRequest(
            "sohoa worker needs a queue: set SOHOA_BROKER_URL=redis://host:6379/0 or amqp://user:pass@host:5672/ "
            "(without one, sohoa digitise and sohoa serve run the pipeline in-process)"
        )
    if args.processes < 1 or args.threads < 1:
        raise InvalidRequest("--processes and --threads must be at least 1")
    from dramatiq import cli

    return int(cli.main(cli.make_argument_parser().parse_args(dramatiq_argv(args))) or 0)
