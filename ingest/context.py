"""The process's store, catalogue database and catalogue, built once from the settings (reset in tests).

One `Database` per process: the catalogue and every other store over its tables (`Access`, `Users`,
`Queries`) are given this one.
"""

from __future__ import annotations

from functools import lru_cache

from core.settings import get_settings
from storage.catalogue import Catalogue
from storage.database import Database
from storage.factory import make_database, make_store
from storage.objects import ObjectStore


@lru_cache(maxsize=1)
def get_store() -> ObjectStore:
    """The object store for this process."""
    return make_store(get_settings())


@lru_cache(maxsize=1)
def get_database() -> Database:
    """The catalogue database for this process."""
    return make_database(get_settings())


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The catalogue for this process, over `get_database()`."""
    return Catalogue(get_database())


def reset() -> None:
    """Forget the cached settings, store, database and catalogue (after the environment changed)."""
    get_settings.cache_clear()
    get_store.cache_clear()
    get_database.cache_clear()
    get_catalogue.cache_clear()
