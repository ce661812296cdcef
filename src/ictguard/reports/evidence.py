"""The evidence record a filed document carries, and how it is issued into the audit log.

A document (screening evidence, determination memo, device audit, batch summary) is rendered from a plain
context. Issuing it:

1. builds the *record*: what was checked (query and threshold, transaction, audit inputs), against which list
   version (id and the hash of its source files), by whom (key name and role), when, and the audit-log entry
   of the business event it documents (a screening run, a determination, a review) when there is one;
2. takes the SHA-256 of the record and the rendered context together (``content_digest``) and appends an
   ``evidence.issue`` entry with that digest to the hash-chained audit log;
3. renders the document with the record, the digest and that entry's number and hash printed on it and
   embedded in it (HTML: a JSON ``<script>``; PDF: an attached file), optionally signs the PDF;
4. appends an ``evidence.file`` entry with the SHA-256 of the exact bytes handed out.

``reports.verify_evidence`` checks a file against the log the other way round. This module is pure: the
audit log is reached through the ``EvidenceLog`` port the adapter passes in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

FORMAT = "ictguard-evidence/1"
ATTACHMENT_NAME = "ictguard-evidence.json"
SCRIPT_ID = "ictguard-evidence"
ISSUE_ACTION, ISSUE_TYPE = "evidence.issue", "evidence"
FILE_ACTION, FILE_TYPE = "evidence.file", "evidence_file"
DocumentFormat = Literal["html", "pdf"]


def canonical(value: Any) -> str:
    """The one JSON spelling digests are taken over (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def list_content_hash(file_sha256s: Sequence[str]) -> str:
    """The hash of a list version's content: SHA-256 over its source files' SHA-256s in load order (the list
    version id ends in the first 8 hex digits of the same value, lists/update.py)."""
    return sha256_hex("".join(file_sha256s).encode())


@dataclass(frozen=True)
class Issuer:
    """Who asked for the document: the API key's (or web login's) name and role, or the CLI operator."""

    name: str
    role: str


@dataclass(frozen=True)
class EntryRef:
    """One audit-log row, as a document cites it."""

    seq: int
    hash: str
    action: str = ""
    entity_type: str = ""
    entity_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntryRef:
        return cls(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            action=str(data.get("action") or ""),
            entity_type=str(data.get("entity_type") or ""),
            entity_id=str(data.get("entity_id") or ""),
        )


class EvidenceLog(Protocol):
    """What issuing needs from the audit log (store.evidence_repo implements it)."""

    def append(self, *, actor: str, action: str, entity_type: str, entity_id: str, after: dict[str, Any]) -> EntryRef:
        """Append one row in its own write transaction and return it (number and hash)."""
        ...


@dataclass(frozen=True)
class Subject:
    """What the document is about, in the words of the audit log: the list version it was checked against
    and the inputs (query and threshold, transaction, audited files …)."""

    list_version: str | None
    list_content_hash: str | None
    inputs: dict[str, Any]
    source_entry: EntryRef | None = None


def build_record(kind: str, subject: Subject, issuer: Issuer, issued_at: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kind": kind,
        "issued_at": issued_at.astimezone(UTC).isoformat(timespec="seconds"),
        "issued_by": {"name": issuer.name, "role": issuer.role},
        "list_version": {"id": subject.list_version, "content_hash": subject.list_content_hash},
        "inputs": subject.inputs,
        "source_entry": subject.source_entry.to_dict() if subject.source_entry else None,
    }


def content_digest(record: dict[str, Any], context: dict[str, Any]) -> str:
    """SHA-256 of the record and everything the document shows (the rendering context)."""
    return sha256_hex(canonical({"record": record, "content": context}).encode("utf-8"))


def embedded_document(record: dict[str, Any], context: dict[str, Any], digest: str, entry: EntryRef) -> dict[str, Any]:
    """The JSON a document embeds: enough to recompute the digest and find the audit entry."""
    return {"record": record, "content": context, "content_digest": digest, "issue_entry": entry.to_dict()}


Renderer = Callable[[dict[str, Any], DocumentFormat, bytes], bytes]


@dataclass(frozen=True)
class IssuedDocument:
    data: bytes
    content_digest: str
    issue_entry: EntryRef
    file_entry: EntryRef
    file_sha256: str


def issue(
    kind: str,
    context: dict[str, Any],
    subject: Subject,
    issuer: Issuer,
    *,
    fmt: DocumentFormat,
    log: EvidenceLog,
    render: Renderer,
    now: datetime | None = None,
) -> IssuedDocument:
    """Issue one document: record → digest → ``evidence.issue`` entry → bytes → ``evidence.file`` entry.

    ``render(context_with_evidence, fmt, embedded_json)`` returns the document's bytes; the context it gets
    carries ``evidence`` (record, digest, entry) for the printed block.
    """
    record = build_record(kind, subject, issuer, now or datetime.now(UTC))
    plain = json.loads(canonical(context))  # what a reader will get back from the embedded JSON
    digest = content_digest(record, plain)
    entry = log.append(
        actor=issuer.name,
        action=ISSUE_ACTION,
        entity_type=ISSUE_TYPE,
        entity_id=digest,
        after={
            "kind": kind,
            "content_digest": digest,
            "issued_by": record["issued_by"],
            "list_version": record["list_version"],
            "inputs": record["inputs"],
            "source_entry": record["source_entry"],
        },
    )
    embedded = embedded_document(record, plain, digest, entry)
    printed = {**context, "evidence": {**record, "content_digest": digest, "issue_entry": entry.to_dict()}}
    data = render(printed, fmt, canonical(embedded).encode("utf-8"))
    file_sha = sha256_hex(data)
    file_entry = log.append(
        actor=issuer.name,
        action=FILE_ACTION,
        entity_type=FILE_TYPE,
        entity_id=file_sha,
        after={"content_digest": digest, "issue_seq": entry.seq, "format": fmt, "size": len(data)},
    )
    return IssuedDocument(
        data=data, content_digest=digest, issue_entry=entry, file_entry=file_entry, file_sha256=file_sha
    )
