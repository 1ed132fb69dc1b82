"""Erase a dossier: its objects, its catalogue rows and so its search text (the citizen's right, retention's end).

Objects are listed under the dossier's key prefix and deleted, then the rows in one transaction, then
the prefix is listed again (a worker finishing a page meanwhile may have stored one more object).
Pure `storage`: no `ingest`, `ocr` or `api` here; the caller records who asked and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue
from .objects import ObjectStore


@dataclass(frozen=True)
class Erased:
    """What a dossier's erasure removed."""

    dossier_id: str
    documents: int
    objects: int


def _delete_prefix(store: ObjectStore, prefix: str) -> int:
    removed = 0
    for key in list(store.list_keys(prefix)):
        store.delete(key)
        removed += 1
    return removed


def erase_dossier(catalogue: Catalogue, store: ObjectStore, dossier_id: str) -> Erased:
    """Remove every object, row and search entry of a dossier; `NotFound` if the catalogue does not know it."""
    catalogue.dossier_documents(dossier_id)  # NotFound before anything is touched
    prefix = f"{dossier_id}/"
    objects = _delete_prefix(store, prefix)
    documents = catalogue.delete_dossier(dossier_id)
    objects += _delete_prefix(store, prefix)
    return Erased(dossier_id, len(documents), objects)
