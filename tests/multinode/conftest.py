"""Fixtures of the several-nodes tests: one PostgreSQL schema that every process of a test shares."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _pg_schema_url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema; skipped without PostgreSQL outside CI, an error in CI (as every PostgreSQL test)."""
    yield from _pg_schema_url()
