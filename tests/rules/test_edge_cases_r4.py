"""Round 4 edge cases (tests/rules/data/edge_cases_r4.yaml): re-exports and in-country transfers from third
countries, de minimis, the Huawei FDP rules, the Affiliates Rule on its boundary days, ICTS, FCC equipment
authorization and USF bars, §889 Parts A/B and grants by date, names in other scripts and legal forms in other
languages, written from regime_rules.md before the engine ran on them. Same checks as rounds 2 and 3."""

from __future__ import annotations

from typing import Any

import pytest

from ictguard.rules import LayeredResolver, decide
from tests.rules._edge import check, check_file_shape, load_cases, param, transaction

FIRST = load_cases("edge_cases_r4.yaml")
SECOND = load_cases("edge_cases_r4b.yaml")  # a second batch, written after the first one passed
CASES = FIRST + SECOND


def test_case_files_are_well_formed() -> None:
    check_file_shape(FIRST, 150, outcomes=True)
    check_file_shape(SECOND, 30, outcomes=True)
    check_file_shape(CASES, 180, outcomes=True)


@pytest.mark.parametrize("case", [param(case) for case in CASES])
def test_edge_case_r4(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    result = decide(transaction(case), resolver=layered_resolver).to_dict()
    check(result, case, top_level=True)
