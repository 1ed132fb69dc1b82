"""The centre's signature on the digitised copy: keys, PAdES signing with a visible stamp, verification.

A sub-package of `ingest` because it is I/O at the edge (key files, tokens, a time-stamping server)
around pure pyHanko calls on bytes; `ocr/` builds the PDF/A it signs and never sees a key. Names are
loaded on first use: pyHanko and pikepdf take a while to import, and `component` (upload checks,
document JSON) is needed by every command without them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .copy import SignedCopy, archival_copy, store_copy
    from .keys import CentreKey, init_dev_certificate, load_centre_key, trusted_roots
    from .sign import StampText, sign_copy
    from .verify import Verdict, verify_copy

_WHERE = {
    "SignedCopy": "copy",
    "archival_copy": "copy",
    "store_copy": "copy",
    "CentreKey": "keys",
    "init_dev_certificate": "keys",
    "load_centre_key": "keys",
    "trusted_roots": "keys",
    "StampText": "sign",
    "sign_copy": "sign",
    "Verdict": "verify",
    "verify_copy": "verify",
}
_SUBMODULES = {"component", "copy", "keys", "sign", "verify"}
__all__ = [
    "CentreKey",
    "SignedCopy",
    "StampText",
    "Verdict",
    "archival_copy",
    "init_dev_certificate",
    "load_centre_key",
    "sign_copy",
    "store_copy",
    "trusted_roots",
    "verify_copy",
]


def __getattr__(name: str) -> Any:
    """Import the submodule that defines `name` when it is first asked for."""
    if name in _SUBMODULES:
        return import_module(f".{name}", __name__)
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
