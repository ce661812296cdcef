from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.service.active import ActiveScreening
from ictguard.service.gc_policy import FREEZE_EVERY, FreezeEvery
from ictguard.store.db import make_engine
from tests.service_fakes import FakeSnapshots, entity, snapshot


@pytest.fixture(autouse=True)
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_freeze_every_freezes_the_survivors_on_the_nth_tick() -> None:
    upkeep = FreezeEvery(3)
    kept = [{"n": n} for n in range(2000)]  # long-lived objects, like cache entries
    upkeep.tick()
    upkeep.tick()
    assert gc.get_freeze_count() == 0
    upkeep.tick()
    assert gc.get_freeze_count() >= len(kept)


def test_first_freezes_at_once() -> None:
    kept = [{"n": n} for n in range(2000)]
    FreezeEvery(50, first=True).tick()
    assert gc.get_freeze_count() >= len(kept)


def test_library_screening_leaves_the_collector_alone() -> None:
    """Process-wide GC state is the long-running adapters' policy, not the screener's (it was, before)."""
    screener = Screener.from_entities([Entity(id="x:1", source="EL", name="Huawei Technologies Co., Ltd.")])
    gc.unfreeze()
    for n in range(FREEZE_EVERY + 1):
        screener.screen(f"Company number {n}")
    assert gc.get_freeze_count() == 0


def test_the_active_screening_freezes_the_index_and_every_n_requests(tmp_path: Path) -> None:
    snapshots = FakeSnapshots(snapshot("v1", entity("el:1", "Huawei Technologies Co., Ltd.")))
    screening = ActiveScreening(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), snapshots,
                                lambda snap: Screener.from_entities(snap.entities, version_id=snap.version_id))
    screening.context()
    assert gc.get_freeze_count() > 0  # the index just built, frozen
    gc.unfreeze()
    kept = [{"n": n} for n in range(2000)]
    for _ in range(FREEZE_EVERY):
        screening.context().screener.screen("Huawei")
    assert gc.get_freeze_count() >= len(kept)
