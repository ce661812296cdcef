"""Imports every table module so the metadata is complete (Alembic and tests import this)."""

from __future__ import annotations

from ictguard.store import lists_tables, service_tables

__all__ = ["lists_tables", "service_tables"]
