"""The object store protocol and the folder backend (the embedded default).

Writes are atomic (temporary file, fsync, rename), so a crash never leaves half an object under
a real key. The S3/MinIO backend lives in `storage.s3` and passes the same contract tests.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from core.errors import NotFound, StorageUnavailable


@runtime_checkable
class ObjectStore(Protocol):
    """Bytes under keys. Keys are `/`-separated and already validated by `storage.keys`."""

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store `data` under `key`, replacing any object there."""

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        """Store a local file under `key` without reading it all into memory."""

    def get_bytes(self, key: str) -> bytes:
        """The object's bytes; `NotFound` if absent."""

    def get_file(self, key: str, path: Path) -> None:
        """Copy the object to a local file; `NotFound` if absent."""

    def open_stream(self, key: str) -> BinaryIO:
        """A readable stream of the object (caller closes it); `NotFound` if absent."""

    def exists(self, key: str) -> bool:
        """Whether an object is stored under `key`."""

    def size(self, key: str) -> int:
        """The object's size in bytes; `NotFound` if absent."""

    def delete(self, key: str) -> None:
        """Remove the object if present."""

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key starting with `prefix`, in no promised order."""

    def check(self) -> None:
        """Raise `StorageUnavailable` unless the store answers."""


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FolderStore:
    """Objects as files under one folder, keys as relative paths."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or key.startswith("/") or ".." in key.split("/") or "\\" in key:
            raise NotFound(f"Invalid object key '{key}'")
        return self.root / key

    def _write(self, key: str, writer) -> None:  # callable(fh)
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    writer(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
                _fsync_directory(target.parent)  # the rename itself must survive a power cut
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageUnavailable(f"Could not write object '{key}': {exc.strerror or exc}") from exc

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._write(key, lambda fh: fh.write(data))

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        def copy(fh: BinaryIO) -> None:
            with open(path, "rb") as src:
                shutil.copyfileobj(src, fh, 1024 * 1024)

        self._write(key, copy)

    def get_bytes(self, key: str) -> bytes:
        with self.open_stream(key) as fh:
            return fh.read()

    def get_file(self, key: str, path: Path) -> None:
        with self.open_stream(key) as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)

    def open_stream(self, key: str) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError:
            raise NotFound(f"No stored object '{key}'") from None
        except OSError as exc:
            raise StorageUnavailable(f"Could not read object '{key}': {exc.strerror or exc}") from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise NotFound(f"No stored object '{key}'") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list_keys(self, prefix: str = "") -> Iterator[str]:
        if not self.root.is_dir():
            return
        root = str(self.root)
        for dirpath, dirs, files in os.walk(root):  # sorted: documents come in key order (the audit merges)
            dirs.sort()
            folder = Path(dirpath).relative_to(root).as_posix()
            base = "" if folder == "." else f"{folder}/"
            if prefix and not (base.startswith(prefix) or prefix.startswith(base)):
                dirs.clear()  # nothing under here can start with the prefix
                continue
            for name in sorted(files):
                key = base + name
                if not name.startswith(".tmp-") and key.startswith(prefix):
                    yield key

    def check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / ".tmp-health"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise StorageUnavailable(f"Object folder {self.root} is not writable: {exc}") from exc
