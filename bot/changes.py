"""Every flush that changes what the planner reads leaves a row in `planchange` (the event it
touched, or None for a change that can touch every event), so the outbox sync re-plans only that."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from bot.models import Membership, NudgePolicy, Obligation, Person, PlanChange, PlanEvent, Unit

EVERYTHING = (Unit, Person, Membership, NudgePolicy)


def touched_events(objects: Any) -> set[int | None]:
    """The events the changed `objects` touch; None when one of them can touch every event."""
    out: set[int | None] = set()
    for obj in objects:
        if isinstance(obj, PlanEvent):
            out.add(obj.id)
        elif isinstance(obj, Obligation):
            out.add(obj.event_id)
        elif isinstance(obj, EVERYTHING):
            return {None}
    return out


@event.listens_for(Session, "after_flush")
def record_plan_changes(session: Session, _context: Any) -> None:
    """Log the events this flush touched (one row each; one None row for a global change)."""
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    touched = touched_events([*session.new, *dirty, *session.deleted])
    if touched:
        rows = [{"event_id": event_id} for event_id in sorted(touched, key=lambda i: i or 0)]
        session.connection().execute(insert(PlanChange), rows)


def record_event_change(session: Session, event_id: int | None) -> None:
    """Log a change made without the ORM's flush (a compare-and-set UPDATE) to one event."""
    session.connection().execute(insert(PlanChange), [{"event_id": event_id}])


def latest_change(session: Session) -> int:
    """The id of the newest plan change (0: none yet)."""
    return int(session.execute(select(func.max(col(PlanChange.id)))).scalar() or 0)


def changes_since(session: Session, change_id: int) -> dict[int, int | None]:
    """The changes after `change_id`: their ids and the events they touched (None: everything
    may have changed)."""
    query = select(col(PlanChange.id), col(PlanChange.event_id)).where(
        col(PlanChange.id) > change_id
    )
    return {change or 0: event_id for change, event_id in session.execute(query)}
