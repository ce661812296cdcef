"""Round 5 edge cases (tests/rules/data/edge_cases_r5.yaml): family members no earlier round named, under every
regime on their own dates; makers in Chinese, Cyrillic and abbreviated forms and unrelated look-alikes; §889 Part A
vs Part B, waivers and exceptions; USF / Covered List bars per entry date; Affiliates Rule and jurisdiction edges;
several items with mixed outcomes; missing optional fields. Written from regime_rules.md before the engine ran on
them. Same checks as rounds 2-4, plus the file's `errors`: documents the schema rejects, naming the field."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from ictguard.errors import TransactionError
from ictguard.rules import LayeredResolver, decide
from ictguard.rules.transaction import parse_transaction
from tests.rules._edge import DATA, check, check_file_shape, load_cases, param, transaction

FIRST = load_cases("edge_cases_r5.yaml")
SECOND = load_cases("edge_cases_r5b.yaml")  # a second batch, written after the first one passed
CASES = FIRST + SECOND
with (DATA / "edge_cases_r5.yaml").open(encoding="utf-8") as _handle:
    ERRORS: list[dict[str, Any]] = yaml.safe_load(_handle)["errors"]


def test_case_files_are_well_formed() -> None:
    check_file_shape(FIRST, 150, outcomes=True)
    check_file_shape(SECOND, 30, outcomes=True)
    check_file_shape(CASES, 180, outcomes=True)
    assert len({e["id"] for e in ERRORS}) == len(ERRORS) >= 15


@pytest.mark.parametrize("case", [param(case) for case in CASES])
def test_edge_case_r5(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    result = decide(transaction(case), resolver=layered_resolver).to_dict()
    check(result, case, top_level=True)


@pytest.mark.parametrize("case", ERRORS, ids=[e["id"] for e in ERRORS])
def test_schema_rejects_naming_the_field(case: dict[str, Any]) -> None:
    with pytest.raises(TransactionError) as raised:
        parse_transaction(case["txn"], file="in.json", index=3)
    assert raised.value.field == f"[3].{case['field']}", (case["id"], raised.value.field)
    assert "in.json" in str(raised.value) and case["field"] in str(raised.value)
