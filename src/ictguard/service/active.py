"""The screener of the active list version, built once and kept in memory; rebuilt when the version changes.

The one active-screener holder of the long-running adapters (the API and the web pages on one app). It also
carries their garbage-collector policy (``gc_policy``): the index is frozen after each build, thawed before the
next, and the survivors of the screens are frozen every ``FREEZE_EVERY`` requests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Protocol

from sqlalchemy import Engine

from ictguard.cases.ports import ScreeningContext
from ictguard.errors import NoActiveListsError
from ictguard.lists.snapshot import ListSnapshot, screening_snapshot
from ictguard.rules import decision_resolver
from ictguard.rules.resolver import PartyResolver
from ictguard.screening import screener_for
from ictguard.screening.screener import Screener
from ictguard.service import gc_policy
from ictguard.store import lists_repo

ScreenerFactory = Callable[[ListSnapshot], Screener]


class SnapshotSource(Protocol):
    """Where list versions come from: the store (``StoreSnapshots``); tests pass versions held in memory."""

    def active_version(self, engine: Engine) -> str | None: ...
    def active(self, engine: Engine) -> ListSnapshot: ...
    def load(self, engine: Engine, version_id: str) -> ListSnapshot: ...


class StoreSnapshots:
    """List versions as ``store.lists_repo`` keeps them."""

    def active_version(self, engine: Engine) -> str | None:
        try:
            return lists_repo.active_version(engine).version_id
        except NoActiveListsError:
            return None

    def active(self, engine: Engine) -> ListSnapshot:
        return lists_repo.load_active_snapshot(engine)

    def load(self, engine: Engine, version_id: str) -> ListSnapshot:
        return lists_repo.load_snapshot(engine, version_id)


class ActiveScreening:
    """Checks the active version at most every ``recheck_seconds`` so a request costs no database round trip."""

    def __init__(
        self,
        engine: Engine,
        source: SnapshotSource | None = None,
        factory: ScreenerFactory = screener_for,
        *,
        recheck_seconds: float = 2.0,
    ) -> None:
        self.engine = engine
        self.source: SnapshotSource = source or StoreSnapshots()
        self.screener_for = factory
        self._recheck = recheck_seconds
        self._lock = threading.Lock()
        self._context: ScreeningContext | None = None
        self._snapshot: ListSnapshot | None = None
        self._checked_at = 0.0
        self._resolver: tuple[str | None, PartyResolver, list[str]] | None = None
        self._upkeep = gc_policy.FreezeEvery(first=True)

    def snapshot(self) -> ListSnapshot:
        self.context()
        assert self._snapshot is not None
        return self._snapshot

    def context(self) -> ScreeningContext:
        """The active version's screening context; each call counts as one request for the GC policy."""
        self._upkeep.tick()
        now = time.monotonic()
        context = self._context
        if context is not None and now - self._checked_at < self._recheck:
            return context
        with self._lock:
            if self._context is not None and time.monotonic() - self._checked_at < self._recheck:
                return self._context
            version = self.source.active_version(self.engine)
            if version is None:
                raise NoActiveListsError("no list version is active yet: run `ictguard lists update` first")
            if self._context is None or self._context.version_id != version:
                gc_policy.thaw()  # the previous version's objects (and frozen cycles) may be collected
                snapshot = self.source.active(self.engine)
                # Screened against the list version plus the curated regime entities, as `decide` resolves.
                screened = screening_snapshot(snapshot)
                self._context = ScreeningContext(
                    snapshot.version_id, self.screener_for(screened), {e.id: e for e in screened.entities}
                )
                self._snapshot = snapshot
                gc_policy.freeze_all()  # the new index: ~440k objects no collection should walk
            self._checked_at = time.monotonic()
            return self._context

    def list_loaded_on(self) -> date | None:
        """The day the active list version was loaded (a decision dated later gets a warning), None without one."""
        snapshot = self._snapshot
        return snapshot.loaded_at.date() if snapshot is not None else None

    def decision_resolver(self) -> tuple[PartyResolver, list[str]]:
        """The rules engine's resolver for the active version, built once per version.

        With no active version the curated regime entities alone are used, with a note (as the CLI does).
        """
        try:
            context = self.context()
        except NoActiveListsError:
            context = None
        version = context.version_id if context is not None else None
        with self._lock:
            if self._resolver is None or self._resolver[0] != version:
                if context is None:
                    resolver, notes = decision_resolver(None, None, None)
                else:
                    screener = context.screener
                    # The list entities alone: the rules add the curated ones (lists.snapshot.screening_entities).
                    assert self._snapshot is not None
                    resolver, notes = decision_resolver(list(self._snapshot.entities), version, lambda: screener)
                self._resolver = (version, resolver, notes)
            return self._resolver[1], list(self._resolver[2])
