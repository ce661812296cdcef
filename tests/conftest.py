"""Shared fixtures: the shared/ data mirror and one database URL per backend (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests (tests/**/test_properties.py): a CI budget by default, a longer run on demand
# (HYPOTHESIS_PROFILE=long; counts in docs/security.md). Tests with their own explicit settings keep them.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PG_URL = os.environ.get("ICTGUARD_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def _own_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never touch the user's data dir: the audit key and receipts (and any default database) go to a
    temp dir, also for the CLI run in child processes (they inherit the environment)."""
    from ictguard.settings import get_settings

    old = os.environ.get("ICTGUARD_DATA_DIR")
    os.environ["ICTGUARD_DATA_DIR"] = str(tmp_path_factory.mktemp("data_dir"))
    get_settings.cache_clear()
    yield
    if old is None:
        os.environ.pop("ICTGUARD_DATA_DIR", None)
    else:
        os.environ["ICTGUARD_DATA_DIR"] = old
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not present at {SHARED}: the data mirror is needed for this test")
    return SHARED


@pytest.fixture(scope="session")
def lists_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lists"


@pytest.fixture(scope="session")
def device_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "device"


def _pg_schema_url() -> Iterator[str]:
    """A fresh PostgreSQL schema per test, so parallel runs and sessions never see each other's rows."""
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(PG_URL)
        with admin.begin() as conn:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        if os.environ.get("CI"):
            raise  # CI must run the PostgreSQL tests, never skip them
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every store test runs on both backends."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ictguard.sqlite'}"
    else:
        yield from _pg_schema_url()
