"""Re-screening on list change: only the entries the new version added or changed are screened against the
stored counterparties; removed entries are reported with the alerts that pointed at them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.cases.list_diff import diff_entities
from ictguard.cases.ports import ScreeningContext
from ictguard.lists.snapshot import ListSnapshot, screening_entities
from ictguard.screening.screener import Screener
from ictguard.store import alerts_repo, audit_repo, counterparties_repo, screening_repo
from ictguard.store.records import AlertOnRemoved, NewAlert, RescreenReport
from ictguard.store.service_common import write_tx
from ictguard.store.service_tables import audit_log

RESCREEN_ACTION = "lists.rescreen"


def last_rescreened_version(engine: Engine) -> str | None:
    with engine.connect() as conn:
        value = conn.execute(
            sa.select(audit_log.c.entity_id)
            .where(audit_log.c.action == RESCREEN_ACTION)
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        ).scalar()
    return str(value) if value is not None else None


def previous_snapshot(
    engine: Engine, new: ListSnapshot, requested: str | None, load: Callable[[Engine, str], ListSnapshot]
) -> ListSnapshot | None:
    """The version to diff ``new`` against: ``requested``, else the last one re-screened, else none (all new).

    If that is ``new`` itself the diff is empty: it was already re-screened.
    """
    old_version = requested or last_rescreened_version(engine)
    if old_version is None:
        return None
    return new if old_version == new.version_id else load(engine, old_version)


def rescreen(
    engine: Engine,
    old: ListSnapshot | None,
    new: ListSnapshot,
    screener_for: Callable[[ListSnapshot], Screener],
    *,
    actor: str,
    threshold: float | None = None,
    upkeep: Callable[[], None] | None = None,
) -> RescreenReport:
    """Screen every stored counterparty against the entries ``new`` added or changed since ``old``.

    ``upkeep`` is called before each counterparty: the caller's garbage-collector policy (``service.gc_policy``).
    """
    # Both sides with the curated regime entities, as `screen` and `decide` see them: re-screening after the
    # first version also finds the FCC Covered List / §889 companies; later versions leave them unchanged.
    after = screening_entities(new.entities)
    diff = diff_entities(screening_entities(old.entities) if old else (), after)
    changed = [e for e in after if e.id in diff.affecting]
    new_alerts: list[NewAlert] = []
    screened = 0
    if changed:
        # A screener over the changed entries only: a party can only newly match one of those. Its snapshot
        # has no version id so the per-version screener cache never keeps (or serves) this partial index.
        partial = ListSnapshot("", new.loaded_at, tuple(changed))
        context = ScreeningContext(new.version_id, screener_for(partial), {e.id: e for e in changed})
        for counterparty_id in counterparties_repo.all_ids(engine):
            if upkeep is not None:
                upkeep()
            run = screening_repo.screen_counterparty(
                engine,
                context,
                counterparty_id,
                actor=actor,
                trigger="rescreen",
                threshold=threshold,
                only_entities=diff.affecting,
            )
            screened += 1
            new_alerts += [
                NewAlert(counterparty_id, int(h["alert_id"]), str(h["entity_id"]))
                for h in run.hits
                if h.get("status") == "alert"
            ]
    affected = alerts_repo.open_alerts_for_entities(engine, set(diff.removed))
    report = RescreenReport(
        old_version=old.version_id if old else None,
        new_version=new.version_id,
        added=len(diff.added),
        changed=len(diff.changed),
        removed=list(diff.removed),
        counterparties_screened=screened,
        new_alerts=new_alerts,
        alerts_on_removed_entries=[AlertOnRemoved(a.id, a.counterparty_id, a.entity_id, a.status) for a in affected],
    )
    with write_tx(engine) as conn:
        audit_repo.append(
            conn,
            actor=actor,
            action=RESCREEN_ACTION,
            entity_type="list_version",
            entity_id=new.version_id,
            before={"version": report.old_version},
            after={k: asdict(report)[k] for k in ("added", "changed", "removed", "new_alerts")},
        )
    return report
