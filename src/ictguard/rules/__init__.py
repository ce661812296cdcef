"""Determinations: "may I do this, on this date, and why?" for the regimes of regime_rules.md.

Public API::

    decide(transaction, *, resolver, as_of=None) -> Determination
    decide_many(transactions, *, resolver, as_of=None) -> list[Determination]
    Transaction.model_validate(data) / parse_transaction(data, file=, index=)
    PartyResolver (protocol), IndexResolver(entities, version_id), LayeredResolver(index, screener)
    curated_resolver() -> IndexResolver over the curated regime entities only
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from ictguard.families.entities import with_family_names
from ictguard.lists.curated import curated_entities_with_listings, default_regimes
from ictguard.lists.snapshot import screening_entities
from ictguard.model import Entity
from ictguard.rules.engine import Determination, Finding, Interpreter, determine
from ictguard.rules.facts import FactBuilder
from ictguard.rules.resolver import IndexResolver, LayeredResolver, PartyResolver, ResolvedParty
from ictguard.rules.ruleset import RuleSet, load_rules
from ictguard.rules.transaction import Transaction, parse_transaction, parse_transactions

__all__ = [
    "NO_LISTS_NOTE",
    "Determination",
    "Finding",
    "IndexResolver",
    "LayeredResolver",
    "PartyResolver",
    "ResolvedParty",
    "RuleSet",
    "Transaction",
    "curated_resolver",
    "decide",
    "decide_many",
    "decision_resolver",
    "default_rules",
    "parse_transaction",
    "parse_transactions",
    "resolver_for_entities",
]


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The packaged rule files, validated once."""
    return load_rules(default_regimes())


def resolver_for_entities(entities: Iterable[Entity], version_id: str | None = None) -> IndexResolver:
    """A resolver over list entities plus the curated regime entities (the set ``screen`` uses too)."""
    return IndexResolver(with_family_names(screening_entities(entities)), version_id)


NO_LISTS_NOTE = "no list version is active: decided with the curated regime entities only (run `ictguard lists update`)"


def decision_resolver(
    entities: Iterable[Entity] | None, version_id: str | None, screener: Callable[[], Any] | None = None
) -> tuple[PartyResolver, list[str]]:
    """The one resolver the CLI, the API and the web use: list entities + curated entities, then the screener.

    ``entities=None`` means no list version is active: the curated regime entities alone, with a note saying
    so (the determination is still right for the named companies, but not for other listed parties).
    """
    if entities is None:
        return LayeredResolver(curated_resolver(), screener or _curated_screener), [NO_LISTS_NOTE]
    return LayeredResolver(resolver_for_entities(entities, version_id), screener), []


@lru_cache(maxsize=1)
def _curated_screener() -> Any:
    """A screener over the curated entities alone, so Chinese names resolve even before any list is loaded."""
    from ictguard.screening import Screener

    return Screener.from_entities(curated_entities_with_listings(), version_id="curated")


@lru_cache(maxsize=1)
def curated_resolver() -> IndexResolver:
    """Curated regime entities only, with the principal names of the special Entity List listings."""
    return IndexResolver(with_family_names(curated_entities_with_listings()), None)


def _macau() -> bool:
    from ictguard.settings import get_settings

    return get_settings().macau_is_foreign_adversary


def _interpreter(resolver: PartyResolver, rules: RuleSet | None) -> Interpreter:
    return Interpreter(rules or default_rules(), FactBuilder(default_regimes(), resolver, macau=_macau()))


def _txn(transaction: Transaction | Mapping[str, Any]) -> Transaction:
    return transaction if isinstance(transaction, Transaction) else parse_transaction(dict(transaction))


def decide(
    transaction: Transaction | Mapping[str, Any],
    *,
    resolver: PartyResolver,
    as_of: date | None = None,
    rules: RuleSet | None = None,
    notes: list[str] | None = None,
    list_current_to: date | None = None,
) -> Determination:
    """Decide one transaction as the law stood on ``as_of`` (default: the transaction's date).

    ``list_current_to``: the day the list version was loaded; a later date gets a warning (listings made
    since then are not known to the decision)."""
    return determine(
        _interpreter(resolver, rules), _txn(transaction), as_of, resolver.version_id, notes, list_current_to
    )


def decide_many(
    transactions: Iterable[Transaction | Mapping[str, Any]],
    *,
    resolver: PartyResolver,
    as_of: date | None = None,
    rules: RuleSet | None = None,
    notes: list[str] | None = None,
    list_current_to: date | None = None,
) -> list[Determination]:
    """Decide a batch with one interpreter (name resolution is cached across the batch)."""
    interpreter = _interpreter(resolver, rules)
    return [determine(interpreter, _txn(t), as_of, resolver.version_id, notes, list_current_to) for t in transactions]
