"""`sohoa signing init [--force]`: make the self-signed development certificate (refused in production)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `signing` command group."""
    p = subparsers.add_parser("signing", help="the centre's signing certificate")
    commands = p.add_subparsers(dest="signing_command", required=True, metavar="SUBCOMMAND")
    init = commands.add_parser("init", help="make a self-signed development certificate under the data folder")
    init.add_argument("--force", action="store_true", help="replace an existing development certificate")
    init.set_defaults(func=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Make (or, with --force, remake) the development certificate and say where it is and who it names."""
    from core.settings import get_settings
    from ingest import signing
    from ingest.signing.keys import DEV_CERT

    settings = get_settings()
    path = signing.init_dev_certificate(settings, force=args.force)
    key = signing.load_centre_key(settings, create_dev=False)
    print(f"development signing certificate: {path} (mode 600)")
    print(f"signer: {key.signer_name}")
    print(f"certificate to trust when verifying elsewhere: {path.with_name(DEV_CERT)}")
    if settings.signing_pkcs12 or settings.signing_pkcs11_module:
        print("note: SOHOA_SIGNING_PKCS12 / SOHOA_SIGNING_PKCS11_MODULE is set, so copies are signed with that one")
    return 0
