"""Licence applications, issued licences and shipments drawn against them (rules in ictguard.cases)."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from ictguard.cases.four_eyes import check_second_person
from ictguard.cases.licences import (
    DECISIONS,
    ApplicationFacts,
    ApplicationState,
    ApplicationStats,
    application_stats,
    check_editable,
    check_transition,
)
from ictguard.cases.shipments import ItemLimit, LicenceTerms, ShipmentLine, check_shipment, drawn_totals
from ictguard.errors import ConflictError, NotFoundError
from ictguard.settings import get_settings
from ictguard.store import audit_repo
from ictguard.store.records import (
    ApplicationItem,
    ApplicationParty,
    ApprovedApplication,
    Drawn,
    Licence,
    LicenceApplication,
    LicenceLimit,
    LicenceWithDrawn,
    Shipment,
)
from ictguard.store.records import ShipmentLine as StoredLine  # cases.shipments.ShipmentLine is the checked one
from ictguard.store.service_common import RecordPage, as_utc, fetch_records, row_dict, utcnow, write_tx
from ictguard.store.service_tables import licence_applications, licences, shipments

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

LICENSED_PARTY_ROLES = frozenset({"consignee", "end_user", "intermediate"})
# Who shaped an application (four eyes: none of them may decide it).
AUTHOR_ACTIONS = ("application.create", "application.update", "application.submitted")


def _application(row: sa.Row[Any]) -> LicenceApplication:
    values = row_dict(row)
    return LicenceApplication(
        **{
            **values,
            "state": ApplicationState(values["state"]),
            "parties": [ApplicationParty(**p) for p in values["parties"]],
            "items": [ApplicationItem(**i) for i in values["items"]],
        }
    )


def _licence(row: sa.Row[Any]) -> Licence:
    values = row_dict(row)
    return Licence(**{**values, "items": [LicenceLimit(**i) for i in values["items"]]})


def _shipment(row: sa.Row[Any]) -> Shipment:
    values = row_dict(row)
    return Shipment(**{**values, "lines": [StoredLine(**line) for line in values["lines"]]})


def _row(conn: Connection, table: sa.Table, row_id: int, what: str) -> sa.Row[Any]:
    row = conn.execute(sa.select(table).where(table.c.id == row_id)).first()
    if row is None:
        raise NotFoundError(f"{what} {row_id} does not exist")
    return row


def _get_application(conn: Connection, app_id: int) -> LicenceApplication:
    return _application(_row(conn, licence_applications, app_id, "licence application"))


def _get_licence(conn: Connection, licence_id: int) -> Licence:
    return _licence(_row(conn, licences, licence_id, "licence"))


def _shallow(record: DataclassInstance) -> dict[str, Any]:
    """A record's fields as keyword arguments (nested records kept), to build the record that extends it."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def get_application(engine: Engine, app_id: int) -> LicenceApplication:
    with engine.connect() as conn:
        return _get_application(conn, app_id)


def create_application(engine: Engine, values: dict[str, Any], *, actor: str) -> LicenceApplication:
    with write_tx(engine) as conn:
        app_id = conn.execute(
            licence_applications.insert()
            .values(
                reference=values.get("reference"),
                state=ApplicationState.DRAFT.value,
                end_use=values["end_use"],
                parties=values["parties"],
                items=values["items"],
                created_at=utcnow(),
            )
            .returning(licence_applications.c.id)
        ).scalar_one()
        after = _get_application(conn, app_id)
        audit_repo.append(
            conn,
            actor=actor,
            action="application.create",
            entity_type="licence_application",
            entity_id=app_id,
            before=None,
            after=asdict(after),
        )
    return after


def update_application(engine: Engine, app_id: int, changes: dict[str, Any], *, actor: str) -> LicenceApplication:
    with write_tx(engine) as conn:
        before = _get_application(conn, app_id)
        check_editable(before.state)
        values = {k: v for k, v in changes.items() if k in ("reference", "end_use", "parties", "items")}
        conn.execute(licence_applications.update().where(licence_applications.c.id == app_id).values(**values))
        after = _get_application(conn, app_id)
        audit_repo.append(
            conn,
            actor=actor,
            action="application.update",
            entity_type="licence_application",
            entity_id=app_id,
            before=asdict(before),
            after=asdict(after),
        )
    return after


def transition(
    engine: Engine,
    app_id: int,
    target: str,
    *,
    actor: str,
    reason: str | None = None,
    licence: dict[str, Any] | None = None,
) -> LicenceApplication:
    """Move an application; approving it issues the licence (``licence``: number, valid_from, valid_until,
    conditions) with the application's items as limits and its consignee/end-user parties as scope, and returns
    the ``ApprovedApplication`` with it."""
    with write_tx(engine) as conn:
        before = _get_application(conn, app_id)
        state = check_transition(before.state, target)
        waiver = None
        if state in DECISIONS:
            authors = audit_repo.actors_of(conn, "licence_application", app_id, AUTHOR_ACTIONS)
            waiver = check_second_person(
                actor, authors, what=f"licence application {app_id}", enforced=get_settings().four_eyes
            )
        now = utcnow()
        values: dict[str, Any] = {"state": state.value}
        if state is ApplicationState.SUBMITTED:
            values["submitted_at"] = now
        else:
            values.update(decided_at=now, decision_reason=reason)
        conn.execute(licence_applications.update().where(licence_applications.c.id == app_id).values(**values))
        after = _get_application(conn, app_id)
        if state is ApplicationState.APPROVED:
            if licence is None:
                raise ConflictError("approving an application needs the issued licence (number and validity)")
            issued = _insert_licence(
                conn,
                {
                    **licence,
                    "items": licence.get("items")
                    or [{"eccn": i.eccn, "quantity": i.quantity, "value": i.value} for i in before.items],
                    "parties": licence.get("parties")
                    or [p.name for p in before.parties if p.role in LICENSED_PARTY_ROLES],
                },
                application_id=app_id,
                actor=actor,
            )
            after = ApprovedApplication(**_shallow(after), licence=issued)
        audit_repo.append(
            conn,
            actor=actor,
            action=f"application.{state.value}",
            entity_type="licence_application",
            entity_id=app_id,
            before={"state": before.state.value},
            after={"state": state.value, "reason": reason, **({"four_eyes": waiver} if waiver else {})},
        )
    return after


def approve(
    engine: Engine, app_id: int, licence: dict[str, Any], *, actor: str, reason: str | None = None
) -> ApprovedApplication:
    """``transition`` to approved, typed: the application with the licence issued on it."""
    approved = transition(engine, app_id, ApplicationState.APPROVED.value, actor=actor, reason=reason, licence=licence)
    assert isinstance(approved, ApprovedApplication)  # approving always issues the licence, or raises
    return approved


def _insert_licence(conn: Connection, values: dict[str, Any], *, application_id: int | None, actor: str) -> Licence:
    if conn.execute(sa.select(licences.c.id).where(licences.c.number == values["number"])).first():
        raise ConflictError(f"licence number {values['number']} already exists")
    licence_id = conn.execute(
        licences.insert()
        .values(
            number=values["number"],
            application_id=application_id,
            state="active",
            valid_from=values["valid_from"],
            valid_until=values["valid_until"],
            conditions=values.get("conditions") or [],
            items=values["items"],
            parties=values.get("parties") or [],
            created_at=utcnow(),
        )
        .returning(licences.c.id)
    ).scalar_one()
    after = _get_licence(conn, licence_id)
    audit_repo.append(
        conn,
        actor=actor,
        action="licence.issue",
        entity_type="licence",
        entity_id=licence_id,
        before=None,
        after=asdict(after),
    )
    return after


def create_licence(engine: Engine, values: dict[str, Any], *, actor: str) -> Licence:
    with write_tx(engine) as conn:
        return _insert_licence(conn, values, application_id=None, actor=actor)


def get_licence(engine: Engine, licence_id: int) -> LicenceWithDrawn:
    with engine.connect() as conn:
        licence = _get_licence(conn, licence_id)
        return LicenceWithDrawn(**_shallow(licence), drawn=_drawn(conn, licence_id))


def _lines(raw: list[dict[str, Any]]) -> list[ShipmentLine]:
    return [ShipmentLine(str(x["eccn"]).upper(), Decimal(str(x["quantity"])), Decimal(str(x["value"]))) for x in raw]


def _drawn(conn: Connection, licence_id: int) -> dict[str, Drawn]:
    rows = conn.execute(sa.select(shipments.c.lines).where(shipments.c.licence_id == licence_id)).scalars()
    totals = drawn_totals(line for raw in rows for line in _lines(raw))
    return {eccn: Drawn(quantity=str(t.quantity), value=str(t.value)) for eccn, t in totals.items()}


def _terms(licence: Licence) -> LicenceTerms:
    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    return LicenceTerms(
        number=licence.number,
        valid_from=date.fromisoformat(licence.valid_from),
        valid_until=date.fromisoformat(licence.valid_until),
        state=licence.state,
        items=tuple(ItemLimit(str(i.eccn), dec(i.quantity), dec(i.value)) for i in licence.items),
        parties=tuple(licence.parties),
    )


def add_shipment(engine: Engine, licence_id: int, values: dict[str, Any], *, actor: str) -> Shipment:
    """Record a shipment, or ConflictError listing every limit it would break (nothing is recorded then)."""
    with write_tx(engine) as conn:
        licence = _get_licence(conn, licence_id)
        previous = conn.execute(sa.select(shipments.c.lines).where(shipments.c.licence_id == licence_id)).scalars()
        drawn = drawn_totals(line for raw in previous for line in _lines(raw))
        check = check_shipment(
            _terms(licence),
            ship_date=values["ship_date"],
            consignee=values["consignee"],
            lines=_lines(values["lines"]),
            drawn=drawn,
        )
        if not check.allowed:
            raise ConflictError("shipment refused: " + "; ".join(check.reasons))
        shipment_id = conn.execute(
            shipments.insert()
            .values(
                licence_id=licence_id,
                ship_date=values["ship_date"],
                consignee=values["consignee"],
                lines=values["lines"],
                created_at=utcnow(),
            )
            .returning(shipments.c.id)
        ).scalar_one()
        after = _shipment(_row(conn, shipments, shipment_id, "shipment"))
        audit_repo.append(
            conn,
            actor=actor,
            action="shipment.create",
            entity_type="shipment",
            entity_id=shipment_id,
            before=None,
            after=asdict(after),
        )
    return after


def list_applications(
    engine: Engine, *, state: str | None = None, offset: int = 0, limit: int = 50
) -> RecordPage[LicenceApplication]:
    query = sa.select(licence_applications)
    if state:
        query = query.where(licence_applications.c.state == ApplicationState(state).value)
    with engine.connect() as conn:
        order = licence_applications.c.id
        return fetch_records(conn, query, _application, order_by=order, offset=offset, limit=limit)


def list_licences(engine: Engine, *, offset: int = 0, limit: int = 50) -> RecordPage[Licence]:
    with engine.connect() as conn:
        return fetch_records(conn, sa.select(licences), _licence, order_by=licences.c.id, offset=offset, limit=limit)


def list_shipments(engine: Engine, licence_id: int, *, offset: int = 0, limit: int = 50) -> RecordPage[Shipment]:
    with engine.connect() as conn:
        _row(conn, licences, licence_id, "licence")
        query = sa.select(shipments).where(shipments.c.licence_id == licence_id)
        return fetch_records(conn, query, _shipment, order_by=shipments.c.id, offset=offset, limit=limit)


def stats(engine: Engine) -> ApplicationStats:
    cols = (licence_applications.c.state, licence_applications.c.submitted_at, licence_applications.c.decided_at)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*cols)).all()
    return application_stats(ApplicationFacts(r.state, as_utc(r.submitted_at), as_utc(r.decided_at)) for r in rows)
