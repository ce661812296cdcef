from __future__ import annotations

import time

from sqlalchemy import Engine

from ictguard.store import sessions_repo


def test_an_ended_session_stays_ended_until_it_would_expire(engine: Engine) -> None:
    assert not sessions_repo.is_ended(engine, "s1")
    sessions_repo.end(engine, "s1", int(time.time()) + 3600)
    sessions_repo.end(engine, "s1", int(time.time()) + 3600)  # twice: no error
    assert sessions_repo.is_ended(engine, "s1") and not sessions_repo.is_ended(engine, "s2")
    sessions_repo.end(engine, "old", int(time.time()) - 10)  # already expired: purged by the next end
    sessions_repo.end(engine, "s2", int(time.time()) + 3600)
    assert not sessions_repo.is_ended(engine, "old") and sessions_repo.is_ended(engine, "s2")
