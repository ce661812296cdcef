"""Round 3 edge cases (tests/rules/data/edge_cases_r3.yaml): the worked scenarios re-spelled, country affiliates,
sold members on their sale day, owner chains at 50 %, the §214 carriers under each kind, the Kaspersky dates and
contract details, written from regime_rules.md before the engine ran on them. Same checks as round 2, plus an
optional ``as_of`` override given to decide() and expected back in the determination."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictguard.rules import LayeredResolver, decide
from tests.rules.test_edge_cases import STRICTEST_FIRST, _matches, _param, _transaction

CASES_FILE = Path(__file__).parent / "data" / "edge_cases_r3.yaml"


def _load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = yaml.safe_load(handle)["cases"]
    return cases


CASES = _load_cases()


def test_case_file_is_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)) >= 80
    for case in CASES:
        assert case["rule"].startswith("R-") and case["why"], case["id"]
        assert case.get("expect") or case.get("max") or case.get("expect_not"), case["id"]
        wanted = case.get("outcome_in") or [case.get("outcome")]
        assert all(o in STRICTEST_FIRST for o in wanted), case["id"]


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_edge_case_r3(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    as_of = date.fromisoformat(case["as_of"]) if case.get("as_of") else None
    result = decide(_transaction(case), resolver=layered_resolver, as_of=as_of).to_dict()
    findings = result["findings"]
    if as_of is not None:
        assert result["as_of"] == case["as_of"], (case["id"], result["as_of"])
    wanted = case.get("outcome_in") or [case["outcome"]]
    assert result["outcome"] in wanted, (case["id"], case["why"], wanted, findings)
    for want in case.get("expect", []):
        assert any(_matches(f, want) for f in findings), (case["id"], case["why"], want, findings)
    for unwanted in case.get("expect_not", []):
        assert not any(_matches(f, unwanted) for f in findings), (case["id"], unwanted, findings)
    for regime, ceiling in case.get("max", {}).items():
        too_strict = [
            f
            for f in findings
            if f["regime"] == regime and STRICTEST_FIRST.index(f["outcome"]) < STRICTEST_FIRST.index(ceiling)
        ]
        assert not too_strict, (case["id"], case["why"], f"{regime} stricter than {ceiling}", too_strict)
