"""Response models of the API routes that serve no stored record: the OpenAPI document describes every response
from these and from the records the other routes return as they are (``store.records``, ``RecordPage``,
``cases.licences.ApplicationStats``), and FastAPI checks each response against its type (the hot ``POST /screen``
path keeps its plain bytes: ``ScreenDocument`` in ``openapi_docs`` describes it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ictguard.service.batch import Decision


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class Health(Out):
    status: Literal["ok", "unavailable"]
    problems: list[str] = []  # why the service cannot serve (readiness), empty when it can


class JobRow(BaseModel):
    """One screened row: the input's columns (``name``, ``country`` from the API; an upload's own), then
    ``screen-file``'s (an input column named like one of these is kept as ``input_<name>``)."""

    model_config = ConfigDict(extra="allow")

    best_hit_id: str
    best_hit_name: str
    best_hit_source: str
    matched_name: str
    score: str = Field(description="The best hit's score, 4 decimals; 0 without a candidate, empty on error")
    decision: Decision
    status: str = Field(description="ok, or error: field 'F': why the row could not be screened")


class JobResult(Out):
    job: str
    rows: list[JobRow]


class ListStatus(Out):
    active_version: str
    loaded_at: str
    entities: int
    sources: dict[str, int]


class ListDiff(Out):
    old: str
    new: str
    added: list[str]
    changed: list[str]
    removed: list[str]


class EntityAt(Out):
    list_version: str
    as_of: str | None
    in_force: bool | None = Field(description="Whether the entry was in force on as_of (null without as_of)")
    entity: dict[str, Any]


class AuditProblem(Out):
    row: int
    reason: str


class AuditVerify(Out):
    intact: bool
    rows: int
    problem: AuditProblem | None = Field(description="The first edited or deleted row, when the chain is broken")


class NewKey(Out):
    id: int
    name: str
    role: str
    key: str = Field(description="The key itself: shown only in this response")


class Decided(BaseModel):
    """The determination (as ``ictguard decide --json``) and the id it was saved under."""

    model_config = ConfigDict(extra="allow")

    determination_id: int
    transaction: Any
    as_of: str
    list_version: str | None
    outcome: str
    findings: list[dict[str, Any]]


class EvidenceCheck(Out):
    name: str = Field(description="content digest, issue entry, file, source entry, audit chain or signature")
    ok: bool
    detail: str


class EvidenceVerdict(Out):
    """Whether an evidence document matches the audit log, check by check (docs/evidence.md)."""

    file: str
    matches: bool
    kind: str | None
    content_digest: str | None
    checks: list[EvidenceCheck]
