"""Evidence in the real audit log (SQLite and PostgreSQL): issuing writes two chained rows; verification reads
them back through audit_repo; the document cites the business event it documents."""

from __future__ import annotations

from sqlalchemy import Engine

from ictguard.reports.evidence import Issuer
from ictguard.reports.verify_evidence import verify_document
from ictguard.service import evidence_docs
from ictguard.store import audit_repo, counterparties_repo
from ictguard.store.evidence_repo import AuditEvidenceLog, latest_entry

RESULT = {"query": "华为技术有限公司", "as_of": "2026-11-23", "list_version": None, "hits": []}


def test_issue_then_verify_against_the_stored_log(engine: Engine) -> None:
    doc = evidence_docs.screening_evidence(engine, RESULT, country="CN", issuer=Issuer("ann", "analyst"), fmt="html")
    rows = audit_repo.list_entries(engine, limit=10).items
    assert [r["action"] for r in reversed(rows)] == ["evidence.issue", "evidence.file"]
    assert rows[1]["after"]["inputs"]["query"] == "华为技术有限公司" and rows[1]["actor"] == "ann"
    assert audit_repo.verify(engine)[1] is None
    verdict = verify_document(doc.data, AuditEvidenceLog(engine), name="doc.html")
    assert verdict.matches, verdict.to_dict()
    assert "no match" in doc.data.decode()


def test_latest_entry_is_the_newest_row_about_an_entity(engine: Engine) -> None:
    party = counterparties_repo.create(
        engine,
        {"name": "深圳市大疆创新科技有限公司", "country": "CN", "kind": "vendor", "external_ref": None},
        actor="ann",
    )
    rows = audit_repo.list_entries(engine, limit=10).items
    entry = latest_entry(engine, rows[0]["entity_type"], party.id)
    assert entry is not None and entry.seq == rows[0]["seq"] and entry.hash == rows[0]["hash"]
    assert latest_entry(engine, "counterparty", 999_999) is None
