"""Evidence documents in the audit log: issue (two audited rows per document) and look up for verification.

Everything goes through ``audit_repo``'s own functions (``append`` inside ``write_tx``, ``list_entries``,
``verify``), so the log keeps one writer and one notion of a valid chain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from ictguard.errors import NoActiveListsError, NotFoundError
from ictguard.reports.evidence import (
    DocumentFormat,
    EntryRef,
    IssuedDocument,
    Issuer,
    Subject,
    issue,
    list_content_hash,
)
from ictguard.store import audit_repo, lists_repo
from ictguard.store.service_common import write_tx

MAX_ROWS = 1000  # rows about one entity: a document digest or file hash has one or two


class AuditEvidenceLog:
    """The audit log as ``reports.evidence.EvidenceLog`` (issuing) and ``EvidenceLookup`` (verifying)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(self, *, actor: str, action: str, entity_type: str, entity_id: str, after: dict[str, Any]) -> EntryRef:
        with write_tx(self.engine) as conn:
            seq = audit_repo.append(
                conn, actor=actor, action=action, entity_type=entity_type, entity_id=entity_id, before=None, after=after
            )
        row = next(r for r in self.entries(entity_type, entity_id) if r["seq"] == seq)
        return EntryRef(seq=seq, hash=str(row["hash"]), action=action, entity_type=entity_type, entity_id=entity_id)

    def entries(self, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
        page = audit_repo.list_entries(self.engine, entity_type=entity_type, entity_id=entity_id, limit=MAX_ROWS)
        return list(page.items)

    def chain(self) -> tuple[bool, str]:
        checked, problem = audit_repo.verify(self.engine)
        if problem is None:
            return True, f"{checked} rows intact"
        return False, f"row {problem.seq}: {problem.reason}"


def latest_entry(engine: Engine, entity_type: str, entity_id: str | int) -> EntryRef | None:
    """The newest audit row about one entity (the event a document on it documents), or None."""
    page = audit_repo.list_entries(engine, entity_type=entity_type, entity_id=str(entity_id), limit=1)
    if not page.items:
        return None
    row = page.items[0]
    return EntryRef(
        seq=int(row["seq"]),
        hash=str(row["hash"]),
        action=str(row["action"]),
        entity_type=entity_type,
        entity_id=str(entity_id),
    )


def list_version_hash(engine: Engine, version_id: str | None) -> str | None:
    """The content hash of a stored list version (from its source files' SHA-256s), None when unknown."""
    if not version_id:
        return None
    try:
        info = lists_repo.get_version(engine, version_id)
    except (NotFoundError, NoActiveListsError):
        return None
    return list_content_hash([f.sha256 for f in info.files])


def issue_document(
    engine: Engine,
    kind: str,
    context: dict[str, Any],
    subject: Subject,
    issuer: Issuer,
    *,
    fmt: DocumentFormat,
    sign: Callable[[bytes], bytes] | None = None,
) -> IssuedDocument:
    """Render ``kind`` as ``fmt`` with its evidence record, recorded in the audit log (see reports.evidence)."""
    from ictguard.reports.render import render_document

    def render(printed: dict[str, Any], form: DocumentFormat, embedded: bytes) -> bytes:
        return render_document(kind, printed, form, embedded, sign=sign)

    return issue(kind, context, subject, issuer, fmt=fmt, log=AuditEvidenceLog(engine), render=render)
