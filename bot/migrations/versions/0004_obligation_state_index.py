"""Index obligations by (event, state) for the status counts at national scale.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_obligation_event_state", "obligation", ["event_id", "state"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_obligation_event_state", table_name="obligation")
