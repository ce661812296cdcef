from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.service.active import ActiveScreening
from ictguard.service.gc_policy import FREEZE_EVERY, FreezeEvery, frozen_after_build, ticking
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
    screening = ActiveScreening(
        make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"),
        snapshots,
        lambda snap: Screener.from_entities(snap.entities, version_id=snap.version_id),
    )
    screening.context()
    assert gc.get_freeze_count() > 0  # the index just built, frozen
    gc.unfreeze()
    kept = [{"n": n} for n in range(2000)]
    for _ in range(FREEZE_EVERY):
        screening.context().screener.screen("Huawei")
    assert gc.get_freeze_count() >= len(kept)


def test_a_batch_run_freezes_after_each_build_and_every_n_items() -> None:
    """`decide` over a file and re-screening: the screener built once, frozen, then a freeze every n items."""
    built: list[list[dict[str, int]]] = []

    def factory(size: int) -> list[dict[str, int]]:
        built.append([{"n": n} for n in range(size)])
        return built[-1]

    index = frozen_after_build(factory)(3000)
    assert gc.get_freeze_count() >= len(index)
    gc.unfreeze()
    seen = []
    for item in ticking(range(7), FreezeEvery(3)):
        seen.append(item)
        frozen = gc.get_freeze_count()
        assert (frozen > 0) == (item >= 2), item  # the 3rd item's tick is the first freeze
    assert seen == list(range(7))
