"""A deadline's own-day reminders move off days off (nyttårsaften, Sundays, 17. mai) to the
working day before, as in bot/data/nudge-policies.yaml.

Revision ID: 0016
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

# Rules that used to send on the deadline's day whatever day it is; a rule staff have already
# set to something else is left alone.
EARLIER = ("deadline.on_day", "deadline.staff_on_day")


def upgrade() -> None:
    policy = sa.table(
        "nudgepolicy", sa.column("rule", sa.String), sa.column("working_days", sa.String)
    )
    op.execute(
        policy.update()
        .where(policy.c.rule.in_(EARLIER), policy.c.working_days == "any")
        .values(working_days="earlier")
    )


def downgrade() -> None:
    """Nothing: the moved rules stay on working days (the old value cannot be told from a staff
    choice)."""
