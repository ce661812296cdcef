from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ictguard.errors import (
    IncompleteSourceError,
    ListFormatError,
    NoActiveListsError,
    NotFoundError,
    SourceUnavailableError,
    exit_code_for,
)
from ictguard.settings import Settings
from ictguard.store.db import make_engine, migrate
from ictguard.store.lists_repo import (
    active_version,
    list_versions,
    load_active_snapshot,
    load_snapshot,
    superseded_at,
    update_lists,
)
from tests.lists._mirror import make_mirror


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


def test_nothing_loaded_is_no_active_lists(engine: Engine) -> None:
    with pytest.raises(NoActiveListsError):
        load_active_snapshot(engine)
    with pytest.raises(NotFoundError):
        load_snapshot(engine, "nope")


def test_update_activates_and_round_trips(engine: Engine, lists_dir: Path, tmp_path: Path) -> None:
    mirror = make_mirror(lists_dir, tmp_path / "m")
    info = update_lists(engine, str(mirror), Settings())
    snap = load_active_snapshot(engine)
    assert snap.version_id == info.version_id == active_version(engine).version_id
    assert len(snap.entities) == info.entity_count == sum(info.counts.values())
    assert info.counts["EL"] == 120 and info.counts["SDN"] >= 149
    ids = [e.id for e in snap.entities]
    assert len(ids) == len(set(ids))
    # the stored form is the same value as the parsed one
    again = load_snapshot(engine, info.version_id)
    assert again.entities == snap.entities
    sha = {f.name: f.sha256 for f in active_version(engine).files}
    assert set(sha) >= {"consolidated.csv", "ofac/sdn.csv"} and all(len(v) == 64 for v in sha.values())


def test_second_load_supersedes_first(engine: Engine, lists_dir: Path, tmp_path: Path) -> None:
    first = update_lists(engine, str(make_mirror(lists_dir, tmp_path / "a", csl_rows=50, ofac=False)), Settings())
    second = update_lists(engine, str(make_mirror(lists_dir, tmp_path / "b", csl_rows=60, ofac=False)), Settings())
    versions = list_versions(engine)
    assert [v.version_id for v in versions] == [first.version_id, second.version_id]
    assert [v.active for v in versions] == [False, True]
    assert superseded_at(engine, first.version_id) == second.loaded_at
    assert superseded_at(engine, second.version_id) is None
    assert len(load_snapshot(engine, first.version_id).entities) == 50 + 30


@pytest.mark.parametrize("damage", ["truncate", "bad_header", "nul"])
def test_bad_source_leaves_active_version(engine: Engine, lists_dir: Path, tmp_path: Path, damage: str) -> None:
    good = update_lists(engine, str(make_mirror(lists_dir, tmp_path / "good", ofac=False)), Settings())
    bad = make_mirror(lists_dir, tmp_path / "bad")
    target = bad / "ofac" / "alt.csv"
    data = target.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]  # cuts mid-row, inside a quoted field or with too few fields
    elif damage == "bad_header":
        data = b"x,y\r\n" + data
    else:
        data = data[:5000] + b"\x00" + data[5000:]
    target.write_bytes(data)
    with pytest.raises(ListFormatError) as info:
        update_lists(engine, str(bad), Settings())
    assert info.value.file is not None and info.value.file.endswith("alt.csv") and info.value.line
    assert active_version(engine).version_id == good.version_id
    assert len(list_versions(engine)) == 1


def test_missing_source_is_unavailable(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailableError):
        update_lists(engine, str(tmp_path / "absent"), Settings())
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceUnavailableError):
        update_lists(engine, str(tmp_path / "empty"), Settings())
    assert list_versions(engine) == []


def test_whole_mirror(engine: Engine, lists_dir: Path) -> None:
    info = update_lists(engine, str(lists_dir), Settings())
    # 13,461 CSL rows: the 9,418 OFAC rows merge with the OFAC files' records, 2 DPL rows are exact repeats.
    assert info.entity_count == 13459
    assert info.counts == {
        "CAP": 1,
        "CMIC": 68,
        "DPL": 562,
        "EL": 3409,
        "MEU": 70,
        "NS-MBS": 9,
        "PLC": 78,
        "SDN": 8976,
        "SSI": 286,
    }
    snap = load_active_snapshot(engine)
    assert len(snap.entities) == 13459


def test_cut_source_is_refused_unless_allow_shrink(engine: Engine, lists_dir: Path, tmp_path: Path) -> None:
    good = update_lists(engine, str(make_mirror(lists_dir, tmp_path / "good", csl_rows=200)), Settings())
    # cut at a record boundary: every row parses, a third of the Entity List is gone
    cut = make_mirror(lists_dir, tmp_path / "cut", csl_rows=130)
    with pytest.raises(IncompleteSourceError, match="EL.*allow-shrink") as info:
        update_lists(engine, str(cut), Settings())
    assert exit_code_for(info.value) == 2
    assert active_version(engine).version_id == good.version_id and len(list_versions(engine)) == 1
    shrunk = update_lists(engine, str(cut), Settings(), allow_shrink=True)
    assert active_version(engine).version_id == shrunk.version_id and shrunk.counts["EL"] == 130


def test_ofac_only_mirror_leaves_active_version(engine: Engine, lists_dir: Path, tmp_path: Path) -> None:
    good = update_lists(engine, str(make_mirror(lists_dir, tmp_path / "good")), Settings())
    bad = make_mirror(lists_dir, tmp_path / "bad")
    (bad / "consolidated.csv").unlink()
    with pytest.raises(IncompleteSourceError):
        update_lists(engine, str(bad), Settings(), allow_shrink=True)
    assert active_version(engine).version_id == good.version_id
