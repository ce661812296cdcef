"""Shipments drawn against an issued licence: refused when they exceed quantity, value, validity or scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from normality import normalize


def party_key(name: str) -> str:
    """Comparable form of a party name (case, punctuation and spacing do not matter)."""
    return normalize(name, lowercase=True, ascii=True) or name.strip().lower()


@dataclass(frozen=True)
class ItemLimit:
    eccn: str
    quantity: Decimal | None = None  # None: the licence sets no quantity limit for this ECCN
    value: Decimal | None = None


@dataclass(frozen=True)
class LicenceTerms:
    number: str
    valid_from: date
    valid_until: date
    items: tuple[ItemLimit, ...]
    parties: tuple[str, ...] = ()  # consignees / end users the licence names; empty = not restricted by party
    state: str = "active"


@dataclass(frozen=True)
class ShipmentLine:
    eccn: str
    quantity: Decimal
    value: Decimal


@dataclass
class Drawn:
    quantity: Decimal = Decimal(0)
    value: Decimal = Decimal(0)


@dataclass(frozen=True)
class ShipmentCheck:
    allowed: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)


def drawn_totals(previous: Iterable[ShipmentLine]) -> dict[str, Drawn]:
    totals: dict[str, Drawn] = {}
    for line in previous:
        total = totals.setdefault(line.eccn.upper(), Drawn())
        total.quantity += line.quantity
        total.value += line.value
    return totals


def check_shipment(
    terms: LicenceTerms,
    *,
    ship_date: date,
    consignee: str,
    lines: Iterable[ShipmentLine],
    drawn: Mapping[str, Drawn],
) -> ShipmentCheck:
    """Every reason the shipment may not go under this licence (all of them, so the user fixes them at once)."""
    reasons: list[str] = []
    if terms.state != "active":
        reasons.append(f"licence {terms.number} is {terms.state}")
    if ship_date < terms.valid_from:
        reasons.append(f"shipment date {ship_date} is before the licence is valid ({terms.valid_from})")
    if ship_date > terms.valid_until:
        reasons.append(f"licence {terms.number} expired on {terms.valid_until} (shipment date {ship_date})")
    if terms.parties and party_key(consignee) not in {party_key(p) for p in terms.parties}:
        reasons.append(f"consignee {consignee!r} is not a party to licence {terms.number}")
    limits = {item.eccn.upper(): item for item in terms.items}
    this_shipment = drawn_totals(lines)
    for eccn, amount in this_shipment.items():
        limit = limits.get(eccn)
        if limit is None:
            reasons.append(f"ECCN {eccn} is not covered by licence {terms.number}")
            continue
        before = drawn.get(eccn, Drawn())
        if limit.quantity is not None and before.quantity + amount.quantity > limit.quantity:
            reasons.append(
                f"ECCN {eccn}: quantity {before.quantity} already shipped + {amount.quantity} exceeds the "
                f"licensed {limit.quantity}"
            )
        if limit.value is not None and before.value + amount.value > limit.value:
            reasons.append(
                f"ECCN {eccn}: value {before.value} already shipped + {amount.value} exceeds the licensed {limit.value}"
            )
    return ShipmentCheck(allowed=not reasons, reasons=tuple(reasons))
