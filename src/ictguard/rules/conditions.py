"""The small condition language of rule files, evaluated in three-valued logic.

A condition is ``{fact: NAME, OP: VALUE}``, or ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``. List operators
(``in``, ``not_in``, ``intersects``, ``contains_any``) are gates: an absent fact fails them. A value
written ``"@NAME"`` is the value of another fact (e.g. ``on_or_before: "@date"``). When a fact a condition
needs is missing, the result is :class:`Missing` naming it: the engine turns that into a ``flag`` that says
which fact would settle the question.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Missing:
    facts: frozenset[str]


Truth = bool | Missing


def _cmp(fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def run(value: Any, arg: Any) -> bool:
        try:
            return fn(value, arg)
        except TypeError:
            return False

    return run


OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda v, a: bool(v == a),
    "ne": lambda v, a: bool(v != a),
    "in": lambda v, a: v in a,
    "not_in": lambda v, a: v not in a,
    "on_or_before": _cmp(lambda v, a: v <= a),
    "on_or_after": _cmp(lambda v, a: v >= a),
    "before": _cmp(lambda v, a: v < a),
    "after": _cmp(lambda v, a: v > a),
    "gte": _cmp(lambda v, a: v >= a),
    "lt": _cmp(lambda v, a: v < a),
    "intersects": lambda v, a: bool(set(v) & set(a)),
    "contains_any": lambda v, a: any(term.lower() in str(v).lower() for term in a),
}
# Ops that look at presence itself, so a missing fact is an answer, not an unknown.
PRESENCE_OPS = {"is", "present"}
_LIST_OPS = {"in", "not_in", "intersects", "contains_any"}


@dataclass(frozen=True, slots=True)
class Leaf:
    fact: str
    op: str
    arg: Any


@dataclass(frozen=True, slots=True)
class Combo:
    kind: str  # all | any | not
    parts: tuple[Condition, ...]


Condition = Leaf | Combo


def parse_condition(raw: Any, *, facts: Mapping[str, str], file: Path, line: int | None, where: str) -> Condition:
    """Validate a condition tree: known facts, known operators, one operator per leaf."""

    def fail(reason: str, at: Any = None) -> DataFileError:
        return DataFileError(reason, file=file, line=getattr(at, "line", None) or line, field=where)

    if not isinstance(raw, dict):
        raise fail("a condition must be a mapping", raw)
    if "fact" not in raw:
        keys = set(raw)
        if len(keys) != 1 or not keys <= {"all", "any", "not"}:
            raise fail(f"expected fact/all/any/not, got {sorted(keys)}", raw)
        kind = next(iter(keys))
        body = raw[kind]
        parts = [body] if kind == "not" else body
        if not isinstance(parts, list) or not parts:
            raise fail(f"{kind!r} needs a non-empty list", raw)
        return Combo(kind, tuple(parse_condition(p, facts=facts, file=file, line=line, where=where) for p in parts))
    fact = raw["fact"]
    if fact not in facts:
        raise fail(f"unknown fact {fact!r}", raw)
    ops = set(raw) - {"fact"}
    if len(ops) != 1:
        raise fail(f"exactly one operator per condition, got {sorted(ops)}", raw)
    op = ops.pop()
    if op not in OPS and op not in PRESENCE_OPS:
        raise fail(f"unknown operator {op!r}", raw)
    arg = raw[op]
    if op in _LIST_OPS and not isinstance(arg, list):
        raise fail(f"operator {op!r} needs a list", raw)
    if isinstance(arg, str) and arg.startswith("@") and arg[1:] not in facts:
        raise fail(f"unknown fact {arg[1:]!r}", raw)
    return Leaf(fact, op, arg)


def facts_used(cond: Condition) -> set[str]:
    if isinstance(cond, Leaf):
        return {cond.fact}
    return set().union(*(facts_used(p) for p in cond.parts))


def evaluate(cond: Condition, facts: Mapping[str, Any]) -> Truth:
    if isinstance(cond, Leaf):
        return _leaf(cond, facts)
    results = [evaluate(p, facts) for p in cond.parts]
    missing = frozenset().union(*(r.facts for r in results if isinstance(r, Missing)))
    if cond.kind == "not":
        return results[0] if isinstance(results[0], Missing) else not results[0]
    if cond.kind == "all":
        if any(r is False for r in results):
            return False
        return Missing(missing) if missing else True
    if any(r is True for r in results):
        return True
    return Missing(missing) if missing else False


def _leaf(cond: Leaf, facts: Mapping[str, Any]) -> Truth:
    value = facts.get(cond.fact)
    if cond.op == "present":
        return (value is not None) == bool(cond.arg)
    if cond.op == "is":
        return value is cond.arg if isinstance(cond.arg, bool) or cond.arg is None else bool(value == cond.arg)
    if value is None:
        # List-membership tests are gates ("is the company one of …"): an absent fact simply fails them.
        return False if cond.op in _LIST_OPS else Missing(frozenset({cond.fact}))
    arg = cond.arg
    if isinstance(arg, str) and arg.startswith("@"):
        arg = facts.get(arg[1:])
        if arg is None:
            return Missing(frozenset({cond.arg[1:]}))
    if isinstance(value, date) and isinstance(arg, str):
        arg = date.fromisoformat(arg)
    return OPS[cond.op](value, arg)
