"""Alembic environment: runs on the connection handed over by ictguard.store.db.migrate."""

from __future__ import annotations

from alembic import context

import ictguard.store.tables  # noqa: F401  (registers every table on the metadata)
from ictguard.store.meta import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand without ictguard
    raise RuntimeError("run migrations through ictguard.store.db.migrate")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
