"""The screener of the active list version, built once and kept in memory; rebuilt when the version changes."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from ictguard.api import engine_ports
from ictguard.api.engine_ports import SnapshotSource
from ictguard.cases.ports import ScreenerLike, ScreeningContext
from ictguard.errors import NoActiveListsError
from ictguard.lists.snapshot import ListSnapshot


def _freeze_long_lived() -> None:
    """Move the screener's index (~440k objects with the whole mirror) out of the cyclic collector's reach.

    A full collection walks every tracked object: ~0.7 s with the index loaded (measured), a pause that every
    request in flight would wait out. Serving screens rarely triggers one (none in 20,000 in-process requests),
    but batch jobs and list reloads allocate long-lived objects that do. The index lives as long as its version.
    """
    gc.collect()
    gc.freeze()


# Screens between two freezes of what the per-name caches kept. Screening names never seen before fills the
# screener's normalisation and similarity caches (hundreds of thousands of entries); left to the collector, each
# full collection walked them all: 3 collections of up to 0.2 s in 20,000 screens of new names (measured), and
# more as the caches fill. Freezing every 200 screens left none, and 18 % less CPU per screen.
FREEZE_EVERY = 200


def _freeze_young() -> None:
    """Collect the young generations (cheap: they hold at most a few thousand objects), then freeze survivors.

    Cyclic garbage that already reached the old generation is frozen with them and kept until the next list
    version, whose rebuild unfreezes and collects everything.
    """
    gc.collect(1)
    gc.freeze()


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
        self._screens_since_freeze = 0

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
                gc.unfreeze()  # the previous version's objects may be collected again
                snapshot = self.source.active(self.engine)
                self._context = ScreeningContext(
                    snapshot.version_id, self.screener_for(snapshot), {e.id: e for e in snapshot.entities},
                    after_screen=self._screened,
                )
                self._snapshot = snapshot
                _freeze_long_lived()
            self._checked_at = time.monotonic()
            return self._context

    def _screened(self) -> None:
        self._screens_since_freeze += 1  # unlocked: a lost increment only delays a freeze
        if self._screens_since_freeze >= FREEZE_EVERY:
            self._screens_since_freeze = 0
            _freeze_young()

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
                    resolver, notes = engine_ports.decision_resolver(
                        list(context.entities.values()), version, lambda: screener
                    )
                self._resolver = (version, resolver, notes)
            return self._resolver[1], list(self._resolver[2])
