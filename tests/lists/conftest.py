from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.update import PreparedLoad
from tests.lists._mirror import prepared_mirror


@pytest.fixture(scope="session")
def mirror_load(lists_dir: Path) -> PreparedLoad:
    return prepared_mirror(lists_dir)
