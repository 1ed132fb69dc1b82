"""One contract, two object stores: the folder store and the S3 store (against a moto server) must agree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import NotFound, StorageUnavailable
from core.settings import Settings
from storage.factory import make_store
from storage.objects import FolderStore, ObjectStore
from storage.s3 import S3Store

from .conftest import MotoS3, free_port, new_bucket_name

KEY = "000.00.36.H36-251125-0001/0123456789abcdef0123456789abcdef/original.png"


@pytest.fixture(params=["folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    """Each backend in turn, empty."""
    if request.param == "folder":
        yield FolderStore(tmp_path / "objects")
    else:
        moto: MotoS3 = request.getfixturevalue("moto_s3")
        yield S3Store(moto.endpoint, moto.access_key, moto.secret_key, new_bucket_name(), region="us-east-1")


def test_is_an_object_store(store: ObjectStore) -> None:
    assert isinstance(store, ObjectStore)


def test_put_get_round_trip(store: ObjectStore) -> None:
    store.put_bytes(KEY, b"\x89PNG hello", "image/png")
    assert store.get_bytes(KEY) == b"\x89PNG hello"
    assert store.exists(KEY)
    assert store.size(KEY) == len(b"\x89PNG hello")


def test_put_replaces(store: ObjectStore) -> None:
    store.put_bytes(KEY, b"first")
    store.put_bytes(KEY, b"second, longer")
    assert store.get_bytes(KEY) == b"second, longer"


def test_put_file_and_get_file_stream_large_objects(store: ObjectStore, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    payload = bytes(range(256)) * (7 * 1024 * 1024 // 256 + 3)  # > 5 MiB: a multipart upload on S3
    source.write_bytes(payload)
    store.put_file(KEY, source, "application/octet-stream")
    target = tmp_path / "back.bin"
    store.get_file(KEY, target)
    assert target.read_bytes() == payload
    assert store.size(KEY) == len(payload)


def test_open_stream_reads_in_chunks(store: ObjectStore) -> None:
    store.put_bytes(KEY, b"abcdef" * 1000)
    with store.open_stream(KEY) as stream:
        head = stream.read(6)
        rest = stream.read()
    assert head == b"abcdef" and len(rest) == 5994


def test_missing_object_is_not_found(store: ObjectStore, tmp_path: Path) -> None:
    assert not store.exists(KEY)
    with pytest.raises(NotFound):
        store.get_bytes(KEY)
    with pytest.raises(NotFound):
        store.get_file(KEY, tmp_path / "x")
    with pytest.raises(NotFound):
        store.open_stream(KEY)
    with pytest.raises(NotFound):
        store.size(KEY)


def test_delete_is_idempotent(store: ObjectStore) -> None:
    store.put_bytes(KEY, b"x")
    store.delete(KEY)
    store.delete(KEY)
    assert not store.exists(KEY)


def test_list_keys_by_prefix(store: ObjectStore) -> None:
    prefix = "000.00.36.H36-251125-0001/0123456789abcdef0123456789abcdef/"
    keys = {prefix + "original.pdf", prefix + "pages/0001.png", prefix + "pages/0002.png", prefix + "result.json"}
    other = "000.00.36.H36-251125-0002/fedcba9876543210fedcba9876543210/original.jpg"
    for key in [*keys, other]:
        store.put_bytes(key, b"x")
    assert set(store.list_keys(prefix)) == keys
    assert set(store.list_keys(prefix + "pages/")) == {prefix + "pages/0001.png", prefix + "pages/0002.png"}
    assert set(store.list_keys()) == keys | {other}
    assert list(store.list_keys("nothing-here/")) == []


def test_check_passes_when_up(store: ObjectStore) -> None:
    store.check()


def test_unreachable_s3_is_storage_unavailable() -> None:
    """A server that is not there is a transient failure (retried), never a crash or a NotFound."""
    port = free_port()
    store = S3Store(f"127.0.0.1:{port}", "a", "b", "bucket")
    for call in (store.check, lambda: store.put_bytes(KEY, b"x"), lambda: store.get_bytes(KEY)):
        with pytest.raises(StorageUnavailable):
            call()


def test_factory_builds_s3_from_settings(moto_s3: MotoS3) -> None:
    bucket = new_bucket_name()
    settings = Settings(**{k.removeprefix("SOHOA_").lower(): v for k, v in moto_s3.env(bucket).items()})
    store = make_store(settings)
    assert isinstance(store, S3Store) and store.bucket == bucket
    store.put_bytes(KEY, b"ok")
    assert store.get_bytes(KEY) == b"ok"


def test_s3_outage_and_recovery(moto_s3: MotoS3) -> None:
    """Stopping the server makes calls `StorageUnavailable`; restarting brings the same objects back."""
    store = S3Store(moto_s3.endpoint, moto_s3.access_key, moto_s3.secret_key, new_bucket_name())
    store.put_bytes(KEY, b"kept")
    moto_s3.stop()
    try:
        with pytest.raises(StorageUnavailable):
            store.get_bytes(KEY)
        with pytest.raises(StorageUnavailable):
            store.exists(KEY)
    finally:
        moto_s3.start()
    assert store.get_bytes(KEY) == b"kept"
