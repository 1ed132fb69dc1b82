"""The API key cache: a live key is looked up once per TTL, a revocation wins within the TTL, at once in-process."""

from __future__ import annotations

from datetime import UTC, datetime

from api.keycache import MAX_ENTRIES, KeyCache
from core.settings import get_settings
from ingest.context import get_database
from storage.access import Access, ApiKeyRecord
from tests.support.api import Api


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key(key_id: str = "k1", revoked: bool = False) -> ApiKeyRecord:
    now = datetime.now(UTC)
    return ApiKeyRecord(key_id, "desk", "intake", now, now if revoked else None)


def test_entries_expire_after_the_ttl() -> None:
    clock = Clock()
    cache = KeyCache(10, clock)
    cache.put("sohoa_a", _key(), cache.generation())
    assert cache.get("sohoa_a").key_id == "k1"
    clock.now += 9.9
    assert cache.get("sohoa_a") is not None
    clock.now += 0.2
    assert cache.get("sohoa_a") is None


def test_revoked_keys_and_a_zero_ttl_are_never_cached() -> None:
    cache = KeyCache(10)
    cache.put("sohoa_a", _key(revoked=True), cache.generation())
    assert cache.get("sohoa_a") is None
    off = KeyCache(0)
    off.put("sohoa_a", _key(), off.generation())
    assert off.get("sohoa_a") is None


def test_invalidate_drops_the_key_and_refuses_a_lookup_that_started_before_it() -> None:
    cache = KeyCache(10)
    cache.put("sohoa_a", _key("k1"), cache.generation())
    cache.put("sohoa_b", _key("k2"), cache.generation())
    started = cache.generation()  # a lookup of k1 reads the catalogue before the revocation commits...
    cache.invalidate("k1")
    cache.put("sohoa_a", _key("k1"), started)  # ...and must not put the stale answer back
    assert cache.get("sohoa_a") is None
    assert cache.get("sohoa_b").key_id == "k2"


def test_the_cache_holds_a_bounded_number_of_keys() -> None:
    cache = KeyCache(10)
    for n in range(MAX_ENTRIES + 5):
        cache.put(f"sohoa_{n}", _key(f"k{n}"), cache.generation())
    assert cache.get("sohoa_0") is None
    assert cache.get(f"sohoa_{MAX_ENTRIES + 4}") is not None


def test_revocation_elsewhere_takes_effect_within_the_ttl(api: Api, monkeypatch) -> None:
    """`sohoa keys revoke` (another process) is seen once the cached entry expires; over HTTP at once."""
    assert get_settings().api_key_cache_s > 0
    clock = Clock()
    cache = api.client.app.state.key_cache
    monkeypatch.setattr(cache, "_clock", clock)
    access = Access(get_database())
    created = access.create_key("scanner", "intake")
    headers = {"Authorization": f"Bearer {created.token}"}
    assert api.client.get("/v1/search?q=x", headers=headers).status_code == 200
    access.revoke_key(created.record.key_id)  # as `sohoa keys revoke` would, behind this app's back
    assert api.client.get("/v1/search?q=x", headers=headers).status_code == 200  # still cached
    clock.now += cache.ttl_s + 0.1
    assert api.client.get("/v1/search?q=x", headers=headers).status_code == 401

    other = access.create_key("scanner 2", "intake")
    headers = {"Authorization": f"Bearer {other.token}"}
    assert api.client.get("/v1/search?q=x", headers=headers).status_code == 200
    deleted = api.client.delete(f"/v1/keys/{other.record.key_id}", headers=api.auth("admin"))
    assert deleted.status_code == 204
    assert api.client.get("/v1/search?q=x", headers=headers).status_code == 401  # no waiting in this process
