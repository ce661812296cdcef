"""The one place the service reaches into the lists, screening and rules packages (built by other areas).

They are imported lazily by name so the service runs (and its own tests pass) before they land; a missing
piece answers as "no active lists" / "not available" instead of crashing the app.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Engine

from ictguard.cases.ports import ScreenerLike
from ictguard.errors import IctguardError, NoActiveListsError
from ictguard.lists.snapshot import ListSnapshot


class ComponentUnavailableError(IctguardError):
    """A part of the engine this installation does not have yet (HTTP 500 / exit 1 via the base mapping)."""

    code = "component_unavailable"


def _attr(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ComponentUnavailableError(f"{module}.{name} is not available in this build: {exc}") from None


class SnapshotSource(Protocol):
    def active_version(self, engine: Engine) -> str | None: ...
    def active(self, engine: Engine) -> ListSnapshot: ...
    def load(self, engine: Engine, version_id: str) -> ListSnapshot: ...


class StoreSnapshotSource:
    """List versions as the lists area stores them (ictguard.store.lists_repo)."""

    def active_version(self, engine: Engine) -> str | None:
        finder = None
        try:
            finder = _attr("ictguard.store.lists_repo", "active_version_id")
        except ComponentUnavailableError:
            pass
        if finder is not None:
            value = finder(engine)
            return None if value is None else str(value)
        try:
            return self.active(engine).version_id
        except NoActiveListsError:
            return None

    def active(self, engine: Engine) -> ListSnapshot:
        snapshot = _attr("ictguard.store.lists_repo", "load_active_snapshot")(engine)
        if snapshot is None:
            raise NoActiveListsError("no list version is active yet: run `ictguard lists update` first")
        return snapshot  # type: ignore[no-any-return]

    def load(self, engine: Engine, version_id: str) -> ListSnapshot:
        return _attr("ictguard.store.lists_repo", "load_snapshot")(engine, version_id)  # type: ignore[no-any-return]


def default_screener_factory() -> Callable[[ListSnapshot], ScreenerLike]:
    factory: Callable[[ListSnapshot], ScreenerLike] = _attr("ictguard.screening", "screener_for")
    return factory


def decision_resolver(
    entities: list[Any] | None, version_id: str | None, screener: Callable[[], Any] | None
) -> tuple[Any, list[str]]:
    """The rules engine's production resolver (``entities=None``: no active version, curated data only)."""
    resolver, notes = _attr("ictguard.rules", "decision_resolver")(entities, version_id, screener)
    return resolver, list(notes)


def decide(transaction: dict[str, Any], *, resolver: Any, as_of: date | None,
           notes: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
    """Run the rules engine and return the determination document."""
    determination = _attr("ictguard.rules", "decide")(transaction, resolver=resolver, as_of=as_of, notes=notes)
    return determination.to_dict() if hasattr(determination, "to_dict") else dict(determination)


def transaction_schema() -> dict[str, Any]:
    """The JSON schema of one transaction (rules.transaction), references inlined, for the OpenAPI document.

    Empty (any object) when the rules package is not in this build."""
    try:
        model = _attr("ictguard.rules.transaction", "Transaction")
    except ComponentUnavailableError:
        return {"type": "object"}
    schema: dict[str, Any] = model.model_json_schema()
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
