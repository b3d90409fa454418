"""Units keep their own annual-meeting date (set by file import, `unit set`, or the leader's answer).

Revision ID: 0013
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("annual_meeting", sa.Date(), nullable=True))
    # Dates set before this revision live only on the units' relative obligations.
    op.execute(
        "UPDATE unit SET annual_meeting = (SELECT max(o.anchor_date) FROM obligation o"
        " JOIN planevent e ON e.id = o.event_id"
        " WHERE o.unit_id = unit.id AND e.relative_anchor = 'annual_meeting')"
    )


def downgrade() -> None:
    with op.batch_alter_table("unit") as batch:
        batch.drop_column("annual_meeting")
