"""`sohoa serve`: the HTTP API under uvicorn, with in-process workers when no broker is configured."""

from __future__ import annotations

import argparse

from core.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` command."""
    p = subparsers.add_parser("serve", help="start the HTTP API (and in-process workers without a broker)")
    p.add_argument("--host", default=None, help="interface to listen on (default SOHOA_API_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default SOHOA_API_PORT, 8000)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; stop the in-process workers on the way out."""
    import uvicorn

    from ingest import service

    from ..app import create_app

    settings = get_settings()
    service.ensure_workers(settings)
    try:
        uvicorn.run(
            create_app(), host=args.host or settings.api_host, port=args.port or settings.api_port,
            log_level=args.log_level, access_log=args.log_level == "debug", timeout_graceful_shutdown=10,
        )
    finally:
        service.stop_workers()
    return 0
