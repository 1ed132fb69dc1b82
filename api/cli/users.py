"""`sohoa users create USERNAME --role ROLE [--password-stdin]` | `sohoa users list` | `sohoa users disable USERNAME`.

Staff accounts for the web page (same four roles as API keys). Without `--password-stdin` the
password is asked twice on the terminal; it is never echoed, printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from core.errors import InvalidRequest
from core.roles import ROLES

if TYPE_CHECKING:
    from storage.users import Users


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `users` command and its subcommands."""
    p = subparsers.add_parser("users", help="create, list and disable staff accounts of the web page")
    sub = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    create = sub.add_parser("create", help="create an account (the password is asked, or read from stdin)")
    create.add_argument("username", help="2-64 characters: a-z 0-9 . _ -")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(func=run_create)
    listing = sub.add_parser("list", help="list accounts")
    listing.set_defaults(func=run_list)
    disable = sub.add_parser("disable", help="disable an account; its sessions end at once")
    disable.add_argument("username")
    disable.set_defaults(func=run_disable)


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice on the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    from storage.users import check_password

    check_password(first)
    if getpass.getpass("Password again: ") != first:
        raise InvalidRequest("The two passwords differ")
    return first


def _users() -> Users:
    from ingest.context import get_database
    from storage.users import Users

    return Users(get_database())


def run_create(args: argparse.Namespace) -> int:
    """Create an account."""
    password = read_password(args.password_stdin)
    user = _users().create_user(args.username, args.role, password)
    print(f"Created user {user.username} ({user.user_id}) with role {user.role}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per account: username, role, created, last sign-in, state."""
    rows = [("username", "role", "created", "last_login", "state")]
    for u in _users().list_users():
        state = "disabled" if u.disabled_at else ("locked" if u.locked_until else "active")
        rows.append(
            (
                u.username,
                u.role,
                f"{u.created_at:%Y-%m-%d %H:%M}",
                f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "-",
                state,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


def run_disable(args: argparse.Namespace) -> int:
    """Disable an account; every session of it stops working at once."""
    user = _users().disable_user(args.username)
    print(f"Disabled user {user.username} ({user.role}); its sessions have ended.")
    return 0
