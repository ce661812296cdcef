"""licences_repo returns typed records (issue 17), and what it audits is those records as JSON, on both databases."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest
from sqlalchemy import Engine

from ictguard.cases.licences import ApplicationState
from ictguard.errors import ConflictError, NotFoundError
from ictguard.store import audit_repo, licences_repo
from ictguard.store.records import (
    ApplicationItem,
    ApplicationParty,
    ApprovedApplication,
    Drawn,
    LicenceLimit,
    ShipmentLine,
)

APPLICATION = {
    "reference": "APP-7",
    "end_use": "spares for a 4G network",
    "parties": [
        {"role": "exporter", "name": "Acme Networks Inc.", "country": "US"},
        {"role": "consignee", "name": "Acme Trading Ltd.", "country": "HK"},
        {"role": "end_user", "name": "Acme Mobile", "country": None},
    ],
    "items": [{"eccn": "5A002", "description": "Router", "quantity": "10", "value": "2500.50"}],
}
VALIDITY = {"number": "D7", "valid_from": date(2026, 1, 1), "valid_until": date(2026, 12, 31)}


def _audited_after(engine: Engine, entity_type: str, entity_id: int, action: str) -> object:
    entries = audit_repo.list_entries(engine, entity_type=entity_type, entity_id=str(entity_id)).items
    return next(e["after"] for e in entries if e["action"] == action)


def test_an_approved_application_and_its_licence_are_records(engine: Engine) -> None:
    app = licences_repo.create_application(engine, APPLICATION, actor="key:1:author")
    assert app.state is ApplicationState.DRAFT and app.submitted_at is None
    assert app.parties[2] == ApplicationParty(role="end_user", name="Acme Mobile", country=None)
    assert app.items == [ApplicationItem(eccn="5A002", description="Router", quantity="10", value="2500.50")]
    assert _audited_after(engine, "licence_application", app.id, "application.create") == asdict(app)

    submitted = licences_repo.transition(engine, app.id, "submitted", actor="key:1:author")
    assert submitted.state is ApplicationState.SUBMITTED and submitted.submitted_at is not None
    approved = licences_repo.approve(engine, app.id, VALIDITY, actor="key:2:decider", reason="ok")
    assert isinstance(approved, ApprovedApplication) and approved.decision_reason == "ok"
    licence = approved.licence
    # The application's items become the limits; its consignee and end user the scope (not the exporter).
    assert licence.items == [LicenceLimit(eccn="5A002", quantity="10", value="2500.50")]
    assert licence.parties == ["Acme Trading Ltd.", "Acme Mobile"]
    assert (licence.valid_from, licence.valid_until, licence.application_id) == ("2026-01-01", "2026-12-31", app.id)
    assert _audited_after(engine, "licence", licence.id, "licence.issue") == asdict(licence)
    stored = licences_repo.get_application(engine, app.id)  # as read back: the application without its licence
    assert asdict(stored) == {k: v for k, v in asdict(approved).items() if k != "licence"}


def test_shipments_draw_on_the_licence_as_records(engine: Engine) -> None:
    licence = licences_repo.create_licence(
        engine,
        {**VALIDITY, "items": [{"eccn": "5A002", "quantity": "10", "value": None}], "parties": ["Acme HK"]},
        actor="key:2:decider",
    )
    assert licences_repo.get_licence(engine, licence.id).drawn == {}
    lines = [{"eccn": "5a002", "quantity": "4", "value": "100.10"}]
    shipment = licences_repo.add_shipment(
        engine, licence.id, {"ship_date": date(2026, 3, 1), "consignee": "Acme HK", "lines": lines}, actor="k"
    )
    assert shipment.lines == [ShipmentLine(eccn="5a002", quantity="4", value="100.10")]
    assert shipment.ship_date == "2026-03-01"
    again = {"ship_date": date(2026, 3, 2), "consignee": "Acme HK", "lines": [{**lines[0], "quantity": "7"}]}
    with pytest.raises(ConflictError, match="quantity"):  # 4 + 7 > 10: refused, nothing recorded
        licences_repo.add_shipment(engine, licence.id, again, actor="k")
    drawn = licences_repo.get_licence(engine, licence.id)
    assert drawn.drawn == {"5A002": Drawn(quantity="4", value="100.10")} and drawn.number == "D7"
    page = licences_repo.list_shipments(engine, licence.id)
    assert (page.total, page.items) == (1, [shipment])
    assert licences_repo.list_licences(engine).items == [licence]
    with pytest.raises(NotFoundError):
        licences_repo.list_shipments(engine, licence.id + 1)


def test_statistics_are_a_record(engine: Engine) -> None:
    for _ in range(2):
        app = licences_repo.create_application(engine, APPLICATION, actor="key:1:author")
    licences_repo.transition(engine, app.id, "submitted", actor="key:1:author")
    licences_repo.transition(engine, app.id, "denied", actor="key:2:decider", reason="no")
    stats = licences_repo.stats(engine)
    assert (stats.total, stats.decided, stats.approval_rate) == (2, 1, 0.0)
    assert (stats.by_state.draft, stats.by_state.denied) == (1, 1)
    listed = licences_repo.list_applications(engine, state="denied")
    assert [a.id for a in listed.items] == [app.id] and listed.items[0].decision_reason == "no"
