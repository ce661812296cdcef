"""What the service repositories return: one frozen dataclass per stored aggregate, read straight from its row.

Timestamps and dates are ISO 8601 strings (UTC), as the API and the audit log show them; JSON columns stay the
mappings they were stored as. The API's response models (``api.responses``) read these by attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Counterparty:
    id: int
    name: str
    country: str | None
    kind: str  # customer | vendor | other
    external_ref: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class ScreeningRun:
    id: int
    counterparty_id: int | None
    query_name: str
    country: str | None
    as_of: str | None
    list_version: str
    threshold: float | None
    trigger: str  # manual | rescreen
    at: str
    hits: list[dict[str, Any]]  # each as `screen --json` writes it, with status alert / already_open / suppressed


@dataclass(frozen=True)
class Alert:
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
    status: str  # open | true_match | false_positive
    reviewer: str | None
    reason: str | None
    reviewed_at: str | None
    expires_on: str | None
    created_at: str


@dataclass(frozen=True)
class DeterminationRow:
    """A saved determination as listed: without its input and output."""

    id: int
    transaction_id: str | None
    as_of: str | None
    list_version: str | None
    outcome: str | None
    created_at: str


@dataclass(frozen=True)
class Determination(DeterminationRow):
    input: dict[str, Any]  # the transaction as submitted
    output: dict[str, Any]  # the determination as returned


@dataclass(frozen=True)
class KeyRow:
    """An API key as listed (never its hash)."""

    id: int
    name: str
    role: str
    prefix: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class NewAlert:
    counterparty_id: int
    alert_id: int
    entity_id: str


@dataclass(frozen=True)
class AlertOnRemoved:
    alert_id: int
    counterparty_id: int
    entity_id: str
    status: str


@dataclass(frozen=True)
class RescreenReport:
    """What re-screening after a list change did: the diff's size, the new alerts, the alerts on removed entries."""

    old_version: str | None
    new_version: str
    added: int
    changed: int
    removed: list[str]
    counterparties_screened: int
    new_alerts: list[NewAlert]
    alerts_on_removed_entries: list[AlertOnRemoved]
