"""`sohoa dossiers delete DOSSIER_ID --reason TEXT`: erase a dossier's objects, rows and search text, audited."""

from __future__ import annotations

import argparse
import getpass
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `dossiers` command and its subcommands."""
    p = subparsers.add_parser("dossiers", help="erase a dossier for good")
    sub = p.add_subparsers(dest="dossiers_command", required=True, metavar="ACTION")
    delete = sub.add_parser("delete", help="remove a dossier's objects, catalogue rows and search text")
    delete.add_argument("dossier_id")
    delete.add_argument("--reason", required=True, help="why (kept in the audit log), e.g. 'citizen request 17'")
    delete.set_defaults(func=run_delete)


def run_delete(args: argparse.Namespace) -> int:
    """Erase the dossier and write who (the operating-system user) and why into the audit log."""
    from ingest.context import get_catalogue, get_store
    from storage.access import Access, ApiKeyRecord
    from storage.erase import erase_dossier
    from storage.keys import validate_dossier_id
    from storage.models import utcnow

    reason = " ".join(args.reason.split())
    if len(reason) < 3:
        print("sohoa: --reason must say why, in 3 characters or more", file=sys.stderr)
        return 2
    dossier_id = validate_dossier_id(args.dossier_id)
    catalogue = get_catalogue()
    erased = erase_dossier(catalogue, get_store(), dossier_id)
    who = ApiKeyRecord("cli", f"command line ({getpass.getuser()})", "admin", utcnow(), None)
    Access(catalogue.database).record(
        who,
        "dossier.delete",
        dossier_id=dossier_id,
        detail={"reason": reason, "documents": erased.documents, "objects": erased.objects},
    )
    print(f"Deleted dossier {dossier_id}: {erased.documents} documents, {erased.objects} stored objects.")
    return 0
