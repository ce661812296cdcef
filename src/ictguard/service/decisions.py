"""Decide a transaction against the active lists and save the determination: once, for the API and the web."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine

from ictguard.rules import decide
from ictguard.rules.transaction import Transaction
from ictguard.service.active import ActiveScreening
from ictguard.store import determinations_repo
from ictguard.store.records import SavedDetermination


def decide_and_save(
    engine: Engine, screening: ActiveScreening, transaction: dict[str, Any], *, actor: str, as_of: date | None = None
) -> tuple[dict[str, Any], SavedDetermination]:
    """(the determination document, the saved row with its id). Bad input raises InputError before any write."""
    resolver, notes = screening.decision_resolver()
    determination = decide(
        transaction, resolver=resolver, as_of=as_of, notes=notes, list_current_to=screening.list_loaded_on()
    ).to_dict()
    determination.setdefault("list_version", resolver.version_id)
    saved = determinations_repo.save(engine, transaction, determination, actor=actor)
    return determination, saved


def transaction_schema() -> dict[str, Any]:
    """The JSON schema of one transaction (rules.transaction), references inlined, for the OpenAPI document."""
    schema: dict[str, Any] = Transaction.model_json_schema()
    defs: dict[str, Any] = schema.pop("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            name = str(node.get("$ref", "")).removeprefix("#/$defs/")
            if name in defs:
                # A model nested in itself (an owner's owners) is described one level deep, then as any object.
                return {"type": "object"} if name in seen else inline(defs[name], (*seen, name))
            return {key: inline(value, seen) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        return node

    return inline(schema, ())  # type: ignore[no-any-return]
