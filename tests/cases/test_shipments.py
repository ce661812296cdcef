from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from ictguard.cases.shipments import ItemLimit, LicenceTerms, ShipmentLine, check_shipment, drawn_totals

TERMS = LicenceTerms(
    number="D123456",
    valid_from=date(2026, 1, 1),
    valid_until=date(2026, 12, 31),
    items=(ItemLimit("5A002", D(100), D(50000)), ItemLimit("EAR99", None, None)),
    parties=("Acme Trading Ltd.",),
)
PREVIOUS = [ShipmentLine("5A002", D(60), D(30000))]


@pytest.mark.parametrize(
    ("ship_date", "consignee", "lines", "reason_part"),
    [
        (date(2026, 6, 1), "ACME trading ltd", [ShipmentLine("5a002", D(40), D(20000))], None),
        (date(2026, 6, 1), "Acme Trading Ltd.", [ShipmentLine("EAR99", D(10**6), D(10**9))], None),
        (date(2026, 6, 1), "Acme Trading Ltd.", [ShipmentLine("5A002", D(41), D(100))], "quantity"),
        (date(2026, 6, 1), "Acme Trading Ltd.", [ShipmentLine("5A002", D(1), D("20000.01"))], "value"),
        (date(2027, 1, 1), "Acme Trading Ltd.", [ShipmentLine("5A002", D(1), D(1))], "expired"),
        (date(2025, 12, 31), "Acme Trading Ltd.", [ShipmentLine("5A002", D(1), D(1))], "before"),
        (date(2026, 6, 1), "Other Co", [ShipmentLine("5A002", D(1), D(1))], "not a party"),
        (date(2026, 6, 1), "Acme Trading Ltd.", [ShipmentLine("3A001", D(1), D(1))], "not covered"),
    ],
)
def test_shipment_checks(ship_date: date, consignee: str, lines: list[ShipmentLine], reason_part: str | None) -> None:
    check = check_shipment(TERMS, ship_date=ship_date, consignee=consignee, lines=lines, drawn=drawn_totals(PREVIOUS))
    if reason_part is None:
        assert check.allowed and check.reasons == ()
    else:
        assert not check.allowed
        assert any(reason_part in r for r in check.reasons), check.reasons


def test_all_reasons_are_reported_together() -> None:
    check = check_shipment(
        TERMS, ship_date=date(2027, 1, 1), consignee="Other", lines=[ShipmentLine("5A002", D(1000), D(10**7))], drawn={}
    )
    assert len(check.reasons) == 4


def test_lines_of_one_shipment_add_up() -> None:
    lines = [ShipmentLine("5A002", D(60), D(10)), ShipmentLine("5A002", D(50), D(10))]
    check = check_shipment(TERMS, ship_date=date(2026, 6, 1), consignee="Acme Trading Ltd.", lines=lines, drawn={})
    assert not check.allowed
