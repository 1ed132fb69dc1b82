"""Build the object store and catalogue the settings ask for."""

from __future__ import annotations

from core.settings import Settings

from .catalogue import Catalogue
from .objects import FolderStore, ObjectStore


def make_store(settings: Settings) -> ObjectStore:
    """The S3/MinIO store when `SOHOA_S3_ENDPOINT` is set, else the folder under the data dir."""
    if settings.s3_endpoint:
        from .s3 import S3Store

        return S3Store.from_settings(settings)
    return FolderStore(settings.objects_dir)


def make_catalogue(settings: Settings) -> Catalogue:
    """The catalogue at `SOHOA_DATABASE_URL`, else SQLite under the data dir."""
    return Catalogue(settings.catalogue_url)
