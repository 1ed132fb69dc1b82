"""`sohoa users create USERNAME --role ROLE [--agency CODE]... [--password-stdin]` | `sohoa users list` |
`sohoa users disable USERNAME`.

Staff accounts for the web page (same four roles as API keys and, like keys, optionally limited to
agencies). Without `--password-stdin` the password is asked twice on the terminal; it is never
echoed, printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from core.errors import InvalidRequest
from core.roles import ROLES

from .shared import add_agency_option, agency_scope, print_table, scope_text

# Commands import what they use when they run: `sohoa --help` must not load SQLAlchemy or argon2.


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `users` command and its subcommands."""
    p = subparsers.add_parser("users", help="create, list and disable staff accounts of the web page")
    sub = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    create = sub.add_parser("create", help="create an account (the password is asked, or read from stdin)")
    create.add_argument("username", help="2-64 characters: a-z 0-9 . _ -")
    create.add_argument("--role", required=True, choices=ROLES)
    add_agency_option(create, "user")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    create.set_defaults(func=run_create)
    listing = sub.add_parser("list", help="list accounts")
    listing.set_defaults(func=run_list)
    disable = sub.add_parser("disable", help="disable an account; its sessions end at once")
    disable.add_argument("username")
    disable.set_defaults(func=run_disable)


def read_password(from_stdin: bool) -> str:
    """The new password: the first line of standard input, or typed twice on the terminal."""
    from storage.users import check_password

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    check_password(first)
    if getpass.getpass("Password again: ") != first:
        raise InvalidRequest("The two passwords differ")
    return first


def run_create(args: argparse.Namespace) -> int:
    """Create an account (the agencies are checked before the password is asked)."""
    from ingest.context import get_database
    from storage.users import Users

    scope = agency_scope(args.agency)
    password = read_password(args.password_stdin)
    user = Users(get_database()).create_user(args.username, args.role, password, scope)
    print(f"Created user {user.username} ({user.user_id}) with role {user.role} for {scope_text(user.agencies)}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per account: username, role, agencies, created, last sign-in, state."""
    from ingest.context import get_database
    from storage.users import Users

    rows = [("username", "role", "agencies", "created", "last_login", "state")]
    for u in Users(get_database()).list_users():
        state = "disabled" if u.disabled_at else ("locked" if u.locked_until else "active")
        rows.append(
            (
                u.username,
                u.role,
                ",".join(u.agencies) or "all",
                f"{u.created_at:%Y-%m-%d %H:%M}",
                f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "-",
                state,
            )
        )
    print_table(rows)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    """Disable an account; every session of it stops working at once."""
    from ingest.context import get_database
    from storage.users import Users

    user = Users(get_database()).disable_user(args.username)
    print(f"Disabled user {user.username} ({user.role}); its sessions have ended.")
    return 0
