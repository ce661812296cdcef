"""place_spellings skips the place pattern's scan for names whose words start like no form: that must never lose a
spelling the scan would find."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictguard.lists.csl_csv import load_csl_csv
from ictguard.screening import places
from ictguard.screening.places import load_place_groups, place_spellings


def _scanned(name: str) -> tuple[str, ...]:
    """place_spellings with the pre-check switched off."""
    original = places._may_name_a_form
    places._may_name_a_form = lambda _: True  # type: ignore[assignment]
    try:
        return place_spellings(name)
    finally:
        places._may_name_a_form = original  # type: ignore[assignment]


@pytest.mark.parametrize("form", [form for group in load_place_groups() for form in group])
def test_every_form_inside_a_name_passes_the_pre_check(form: str) -> None:
    for name in (f"Foreign Trade Bank of {form.upper()}", f"{form.title()} Trading Co", f"X ({form}) Ltd"):
        assert places._may_name_a_form(name) or not _scanned(name), name


def test_pre_check_loses_nothing_on_listed_names(lists_dir: Path) -> None:
    names = [name for e in load_csl_csv(lists_dir / "consolidated.csv") for name in (e.name, *e.aliases)]
    names += ["Myanmar Economic Corp, Burma", "People's Republic Trading", "Peoples Republic Trading", "DPRK Ltd"]
    skipped = [name for name in names if not places._may_name_a_form(name)]
    assert len(skipped) > len(names) // 2  # the point: most names skip the scan
    assert [name for name in skipped if _scanned(name)] == []
    assert sum(bool(place_spellings(name)) for name in names) > 50
