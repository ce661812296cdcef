"""Every table fits its page: for the widest realistic content (long list and entity names, unbroken ids,
many citations) every word lies inside the page, and the right-most column's text is all there, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ictguard.reports.device_audit import audit_context
from ictguard.reports.render import render_pdf, render_report
from tests.reports.pdf_pages import Word, needs_poppler, words

pytest.importorskip("weasyprint")
pytestmark = needs_poppler
FIXTURES = Path(__file__).parent / "fixtures"
MARGIN_PT = 16 / 25.4 * 72  # the right page margin of reports/templates/_base.html

LICENCE = (
    "For all items subject to the EAR, see §§ 734.9(e)(1), 734.9(e)(2) and 744.11 of the EAR, except "
    "technology subject to the EAR that is designated as EAR99, or controlled on the Commerce Control "
    "List for anti-terrorism reasons only, when released to members of a standards organization"
)
POLICY = "Presumption of denial; case-by-case review for items designated EAR99 (see § 744.11(b)) " * 2
CITATIONS = "; ".join(f"{84 + i} FR {22961 + 1117 * i}" for i in range(9))
LONG_NAME = (
    "FEDERAL STATE UNITARY ENTERPRISE MAIN SCIENTIFIC RESEARCH COMPUTING CENTER OF THE ADMINISTRATION "
    "OF THE PRESIDENT OF THE RUSSIAN FEDERATION (GLAVNYI NAUCHNO-ISSLEDOVATELSKII VYCHISLITELNYI TSENTR)"
)


def _hit(i: int) -> dict[str, object]:
    return {
        "entity_id": "csl:" + "f" * 56 + str(i),
        "name": LONG_NAME,
        "matched_name": "华为技术有限公司" * 3,
        "source": "MEU",
        "score": 0.87,
        "explanation": [
            {
                "feature": "name_tokens",
                "score": 0.91,
                "detail": "'https://www.example.gov/some/very/long/unbroken/reference/path/to/a/notice"
                "/document/number/2019-10616' matched 14 of 15 tokens",
            }
        ]
        * 3,
        "federal_register_notice": CITATIONS,
        "license_requirement": LICENCE,
        "license_policy": POLICY,
    }


def _write(tmp_path: Path, pdf: bytes) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return path


def _outside(found: list[Word]) -> list[Word]:
    return [w for w in found if w.x_max > w.page_width - MARGIN_PT + 1 or w.x_min < MARGIN_PT - 1]


def _column_text(found: list[Word], header: str) -> str:  # header: the column's full heading
    """The words at or right of the column headed ``header`` (the right-most column) between its header and
    the page foot, page by page, top to bottom, glued without spaces: a wrapped cell, or one continued on the
    next page under the repeated header, reads back whole."""
    first, *rest = header.split()
    heads = {w.page: w for w in found if w.text == first}
    head = next(iter(heads.values()))
    # WeasyPrint does not always repeat the header on a page that a tall row starts (seen with a long evidence
    # cell): such a page, between pages that carry the table, belongs to it from its top.
    pages = range(min(heads), max(heads) + 1)
    cells = [
        w
        for w in found
        if w.x_min >= head.x_min - 1
        and w.page in pages
        and (w.page not in heads or w.y_min > heads[w.page].y_max)
        and not (w.page in heads and w.text in rest and w.y_min - heads[w.page].y_min < 30)
        and w.y_max < w.page_height - MARGIN_PT
    ]
    return "".join(w.text for line in _lines(cells) for w in line)


def _lines(cells: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines, each left to right. A word joins the line whose vertical span holds its
    middle: CJK and Latin glyphs of one line have different tops (Noto CJK's ascent), so sorting on the top alone
    puts a line's Chinese words before its Latin ones."""
    lines: list[list[Word]] = []
    for w in sorted(cells, key=lambda w: (w.page, w.y_min, w.x_min)):
        middle = (w.y_min + w.y_max) / 2
        last = lines[-1] if lines else None
        if last and last[0].page == w.page and min(x.y_min for x in last) <= middle <= max(x.y_max for x in last):
            last.append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x_min) for line in lines]


def _glued(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_screening_candidates_table_fits_and_its_last_column_is_whole(tmp_path: Path) -> None:
    context = {
        "query": LONG_NAME,
        "country": "RU",
        "as_of": "2026-11-23",
        "list_version": "v1",
        "screened_at": "2026-11-23 12:00 UTC",
        "result": "potential match",
        "hits": [_hit(i) for i in range(6)],
        "reviews": [],
    }
    found = words(_write(tmp_path, render_pdf(render_report("screening_evidence", context))))
    assert _outside(found) == []
    column = _column_text(found, "Licence requirement / policy")
    assert column.count(_glued(LICENCE)) == 6 and column.count(_glued(POLICY)) == 6


def test_device_audit_tables_fit_with_chinese_sites_and_long_evidence(tmp_path: Path) -> None:
    from ictguard.devices.audit import audit_paths
    from ictguard.devices.report import report_dict

    document = report_dict(audit_paths([FIXTURES / "inventory_cjk.csv"]))
    context = audit_context(document)
    evidence = [line for device in context["covered_devices"] for line in device["evidence"]]
    assert evidence and any("深圳" in device["site"] for device in context["covered_devices"])
    found = words(_write(tmp_path, render_pdf(render_report("device_audit", context))))
    assert _outside(found) == []
    column = _column_text(found, "Evidence")
    missing = [line for line in evidence if _glued(line) not in column]
    assert missing == []


def test_the_check_sees_a_table_that_runs_off_the_page(tmp_path: Path) -> None:
    html = (
        f"<html><body><table style='white-space: nowrap'><tr><td>{LONG_NAME}</td><td>{LICENCE}</td></tr>"
        "</table></body></html>"
    )
    found = words(_write(tmp_path, render_pdf(html)))
    assert _outside(found)


def test_memo_and_batch_summary_tables_fit(tmp_path: Path) -> None:
    transaction = {
        "id": "t-" + "9" * 80,
        "date": "2019-06-01",
        "kind": "export",
        "parties": [
            {"role": "end_user", "name": LONG_NAME, "country": "RU"},
            {"role": "consignee", "name": "华为技术有限公司" * 4, "country": "CN"},
        ],
        "items": [
            {"description": LICENCE, "category": "telecom_equipment", "eccn": "5A002.a.1", "manufacturer": LONG_NAME}
        ],
    }
    determination = {
        "transaction": transaction["id"],
        "as_of": "2019-06-01",
        "list_version": "v1",
        "outcome": "license_required",
        "findings": [
            {
                "regime": "EAR",
                "outcome": "license_required",
                "rules": ["R-EL-HUAWEI-1"] * 9,
                "citations": [CITATIONS] * 3,
                "explanation": POLICY,
            }
        ],
    }
    memo = words(
        _write(
            tmp_path,
            render_pdf(
                render_report("determination_memo", {"determination": determination, "transaction": transaction})
            ),
        )
    )
    assert _outside(memo) == []
    assert _glued(LONG_NAME) in _column_text(memo, "Manufacturer")

    from ictguard.reports.batch_summary import batch_context, summary_row

    listed = {
        "name": LONG_NAME,
        "country": "RU",
        "best_name": LONG_NAME,
        "best_entity_id": "csl:" + "a" * 60,
        "best_hit_source": "FCC-COVERED",
        "score": 0.9,
        "decision": "review",
    }
    rows = [summary_row(listed) for _ in range(3)]
    review = {
        "name": LONG_NAME,
        "entity_id": "csl:" + "a" * 60,
        "status": "false_positive",
        "reviewer": "key:1:Ann",
        "reason": POLICY,
        "reviewed_at": "2026-11-23T12:00:00+00:00",
    }
    summary = words(
        _write(
            tmp_path,
            render_pdf(
                render_report(
                    "batch_summary", batch_context(rows, job={"id": "j", "list_version": "v1"}, reviews=[review])
                )
            ),
        )
    )
    assert _outside(summary) == []
    assert _column_text(summary, "Reviewer decision").count(_glued(POLICY)) == 3
