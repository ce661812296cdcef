"""The batch summary reads every adapter's rows, counts decisions and lists hits with reviewer decisions."""

from __future__ import annotations

from ictguard.reports.batch_summary import MAX_LISTED, batch_context, summary_row
from ictguard.reports.render import render_report

CLI_ROWS = [
    {
        "vendor": "华为技术有限公司",
        "cc": "CN",
        "best_hit_id": "csl:1",
        "best_hit_name": "Huawei Technologies Co., Ltd.",
        "best_hit_source": "EL",
        "score": "1.0000",
        "decision": "match",
        "status": "ok",
    },
    {
        "vendor": "Acme Widgets Inc",
        "cc": "US",
        "best_hit_id": "csl:2",
        "best_hit_name": "AKEEM",
        "best_hit_source": "DPL",
        "score": "0.0791",
        "decision": "no_match",
        "status": "ok",
    },
    {"vendor": "", "cc": "US", "best_hit_id": "", "score": "", "decision": "error", "status": "error: empty name"},
]
API_ROW = {
    "name": "ZTE Corporation",
    "country": "CN",
    "list_version": "v1",
    "best_entity_id": "fcc-covered:zte",
    "best_name": "ZTE Corporation",
    "score": 0.98,
    "decision": "review",
}


def test_cli_and_api_rows_read_the_same() -> None:
    cli = summary_row(CLI_ROWS[0], name_column="vendor", country_column="cc")
    api = summary_row(API_ROW)
    assert cli == {
        "name": "华为技术有限公司",
        "country": "CN",
        "best_name": "Huawei Technologies Co., Ltd.",
        "best_entity_id": "csl:1",
        "best_source": "EL",
        "score": 1.0,
        "decision": "match",
        "status": "ok",
    }
    assert (api["best_entity_id"], api["score"], api["decision"]) == ("fcc-covered:zte", 0.98, "review")


def test_counts_hits_and_reviewer_decisions() -> None:
    rows = [summary_row(r, name_column="vendor", country_column="cc") for r in CLI_ROWS] + [summary_row(API_ROW)]
    review = {
        "name": "zte corporation",
        "entity_id": "fcc-covered:zte",
        "status": "true_match",
        "reviewer": "ann",
        "reason": "same company",
        "reviewed_at": "2026-11-23",
    }
    context = batch_context(rows, job={"id": "j1", "list_version": "v1"}, reviews=[review])
    assert context["counts"] == {
        "rows": 4,
        "hits": 2,
        "by_decision": [("error", 1), ("match", 1), ("no_match", 1), ("review", 1)],
        "reviewed": 1,
        "errors": 1,
    }
    assert [h["name"] for h in context["hits"]] == ["华为技术有限公司", "ZTE Corporation"]
    assert context["hits"][1]["review"]["reviewer"] == "ann" and context["hits"][0]["review"] is None
    html = render_report("batch_summary", context)
    assert "true match by ann" in html and "not reviewed" in html and "华为技术有限公司" in html


def test_a_very_long_batch_lists_the_top_hits_and_says_how_many_more() -> None:
    rows = [summary_row({"name": f"party {i}", "score": i / 5000, "decision": "review"}) for i in range(MAX_LISTED + 7)]
    context = batch_context(rows, job={})
    assert len(context["hits"]) == MAX_LISTED and context["hits_not_listed"] == 7
    assert context["hits"][0]["score"] == (MAX_LISTED + 6) / 5000
