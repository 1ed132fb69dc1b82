"""The process's store and catalogue, built once from the settings (reset in tests)."""

from __future__ import annotations

from functools import lru_cache

from core.settings import get_settings
from storage.catalogue import Catalogue
from storage.factory import make_catalogue, make_store
from storage.objects import ObjectStore


@lru_cache(maxsize=1)
def get_store() -> ObjectStore:
    """The object store for this process."""
    return make_store(get_settings())


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The catalogue for this process."""
    return make_catalogue(get_settings())


def reset() -> None:
    """Forget the cached settings, store and catalogue (after the environment changed)."""
    get_settings.cache_clear()
    get_store.cache_clear()
    get_catalogue.cache_clear()
