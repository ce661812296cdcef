"""Edge cases written from regime_rules.md alone (tests/rules/data/edge_cases.yaml), run through the production
resolver (the shared consolidated list, then the screener), so names in any script and brand names go through
real name resolution. Each case names the spec rule that justifies its expected answer."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import LayeredResolver, decide
from tests.rules._edge import check, check_file_shape, load_cases, param, transaction

CASES = load_cases("edge_cases.yaml")


def test_case_file_is_well_formed() -> None:
    check_file_shape(CASES, 80, outcomes=False)


@pytest.mark.parametrize("case", [param(case) for case in CASES])
def test_edge_case(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    check(decide(transaction(case), resolver=layered_resolver).to_dict(), case, top_level=False)
