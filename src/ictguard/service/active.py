"""The screener of the active list version, built once and kept in memory; rebuilt when the version changes.

The one active-screener holder of the long-running adapters (the API and the web pages on one app). Several
service nodes may share one database, and any of them (or a `lists update` run) may activate a new version: a
poller thread (``start_polling``) asks the store for the active version id every ``poll_seconds`` (one small
query), builds a newer version's screener in that thread, off the request path, and swaps it in as one
reference. Requests keep the version they started with and never wait for a build, except before the first one.

It also carries the adapters' garbage-collector policy (``gc_policy``): the index is frozen after each build,
thawed before the next, and the survivors of the screens are frozen every ``FREEZE_EVERY`` requests.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
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
_log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class ServedVersion:
    """Everything served for one list version, swapped in as one reference (a request sees one version only)."""

    context: ScreeningContext
    snapshot: ListSnapshot
    resolver: PartyResolver


class ActiveScreening:
    """The served version: built before the first request, then replaced by ``refresh`` (the poller's thread)."""

    def __init__(
        self,
        engine: Engine,
        source: SnapshotSource | None = None,
        factory: ScreenerFactory = screener_for,
        *,
        poll_seconds: float = 2.0,
    ) -> None:
        self.engine = engine
        self.source: SnapshotSource = source or StoreSnapshots()
        self.screener_for = factory
        self.poll_seconds = poll_seconds
        self._build_lock = threading.Lock()  # one build at a time (the poller, or a request before any version)
        self._served: ServedVersion | None = None
        self._no_lists: tuple[PartyResolver, list[str]] | None = None
        self._upkeep = gc_policy.FreezeEvery(first=True)
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    def refresh(self) -> str | None:
        """Ask the store for the active version now; build a different one's screener and swap it in.

        Returns the version served afterwards (None: no version is active). Runs in the caller's thread."""
        with self._build_lock:
            version = self.source.active_version(self.engine)
            served = self._served
            if version is None:
                self._served = None
            elif served is None or served.context.version_id != version:
                self._served = self._build(version)
                del served  # not kept alive (and frozen) by this frame: it goes when its last request ends
                gc_policy.freeze_all()  # the new index: ~440k objects no collection should walk
            return version

    def _build(self, version: str) -> ServedVersion:
        gc_policy.thaw()  # the previous version's objects (and frozen cycles) may be collected
        snapshot = self.source.load(self.engine, version)
        # Screened against the list version plus the curated regime entities, as `decide` resolves.
        screened = screening_snapshot(snapshot)
        screener = self.screener_for(screened)
        screener.prepare()  # its lazily built tables now, not in the first requests
        context = ScreeningContext(snapshot.version_id, screener, {e.id: e for e in screened.entities})
        # The list entities alone: the rules add the curated ones (lists.snapshot.screening_entities).
        resolver, _notes = decision_resolver(list(snapshot.entities), snapshot.version_id, lambda: screener)
        return ServedVersion(context, snapshot, resolver)

    def _current(self) -> ServedVersion:
        served = self._served
        if served is None:  # nothing built yet (first start, or no version was active): look now
            self.refresh()
            served = self._served
            if served is None:
                raise NoActiveListsError("no list version is active yet: run `ictguard lists update` first")
        return served

    def served_version(self) -> str | None:
        """The list version requests are screened against right now (None before any), without a query."""
        served = self._served
        return served.context.version_id if served is not None else None

    def snapshot(self) -> ListSnapshot:
        return self._current().snapshot

    def context(self) -> ScreeningContext:
        """The served version's screening context; each call counts as one request for the GC policy."""
        self._upkeep.tick()
        return self._current().context

    def list_loaded_on(self) -> date | None:
        """The day the served list version was loaded (a decision dated later gets a warning), None without one."""
        served = self._served
        return served.snapshot.loaded_at.date() if served is not None else None

    def decision_resolver(self) -> tuple[PartyResolver, list[str]]:
        """The rules engine's resolver for the served version, built with its screener.

        With no active version the curated regime entities alone are used, with a note (as the CLI does).
        """
        try:
            return self._current().resolver, []
        except NoActiveListsError:
            if self._no_lists is None:
                self._no_lists = decision_resolver(None, None, None)
            resolver, notes = self._no_lists
            return resolver, list(notes)

    def start_polling(self) -> None:
        """Start the poller thread (a daemon: it never keeps the process alive)."""
        if self._poller is None:
            self._stop.clear()
            self._poller = threading.Thread(target=self._poll, name="ictguard-list-poller", daemon=True)
            self._poller.start()

    def stop_polling(self) -> None:
        poller, self._poller = self._poller, None
        if poller is not None:
            self._stop.set()
            poller.join(timeout=30)

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.refresh()
            except Exception:  # the database away, a bad version: keep serving what is built, try again later
                _log.exception("checking the active list version failed; still serving %s", self.served_version())
