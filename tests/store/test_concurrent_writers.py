"""Several processes writing one database (two service nodes, a `lists update` run beside them): list
activation never leaves two active versions or none, and the audit chain stays one chain that verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from ictguard.errors import ConflictError, IncompleteSourceError
from ictguard.lists.version import VersionInfo
from ictguard.store import audit_anchor, audit_repo, lists_repo
from ictguard.store.db import MIGRATIONS, migrate
from ictguard.store.lists_tables import list_versions
from ictguard.store.service_tables import audit_log
from tests.service_fixtures import engine  # noqa: F401  (migrated engine on SQLite and PostgreSQL)
from tests.store._concurrent_worker import make_load

ROOT = Path(__file__).resolve().parents[2]


def _start_writers(mode: str, url: str, count: int, processes: int = 2) -> list[subprocess.Popen[str]]:
    start = time.time() + 2.0  # after both have imported ictguard: they begin together
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}"}
    return [
        subprocess.Popen(
            [sys.executable, "-m", "tests.store._concurrent_worker", mode, url, f"w{i}", str(count), str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]


def _finish(procs: list[subprocess.Popen[str]]) -> list[dict[str, int]]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    return results


def _active_count(engine: Engine) -> int:  # noqa: F811
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).where(list_versions.c.active.is_(True))).scalar_one())


@pytest.mark.timeout(300)
def test_racing_activations_leave_exactly_one_active_version(engine: Engine) -> None:  # noqa: F811
    url = engine.url.render_as_string(hide_password=False)
    procs = _start_writers("activate", url, 25)
    seen = []
    while any(p.poll() is None for p in procs):  # watched from a third connection while they race
        seen.append(_active_count(engine))
    results = _finish(procs)
    assert set(seen) <= {0, 1}  # never two active versions at any moment
    assert 0 not in seen[seen.index(1) if 1 in seen else len(seen) :]  # nor none, once one was active
    assert _active_count(engine) == 1
    versions = lists_repo.list_versions(engine)
    assert len(versions) == sum(r["done"] for r in results) and all(r["done"] for r in results)
    # The active one is the newest load, every older one was superseded, and each one's entities are stored.
    assert versions[-1].active and not any(v.active for v in versions[:-1])
    assert all(lists_repo.superseded_at(engine, v.version_id) is not None for v in versions[:-1])
    assert lists_repo.load_active_snapshot(engine).version_id == versions[-1].version_id


def test_the_database_refuses_a_second_active_version(engine: Engine) -> None:  # noqa: F811
    procs = _start_writers("activate", engine.url.render_as_string(hide_password=False), 2, processes=1)
    _finish(procs)
    with pytest.raises(IntegrityError), engine.begin() as conn:  # a writer that bypasses lists_repo.activate
        conn.execute(sa.update(list_versions).values(active=True))
    assert _active_count(engine) == 1


@pytest.mark.timeout(300)
def test_concurrent_audited_writers_keep_one_chain_that_verifies(engine: Engine) -> None:  # noqa: F811
    procs = _start_writers("audit", engine.url.render_as_string(hide_password=False), 40)
    checks = []
    while any(p.poll() is None for p in procs):  # verify while they write: no false alarm mid-write
        checks.append(audit_repo.verify(engine))
    _finish(procs)
    assert checks and all(problem is None for _rows, problem in checks), [p for _r, p in checks if p]
    rows, problem = audit_repo.verify(engine)
    assert problem is None and rows == 80
    with engine.connect() as conn:
        actors = [a for (a,) in conn.execute(sa.select(audit_log.c.actor).order_by(audit_log.c.seq))]
    assert set(actors) == {"w0", "w1"}  # both processes' rows, in one chain
    _path, receipts = audit_anchor.read_receipts(engine)
    assert receipts is not None and sorted(r.seq for r in receipts) == list(range(1, 81))
    with engine.begin() as conn:  # tampering is still caught after a concurrent run
        conn.execute(sa.update(audit_log).where(audit_log.c.seq == 41).values(actor="someone else"))
    rows, problem = audit_repo.verify(engine)
    assert problem is not None and problem.seq == 41 and "edited" in problem.reason


def test_a_load_prepared_before_the_active_version_is_refused(engine: Engine) -> None:  # noqa: F811
    earlier, later = make_load("a", 1), make_load("b", 1)  # prepared in this order, activated in the other
    lists_repo.activate(engine, later)
    with pytest.raises(ConflictError, match="became active while this load was prepared"):
        lists_repo.activate(engine, earlier)
    assert [v.version_id for v in lists_repo.list_versions(engine)] == [later.version_id]


def test_the_check_sees_the_version_active_under_the_lock(engine: Engine) -> None:  # noqa: F811
    first = lists_repo.activate(engine, make_load("a", 1))
    seen: list[str | None] = []

    def refuse(current: VersionInfo | None) -> None:
        seen.append(current.version_id if current else None)
        raise IncompleteSourceError("shrunk")

    with pytest.raises(IncompleteSourceError):
        lists_repo.activate(engine, make_load("b", 2), check=refuse)
    assert seen == [first.version_id]
    assert [v.version_id for v in lists_repo.list_versions(engine)] == [first.version_id]  # nothing stored


def test_the_migration_keeps_the_newest_of_several_active_versions(engine: Engine) -> None:  # noqa: F811
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003_one_active_list-1")
    loads = [make_load("a", 1), make_load("b", 2)]
    with engine.begin() as conn:  # what two racing updates could leave before activation took its lock
        for load in loads:
            conn.execute(
                list_versions.insert().values(
                    version_id=load.version_id,
                    loaded_at=load.loaded_at,
                    source=load.source,
                    active=True,
                    entity_count=1,
                    counts={},
                    files=[],
                    notes=[],
                )
            )
    migrate(engine)
    assert [v.version_id for v in lists_repo.list_versions(engine) if v.active] == [loads[1].version_id]
