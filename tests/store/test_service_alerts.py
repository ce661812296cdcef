from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import Engine

from ictguard.cases.ports import ScreeningContext
from ictguard.errors import ConflictError, InputError
from ictguard.lists.snapshot import ListSnapshot
from ictguard.store import alerts_repo, audit_repo, counterparties_repo, rescreen_repo, screening_repo
from ictguard.store.records import ScreeningRun
from tests.service_fakes import DAHUA, HIKVISION, HUAWEI, FakeScreener, entity, snapshot


def context(snap: ListSnapshot) -> ScreeningContext:
    return ScreeningContext(snap.version_id, FakeScreener(snap), {e.id: e for e in snap.entities})


V1 = snapshot("v1", HUAWEI, HIKVISION, DAHUA)


def party(engine: Engine, name: str, country: str | None = "CN") -> int:
    return int(counterparties_repo.create(engine, {"name": name, "country": country, "kind": "customer"}, actor="t").id)


def statuses(run: ScreeningRun) -> dict[str, str]:
    return {h["entity_id"]: h["status"] for h in run.hits}


def test_run_records_hits_version_threshold_and_opens_alerts(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    assert run.list_version == "v1" and run.threshold == 0.3
    assert statuses(run) == {"el:huawei": "alert"}
    alerts = alerts_repo.list_page(engine, status="open").items
    assert [(a.entity_id, a.counterparty_id) for a in alerts] == [("el:huawei", cp)]
    again = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    assert statuses(again) == {"el:huawei": "already_open"}
    assert alerts_repo.list_page(engine).total == 1


def test_cleared_false_positive_is_suppressed_until_something_changes(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    [alert] = alerts_repo.list_page(engine).items
    alerts_repo.review(engine, alert.id, decision="false_positive", reason="different company", actor="rev")
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    assert statuses(run) == {"el:huawei": "suppressed"}
    # The list entry changes: the clearance no longer holds.
    changed = dataclasses.replace(HUAWEI, aliases=("Huawei", "Huawei Tech Investment"))
    run = screening_repo.screen_counterparty(engine, context(snapshot("v2", changed)), cp, actor="t", threshold=0.3)
    assert statuses(run) == {"el:huawei": "alert"}
    assert "entry changed" in run.hits[0]["previous_clearance_lapsed"]


def test_clearance_lapses_when_the_party_changes_or_expires(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    [alert] = alerts_repo.list_page(engine).items
    alerts_repo.review(
        engine, alert.id, decision="false_positive", reason="n/a", actor="rev", expires_on=date(2026, 3, 31)
    )
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3, as_of=date(2026, 3, 31))
    assert statuses(run) == {"el:huawei": "suppressed"}
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3, as_of=date(2026, 4, 1))
    assert statuses(run) == {"el:huawei": "alert"}
    assert "expired" in run.hits[0]["previous_clearance_lapsed"]
    [new_alert] = alerts_repo.list_page(engine, status="open").items
    alerts_repo.review(engine, new_alert.id, decision="false_positive", reason="n/a", actor="rev")
    counterparties_repo.update(engine, cp, {"country": "HK"}, actor="t")
    run = screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    assert statuses(run) == {"el:huawei": "alert"}


def test_suppressed_hits_do_not_crowd_out_others(engine: Engine) -> None:
    # yente #769: with limit=1, a cleared top hit must not hide the next candidate.
    top = entity("el:a", "Acme Digital Technology")
    second = entity("el:b", "Acme Digital Systems")
    snap = snapshot("v1", top, second)
    cp = party(engine, "Acme Digital Technology")
    run = screening_repo.screen_counterparty(engine, context(snap), cp, actor="t", threshold=0.3, limit=1)
    assert statuses(run) == {"el:a": "alert"}
    [alert] = alerts_repo.list_page(engine).items
    alerts_repo.review(engine, alert.id, decision="false_positive", reason="ours", actor="rev")
    run = screening_repo.screen_counterparty(engine, context(snap), cp, actor="t", threshold=0.3, limit=1)
    assert statuses(run) == {"el:a": "suppressed", "el:b": "alert"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"decision": "maybe", "reason": "x"}, InputError),
        ({"decision": "true_match", "reason": " "}, InputError),
        ({"decision": "true_match", "reason": "x", "expires_on": date(2027, 1, 1)}, InputError),
    ],
)
def test_review_input_errors(engine: Engine, kwargs: dict[str, object], error: type[Exception]) -> None:
    cp = party(engine, "Huawei Technologies")
    screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    [alert] = alerts_repo.list_page(engine).items
    with pytest.raises(error):
        alerts_repo.review(engine, alert.id, actor="r", **kwargs)  # type: ignore[arg-type]


def test_review_twice_conflicts(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    screening_repo.screen_counterparty(engine, context(V1), cp, actor="t", threshold=0.3)
    [alert] = alerts_repo.list_page(engine).items
    alerts_repo.review(engine, alert.id, decision="true_match", reason="confirmed", actor="r")
    with pytest.raises(ConflictError):
        alerts_repo.review(engine, alert.id, decision="false_positive", reason="oops", actor="r")


def test_rescreen_screens_only_what_changed_and_reports_removals(engine: Engine) -> None:
    hik_party = party(engine, "Hikvision Digital Technology")
    zte_party = party(engine, "ZTE Kangxun Telecom")
    old = snapshot("v1", HUAWEI, HIKVISION)
    screening_repo.screen_counterparty(engine, context(old), hik_party, actor="t", threshold=0.3)
    assert alerts_repo.list_page(engine).total == 1
    zte = entity("el:zte-kangxun", "ZTE Kangxun Telecom Co., Ltd.")
    new = snapshot("v2", HIKVISION, zte)  # Huawei removed (for the test), ZTE added, Hikvision unchanged
    built: list[ListSnapshot] = []

    def factory(snap: ListSnapshot) -> FakeScreener:
        built.append(snap)
        return FakeScreener(snap)

    report = rescreen_repo.rescreen(engine, old, new, factory, actor="t", threshold=0.3)
    assert [e.id for e in built[0].entities] == ["el:zte-kangxun"]  # only the diff is screened
    assert report.added == 1 and report.changed == 0 and report.removed == ["el:huawei"]
    assert [(a.counterparty_id, a.entity_id) for a in report.new_alerts] == [(zte_party, "el:zte-kangxun")]
    assert alerts_repo.list_page(engine).total == 2  # the Hikvision alert was not duplicated
    assert rescreen_repo.last_rescreened_version(engine) == "v2"
    assert audit_repo.verify(engine)[1] is None


def test_rescreen_reports_alerts_on_removed_entries(engine: Engine) -> None:
    cp = party(engine, "Huawei Technologies")
    old = snapshot("v1", HUAWEI)
    screening_repo.screen_counterparty(engine, context(old), cp, actor="t", threshold=0.3)
    report = rescreen_repo.rescreen(engine, old, snapshot("v2"), FakeScreener, actor="t")
    assert report.counterparties_screened == 0
    assert [(a.counterparty_id, a.entity_id) for a in report.alerts_on_removed_entries] == [(cp, "el:huawei")]


def test_first_rescreen_includes_the_curated_entities_screen_uses(engine: Engine) -> None:
    """No earlier version: every entry is new, the curated §889 / Covered List companies too (as `screen`)."""
    cp = party(engine, "ZTE Corporation")
    built: list[ListSnapshot] = []

    def factory(snap: ListSnapshot) -> FakeScreener:
        built.append(snap)
        return FakeScreener(snap)

    report = rescreen_repo.rescreen(engine, None, snapshot("v1", HUAWEI), factory, actor="t", threshold=0.5)
    assert {"el:huawei", "ndaa889:zte", "fcc-covered:zte"} <= {e.id for e in built[0].entities}
    assert {a.entity_id for a in report.new_alerts if a.counterparty_id == cp} == {"ndaa889:zte", "fcc-covered:zte"}
    # A later version with the same curated data re-screens only what the lists changed.
    built.clear()
    rescreen_repo.rescreen(engine, snapshot("v1", HUAWEI), snapshot("v2", HUAWEI, DAHUA), factory, actor="t")
    assert [e.id for e in built[0].entities] == [DAHUA.id]


def test_rescreen_calls_the_callers_upkeep_once_per_counterparty(engine: Engine) -> None:
    parties = [party(engine, name) for name in ("ZTE Kangxun Telecom", "Someone Else", "A Third Party")]
    calls: list[int] = []
    report = rescreen_repo.rescreen(
        engine, None, snapshot("v1", HUAWEI), FakeScreener, actor="t", upkeep=lambda: calls.append(1)
    )
    assert report.counterparties_screened == len(parties) == len(calls)
