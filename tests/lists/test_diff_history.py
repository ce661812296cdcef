from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from ictguard.lists.diff import diff_snapshots
from ictguard.lists.history import in_force_as_of, removal_times
from ictguard.lists.snapshot import ListSnapshot
from ictguard.model import Entity

A = Entity(id="a", source="EL", name="Alpha", start_date=date(2019, 5, 21), effective_date=date(2019, 5, 16))
B = Entity(id="b", source="EL", name="Beta", start_date=date(2020, 1, 1), source_file="x.csv", source_line=3)
C = Entity(id="c", source="SDN", name="Gamma")


def snap(vid: str, when: datetime, *entities: Entity) -> ListSnapshot:
    return ListSnapshot(vid, when, entities)


V1 = snap("v1", datetime(2021, 1, 1, 12, tzinfo=UTC), A, B)
V2 = snap(
    "v2",
    datetime(2022, 6, 1, 12, tzinfo=UTC),
    dataclasses.replace(A, aliases=("Alfa",)),
    dataclasses.replace(B, source_file="y.csv", source_line=9),
    C,
)
V3 = snap("v3", datetime(2023, 3, 1, 12, tzinfo=UTC), C)


def test_diff_added_removed_changed() -> None:
    doc = diff_snapshots(V1, V2)
    assert doc["summary"] == {"added": 1, "removed": 0, "changed": 1}
    assert doc["added"] == [{"entity_id": "c", "name": "Gamma", "source": "SDN"}]
    # provenance (file/line) is not a change; a new alias is
    assert doc["changed"] == [
        {"entity_id": "a", "name": "Alpha", "source": "EL", "fields": {"aliases": {"old": [], "new": ["Alfa"]}}}
    ]
    back = diff_snapshots(V3, V1)
    assert back["summary"] == {"added": 2, "removed": 1, "changed": 0}


def test_identical_versions_have_empty_diff() -> None:
    assert diff_snapshots(V1, V1)["summary"] == {"added": 0, "removed": 0, "changed": 0}


def test_removal_time_is_load_time_of_first_version_without_it() -> None:
    times = removal_times([V3, V1, V2])  # order of the input does not matter
    assert times["a"][1] == V3.loaded_at and times["b"][1] == V3.loaded_at and times["c"][1] is None
    assert times["a"][0].aliases == ("Alfa",)  # newest data


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2019, 5, 15), ["c"]),  # before A's effective date; C has no dates: listed whenever seen
        (date(2019, 5, 16), ["a", "c"]),  # effective before publication (84 FR 22961 pattern)
        (date(2020, 1, 1), ["a", "b", "c"]),
        (date(2023, 2, 28), ["a", "b", "c"]),
        (date(2023, 3, 1), ["c"]),  # dropped by the version loaded that day
    ],
)
def test_in_force_as_of(on: date, expected: list[str]) -> None:
    assert sorted(e.id for e in in_force_as_of([V1, V2, V3], on)) == expected


def test_as_of_filters_source() -> None:
    assert [e.id for e in in_force_as_of([V1, V2], date(2022, 1, 1), "SDN")] == ["c"]
