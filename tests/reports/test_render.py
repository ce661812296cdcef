from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ictguard.errors import NotFoundError
from ictguard.reports.render import render_pdf, render_report

WHEN = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HIT = {
    "entity_id": "EL-123",
    "name": "Huawei Technologies Co., Ltd.",
    "matched_name": "Huawei Technologies Co Ltd",
    "source": "EL",
    "score": 0.97,
    "explanation": [{"feature": "name_tokens", "score": 0.97, "detail": "all tokens match"}],
    "federal_register_notice": "84 FR 22961",
    "license_requirement": "For all items subject to the EAR",
    "license_policy": "Presumption of denial",
    "start_date": "2019-05-16",
}


def screening(**extra: object) -> dict[str, object]:
    return {
        "query": "Huawei Technologies Co Ltd",
        "country": "CN",
        "as_of": "2026-11-23",
        "list_version": "v-2026-11-20",
        "screened_at": "2026-11-23 11:59 UTC",
        "result": "potential match",
        "hits": [HIT],
        "reviews": [],
        **extra,
    }


def test_screening_evidence_states_party_list_version_date_result_and_decision() -> None:
    review = {
        "decision": "true_match",
        "reviewer": "Ann Reviewer",
        "reason": "same address",
        "decided_at": "2026-11-23 12:30",
        "expires_at": None,
    }
    html = render_report("screening_evidence", screening(reviews=[review]), generated_at=WHEN)
    assert "Party <strong>Huawei Technologies Co Ltd</strong> (CN) was screened" in html
    assert "list version <strong>v-2026-11-20</strong> as of <strong>2026-11-23</strong>" in html
    assert "reviewer decision:\n<strong>true_match</strong> by Ann Reviewer" in html
    assert "84 FR 22961" in html and "Presumption of denial" in html and "name_tokens 0.97" in html
    assert "generated 2026-11-23 12:00 UTC" in html


def test_screening_evidence_without_hits_says_no_match() -> None:
    html = render_report("screening_evidence", screening(hits=[], result="no match"), generated_at=WHEN)
    assert "<strong>no match</strong>" in html and "No reviewer decision recorded" in html


def test_party_names_are_escaped() -> None:
    html = render_report("screening_evidence", screening(query="<img src=x onerror=alert(1)>"))
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_determination_memo_lists_findings_rules_and_citations() -> None:
    determination = {
        "transaction": "t-001",
        "as_of": "2019-06-01",
        "list_version": "v1",
        "outcome": "authorized",
        "findings": [
            {
                "regime": "EAR",
                "outcome": "authorized",
                "basis": "tgl",
                "policy": "presumption_of_denial",
                "rules": ["R-EL-HUAWEI-1", "R-TGL-HUAWEI"],
                "citations": ["84 FR 22961", "84 FR 23468"],
                "party": "Huawei Technologies Co Ltd",
                "matched_entity": "Huawei Technologies Co., Ltd.",
                "explanation": "Covered by the temporary general license.",
            }
        ],
    }
    transaction = {
        "id": "t-001",
        "date": "2019-06-01",
        "kind": "export",
        "parties": [{"role": "end_user", "name": "Huawei Technologies Co Ltd", "country": "CN"}],
        "items": [],
        "context": {"tgl_prong": "existing_handsets"},
    }
    html = render_report(
        "determination_memo", {"determination": determination, "transaction": transaction, "author": "Ann"}
    )
    for text in (
        "R-EL-HUAWEI-1, R-TGL-HUAWEI",
        "84 FR 22961; 84 FR 23468",
        "temporary general license",
        "outcome-authorized",
        "tgl_prong",
        "presumption of denial",
        "Prepared by Ann",
    ):
        assert text in html


def test_unknown_report_kind() -> None:
    with pytest.raises(NotFoundError, match="unknown report kind"):
        render_report("nope", {})


def test_pdf_is_a_pdf_with_the_party_in_it() -> None:
    pytest.importorskip("weasyprint")
    pdf = render_pdf(render_report("screening_evidence", screening()))
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
