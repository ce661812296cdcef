"""The screener of the active list version, built once and kept in memory; rebuilt when the version changes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from ictguard.api import engine_ports
from ictguard.api.engine_ports import SnapshotSource
from ictguard.cases.ports import ScreenerLike, ScreeningContext
from ictguard.errors import NoActiveListsError
from ictguard.lists.snapshot import ListSnapshot, screening_snapshot
from ictguard.screening import gc_upkeep


class ActiveScreening:
    """Checks the active version at most every ``recheck_seconds`` so a request costs no database round trip."""

    def __init__(
        self,
        engine: Engine,
        source: SnapshotSource,
        factory: Callable[[], Callable[[ListSnapshot], ScreenerLike]],
        *,
        recheck_seconds: float = 2.0,
    ) -> None:
        self.engine = engine
        self.source = source
        self._factory = factory
        self._recheck = recheck_seconds
        self._lock = threading.Lock()
        self._context: ScreeningContext | None = None
        self._snapshot: ListSnapshot | None = None
        self._checked_at = 0.0
        self._resolver: tuple[str | None, Any, list[str]] | None = None

    def screener_for(self, snapshot: ListSnapshot) -> ScreenerLike:
        return self._factory()(snapshot)

    def snapshot(self) -> ListSnapshot:
        self.context()
        assert self._snapshot is not None
        return self._snapshot

    def context(self) -> ScreeningContext:
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
                gc_upkeep.thaw()  # the previous version's objects (and frozen cycles) may be collected
                snapshot = self.source.active(self.engine)
                # Screened against the list version plus the curated regime entities, as `decide` resolves.
                screened = screening_snapshot(snapshot)
                self._context = ScreeningContext(
                    snapshot.version_id, self.screener_for(screened), {e.id: e for e in screened.entities}
                )
                self._snapshot = snapshot
                gc_upkeep.freeze_all()  # the new index: ~440k objects no collection should walk
            self._checked_at = time.monotonic()
            return self._context

    def decision_resolver(self) -> tuple[Any, list[str]]:
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
                    resolver, notes = engine_ports.decision_resolver(None, None, None)
                else:
                    screener = context.screener
                    # The list entities alone: the rules add the curated ones (lists.snapshot.screening_entities).
                    assert self._snapshot is not None
                    resolver, notes = engine_ports.decision_resolver(
                        list(self._snapshot.entities), version, lambda: screener
                    )
                self._resolver = (version, resolver, notes)
            return self._resolver[1], list(self._resolver[2])
