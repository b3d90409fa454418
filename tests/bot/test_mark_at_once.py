"""Two people mark the same unit at once (the leader's button, staff's /status button): the first
one counts, the second changes nothing and learns who did it; one audit entry, one plan change."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.changes import changes_since, latest_change
from bot.models import AuditEntry, ObligationState
from bot.services.events import find_event
from bot.services.obligations import get_obligation, mark_obligation
from bot.services.units import find_unit


def read(session: Session):
    return get_obligation(
        session=session,
        event=find_event(session=session, query="forslagsfrist"),
        unit=find_unit(session=session, ref="tromso"),
    )


def test_the_second_of_two_simultaneous_marks_changes_nothing(runtime, clock) -> None:
    now = clock.now()
    with runtime.session() as leader, runtime.session() as staff:
        mine, theirs = read(leader), read(staff)  # both read it while it is open
        assert mine.state == theirs.state == ObligationState.OPEN
        before = latest_change(leader)
        assert mark_obligation(
            session=leader, obligation=mine, state=ObligationState.DONE, actor="ULEADER", now=now
        )
        leader.commit()
        assert not mark_obligation(
            session=staff, obligation=theirs, state=ObligationState.EXEMPT, actor="USTAFF", now=now
        )
        assert (theirs.state, theirs.changed_by) == (ObligationState.DONE, "ULEADER")
        staff.commit()
    with runtime.session() as session:
        assert (read(session).state, read(session).changed_by) == ("done", "ULEADER")
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "obligation")).all()
        assert [(a.actor, a.action) for a in audit] == [("ULEADER", "mark_done")]
        event_id = find_event(session=session, query="forslagsfrist").id
        assert event_id in changes_since(session, before).values()
