"""The served list version: a poller thread notices a newer active version, builds it off the request path and
swaps it in; requests meanwhile keep the version they have and never wait for the build."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ictguard.errors import NoActiveListsError
from ictguard.lists.snapshot import ListSnapshot
from ictguard.service.active import ActiveScreening
from ictguard.store.db import make_engine
from tests.service_fakes import FakeScreener, FakeSnapshots, entity, snapshot

POLL = 0.05


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'unused.sqlite'}")  # the fake snapshot source never queries it
    yield eng
    eng.dispose()


class GatedFactory:
    """A screener factory whose builds of the versions in ``held`` wait until ``release`` is set (a slow build)."""

    def __init__(self, *held: str) -> None:
        self.held = set(held)
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, snap: ListSnapshot) -> FakeScreener:
        if snap.version_id in self.held:
            self.started.set()
            assert self.release.wait(10)
        return FakeScreener(snap)


def _until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_the_poller_swaps_in_a_new_version_without_a_request(engine: Engine) -> None:
    snapshots = FakeSnapshots(snapshot("v1", entity("el:1", "Old Telecom Ltd")))
    screening = ActiveScreening(engine, snapshots, FakeScreener, poll_seconds=POLL)
    assert screening.served_version() is None  # nothing built before the first refresh
    assert screening.refresh() == "v1" and screening.served_version() == "v1"
    screening.start_polling()
    try:
        snapshots.add(snapshot("v2", entity("el:2", "New Telecom Ltd")))
        _until(lambda: screening.served_version() == "v2")
        assert screening.context().version_id == "v2" and screening.snapshot().version_id == "v2"
        assert list(screening.context().entities) >= ["el:2"]
    finally:
        screening.stop_polling()


def test_requests_keep_the_old_version_while_the_new_one_builds(engine: Engine) -> None:
    snapshots = FakeSnapshots(snapshot("v1", entity("el:1", "Old Telecom Ltd")))
    factory = GatedFactory("v2")
    screening = ActiveScreening(engine, snapshots, factory, poll_seconds=POLL)
    screening.refresh()
    old = screening.context()
    screening.start_polling()
    try:
        snapshots.add(snapshot("v2", entity("el:2", "New Telecom Ltd")))
        assert factory.started.wait(5)  # the poller is building v2 ...
        started = time.monotonic()
        assert screening.context() is old  # ... and a request is answered at once from v1
        assert screening.decision_resolver()[1] == [] and time.monotonic() - started < 1.0
        factory.release.set()
        _until(lambda: screening.served_version() == "v2")
        assert screening.context() is not old
    finally:
        factory.release.set()
        screening.stop_polling()


def test_a_failing_check_keeps_serving_and_polling(engine: Engine) -> None:
    snapshots = FakeSnapshots(snapshot("v1", entity("el:1", "Old Telecom Ltd")))
    screening = ActiveScreening(engine, snapshots, FakeScreener, poll_seconds=POLL)
    screening.refresh()
    failing = {"on": True}
    real = snapshots.active_version

    def flaky(engine: object) -> str | None:
        if failing["on"]:
            raise OSError("database away")
        return real(engine)

    snapshots.active_version = flaky  # type: ignore[method-assign]
    screening.start_polling()
    try:
        snapshots.add(snapshot("v2", entity("el:2", "New Telecom Ltd")))
        time.sleep(POLL * 5)
        assert screening.served_version() == "v1"  # what was built keeps being served
        failing["on"] = False
        _until(lambda: screening.served_version() == "v2")  # the next check after the database is back
    finally:
        screening.stop_polling()


def test_no_active_version_is_said_and_a_first_version_is_built_on_demand(engine: Engine) -> None:
    snapshots = FakeSnapshots()
    screening = ActiveScreening(engine, snapshots, FakeScreener, poll_seconds=60)
    with pytest.raises(NoActiveListsError):
        screening.context()
    resolver, notes = screening.decision_resolver()
    assert resolver is not None and any("curated" in note for note in notes)
    snapshots.add(snapshot("v1", entity("el:1", "First Telecom Ltd")))
    # Nothing is served yet, so a request looks now rather than waiting for the poll (60 s here).
    assert screening.context().version_id == "v1"
