"""Round 2 edge cases (tests/rules/data/edge_cases_r2.yaml): corporate families in every script across every kind
and on the boundary days, written from regime_rules.md before the engine ran on them. Same checks as
test_edge_cases.py, plus each case's expected top-level outcome."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import LayeredResolver, decide
from tests.rules._edge import check, check_file_shape, load_cases, param, transaction

CASES = load_cases("edge_cases_r2.yaml")


def test_case_file_is_well_formed() -> None:
    check_file_shape(CASES, 150, outcomes=True)


@pytest.mark.parametrize("case", [param(case) for case in CASES])
def test_edge_case_r2(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    check(decide(transaction(case), resolver=layered_resolver).to_dict(), case, top_level=True)
