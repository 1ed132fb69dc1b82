"""The S3/MinIO object store, through the `minio` SDK, with the same key layout as the folder store.

`_translated` is the one seam where `minio.error` and urllib3/socket errors become `core.errors`:
a missing object is `NotFound`; anything else (server down, timeouts, 5xx, refused credentials) is
`StorageUnavailable`, which workers retry with backoff. Must not import `ocr`, `ingest` or `api`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import urllib3
from minio import Minio
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError

from core.errors import NotFound, StorageUnavailable
from core.settings import Settings

MISSING_CODES = frozenset({"NoSuchKey", "NotFound", "NoSuchObject", "NoSuchVersion"})
BUCKET_TAKEN_CODES = frozenset({"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})
CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 120.0


@contextmanager
def _translated(what: str, key: str | None = None) -> Iterator[None]:
    """Turn the SDK's and the network's errors into `NotFound` / `StorageUnavailable`."""
    try:
        yield
    except S3Error as exc:
        if key is not None and exc.code in MISSING_CODES:
            raise NotFound(f"No stored object '{key}'") from None
        raise StorageUnavailable(f"Object storage refused to {what}: {exc.code} {exc.message or ''}".strip()) from exc
    except (ServerError, InvalidResponseError, MinioException) as exc:
        raise StorageUnavailable(f"Object storage failed to {what}: {exc}") from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise StorageUnavailable(f"Object storage is unreachable ({what}): {exc.__class__.__name__}") from exc


class _ObjectStream(io.RawIOBase):
    """A readable object body that releases its connection on close and translates read errors."""

    def __init__(self, response: Any, key: str) -> None:
        self._response = response
        self._key = key

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        with _translated("read", self._key):
            data = self._response.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            try:
                self._response.close()
                self._response.release_conn()
            finally:
                super().close()


class S3Store:
    """Objects in one S3 bucket (MinIO, AWS, or moto in tests); the bucket is created if missing."""

    def __init__(
        self,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        *,
        secure: bool = False,
        region: str | None = None,
    ) -> None:
        self.bucket = bucket
        self.endpoint = endpoint
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S),
            maxsize=16,
            retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region, http_client=http
        )
        self._bucket_ready = False

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Store:
        """The store `SOHOA_S3_*` describe."""
        endpoint = settings.s3_endpoint or ""
        secure = settings.s3_secure
        for scheme, is_secure in (("https://", True), ("http://", False)):
            if endpoint.startswith(scheme):
                endpoint, secure = endpoint.removeprefix(scheme), is_secure
        return cls(
            endpoint.rstrip("/"),
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            secure=secure,
            region=settings.s3_region,
        )

    def _ready(self) -> None:
        """Create the bucket on first use (several workers may race: the loser's refusal is fine)."""
        if self._bucket_ready:
            return
        with _translated(f"create bucket '{self.bucket}'"):
            if not self.client.bucket_exists(self.bucket):
                try:
                    self.client.make_bucket(self.bucket)
                except S3Error as exc:
                    if exc.code not in BUCKET_TAKEN_CODES:
                        raise
        self._bucket_ready = True

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._ready()
        with _translated("store", key):
            self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        self._ready()
        with _translated("store", key):
            self.client.fput_object(self.bucket, key, str(path), content_type=content_type)

    def get_bytes(self, key: str) -> bytes:
        with self.open_stream(key) as stream:
            return stream.read()

    def get_file(self, key: str, path: Path) -> None:
        self._ready()
        with _translated("read", key):
            self.client.fget_object(self.bucket, key, str(path))

    def open_stream(self, key: str) -> BinaryIO:
        self._ready()
        with _translated("read", key):
            response = self.client.get_object(self.bucket, key)
        return io.BufferedReader(_ObjectStream(response, key), 1024 * 1024)  # type: ignore[return-value]

    def exists(self, key: str) -> bool:
        try:
            self.size(key)
        except NotFound:
            return False
        return True

    def size(self, key: str) -> int:
        self._ready()
        with _translated("look up", key):
            return int(self.client.stat_object(self.bucket, key).size or 0)

    def delete(self, key: str) -> None:
        self._ready()
        with _translated("delete", key):
            self.client.remove_object(self.bucket, key)

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        self._ready()
        with _translated("list objects"):
            for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                if obj.object_name and not obj.is_dir:
                    yield obj.object_name

    def check(self) -> None:
        self._bucket_ready = False
        self._ready()
