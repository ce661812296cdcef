"""Empty base revision: every feature's migration branches from here ("upgrade heads" runs them all).

Revision ID: 0000_base
Revises:
"""

from __future__ import annotations

revision = "0000_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
