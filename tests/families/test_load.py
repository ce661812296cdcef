"""The family knowledge base loads, every fact is cited, and bad files name file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ictguard.errors import DataFileError
from ictguard.families import default_families, load_families
from ictguard.families.load import load_family
from ictguard.lists.curated import default_regimes

GOOD = """\
id: acme
parent:
  name: Acme Telecom Co., Ltd.
  list_names: ["Acme Telecom Co., Ltd."]
members:
  - id: widget
    name: Widget Brand
    relation: brand
    country: CN
    source: "annual report 2023"
"""


def test_packaged_families_load_and_cover_the_regime_companies() -> None:
    families = default_families()
    companies = set(default_regimes().companies)
    named = {
        "huawei",
        "zte",
        "hytera",
        "hikvision",
        "dahua",
        "kaspersky",
        "dji",
        "autel",
        "china_mobile_intl_usa",
        "china_telecom_americas",
        "china_unicom_americas",
        "pacific_networks",
    }
    assert named <= set(families) and named <= companies
    for family in families.values():
        assert family.company is None or family.company in companies
        for member in family.members:
            assert member.source and all(n.source for n in member.names)
            if member.since or member.until:
                assert member.dates_source


def test_sold_brands_carry_their_sale_dates() -> None:
    members = {m.id: m for f in default_families().values() for m in f.members}
    assert members["honor"].until == date(2020, 11, 17) and members["honor"].in_family(date(2020, 11, 16))
    assert not members["honor"].in_family(date(2020, 11, 17))
    assert members["lorex"].until == date(2022, 11, 24) and not members["lorex"].in_family(date(2023, 1, 1))


def _write(tmp_path: Path, text: str, name: str = "acme.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    family = load_family(_write(tmp_path, GOOD))
    assert family.members[0].relation == "brand"


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (GOOD.replace("relation: brand", "relation: cousin"), 8, "members.0.relation"),
        (GOOD.replace('    source: "annual report 2023"\n', ""), 6, "members.0.source"),
        (GOOD.replace("    country: CN\n", "    country: CN\n    until: 2020-01-01\n"), 6, "members.0"),
        (GOOD + "    colour: red\n", 11, "members.0.colour"),
        (GOOD.replace("id: acme", "id: other"), 1, "id"),
    ],
)
def test_bad_files_name_file_line_and_field(tmp_path: Path, text: str, line: int, field: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        load_family(path)
    assert info.value.file == str(path) and info.value.line == line and info.value.field == field


def test_unknown_company_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "company: nosuch\n" + GOOD)
    with pytest.raises(DataFileError, match="unknown company"):
        load_families(tmp_path)
