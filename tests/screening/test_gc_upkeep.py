from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.screening.gc_upkeep import FREEZE_EVERY, FreezeEvery


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


def test_screening_keeps_its_caches_out_of_the_collectors_way() -> None:
    screener = Screener.from_entities([Entity(id="x:1", source="EL", name="Huawei Technologies Co., Ltd.")])
    gc.unfreeze()
    kept = [{"n": n} for n in range(2000)]
    for n in range(FREEZE_EVERY):  # whatever the process-wide count was, one of these freezes
        screener.screen(f"Company number {n}")
    assert gc.get_freeze_count() >= len(kept)
