from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.model import Entity
from ictguard.screening import Screener


@pytest.fixture(scope="session")
def csl_entities(lists_dir: Path) -> list[Entity]:
    return load_csl_csv(lists_dir / "consolidated.csv")


@pytest.fixture(scope="session")
def screener(csl_entities: list[Entity]) -> Screener:
    return Screener.from_entities(csl_entities, version_id="test")
