from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ictguard.rules.conditions import Missing, evaluate, parse_condition

FACTS = {"a": "", "b": "", "d": "", "date": "", "s": ""}


def cond(raw: dict[str, Any]) -> Any:
    return parse_condition(raw, facts=FACTS, file=Path("x.yaml"), line=1, where="when")


@pytest.mark.parametrize(
    ("raw", "facts", "expected"),
    [
        ({"fact": "a", "eq": 1}, {"a": 1}, True),
        ({"fact": "a", "eq": 1}, {"a": 2}, False),
        ({"fact": "a", "eq": 1}, {}, Missing(frozenset({"a"}))),
        ({"fact": "a", "in": [1, 2]}, {}, False),  # list ops are gates
        ({"fact": "a", "is": None}, {}, True),
        ({"fact": "a", "present": False}, {}, True),
        ({"fact": "d", "on_or_before": "@date"}, {"d": date(2020, 1, 1), "date": date(2020, 1, 1)}, True),
        ({"fact": "d", "before": "@date"}, {"d": date(2020, 1, 1), "date": date(2020, 1, 1)}, False),
        ({"fact": "d", "on_or_after": date(2020, 1, 2)}, {"d": date(2020, 1, 1)}, False),
        ({"fact": "s", "contains_any": ["Intel"]}, {"s": "threat intelligence"}, True),
        ({"all": [{"fact": "a", "eq": 1}, {"fact": "b", "eq": 1}]}, {"a": 1}, Missing(frozenset({"b"}))),
        ({"all": [{"fact": "a", "eq": 2}, {"fact": "b", "eq": 1}]}, {"a": 1}, False),
        ({"any": [{"fact": "a", "eq": 1}, {"fact": "b", "eq": 1}]}, {"a": 1}, True),
        ({"any": [{"fact": "a", "eq": 2}, {"fact": "b", "eq": 1}]}, {"a": 1}, Missing(frozenset({"b"}))),
        ({"not": {"fact": "a", "eq": 1}}, {"a": 1}, False),
        ({"not": {"fact": "a", "eq": 1}}, {}, Missing(frozenset({"a"}))),
    ],
)
def test_three_valued_evaluation(raw: dict[str, Any], facts: dict[str, Any], expected: Any) -> None:
    assert evaluate(cond(raw), facts) == expected
