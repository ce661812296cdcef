"""Browser sessions ended by signing out (server-side revocation of the signed cookie).

Revision ID: 0002_ended_sessions
Revises: 0001_service
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_ended_sessions"
down_revision = "0001_service"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ended_sessions",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_ended_sessions")),
    )
    op.create_index(op.f("ix_ended_sessions_expires_at"), "ended_sessions", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ended_sessions_expires_at"), table_name="ended_sessions")
    op.drop_table("ended_sessions")
