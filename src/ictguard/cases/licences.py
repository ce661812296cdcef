"""Licence applications: the state machine and the statistics a compliance team reports."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import ConfigDict, Field

from ictguard.errors import ConflictError


class ApplicationState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DENIED = "denied"
    RETURNED = "returned_without_action"


# A returned, denied or approved application is final: BIS expects a new application, not a reopened one.
TRANSITIONS: dict[ApplicationState, frozenset[ApplicationState]] = {
    ApplicationState.DRAFT: frozenset({ApplicationState.SUBMITTED}),
    ApplicationState.SUBMITTED: frozenset(
        {ApplicationState.APPROVED, ApplicationState.DENIED, ApplicationState.RETURNED}
    ),
    ApplicationState.APPROVED: frozenset(),
    ApplicationState.DENIED: frozenset(),
    ApplicationState.RETURNED: frozenset(),
}
DECISIONS = frozenset({ApplicationState.APPROVED, ApplicationState.DENIED, ApplicationState.RETURNED})


def check_transition(current: str, target: str) -> ApplicationState:
    """The target state, or ConflictError when the application cannot move there from ``current``."""
    source, goal = ApplicationState(current), ApplicationState(target)
    if goal not in TRANSITIONS[source]:
        allowed = ", ".join(sorted(TRANSITIONS[source])) or "none (final state)"
        raise ConflictError(f"application is {source.value}; cannot move to {goal.value} (allowed: {allowed})")
    return goal


def check_editable(current: str) -> None:
    if ApplicationState(current) is not ApplicationState.DRAFT:
        raise ConflictError(f"application is {current}; only a draft can be edited")


@dataclass(frozen=True)
class ApplicationFacts:
    state: str
    submitted_at: datetime | None
    decided_at: datetime | None


@dataclass(frozen=True)
class ApplicationsByState:
    """One count per ApplicationState (tests/cases check the fields follow the enum)."""

    draft: int
    submitted: int
    approved: int
    denied: int
    returned_without_action: int


@dataclass(frozen=True)
class DaysToDecision:
    mean: float | None
    median: float | None
    max: float | None


@dataclass(frozen=True)
class ApplicationStats:
    """Licence applications by state, the approval rate and the days from submission to decision."""

    # The API serves this as it is: pydantic reads the config and the descriptions when it describes the response.
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(extra="forbid")

    total: int
    by_state: ApplicationsByState
    decided: int
    approval_rate: Annotated[
        float | None, Field(description="approved / decided, 4 decimals; null before any decision")
    ]
    days_to_decision: DaysToDecision


def application_stats(applications: Iterable[ApplicationFacts]) -> ApplicationStats:
    """Counts by state, approval rate (approved / decided) and days from submission to decision."""
    apps = list(applications)
    by_state = Counter(a.state for a in apps)
    decided = [a for a in apps if a.state in DECISIONS]
    approved = by_state.get(ApplicationState.APPROVED.value, 0)
    days = [
        (a.decided_at - a.submitted_at).total_seconds() / 86400
        for a in decided
        if a.decided_at is not None and a.submitted_at is not None
    ]
    return ApplicationStats(
        total=len(apps),
        by_state=ApplicationsByState(**{state.value: by_state.get(state.value, 0) for state in ApplicationState}),
        decided=len(decided),
        approval_rate=round(approved / len(decided), 4) if decided else None,
        days_to_decision=DaysToDecision(
            mean=round(statistics.fmean(days), 2) if days else None,
            median=round(statistics.median(days), 2) if days else None,
            max=round(max(days), 2) if days else None,
        ),
    )
