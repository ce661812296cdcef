"""Edge cases written from regime_rules.md alone (tests/rules/data/edge_cases.yaml), run through the production
resolver (the shared consolidated list, then the screener), so names in any script and brand names go through
real name resolution. Each case names the spec rule that justifies its expected answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ictguard.rules import LayeredResolver, decide

CASES_FILE = Path(__file__).parent / "data" / "edge_cases.yaml"
STRICTEST_FIRST = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]


def _load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = yaml.safe_load(handle)["cases"]
    return cases


CASES = _load_cases()


def _matches(finding: dict[str, Any], want: dict[str, Any]) -> bool:
    if "regime" in want and finding["regime"] != want["regime"]:
        return False
    if "outcome" in want and finding["outcome"] != want["outcome"]:
        return False
    if "outcome_in" in want and finding["outcome"] not in want["outcome_in"]:
        return False
    if not set(want.get("rules", [])) <= set(finding["rules"]):
        return False
    if any(finding.get(key) != value for key, value in want.get("fields", {}).items()):
        return False
    cited = " | ".join(finding.get("citations", []))
    if want.get("citations_any") and not any(citation in cited for citation in want["citations_any"]):
        return False
    return all(citation in cited for citation in want.get("citations_include", []))


def _transaction(case: dict[str, Any]) -> dict[str, Any]:
    txn = dict(case["txn"])
    txn.setdefault("id", case["id"])
    if txn["kind"] == "export" and not any(p["role"] == "exporter" for p in txn["parties"]):
        txn["parties"] = [{"role": "exporter", "name": "Acme Networks Inc.", "country": "US"}, *txn["parties"]]
    return txn


def test_case_file_is_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)) >= 80
    for case in CASES:
        assert case["rule"].startswith("R-") and case["why"], case["id"]
        assert case.get("expect") or case.get("max"), case["id"]


def _param(case: dict[str, Any]) -> Any:
    """A case the engine gets wrong for a reason outside the rules (a brand the family base does not know) is a
    strict xfail naming that gap: it shows in every run, and passes loudly once the gap is closed."""
    marks = [pytest.mark.xfail(reason=case["known_gap"], strict=True)] if case.get("known_gap") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_edge_case(layered_resolver: LayeredResolver, case: dict[str, Any]) -> None:
    result = decide(_transaction(case), resolver=layered_resolver).to_dict()
    findings = result["findings"]
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
