"""The `sohoa` command line: one module per command, errors turned into one-line messages here."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from importlib import import_module

from core.errors import SohoaError

# Each module defines `register(subparsers)`, which adds its parser with `func=` set.
COMMANDS = (
    "digitise",
    "demo",
    "batch",
    "report",
    "serve",
    "keys",
    "users",
    "worker",
    "retry",
    "audit",
    "signing",
    "verify",
    "dossiers",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(prog="sohoa", description="Digitise Vietnamese one-stop dossiers.")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on standard error")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `sohoa` console script."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SohoaError as exc:
        print(f"sohoa: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sohoa: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
