from __future__ import annotations

from datetime import date

import pytest

from ictguard.errors import DataFileError
from ictguard.lists.effective_dates import apply, default_rules, parse_rules
from ictguard.lists.stated_dates import stated_dates
from ictguard.lists.update import PreparedLoad
from ictguard.model import Entity


@pytest.mark.parametrize(
    ("name", "start", "effective"),
    [
        ("Huawei Technologies Co., Ltd.", date(2019, 5, 21), date(2019, 5, 16)),  # 84 FR 22961
        ("Huawei Technologies Costa Rica SA", date(2019, 8, 21), date(2019, 8, 19)),  # 84 FR 43493
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", date(2019, 10, 9), date(2019, 10, 9)),  # 84 FR 54002
        ("Huawei Cloud Argentina", date(2020, 8, 20), date(2020, 8, 17)),  # 85 FR 51596
    ],
)
def test_cited_effective_dates_applied(mirror_load: PreparedLoad, name: str, start: date, effective: date) -> None:
    [entity] = [e for e in mirror_load.entities if e.name == name and e.source == "EL"]
    assert (entity.start_date, entity.effective_date) == (start, effective)
    assert entity.in_force(effective) and not entity.in_force(date.fromordinal(effective.toordinal() - 1))


def test_entries_of_other_rules_keep_start_date(mirror_load: PreparedLoad) -> None:
    # Entries that state their own effective date (CMIC, EO 14024 directives: lists.stated_dates) aside.
    covered = {e.id for e in mirror_load.entities if e.effective_date is not None and stated_dates(e) == (None, None)}
    # 66 + 26 + 28 + 38 first citations fall in the four rules (mirror README / FR page ranges)
    assert len(covered) == 66 + 26 + 28 + 38
    assert all(e.source == "EL" for e in mirror_load.entities if e.id in covered)


def test_rule_needs_matching_source_and_page() -> None:
    base = Entity(id="x", source="EL", name="X", federal_register_notices=("84 FR 22963", "85 FR 1"))
    assert apply([base])[0].effective_date == date(2019, 5, 16)
    assert (
        apply([Entity(id="y", source="SDN", name="Y", federal_register_notices=("84 FR 22963",))])[0].effective_date
        is None
    )
    assert (
        apply([Entity(id="z", source="EL", name="Z", federal_register_notices=("84 FR 22999",))])[0].effective_date
        is None
    )


def test_every_rule_has_a_citation() -> None:
    assert all(r.citation and r.effective <= r.published for r in default_rules())


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "rules:\n  - {rule: '84 FR 1', pages: [1, 2], published: 2019-01-02, effective: 2019-01-01, sources: [EL]}",
            "rules[0]",
        ),
        (
            "rules:\n  - {rule: '84 FR 1', pages: [1, 2], published: 2019-01-02, effective: 2019-01-01, sources: [EL],"
            " citation: c, extra: 1}",
            "rules[0]",
        ),
        (
            "rules:\n  - {rule: 'nonsense', pages: [1, 2], published: 2019-01-02, effective: 2019-01-01, sources: [EL],"
            " citation: c}",
            "rules[0].rule",
        ),
        (
            "rules:\n  - {rule: '84 FR 1', pages: [1, 2], published: 2019-01-02, effective: soon, sources: [EL],"
            " citation: c}",
            "rules[0].effective",
        ),
    ],
)
def test_bad_data_file_names_field(text: str, field: str) -> None:
    with pytest.raises(DataFileError) as info:
        parse_rules(text, "effective_dates.yaml")
    assert info.value.field == field and info.value.file == "effective_dates.yaml"
