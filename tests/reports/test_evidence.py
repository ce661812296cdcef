"""Issuing an evidence document records it in the audit log; verifying a file tells an issued document from
an edited, forged or foreign one."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from ictguard.errors import InputError
from ictguard.reports.evidence import EntryRef, IssuedDocument, Issuer, Subject, content_digest, issue
from ictguard.reports.render import render_document
from ictguard.reports.verify_evidence import read_embedded, verify_document
from tests.reports.evidence_fakes import MemoryLog

WHEN = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RUN_ENTRY = EntryRef(seq=1, hash="a" * 64, action="screening.run", entity_type="screening_run", entity_id="7")
HIT = {
    "entity_id": "csl:1",
    "name": "Huawei Technologies Co., Ltd.",
    "matched_name": "华为技术有限公司",
    "source": "EL",
    "score": 1.0,
    "explanation": [{"feature": "identical", "score": 1.0, "detail": "same"}],
    "federal_register_notice": "84 FR 22963",
    "license_requirement": "For all items subject to the EAR",
    "license_policy": "Presumption of denial.",
    "start_date": "2019-05-16",
}


def screening(query: str = "华为技术有限公司") -> dict[str, Any]:
    return {
        "query": query,
        "country": "CN",
        "as_of": "2026-11-23",
        "list_version": "v-1",
        "screened_at": "2026-11-23 12:00 UTC",
        "result": "potential match",
        "hits": [HIT],
        "reviews": [],
    }


def issued(log: MemoryLog, fmt: str = "html", query: str = "华为技术有限公司") -> IssuedDocument:
    log.rows.append(
        {
            "seq": 1,
            "hash": RUN_ENTRY.hash,
            "action": "screening.run",
            "entity_type": "screening_run",
            "entity_id": "7",
            "after": {},
            "at": "x",
            "actor": "ann",
        }
    )
    subject = Subject(
        list_version="v-1",
        list_content_hash="c" * 64,
        inputs={"query": query, "threshold": 0.7, "result": "potential match"},
        source_entry=RUN_ENTRY,
    )

    def render(context: dict[str, Any], form: Any, embedded: bytes) -> bytes:
        return render_document("screening_evidence", context, form, embedded)

    return issue(
        "screening_evidence",
        screening(query),
        subject,
        Issuer("ann-laptop", "analyst"),
        fmt=fmt,  # type: ignore[arg-type]
        log=log,
        render=render,
        now=WHEN,
    )


def checks(data: bytes, log: MemoryLog) -> dict[str, bool]:
    return {c.name: c.ok for c in verify_document(data, log, name="doc").checks}


def test_an_issued_html_document_matches_and_shows_its_record() -> None:
    log = MemoryLog()
    doc = issued(log)
    html = doc.data.decode()
    assert [r["action"] for r in log.rows] == ["screening.run", "evidence.issue", "evidence.file"]
    assert log.rows[1]["entity_id"] == doc.content_digest and log.rows[2]["entity_id"] == doc.file_sha256
    for shown in (
        doc.content_digest,
        doc.issue_entry.hash,
        RUN_ENTRY.hash,
        "c" * 64,
        "ann-laptop (role analyst)",
        "2026-11-23T12:00:00+00:00",
        "0.7",
        "#2 evidence.issue",
        "#1\n    screening.run",
    ):
        assert shown in html
    verdict = verify_document(doc.data, log, name="doc")
    assert verdict.matches, verdict.to_dict()
    assert [c.name for c in verdict.checks] == ["content digest", "issue entry", "file", "source entry", "audit chain"]


def test_editing_the_visible_page_is_caught_by_the_file_hash() -> None:
    log = MemoryLog()
    edited = issued(log).data.replace(b"Result: <strong>potential match", b"Result: <strong>no match")
    assert checks(edited, log) == {
        "content digest": True,
        "issue entry": True,
        "file": False,
        "source entry": True,
        "audit chain": True,
    }


def test_editing_the_embedded_record_breaks_the_digest() -> None:
    log = MemoryLog()
    data = issued(log).data.replace("华为技术有限公司".encode(), "中兴通讯".encode())
    result = checks(data, log)
    assert result["content digest"] is False and result["file"] is False


def test_a_forged_record_with_a_fresh_digest_is_not_in_the_log() -> None:
    log = MemoryLog()
    doc = issued(log)
    text = doc.data.decode()
    embedded = read_embedded(doc.data, name="doc")
    embedded["record"]["issued_by"]["role"] = "admin"
    embedded["content_digest"] = content_digest(embedded["record"], embedded["content"])
    forged = re.sub(
        r'(<script type="application/json" id="ictguard-evidence">).*?(</script>)',
        lambda m: m.group(1) + json.dumps(embedded) + m.group(2),
        text,
        flags=re.DOTALL,
    ).encode()
    result = checks(forged, log)
    assert result["content digest"] is True and result["issue entry"] is False and result["file"] is False


def test_a_log_row_that_says_something_else_fails_the_issue_check() -> None:
    log = MemoryLog()
    doc = issued(log)
    log.rows[1]["after"]["inputs"]["threshold"] = 0.5
    assert checks(doc.data, log)["issue entry"] is False


def test_a_document_citing_a_missing_source_entry_fails() -> None:
    log = MemoryLog()
    doc = issued(log)
    log.rows[0]["hash"] = "b" * 64
    assert checks(doc.data, log)["source entry"] is False


def test_a_query_cannot_close_the_embedded_script() -> None:
    log = MemoryLog()
    query = '</script><script>alert(1)</script> & "x"'
    doc = issued(log, query=query)
    assert b"<script>alert(1)" not in doc.data
    assert read_embedded(doc.data, name="doc")["record"]["inputs"]["query"] == query
    assert verify_document(doc.data, log, name="doc").matches


def test_an_issued_pdf_carries_the_record_as_an_attachment_and_matches() -> None:
    pytest.importorskip("weasyprint")
    log = MemoryLog()
    doc = issued(log, fmt="pdf")
    assert doc.data.startswith(b"%PDF-")
    assert read_embedded(doc.data, name="doc")["content_digest"] == doc.content_digest
    assert verify_document(doc.data, log, name="doc").matches
    appended = doc.data + b"\n% an incremental update by some editor\n"
    assert checks(appended, log)["file"] is False


@pytest.mark.parametrize("data", [b"%PDF-1.7 not really", b"<html><body>hello</body></html>", b"\xff\xfe\x00"])
def test_a_file_without_a_record_is_unreadable(data: bytes) -> None:
    with pytest.raises(InputError):
        verify_document(data, MemoryLog(), name="doc")
