"""Staff edits to a nudge rule reach the outbox on the next sync, and are audited."""

from datetime import timedelta

from sqlmodel import select

from bot.models import AuditEntry, Nudge, NudgeState
from bot.services.units import find_unit, update_unit
from schedules.outbox import sync_outbox
from schedules.policies import update_policy
from tests.conftest import oslo

NOW = oslo(2026, 11, 23, 9)


def rows_of(session, rule: str) -> list[Nudge]:
    return [row for row in session.exec(select(Nudge)) if row.rule == rule]


def test_disabling_and_moving_a_rule_replans_the_outbox(runtime) -> None:
    with runtime.session() as session:
        tromso = find_unit(session=session, ref="tromso")
        update_unit(session=session, unit=tromso, actor="test", now=NOW, slack_channel="CTROMSO")
        sync_outbox(session=session, now=NOW, settings=runtime.settings)
        [before_2d] = [r for r in rows_of(session, "deadline.before_2d") if r.unit_id == tromso.id]
        [before_7d] = [r for r in rows_of(session, "deadline.before_7d") if r.unit_id == tromso.id]
        old_due = before_7d.due_at
        update_policy(
            session=session, rule="deadline.before_2d", actor="USTAFF01", now=NOW, enabled=False
        )
        update_policy(
            session=session, rule="deadline.before_7d", actor="USTAFF01", now=NOW, offset_days=-6
        )
        sync_outbox(session=session, now=NOW, settings=runtime.settings)
        session.refresh(before_2d)
        session.refresh(before_7d)
        assert before_2d.state == NudgeState.CANCELLED
        assert before_7d.state == NudgeState.PENDING
        assert before_7d.due_at - old_due == timedelta(days=1)
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "policy")).all()
        assert [(a.actor, a.after) for a in audit] == [
            ("USTAFF01", {"enabled": False}),
            ("USTAFF01", {"offset_days": -6}),
        ]
