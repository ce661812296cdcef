"""What the service repositories return: one frozen dataclass per stored aggregate, read straight from its row.

Timestamps and dates are ISO 8601 strings (UTC), as the API and the audit log show them; JSON columns stay the
mappings they were stored as unless their shape is fixed (a licence's items, a shipment's lines), then they are
records too. The API serves these dataclasses as they are: FastAPI builds the OpenAPI schema of each response from
the fields below (their ``Field`` descriptions included), so a new field is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from ictguard.cases.licences import ApplicationState

UTC_TIME = "ISO 8601, UTC"
EXACT = "Exact decimal string"


class Record:
    """Base of the records: pydantic reads this config when it describes or checks one as an API response."""

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")  # no field beyond those listed


@dataclass(frozen=True)
class Counterparty(Record):
    id: int
    name: str
    country: str | None
    kind: Literal["customer", "vendor", "other"]
    external_ref: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ScreeningRun(Record):
    id: int
    counterparty_id: int | None
    query_name: str
    country: str | None
    as_of: str | None
    list_version: str
    threshold: float | None
    trigger: str  # manual | rescreen
    at: str
    hits: Annotated[
        list[dict[str, Any]],
        Field(
            description="Each hit as `screen --json` writes it, with its status: alert, "
            "already_open or suppressed (and alert_id)"
        ),
    ]


@dataclass(frozen=True)
class Alert(Record):
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


@dataclass(frozen=True)
class DeterminationRow(Record):
    """A saved determination as listed: without its input and output."""

    id: int
    transaction_id: str | None
    as_of: str | None
    list_version: str | None
    outcome: str | None
    created_at: str


@dataclass(frozen=True)
class SavedDetermination(DeterminationRow):
    input: Annotated[dict[str, Any], Field(description="The transaction as submitted")]
    output: Annotated[dict[str, Any], Field(description="The determination as returned")]


@dataclass(frozen=True)
class KeyRow(Record):
    """An API key as listed (never its hash)."""

    id: int
    name: str
    role: str
    prefix: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class NewAlert(Record):
    counterparty_id: int
    alert_id: int
    entity_id: str


@dataclass(frozen=True)
class AlertOnRemoved(Record):
    alert_id: int
    counterparty_id: int
    entity_id: str
    status: str


@dataclass(frozen=True)
class RescreenReport(Record):
    """What re-screening after a list change did: the diff's size, the new alerts, the alerts on removed entries."""

    old_version: str | None
    new_version: str
    added: int
    changed: int
    removed: list[str]
    counterparties_screened: int
    new_alerts: list[NewAlert]
    alerts_on_removed_entries: list[AlertOnRemoved]


@dataclass(frozen=True)
class Job(Record):
    """A batch screening job (started by the API or the web page)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    error: str | None
    created_at: Annotated[str, Field(description=UTC_TIME)]
    finished_at: Annotated[str | None, Field(description="ISO 8601, UTC; null while the job runs")]


@dataclass(frozen=True)
class JobWithResult(Job):
    """A job with its result: one mapping per input row (``service.jobs`` writes the columns)."""

    result: list[dict[str, Any]] | None  # None until the job is done


# Licences (licences_repo): a JSON column of fixed shape is read into records, so the API describes it too.


@dataclass(frozen=True)
class ApplicationParty(Record):
    role: Annotated[str, Field(description="exporter, consignee, end_user, intermediate, purchaser or applicant")]
    name: str
    country: str | None


@dataclass(frozen=True)
class ApplicationItem(Record):
    eccn: str
    description: str
    quantity: Annotated[str, Field(description=EXACT)]
    value: Annotated[str, Field(description=EXACT)]


@dataclass(frozen=True)
class LicenceApplication(Record):
    id: int
    reference: str | None
    state: ApplicationState
    end_use: str
    parties: list[ApplicationParty]
    items: list[ApplicationItem]
    created_at: Annotated[str, Field(description=UTC_TIME)]
    submitted_at: str | None
    decided_at: str | None
    decision_reason: str | None


@dataclass(frozen=True)
class LicenceLimit(Record):
    eccn: str
    quantity: Annotated[
        str | None, Field(description="Exact decimal string; null when the licence sets no quantity limit")
    ]
    value: Annotated[str | None, Field(description="Exact decimal string; null when the licence sets no value limit")]


@dataclass(frozen=True)
class Licence(Record):
    id: int
    number: str
    application_id: Annotated[int | None, Field(description="The application it was issued on; null when registered")]
    state: str
    valid_from: Annotated[str, Field(description="ISO 8601 date")]
    valid_until: Annotated[str, Field(description="ISO 8601 date")]
    conditions: list[str]
    items: list[LicenceLimit]
    parties: Annotated[list[str], Field(description="Consignees and end users the licence covers")]
    created_at: Annotated[str, Field(description=UTC_TIME)]


@dataclass(frozen=True)
class ApprovedApplication(LicenceApplication):
    licence: Annotated[Licence, Field(description="The licence issued on approval")]


@dataclass(frozen=True)
class Drawn(Record):
    quantity: Annotated[str, Field(description=EXACT)]
    value: Annotated[str, Field(description=EXACT)]


@dataclass(frozen=True)
class LicenceWithDrawn(Licence):
    drawn: Annotated[dict[str, Drawn], Field(description="Per ECCN, the totals shipped against the licence so far")]


@dataclass(frozen=True)
class ShipmentLine(Record):
    eccn: str
    quantity: Annotated[str, Field(description=EXACT)]
    value: Annotated[str, Field(description=EXACT)]


@dataclass(frozen=True)
class Shipment(Record):
    id: int
    licence_id: int
    ship_date: Annotated[str, Field(description="ISO 8601 date")]
    consignee: str
    lines: list[ShipmentLine]
    created_at: Annotated[str, Field(description=UTC_TIME)]
