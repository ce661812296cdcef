"""Is an item subject to the EAR at all? (regime_rules.md R-EL-GEN: items not subject to the EAR are outside the
Entity List requirement.) The bases, their reviewer sentences and citations, and the de minimis levels are data
(``data/rules/meta/ear_jurisdiction.yaml``); the foreign direct product rules are rules of ``ear.yaml``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ictguard.rules.instruments import jurisdiction
from ictguard.rules.transaction import Item, Transaction


def stated_origin(item: Item) -> str | None:
    """The production country the transaction states (``origin_country`` or an older spelling of it)."""
    if item.origin_country:
        return item.origin_country.upper()
    extra = item.model_extra or {}
    for key in ("country_of_origin", "origin"):
        if isinstance(extra.get(key), str) and extra[key].strip():
            return str(extra[key]).strip().upper()
    return None


def jurisdiction_facts(txn: Transaction, item: Item | None, destination_roles: Collection[str]) -> dict[str, Any]:
    """``ear_jurisdiction`` (the basis id), ``ear_subject`` and ``de_minimis_level``; no basis when a foreign-made
    item's US content is not given (the rules flag that fact)."""
    rules = jurisdiction()
    destinations = {(p.country or "").upper() for p in txn.parties if p.role in destination_roles}
    strict = bool(destinations & rules.strict_countries)
    level = rules.strict_level if strict else rules.general_level
    facts: dict[str, Any] = {"de_minimis_level": level}
    basis = _basis(txn, item, level)
    if basis is not None:
        found = rules.bases[basis]
        cite = rules.strict_citation if strict and "de_minimis" in basis else found.citation
        facts.update({"ear_jurisdiction": basis, "ear_subject": found.subject, "_ear_basis": (found.text, cite)})
    return facts


def _basis(txn: Transaction, item: Item | None, level: float) -> str | None:
    # An export by a US exporter: the item is in the United States (15 CFR 734.3(a)(1)), wherever it was made.
    if txn.kind == "export" and any(p.role == "exporter" and (p.country or "").upper() == "US" for p in txn.parties):
        return "in_us"
    if item is None:
        return "assumed"
    origin = stated_origin(item)
    if origin == "US":
        return "us_origin"
    if item.below_de_minimis is not None:
        return "below_de_minimis" if item.below_de_minimis else "above_de_minimis"
    if item.us_content_share is not None:
        return "below_de_minimis" if item.us_content_share <= level else "above_de_minimis"
    if item.produced_abroad_with_us_tech:
        return "foreign_produced"
    return None if origin else "assumed"
