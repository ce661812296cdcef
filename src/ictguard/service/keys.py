"""API keys as the API and the web pages check them: one cache, so a revoked key stops working in both within
``KEY_CACHE_SECONDS`` and screening at thousands of requests a second does not query the keys each time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Engine

from ictguard.store import keys_repo
from ictguard.store.keys_repo import KeyInfo

KEY_CACHE_SECONDS = 5.0  # a revoked key stops working within this many seconds
MAX_ENTRIES = 10_000  # bound memory against floods of random keys
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class Caller:
    """Who calls, by key: the audit log's actor is written the same from the API and the web."""

    key_id: int
    name: str
    role: str

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}:{self.name}"


class _Recent(Generic[K, V]):
    """Values kept for ``KEY_CACHE_SECONDS``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K, fetch: Callable[[K], V]) -> V:
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and now - hit[0] < KEY_CACHE_SECONDS:
            return hit[1]
        value = fetch(key)
        with self._lock:
            if len(self._entries) > MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class KeyCache:
    """Recent key lookups (by the clear key) and revocation checks (by key id, for browser sessions)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._by_key: _Recent[str, KeyInfo | None] = _Recent()
        self._active: _Recent[int, bool] = _Recent()

    def lookup(self, key: str) -> KeyInfo | None:
        return self._by_key.get(key, lambda k: keys_repo.lookup(self.engine, k))

    def caller(self, key: str) -> Caller | None:
        info = self.lookup(key) if key else None
        return None if info is None else Caller(info.id, info.name, info.role)

    def forget(self) -> None:
        """Drop what is cached: a key revoked through this process stops working at once (others: within
        ``KEY_CACHE_SECONDS``)."""
        self._by_key.clear()
        self._active.clear()

    def still_valid(self, key_id: int) -> bool:
        """False once the key is revoked (or gone)."""
        return self._active.get(key_id, lambda k: keys_repo.is_active(self.engine, k))
