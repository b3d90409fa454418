"""The county office is told once, the first working day after a deadline, who handed in and who
did not (the rule `deadline.staff_after` of bot/data/nudge-policies.yaml). The rules are loaded
into the table once, so a database that has them gets this one here; no other rule is touched
(staff may have changed them), and a rule of that name already there is left as it is.

Revision ID: 0018
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None

RULE = {
    "event_kind": "deadline",
    "rule": "deadline.staff_after",
    "template": "staff_after",
    "anchor": "end",
    "offset_days": 1,
    "at": "morning",
    "minutes_before_start": 0,
    "audience": "staff",
    "working_days": "later",
    "repeat_every_days": 0,
    "repeat_count": 0,
    "min_span_days": 0,
    "precisions": ["day", "week", "month", "season", "quarter"],
    "buttons": False,
    "enabled": True,
}
# Set when the shipped rules have been loaded (schedules/policies.py MARKER); before that, loading
# them brings this rule with the others.
MARKER = "seed:nudge-policies.yaml"


def upgrade() -> None:
    bind = op.get_bind()
    loaded = bind.execute(
        sa.text("SELECT 1 FROM setting WHERE key = :key"), {"key": MARKER}
    ).first()
    there = bind.execute(
        sa.text("SELECT 1 FROM nudgepolicy WHERE event_kind = :kind AND rule = :rule"),
        {"kind": RULE["event_kind"], "rule": RULE["rule"]},
    ).first()
    if loaded is None or there is not None:
        return
    policy = sa.table(
        "nudgepolicy",
        *(sa.column(name, sa.JSON if name == "precisions" else None) for name in RULE),
    )
    op.execute(policy.insert().values(**RULE))


def downgrade() -> None:
    """Nothing: staff may have changed or switched off the rule since, and a rule is never
    deleted (switch it off with `planbot policy`)."""
