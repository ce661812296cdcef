"""Database engine and migrations. SQLite by default, PostgreSQL in production; same Alembic history."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DataError

from ictguard.errors import InputError
from ictguard.settings import Settings, get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x1C76_0000  # PostgreSQL advisory lock key: service nodes starting together migrate one by one


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets readers (API, web) run while a list update writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _typed_data_error(context: ExceptionContext) -> None:
    """A value the database refuses (PostgreSQL: too long for its column, a NUL in text) is bad input, not a
    server failure. The input paths check their own limits first (ictguard.limits); this is the backstop."""
    if isinstance(context.sqlalchemy_exception, DataError):
        detail = " ".join(str(context.original_exception).split("\n", 1)[0].split())[:200]
        raise InputError(f"a value cannot be stored: {detail}") from None


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "handle_error", _typed_data_error)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (all heads)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Held until the commit: a second node waits, then finds the schema current (SQLite's DDL takes
            # the database's write lock by itself).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def open_engine(settings: Settings | None = None) -> Engine:
    """Engine for the configured database, migrated to the newest schema."""
    settings = settings or get_settings()
    engine = make_engine(settings.database_url())
    migrate(engine)
    return engine
