"""Round 3 edge cases (tests/rules/data/edge_cases_r3.yaml): the worked scenarios re-spelled, country affiliates,
sold members on their sale day, owner chains at 50 %, the §214 carriers under each kind, the Kaspersky dates and
contract details, written from regime_rules.md before the engine ran on them. Same checks as round 2, plus an
optional ``as_of`` override given to decide() and expected back in the determination."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ictguard.rules import LayeredResolver, decide
from tests.rules._edge import check, check_file_shape, load_cases, param, transaction

CASES = load_cases("edge_cases_r3.yaml")


def test_case_file_is_well_formed() -> None:
    check_file_shape(CASES, 80, outcomes=True)


@pytest.mark.parametrize("case", [param(case) for case in CASES])
def test_edge_case_r3(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    as_of = date.fromisoformat(case["as_of"]) if case.get("as_of") else None
    result = decide(transaction(case), resolver=layered_resolver, as_of=as_of).to_dict()
    if as_of is not None:
        assert result["as_of"] == case["as_of"], (case["id"], result["as_of"])
    check(result, case, top_level=True)
