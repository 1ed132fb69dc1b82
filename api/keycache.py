"""A short-lived, in-process cache of checked API keys, so an upload does not query the key table.

Entries are keyed by the key's SHA-256 (the token itself is never kept) and live `ttl_s` seconds
(`SOHOA_API_KEY_CACHE_S`, default 10; 0 turns the cache off). Only live keys are cached: an unknown
or revoked key is looked up every time, so a key created anywhere works at once. A revocation
through this process (`DELETE /v1/keys/{id}`) drops the key's entry at once; a revocation made
elsewhere (`sohoa keys revoke`, another `sohoa serve` process) takes effect within `ttl_s`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from storage.access import ApiKeyRecord, hash_token

MAX_ENTRIES = 1024


class KeyCache:
    """Live API keys by hash, each trusted for `ttl_s` seconds after it was read from the catalogue."""

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, ApiKeyRecord]] = OrderedDict()
        self._lock = threading.Lock()
        # Bumped by every invalidation: a lookup that started before a revocation must not store its
        # (now stale) answer after it.
        self._generation = 0

    def get(self, token: str) -> ApiKeyRecord | None:
        """The cached live key for `token`, or None when absent or expired."""
        if self.ttl_s <= 0:
            return None
        digest = hash_token(token)
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None:
                return None
            expires, key = entry
            if expires <= self._clock():
                del self._entries[digest]
                return None
            return key

    def generation(self) -> int:
        """Take before reading the catalogue; hand to `put` so a revocation in between wins."""
        with self._lock:
            return self._generation

    def put(self, token: str, key: ApiKeyRecord, generation: int) -> None:
        """Remember a live key read from the catalogue (unless a revocation happened since `generation`)."""
        if self.ttl_s <= 0 or key.revoked_at is not None:
            return
        with self._lock:
            if generation != self._generation:
                return
            digest = hash_token(token)
            self._entries[digest] = (self._clock() + self.ttl_s, key)
            self._entries.move_to_end(digest)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def invalidate(self, key_id: str) -> None:
        """Forget the key with this ID (it was just revoked)."""
        with self._lock:
            self._generation += 1
            for digest in [d for d, (_, key) in self._entries.items() if key.key_id == key_id]:
                del self._entries[digest]
