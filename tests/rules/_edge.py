"""Shared by the edge-case rounds (tests/rules/test_edge_cases*.py): loading a case file, building a case's
transaction, and checking a determination against the case's expectations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).parent / "data"
STRICTEST_FIRST = ["prohibited", "license_required", "reviewable", "flag", "authorized", "no_restriction"]


def load_cases(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = yaml.safe_load(handle)["cases"]
    return cases


def matches(finding: dict[str, Any], want: dict[str, Any]) -> bool:
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


def transaction(case: dict[str, Any]) -> dict[str, Any]:
    txn = dict(case["txn"])
    txn.setdefault("id", case["id"])
    if txn["kind"] == "export" and not any(p["role"] == "exporter" for p in txn["parties"]):
        txn["parties"] = [{"role": "exporter", "name": "Acme Networks Inc.", "country": "US"}, *txn["parties"]]
    return txn


def param(case: dict[str, Any]) -> Any:
    """A case the engine gets wrong for a reason outside the rules (a brand the family base does not know) is a
    strict xfail naming that gap: it shows in every run, and passes loudly once the gap is closed."""
    marks = [pytest.mark.xfail(reason=case["known_gap"], strict=True)] if case.get("known_gap") else []
    return pytest.param(case, id=case["id"], marks=marks)


def check(result: dict[str, Any], case: dict[str, Any], *, top_level: bool) -> None:
    """The case's expected findings, unwanted findings, per-regime ceilings and (``top_level``) overall outcome."""
    findings = result["findings"]
    if top_level:
        wanted = case.get("outcome_in") or [case["outcome"]]
        assert result["outcome"] in wanted, (case["id"], case["why"], wanted, findings)
    for want in case.get("expect", []):
        assert any(matches(f, want) for f in findings), (case["id"], case["why"], want, findings)
    for unwanted in case.get("expect_not", []):
        assert not any(matches(f, unwanted) for f in findings), (case["id"], unwanted, findings)
    for regime, ceiling in case.get("max", {}).items():
        too_strict = [
            f
            for f in findings
            if f["regime"] == regime and STRICTEST_FIRST.index(f["outcome"]) < STRICTEST_FIRST.index(ceiling)
        ]
        assert not too_strict, (case["id"], case["why"], f"{regime} stricter than {ceiling}", too_strict)


def check_file_shape(cases: list[dict[str, Any]], minimum: int, *, outcomes: bool) -> None:
    ids = [case["id"] for case in cases]
    assert len(ids) == len(set(ids)) >= minimum
    for case in cases:
        assert case["rule"].startswith("R-") and case["why"], case["id"]
        assert case.get("expect") or case.get("max") or case.get("expect_not"), case["id"]
        if outcomes:
            wanted = case.get("outcome_in") or [case.get("outcome")]
            assert all(o in STRICTEST_FIRST for o in wanted), case["id"]
