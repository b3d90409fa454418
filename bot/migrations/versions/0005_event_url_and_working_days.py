"""Events get an optional link (a Teams meeting); week-before reminders move off weekends and holidays.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Rules that used to send on any day and now take the working day before, as in
# bot/data/nudge-policies.yaml; a rule staff have already set to something else is left alone.
EARLIER = ("meeting.week_before", "campaign.week_before", "training.day_before")


def upgrade() -> None:
    with op.batch_alter_table("planevent") as batch:
        batch.add_column(
            sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=True)
        )
    policy = sa.table(
        "nudgepolicy", sa.column("rule", sa.String), sa.column("working_days", sa.String)
    )
    op.execute(
        policy.update()
        .where(policy.c.rule.in_(EARLIER), policy.c.working_days == "any")
        .values(working_days="earlier")
    )


def downgrade() -> None:
    """Drop the link; the moved rules stay on working days (the old value cannot be told from a
    staff choice)."""
    with op.batch_alter_table("planevent") as batch:
        batch.drop_column("url")
