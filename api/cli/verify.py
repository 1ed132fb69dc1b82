"""`sohoa verify FILE [--json]`: exit 0 only for a copy intact and signed by a trusted certificate.

Otherwise exit 1 and one line on standard error saying what is wrong: no signature, altered after
signing, unknown signer, not a readable PDF. Trusted are the centre's own certificate (when it is
self-signed, as in development) and the CA certificates in SOHOA_SIGNING_TRUST_ROOTS.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import InvalidRequest


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `verify` command."""
    p = subparsers.add_parser("verify", help="check a digitised copy's signature")
    p.add_argument("file", type=Path, help="the signed searchable PDF")
    p.add_argument("--json", action="store_true", help="print the verdict as one JSON object on standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Verify the file and report; 0 when intact and trusted, 1 otherwise."""
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise InvalidRequest(f"{args.file}: {exc.strerror}") from None
    from core.settings import get_settings
    from ingest import signing

    verdict = signing.verify_copy(data, signing.trusted_roots(get_settings()))
    if args.json:
        json.dump(verdict.as_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    if verdict.ok:
        if not args.json:
            print(f"{args.file}: {verdict.message}")
        return 0
    print(f"sohoa: {args.file}: {verdict.message}", file=sys.stderr)
    return 1
