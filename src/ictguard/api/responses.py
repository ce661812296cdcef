"""Response models of the API routes: the OpenAPI document describes every response from these, and FastAPI
checks each response against its model (the hot ``POST /screen`` path keeps its plain bytes: ``ScreenDocument``
in ``openapi_docs`` describes it)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ictguard.cases.licences import ApplicationState
from ictguard.service.batch import Decision


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


T = TypeVar("T")


class Page(Out, Generic[T]):
    """One page of a list, newest or first first as the route says."""

    items: list[T]
    total: int
    offset: int
    limit: int


class Health(Out):
    status: Literal["ok", "unavailable"]
    problems: list[str] = []  # why the service cannot serve (readiness), empty when it can


class JobOut(Out):
    """A batch screening job (started by the API or the web page)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    error: str | None
    created_at: str = Field(description="ISO 8601, UTC")
    finished_at: str | None = Field(description="ISO 8601, UTC; null while the job runs")


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


class NewAlert(Out):
    counterparty_id: int
    alert_id: int
    entity_id: str


class AlertOnRemoved(Out):
    alert_id: int
    counterparty_id: int
    entity_id: str
    status: str


class RescreenReport(Out):
    old_version: str | None
    new_version: str
    added: int
    changed: int
    removed: list[str]
    counterparties_screened: int
    new_alerts: list[NewAlert]
    alerts_on_removed_entries: list[AlertOnRemoved]


class AuditProblem(Out):
    row: int
    reason: str


class AuditVerify(Out):
    intact: bool
    rows: int
    problem: AuditProblem | None = Field(description="The first edited or deleted row, when the chain is broken")


class KeyRow(Out):
    id: int
    name: str
    role: str
    prefix: str
    created_at: str
    revoked_at: str | None


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


class DeterminationRow(Out):
    id: int
    transaction_id: str | None
    as_of: str | None
    list_version: str | None
    outcome: str | None
    created_at: str


class SavedDetermination(DeterminationRow):
    input: dict[str, Any] = Field(description="The transaction as submitted")
    output: dict[str, Any] = Field(description="The determination as returned")


class Counterparty(Out):
    id: int
    name: str
    country: str | None
    kind: Literal["customer", "vendor", "other"]
    external_ref: str | None
    created_at: str
    updated_at: str


class ScreeningRun(Out):
    id: int
    counterparty_id: int | None
    query_name: str
    country: str | None
    as_of: str | None
    list_version: str
    threshold: float | None
    trigger: str
    at: str
    hits: list[dict[str, Any]] = Field(
        description="Each hit as `screen --json` writes it, with its status: alert, "
        "already_open or suppressed (and alert_id)"
    )


class Alert(Out):
    id: int
    run_id: int
    counterparty_id: int
    entity_id: str
    entity_name: str
    source: str | None
    score: float
    list_version: str
    entity_fingerprint: str
    party_fingerprint: str
    hit: dict[str, Any]
    status: Literal["open", "true_match", "false_positive"]
    reviewer: str | None
    reason: str | None
    reviewed_at: str | None
    expires_on: str | None
    created_at: str


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


class ApplicationParty(Out):
    role: str = Field(description="exporter, consignee, end_user, intermediate, purchaser or applicant")
    name: str
    country: str | None


class ApplicationItem(Out):
    eccn: str
    description: str
    quantity: str = Field(description="Exact decimal string")
    value: str = Field(description="Exact decimal string")


class LicenceApplication(Out):
    id: int
    reference: str | None
    state: ApplicationState
    end_use: str
    parties: list[ApplicationParty]
    items: list[ApplicationItem]
    created_at: str = Field(description="ISO 8601, UTC")
    submitted_at: str | None
    decided_at: str | None
    decision_reason: str | None


class LicenceLimit(Out):
    eccn: str
    quantity: str | None = Field(description="Exact decimal string; null when the licence sets no quantity limit")
    value: str | None = Field(description="Exact decimal string; null when the licence sets no value limit")


class Licence(Out):
    id: int
    number: str
    application_id: int | None = Field(description="The application it was issued on; null when registered")
    state: str
    valid_from: str = Field(description="ISO 8601 date")
    valid_until: str = Field(description="ISO 8601 date")
    conditions: list[str]
    items: list[LicenceLimit]
    parties: list[str] = Field(description="Consignees and end users the licence covers")
    created_at: str = Field(description="ISO 8601, UTC")


class ApprovedApplication(LicenceApplication):
    licence: Licence = Field(description="The licence issued on approval")


class Drawn(Out):
    quantity: str = Field(description="Exact decimal string")
    value: str = Field(description="Exact decimal string")


class LicenceWithDrawn(Licence):
    drawn: dict[str, Drawn] = Field(description="Per ECCN, the totals shipped against the licence so far")


class ShipmentLine(Out):
    eccn: str
    quantity: str = Field(description="Exact decimal string")
    value: str = Field(description="Exact decimal string")


class Shipment(Out):
    id: int
    licence_id: int
    ship_date: str = Field(description="ISO 8601 date")
    consignee: str
    lines: list[ShipmentLine]
    created_at: str = Field(description="ISO 8601, UTC")


class ApplicationsByState(Out):
    """One count per ApplicationState (tests/api check the fields follow the enum)."""

    draft: int
    submitted: int
    approved: int
    denied: int
    returned_without_action: int


class DaysToDecision(Out):
    mean: float | None
    median: float | None
    max: float | None


class ApplicationStats(Out):
    total: int
    by_state: ApplicationsByState
    decided: int
    approval_rate: float | None = Field(description="approved / decided, 4 decimals; null before any decision")
    days_to_decision: DaysToDecision
