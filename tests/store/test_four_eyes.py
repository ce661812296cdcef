"""Four eyes enforced in the service logic (issue 18, item 7), on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine

from ictguard.cases.four_eyes import WAIVED
from ictguard.errors import PermissionDeniedError
from ictguard.settings import get_settings
from ictguard.store import alerts_repo, audit_repo, licences_repo, screening_repo
from tests.store.test_service_alerts import V1, context, party

LICENCE = {"number": "D100001", "valid_from": date(2026, 1, 1), "valid_until": date(2027, 1, 1)}
APPLICATION = {
    "end_use": "network maintenance",
    "parties": [{"role": "end_user", "name": "Acme GmbH", "country": "DE"}],
    "items": [{"eccn": "5A002", "description": "radios", "quantity": "10", "value": "5000"}],
}


@pytest.fixture
def single_user(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ICTGUARD_FOUR_EYES", "false")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("ICTGUARD_FOUR_EYES")
    get_settings.cache_clear()


def _submitted(engine: Engine, author: str, submitter: str) -> int:
    app = licences_repo.create_application(engine, APPLICATION, actor=author)
    licences_repo.transition(engine, app.id, "submitted", actor=submitter)
    return app.id


@pytest.mark.parametrize("decision", ["approved", "denied", "returned_without_action"])
@pytest.mark.parametrize("who", ["key:1:analyst", "key:2:reviewer"])  # the creator, or the one who submitted
def test_nobody_decides_an_application_they_created_or_submitted(engine: Engine, decision: str, who: str) -> None:
    app_id = _submitted(engine, "key:1:analyst", "key:2:reviewer")
    with pytest.raises(PermissionDeniedError, match="four eyes"):
        licences_repo.transition(engine, app_id, decision, actor=who, reason="r", licence=LICENCE)
    assert licences_repo.get_application(engine, app_id).state == "submitted"
    decided = licences_repo.transition(engine, app_id, decision, actor="key:3:other", reason="r", licence=LICENCE)
    assert decided.state == decision
    assert audit_repo.verify(engine)[1] is None


def test_an_editor_may_not_decide_either(engine: Engine) -> None:
    app = licences_repo.create_application(engine, APPLICATION, actor="key:1:a")
    licences_repo.update_application(engine, app.id, {"end_use": "changed"}, actor="key:4:editor")
    licences_repo.transition(engine, app.id, "submitted", actor="key:1:a")
    with pytest.raises(PermissionDeniedError):
        licences_repo.transition(engine, app.id, "denied", actor="key:4:editor", reason="r")


def test_nobody_clears_an_alert_their_own_screening_raised(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="key:2:reviewer", threshold=0.3)
    alert_id = next(h["alert_id"] for h in run.hits if h["status"] == "alert")
    for decision in ("false_positive", "true_match"):
        with pytest.raises(PermissionDeniedError, match="four eyes"):
            alerts_repo.review(engine, alert_id, decision=decision, reason="mine", actor="key:2:reviewer")
    assert alerts_repo.get(engine, alert_id).status == "open"
    done = alerts_repo.review(engine, alert_id, decision="false_positive", reason="other", actor="key:3:second")
    assert done.status == "false_positive" and done.reviewer == "key:3:second"


@pytest.mark.usefixtures("single_user")
def test_single_user_mode_is_explicit_and_recorded(engine: Engine) -> None:
    app_id = _submitted(engine, "key:1:solo", "key:1:solo")
    licences_repo.transition(engine, app_id, "approved", actor="key:1:solo", reason="ok", licence=LICENCE)
    cp = party(engine, "Huawei Technologies")
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="key:1:solo", threshold=0.3)
    alert_id = next(h["alert_id"] for h in run.hits if h["status"] == "alert")
    alerts_repo.review(engine, alert_id, decision="true_match", reason="listed", actor="key:1:solo")
    decisions = [
        e
        for e in audit_repo.list_entries(engine, limit=100).items
        if e["action"] in ("application.approved", "alert.review")
    ]
    assert len(decisions) == 2 and all(e["after"]["four_eyes"] == WAIVED for e in decisions)
