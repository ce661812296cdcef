from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.lists.snapshot import screening_entities
from ictguard.rules import IndexResolver, LayeredResolver, decision_resolver, resolver_for_entities
from ictguard.screening import Screener


@pytest.fixture(scope="session")
def list_resolver(lists_dir: Path) -> IndexResolver:
    """The shared consolidated list (Entity List July 2026 etc.) plus the curated regime entities."""
    return resolver_for_entities(load_csl_csv(lists_dir / "consolidated.csv"), "shared-consolidated")


@pytest.fixture(scope="session")
def layered_resolver(lists_dir: Path) -> LayeredResolver:
    """The production resolver over the shared consolidated list: index first, then the real screener over the
    entities production screens (the list plus the curated and family-base entities, as ``screening_snapshot``
    gives ``screener_for``), so a family's local company ("Huawei Technologies Cuba") resolves as it does in
    ``ictguard decide``."""
    entities = load_csl_csv(lists_dir / "consolidated.csv")
    screened = list(screening_entities(entities))
    resolver, _notes = decision_resolver(entities, "shared-consolidated", lambda: Screener.from_entities(screened))
    assert isinstance(resolver, LayeredResolver)
    return resolver
