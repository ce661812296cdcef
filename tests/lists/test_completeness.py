"""A source must be whole before it can become the active version (issue 18, item 3)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ictguard.errors import IncompleteSourceError, ListFormatError
from ictguard.lists.completeness import SHRINK_SLACK, check_plausible
from ictguard.lists.update import prepare_load
from ictguard.lists.version import SourceFile, VersionInfo
from ictguard.settings import Settings
from tests.lists._mirror import OFAC_FILES, make_mirror


def _settings() -> Settings:
    return Settings(lists="")


def _header_only(p: Path) -> None:
    p.write_bytes(p.read_bytes().split(b"\n", 1)[0] + b"\n")


def _dangling(p: Path) -> None:
    p.unlink()
    os.symlink(p.parent / "no-such-target.csv", p)


def _directory(p: Path) -> None:
    p.unlink()
    p.mkdir()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "missing": Path.unlink,
    "empty": lambda p: p.write_bytes(b""),
    "header_only": _header_only,
    "dangling_symlink": _dangling,
    "directory": _directory,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("name", ["consolidated.csv", *(f"ofac/{n}" for n in OFAC_FILES)])
def test_every_layout_file_must_be_present_and_hold_records(
    lists_dir: Path, tmp_path: Path, name: str, damage: str
) -> None:
    if damage == "header_only" and name.startswith("ofac/"):
        damage = "empty"  # the OFAC legacy files have no header line
    mirror = make_mirror(lists_dir, tmp_path / "m", csl_rows=20, sdn_rows=20)
    DAMAGE[damage](mirror / name)
    with pytest.raises(ListFormatError) as info:  # IncompleteSourceError, or the CSL reader's "empty file"
        prepare_load(str(mirror), _settings())
    where = info.value.file or ""
    assert where.endswith(name) or "missing" in info.value.reason, str(info.value)
    if damage == "missing":
        assert name in info.value.reason


def _version(counts: dict[str, int], rows: dict[str, int]) -> VersionInfo:
    files = tuple(SourceFile(n, f"/m/{n}", "0" * 64, 1, r) for n, r in rows.items())
    return VersionInfo("v1", datetime(2026, 1, 1, tzinfo=UTC), "/m", files, counts, sum(counts.values()), True)


@pytest.mark.parametrize(
    ("new_counts", "new_rows", "refused"),
    [
        ({"EL": 1000, "SDN": 500}, {"consolidated.csv": 1500}, False),  # same
        ({"EL": 901, "SDN": 500}, {"consolidated.csv": 1401}, False),  # -9.9 %: within the share
        ({"EL": 899, "SDN": 500}, {"consolidated.csv": 1399}, True),  # -10.1 %
        ({"SDN": 500}, {"consolidated.csv": 1500}, True),  # a whole list code gone
        ({"EL": 1000, "SDN": 500}, {"consolidated.csv": 1300}, True),  # the file shrank though the codes held
        ({"EL": 1000, "SDN": 500}, {"consolidated.json": 1500}, False),  # CSV -> JSON is not a shrink
        ({"EL": 1000, "SDN": 500, "CAP": 0}, {"consolidated.csv": 1500}, False),
    ],
)
def test_shrink_against_the_active_version(new_counts: dict[str, int], new_rows: dict[str, int], refused: bool) -> None:
    active = _version({"EL": 1000, "SDN": 500, "CAP": SHRINK_SLACK}, {"consolidated.csv": 1500})
    files = [SourceFile(n, f"/n/{n}", "0" * 64, 1, r) for n, r in new_rows.items()]
    if refused:
        with pytest.raises(IncompleteSourceError, match="--allow-shrink"):
            check_plausible(new_counts, files, active, 0.10)
    else:
        check_plausible(new_counts, files, active, 0.10)
    check_plausible(new_counts, files, None, 0.10)  # nothing active: nothing to compare


def test_ofac_files_dropped_after_a_mirror_load_is_a_shrink() -> None:
    active = _version({"SDN": 100}, {"consolidated.csv": 100, "ofac/sdn.csv": 100})
    files = [SourceFile("consolidated.csv", "/n/c", "0" * 64, 1, 100)]
    with pytest.raises(IncompleteSourceError, match="ofac/sdn.csv"):
        check_plausible({"SDN": 100}, files, active, 0.10)
