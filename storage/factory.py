"""Build the object store and catalogue database the settings ask for."""

from __future__ import annotations

from core.settings import Settings

from .database import Database
from .objects import FolderStore, ObjectStore


def make_store(settings: Settings) -> ObjectStore:
    """The S3/MinIO store when `SOHOA_S3_ENDPOINT` is set, else the folder under the data dir."""
    if settings.s3_endpoint:
        from .s3 import S3Store

        return S3Store.from_settings(settings)
    return FolderStore(settings.objects_dir)


def make_database(settings: Settings) -> Database:
    """The catalogue database at `SOHOA_DATABASE_URL`, else SQLite under the data dir (schema made or migrated)."""
    return Database(settings.catalogue_url)
