"""Imports every table module so the metadata is complete (Alembic and tests import this)."""

from __future__ import annotations

import ictguard.store.lists_tables
import ictguard.store.service_tables  # noqa: F401
