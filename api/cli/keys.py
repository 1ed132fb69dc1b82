"""`sohoa keys create --role ROLE --name NAME [--agency CODE]...` | `sohoa keys list` | `sohoa keys revoke KEY_ID`.

`create` prints the new key once, alone on the last line of its output; only its SHA-256 is stored.
"""

from __future__ import annotations

import argparse

from core.errors import InvalidRequest
from core.roles import ROLES

from .shared import add_agency_option, agency_scope, print_table, scope_text

# Commands import what they use when they run: `sohoa --help` must not load SQLAlchemy, OpenCV or the pipeline.


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `keys` command and its subcommands."""
    p = subparsers.add_parser("keys", help="create, list and revoke API keys")
    sub = p.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    create = sub.add_parser("create", help="create a key; it is printed once, on the last line")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True, help="who or what uses the key, e.g. 'counter 3 scanner'")
    add_agency_option(create, "key")
    create.set_defaults(func=run_create)
    listing = sub.add_parser("list", help="list keys (never the keys themselves)")
    listing.add_argument("--all", action="store_true", help="include revoked keys")
    listing.set_defaults(func=run_list)
    revoke = sub.add_parser("revoke", help="revoke a key by its ID")
    revoke.add_argument("key_id")
    revoke.set_defaults(func=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    """Create a key and print it last, alone on its line."""
    from ingest.context import get_database
    from storage.access import Access

    name = " ".join(args.name.split())
    if not name or len(name) > 100:
        raise InvalidRequest("--name must be 1 to 100 characters")
    scope = agency_scope(args.agency)
    created = Access(get_database()).create_key(name, args.role, scope)
    print(f"Created API key {created.record.key_id} '{name}' with role {args.role} for {scope_text(scope.agencies)}.")
    print("Store it now: it is shown only this once. Use it as 'Authorization: Bearer <key>'.")
    print(created.token)
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per key: ID, role, created, revoked, agencies, name."""
    from ingest.context import get_database
    from storage.access import Access

    keys = Access(get_database()).list_keys(include_revoked=args.all)
    rows = [("key_id", "role", "created", "revoked", "agencies", "name")]
    rows += [
        (
            k.key_id,
            k.role,
            f"{k.created_at:%Y-%m-%d %H:%M}",
            f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "-",
            ",".join(k.agencies) or "all",
            k.name,
        )
        for k in keys
    ]
    print_table(rows)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke one key (it stops working at once)."""
    from ingest.context import get_database
    from storage.access import Access

    key = Access(get_database()).revoke_key(args.key_id)
    print(f"Revoked API key {key.key_id} '{key.name}' ({key.role}).")
    return 0
