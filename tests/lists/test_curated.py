"""Curated regime data: loads, every fact cited, defects are DataFileErrors naming file/line/field."""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.lists.curated import REGIMES_DIR, curated_entities, default_regimes, load_regimes


def test_loads_with_citations() -> None:
    regimes = default_regimes()
    assert {"huawei", "zte", "hytera", "hikvision", "dahua"} <= set(regimes.companies)
    assert all(c.citations for c in regimes.companies.values())
    assert all(e.citation for e in regimes.covered_list)
    assert all(w.citation for ws in regimes.windows.values() for w in ws)
    assert {c.id for c in regimes.companies.values() if c.purpose_qualified} == {"hytera", "hikvision", "dahua"}


def test_covered_list_matches_the_fcc_csv(shared_dir: Path) -> None:
    """Every dated row of fcc_covered_list.csv is a curated entry with the same date of inclusion."""
    rows = list(csv.DictReader((shared_dir / "reference" / "fcc_covered_list.csv").open(encoding="utf-8")))
    curated = {e.added for e in default_regimes().covered_list}
    assert {date.fromisoformat(r["date_of_inclusion"]) for r in rows} <= curated
    assert len(rows) == 15


@pytest.mark.parametrize(
    ("added", "bar"),
    [
        (date(2021, 3, 12), date(2021, 5, 11)),
        (date(2022, 3, 25), date(2022, 5, 24)),
        (date(2022, 9, 20), date(2022, 11, 19)),
        (date(2025, 12, 22), date(2026, 2, 20)),
    ],
)
def test_subsidy_bar_dates_match_the_spec(added: date, bar: date) -> None:
    """regime_rules.md R-FCC-54.10 computed start dates: entry + 60 days."""
    assert any(e.added == added for e in default_regimes().covered_list)
    assert added + timedelta(days=60) == bar


def test_curated_entities_are_screenable() -> None:
    entities = curated_entities()
    by_source = {(e.source, e.name) for e in entities}
    assert ("NDAA889", "ZTE Corporation") in by_source and ("FCC-COVERED", "ZTE Corporation") in by_source
    assert ("NDAA889", "AO Kaspersky Lab") not in by_source  # Kaspersky is Covered List only
    assert all(e.programs and e.federal_register_notices for e in entities)


def _copy(tmp_path: Path) -> Path:
    for path in REGIMES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("file", "old", "new", "field"),
    [
        ("companies.yaml", "    country: CN\n", "    country: CN\n    colour: red\n", "colour"),
        ("companies.yaml", '    citations: ["FCC Covered List 2022-09-20"]\n', "", "citations"),
        ("fcc_covered_list.yaml", "company: huawei,", "company: huawai,", "company"),
        ("fcc_covered_list.yaml", ', citation: "DA 21-309 [S94][S95]"', "", "citation"),
        ("windows.yaml", "{from: 2019-11-18, to: 2020-02-12", "{from: 2019-11-17, to: 2020-02-12", "from"),
        ("windows.yaml", "{from: 2020-08-13, to: 2022-08-13", "{from: 2022-08-14, to: 2022-08-13", "to"),
        ("entity_list_listings.yaml", "    effective: 2019-10-09\n", "", "effective"),
    ],
)
def test_defects_are_data_file_errors(tmp_path: Path, file: str, old: str, new: str, field: str) -> None:
    base = _copy(tmp_path)
    text = (base / file).read_text()
    assert old in text
    (base / file).write_text(text.replace(old, new, 1))
    with pytest.raises(DataFileError) as err:
        load_regimes(base)
    assert err.value.field == field and err.value.line is not None
    assert err.value.file is not None and err.value.file.endswith(file)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    base = _copy(tmp_path)
    (base / "windows.yaml").write_text("windows:\n  a: [\n")
    with pytest.raises(DataFileError) as err:
        load_regimes(base)
    assert err.value.line is not None
