"""Imports every table module so the metadata is complete (Alembic and tests import this)."""

from __future__ import annotations
