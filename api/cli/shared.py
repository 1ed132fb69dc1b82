"""What the `keys` and `users` commands share: the `--agency` option and their plain listing tables.

Not a command (not in `COMMANDS`). Imports nothing heavy at import time: `sohoa --help` stays quick.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.errors import InvalidRequest

if TYPE_CHECKING:
    from storage.scope import Scope


def add_agency_option(parser: argparse.ArgumentParser, what: str) -> None:
    """`--agency CODE`, repeatable: limit `what` (a key, a user) to those agencies' dossiers."""
    parser.add_argument(
        "--agency",
        action="append",
        default=[],
        metavar="CODE",
        help=f"limit the {what} to this agency's dossiers (AAA.BB.CC.DNN, repeatable); none: the whole province",
    )


def agency_scope(codes: Sequence[str]) -> Scope:
    """The scope of the `--agency` codes given; `InvalidRequest` (one line, exit 2) for a misshapen code."""
    from storage.scope import Scope

    try:
        return Scope.of(codes)
    except ValueError as exc:
        raise InvalidRequest(f"--agency: {exc}") from None


def scope_text(agencies: Sequence[str]) -> str:
    """How a scope is said in the commands' messages."""
    return f"agencies {', '.join(agencies)}" if agencies else "the whole province"


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Rows (the first one the header) as left-aligned columns two spaces apart."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
