"""Fixtures for store tests."""

from tests.service_fixtures import engine  # noqa: F401  (migrated engine on SQLite and PostgreSQL)
