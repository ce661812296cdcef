from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.rules import IndexResolver, resolver_for_entities


@pytest.fixture(scope="session")
def list_resolver(lists_dir: Path) -> IndexResolver:
    """The shared consolidated list (Entity List July 2026 etc.) plus the curated regime entities."""
    return resolver_for_entities(load_csl_csv(lists_dir / "consolidated.csv"), "shared-consolidated")
