"""At most one active list version, enforced by the database (several processes may activate versions).

A unique index over ``active`` restricted to the active rows: a second ``active = true`` row cannot be
committed, whichever process writes it. Should an older database already hold several active rows (two
updates raced before activation took its lock), the most recently loaded one stays active.

Revision ID: 0003_one_active_list
Revises: 0001_lists
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_one_active_list"
down_revision = "0001_lists"
branch_labels = None
depends_on = None

INDEX = "uq_list_versions_one_active"


def upgrade() -> None:
    versions = sa.table(
        "list_versions", sa.column("version_id", sa.String), sa.column("active", sa.Boolean), sa.column("loaded_at")
    )
    conn = op.get_bind()
    active = conn.execute(
        sa.select(versions.c.version_id).where(versions.c.active.is_(True)).order_by(versions.c.loaded_at.desc())
    ).scalars()
    stale = list(active)[1:]
    if stale:
        conn.execute(sa.update(versions).where(versions.c.version_id.in_(stale)).values(active=False))
    op.create_index(
        INDEX,
        "list_versions",
        ["active"],
        unique=True,
        postgresql_where=sa.text("active"),
        sqlite_where=sa.text("active"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="list_versions")
