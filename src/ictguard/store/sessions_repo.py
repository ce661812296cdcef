"""Browser sessions ended by signing out: a signed cookie cannot be recalled, so the server remembers its id
until the cookie would have expired anyway. Checked on every page request (one primary-key lookup)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Engine

from ictguard.store.service_common import utcnow
from ictguard.store.service_tables import ended_sessions


def end(engine: Engine, sid: str, expires: int) -> None:
    """Remember ``sid`` as ended until ``expires`` (Unix time); forget sessions already past their expiry."""
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(ended_sessions.delete().where(ended_sessions.c.expires_at < now))
        if conn.execute(sa.select(ended_sessions.c.sid).where(ended_sessions.c.sid == sid)).first() is None:
            conn.execute(ended_sessions.insert().values(sid=sid, expires_at=datetime.fromtimestamp(expires, UTC)))


def is_ended(engine: Engine, sid: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(ended_sessions.c.sid).where(ended_sessions.c.sid == sid)).first() is not None
