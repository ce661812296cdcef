"""Dates an OFAC entry states about itself (CMIC, EO 14024 directives) become its start / effective dates."""

from __future__ import annotations

from datetime import date

import pytest

from ictguard.lists.stated_dates import apply, stated_dates
from ictguard.lists.update import PreparedLoad
from ictguard.model import Entity, Identifier

CMIC = (
    Identifier("Effective Date (CMIC)", "02 Aug 2021"),
    Identifier("Listing Date (CMIC)", "03 Jun 2021"),
    Identifier("Purchase/Sales For Divestment Date (CMIC)", "03 Jun 2022"),
)


@pytest.mark.parametrize(
    ("identifiers", "given", "expected"),
    [
        (CMIC, (None, None), (date(2021, 6, 3), date(2021, 8, 2))),
        (CMIC[:1], (None, None), (date(2021, 8, 2), None)),  # effective only: that is when it began
        (
            (Identifier("Effective Date (EO 14024 Directive 2):", "26 Mar 2022"),),
            (None, None),
            (date(2022, 3, 26), None),
        ),
        (
            (
                Identifier("Effective Date (EO 14024 Directive 2):", "26 Mar 2022"),
                Identifier("Effective Date (EO 14024 Directive 3):", "24 Feb 2022"),
            ),
            (None, None),
            (date(2022, 2, 24), None),
        ),  # the earliest directive
        ((Identifier("Effective Date (CMIC)", "sometime 2021"),), (None, None), (None, None)),  # not a date
        ((Identifier("ISIN", "CNE100000PM8"),), (None, None), (None, None)),
        (CMIC, (date(2021, 6, 1), None), (date(2021, 6, 1), date(2021, 8, 2))),  # the list's own start kept
        (CMIC, (date(2021, 6, 1), date(2021, 7, 1)), (date(2021, 6, 1), date(2021, 7, 1))),
    ],
)
def test_stated_dates(
    identifiers: tuple[Identifier, ...],
    given: tuple[date | None, date | None],
    expected: tuple[date | None, date | None],
) -> None:
    entity = Entity(
        id="x", source="CMIC", name="X", identifiers=identifiers, start_date=given[0], effective_date=given[1]
    )
    [out] = apply([entity])
    assert (out.start_date, out.effective_date) == expected


def test_cmic_entries_of_the_mirror_are_dated(mirror_load: PreparedLoad) -> None:
    """cons_prim.csv row 30946: "Effective Date (CMIC) 02 Aug 2021; … Listing Date (CMIC) 03 Jun 2021"."""
    [hikvision] = [e for e in mirror_load.entities if e.id == "ofac-cmic:30946"]
    assert (hikvision.start_date, hikvision.effective_date) == (date(2021, 6, 3), date(2021, 8, 2))
    assert not hikvision.in_force(date(2021, 8, 1)) and hikvision.in_force(date(2021, 8, 2))
    cmic = [e for e in mirror_load.entities if e.source == "CMIC"]
    assert cmic and all(e.start_date is not None for e in cmic if stated_dates(e) != (None, None))
    assert sum(1 for e in cmic if e.effective_date or e.start_date) >= 68
