"""List registry: versions and their entity blobs.

Revision ID: 0001_lists
Revises: 0000_base
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_lists"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("version_id", sa.String(64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("entity_count", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_list_versions")),
    )
    op.create_index(op.f("ix_list_versions_loaded_at"), "list_versions", ["loaded_at"])
    op.create_index(op.f("ix_list_versions_active"), "list_versions", ["active"])
    op.create_table(
        "list_version_data",
        sa.Column("version_id", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(16), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["list_versions.version_id"],
            name=op.f("fk_list_version_data_version_id_list_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_list_version_data")),
    )


def downgrade() -> None:
    op.drop_table("list_version_data")
    op.drop_index(op.f("ix_list_versions_active"), table_name="list_versions")
    op.drop_index(op.f("ix_list_versions_loaded_at"), table_name="list_versions")
    op.drop_table("list_versions")
