"""Tables of the compliance service: keys, audit log, counterparties, runs, alerts, licences, determinations, jobs.

JSON payloads whose bytes feed a hash (audit before/after) are Text holding canonical JSON, so the hash can be
recomputed exactly on either backend; other payloads use the portable JSON type.
"""

from __future__ import annotations

import sqlalchemy as sa

from ictguard.store.meta import metadata

TS = sa.DateTime(timezone=True)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("revoked_at", TS, nullable=True),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("entity_type", sa.String(60), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False),
    sa.Column("before_json", sa.Text, nullable=False),
    sa.Column("after_json", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

# One row (id = 1): number of audit rows written and the last hash. Every write transaction updates it first,
# which serialises writers on both backends and lets verify notice a deleted last row.
audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

counterparties = sa.Table(
    "counterparties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(500), nullable=False),
    sa.Column("country", sa.String(2), nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("external_ref", sa.String(200), nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("updated_at", TS, nullable=False),
)

screening_runs = sa.Table(
    "screening_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("counterparty_id", sa.Integer, sa.ForeignKey("counterparties.id"), nullable=True, index=True),
    sa.Column("query_name", sa.String(500), nullable=False),
    sa.Column("country", sa.String(2), nullable=True),
    sa.Column("as_of", sa.Date, nullable=True),
    sa.Column("list_version", sa.String(200), nullable=False),
    sa.Column("threshold", sa.Float, nullable=True),
    sa.Column("trigger", sa.String(20), nullable=False),
    sa.Column("at", TS, nullable=False),
    sa.Column("hits", sa.JSON, nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("run_id", sa.Integer, sa.ForeignKey("screening_runs.id"), nullable=False, index=True),
    sa.Column("counterparty_id", sa.Integer, sa.ForeignKey("counterparties.id"), nullable=False, index=True),
    sa.Column("entity_id", sa.String(200), nullable=False),
    sa.Column("entity_name", sa.String(500), nullable=False),
    sa.Column("source", sa.String(40), nullable=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("list_version", sa.String(200), nullable=False),
    sa.Column("entity_fingerprint", sa.String(64), nullable=False),
    sa.Column("party_fingerprint", sa.String(64), nullable=False),
    sa.Column("hit", sa.JSON, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("reviewer", sa.String(200), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("reviewed_at", TS, nullable=True),
    sa.Column("expires_on", sa.Date, nullable=True),
    sa.Column("created_at", TS, nullable=False),
)

licence_applications = sa.Table(
    "licence_applications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(100), nullable=True),
    sa.Column("state", sa.String(30), nullable=False, index=True),
    sa.Column("end_use", sa.Text, nullable=False),
    sa.Column("parties", sa.JSON, nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("submitted_at", TS, nullable=True),
    sa.Column("decided_at", TS, nullable=True),
    sa.Column("decision_reason", sa.Text, nullable=True),
)

licences = sa.Table(
    "licences",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.String(100), nullable=False, unique=True),
    sa.Column("application_id", sa.Integer, sa.ForeignKey("licence_applications.id"), nullable=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("valid_until", sa.Date, nullable=False),
    sa.Column("conditions", sa.JSON, nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("parties", sa.JSON, nullable=False),
    sa.Column("created_at", TS, nullable=False),
)

shipments = sa.Table(
    "shipments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("licence_id", sa.Integer, sa.ForeignKey("licences.id"), nullable=False, index=True),
    sa.Column("ship_date", sa.Date, nullable=False),
    sa.Column("consignee", sa.String(500), nullable=False),
    sa.Column("lines", sa.JSON, nullable=False),
    sa.Column("created_at", TS, nullable=False),
)

determinations = sa.Table(
    "determinations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("transaction_id", sa.String(200), nullable=True),
    sa.Column("as_of", sa.Date, nullable=True),
    sa.Column("list_version", sa.String(200), nullable=True),
    sa.Column("outcome", sa.String(30), nullable=True),
    sa.Column("input", sa.JSON, nullable=False),
    sa.Column("output", sa.JSON, nullable=False),
    sa.Column("created_at", TS, nullable=False),
)

screen_jobs = sa.Table(
    "screen_jobs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("finished_at", TS, nullable=True),
)

# Browser sessions ended by signing out (the cookie itself stays valid until it expires, so the server keeps the
# ended ones); rows past their expiry are deleted as new ones come in.
ended_sessions = sa.Table(
    "ended_sessions",
    metadata,
    sa.Column("sid", sa.String(64), primary_key=True),
    sa.Column("expires_at", TS, nullable=False, index=True),
)
