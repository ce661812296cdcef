from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest

from ictguard.cases.licences import (
    ApplicationFacts,
    ApplicationsByState,
    ApplicationState,
    DaysToDecision,
    application_stats,
    check_editable,
    check_transition,
)
from ictguard.errors import ConflictError


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("draft", "submitted", True),
        ("draft", "approved", False),
        ("submitted", "approved", True),
        ("submitted", "denied", True),
        ("submitted", "returned_without_action", True),
        ("submitted", "draft", False),
        ("approved", "denied", False),
        ("denied", "approved", False),
        ("returned_without_action", "submitted", False),
    ],
)
def test_transitions(current: str, target: str, ok: bool) -> None:
    if ok:
        assert check_transition(current, target).value == target
    else:
        with pytest.raises(ConflictError):
            check_transition(current, target)


def test_only_drafts_are_editable() -> None:
    check_editable("draft")
    with pytest.raises(ConflictError):
        check_editable("submitted")


def test_stats_about_300_applications_a_quarter_approved() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    apps = []
    for i in range(300):
        state = ("approved", "denied", "denied", "returned_without_action")[i % 4] if i < 280 else "submitted"
        decided = start + timedelta(days=10 + i % 5) if state != "submitted" else None
        apps.append(ApplicationFacts(state, start, decided))
    apps.append(ApplicationFacts("draft", None, None))
    stats = application_stats(apps)
    assert stats.total == 301
    assert stats.by_state == ApplicationsByState(
        draft=1, submitted=20, approved=70, denied=140, returned_without_action=70
    )
    assert stats.decided == 280
    assert stats.approval_rate == 0.25
    assert stats.days_to_decision == DaysToDecision(mean=12.0, median=12.0, max=14.0)


def test_stats_with_nothing_decided() -> None:
    stats = application_stats([ApplicationFacts("draft", None, None)])
    assert stats.approval_rate is None
    assert stats.days_to_decision == DaysToDecision(mean=None, median=None, max=None)


def test_stats_by_state_follows_the_states() -> None:
    assert [f.name for f in fields(ApplicationsByState)] == [s.value for s in ApplicationState]
