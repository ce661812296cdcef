"""One batch pipeline (service.batch): decisions, the contract's columns, N workers = one worker, exact resume."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ictguard.model import Entity
from ictguard.screening import Screener
from ictguard.screening.tabular import read_table
from ictguard.service import batch
from ictguard.service.batch import OUT_COLUMNS, BatchOptions, screen_table
from ictguard.service.screen_file import screen_file

ENTITIES = [
    Entity(id="el:huawei", source="EL", name="Huawei Technologies Co., Ltd.", countries=("CN",)),
    Entity(
        id="el:hik",
        source="EL",
        name="Hangzhou Hikvision Digital Technology Co., Ltd.",
        aliases=("Hikvision",),
        countries=("CN",),
    ),
    Entity(id="sdn:rosneft", source="SDN", name="Rosneft Oil Company", countries=("RU",)),
]
NAMES = [
    "Huawei Technologies",
    "Acme Bakery",
    "Hikvision",
    "Rosneft",
    "",
    "Hangzhou Hikvision Digital",
    "!!!",
    "Rosneft Oil Co",
    "Zhejiang Dahua",
    "Huawei Tech Investment",
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(ENTITIES, version_id="t1")


def write_parties(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ref", "name", "country", "score"])
        for n in range(rows):
            country = ("CN", "", "XX", "RU")[n % 4]  # XX: not a country code, that row is an error
            out.writerow([n, NAMES[n % len(NAMES)], country, "input score"])
    return path


def options(threshold: float = 0.7) -> BatchOptions:
    return BatchOptions("name", "country", date(2026, 1, 1), threshold)


def test_decisions_and_cells(screener: Screener, tmp_path: Path) -> None:
    table = read_table(write_parties(tmp_path / "p.csv", 10))
    rows = list(screen_table(screener, table, options(), workers=1))
    assert [r.index for r in rows] == list(range(10))
    by_name = {r.values["name"]: r for r in rows}
    assert by_name["Huawei Technologies"].decision == "match"
    assert by_name["Huawei Technologies"].cells()["best_hit_id"] == "el:huawei"
    assert by_name["Acme Bakery"].decision == "no_match"
    assert by_name[""].decision == "error" and by_name[""].cells()["status"] == "error: field 'name': empty name"
    assert by_name[""].cells()["score"] == "" and by_name[""].problem == ("name", "empty name")
    bad_country = rows[2]  # "Hikvision" with country XX
    assert bad_country.decision == "error" and bad_country.problem is not None
    assert bad_country.problem[0] == "country"
    assert set(rows[0].cells()) == set(OUT_COLUMNS)


def test_n_workers_write_what_one_writes_in_input_order(
    screener: Screener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CHUNK", 7)  # many chunks for few rows: the order must still hold
    table = read_table(write_parties(tmp_path / "p.csv", 60))
    one = [(r.index, r.cells()) for r in screen_table(screener, table, options(), workers=1)]
    three = [(r.index, r.cells()) for r in screen_table(screener, table, options(), workers=3)]
    assert three == one and [i for i, _ in one] == list(range(60))


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_a_crash_is_exact_with_any_workers(
    screener: Screener, tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CHUNK", 5)
    table = read_table(write_parties(tmp_path / "p.csv", 40))
    clean = tmp_path / "clean.csv"
    screen_file(screener, "t1", table, options(), clean, workers=1)

    out = tmp_path / "out.csv"
    seen: list[int] = []

    def crash_after_17(row: batch.BatchRow) -> None:
        seen.append(row.index)
        if len(seen) == 17:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen_file(screener, "t1", table, options(), out, workers=workers, each=crash_after_17)
    assert not out.exists() and out.with_name("out.csv.journal").exists()
    again: list[int] = []
    screen_file(screener, "t1", table, options(), out, workers=workers, each=lambda row: again.append(row.index))
    assert sorted(again) == list(range(17, 40))  # only the rows the crash left, each once
    assert out.read_bytes() == clean.read_bytes()
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["ref", "name", "country", "input_score", *OUT_COLUMNS]
