"""`sohoa serve`: the HTTP API under uvicorn, with in-process workers when no broker is configured.

`--workers N` runs N API processes on one port (uvicorn's supervisor), which is how a server with
several cores acknowledges more uploads at once: most of an upload's CPU holds Python's GIL. It
needs a broker: in-process dramatiq workers use an in-memory queue of their own process, so an
upload taken by one API process could never reach workers running in another.
"""

from __future__ import annotations

import argparse

from core.errors import InvalidRequest

from ..startup import check_ready


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` command."""
    p = subparsers.add_parser("serve", help="start the HTTP API (and in-process workers without a broker)")
    p.add_argument("--host", default=None, help="interface to listen on (default SOHOA_API_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default SOHOA_API_PORT, 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes sharing the port (default 1; more than 1 needs SOHOA_BROKER_URL)",
    )
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=run)


def check_workers(workers: int, broker_url: str | None) -> None:
    """Refuse a process count that cannot work: below 1, or above 1 without a broker."""
    if workers < 1:
        raise InvalidRequest("--workers must be at least 1")
    if workers > 1 and not broker_url:
        raise InvalidRequest(
            f"--workers {workers} needs a queue shared by every process: set SOHOA_BROKER_URL=redis://host:6379/0 "
            "(or amqp://…) and run `sohoa worker` beside the API; without a broker, run one API process "
            "(it digitises in-process)"
        )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; stop the in-process workers on the way out."""
    import uvicorn

    from ingest.receiving import service

    from ..app import create_app

    settings = check_ready()
    check_workers(args.workers, settings.broker_url)
    options = {
        "host": args.host or settings.api_host,
        "port": args.port or settings.api_port,
        "log_level": args.log_level,
        "access_log": args.log_level == "debug",
        "timeout_graceful_shutdown": 10,
    }
    if args.workers > 1:  # each process builds its own app; the broker carries the work to `sohoa worker`
        uvicorn.run("api.app:create_app", factory=True, workers=args.workers, **options)
        return 0
    service.ensure_workers(settings)
    try:
        uvicorn.run(create_app(), **options)
    finally:
        service.stop_workers()
    return 0
