"""Plan events: add, change, cancel, find — each change in the audit log, obligations kept in step."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.dates import validate_rrule
from bot.models import EventState, PlanEvent, PlanEventCreate, PlanEventUpdate
from bot.services.audit import record_change, snapshot
from bot.services.obligations import ensure_obligations
from bot.services.units import fold, is_row_id

AUDITED = (
    "title",
    "kind",
    "start_date",
    "end_date",
    "precision",
    "start_time",
    "duration_minutes",
    "recurrence",
    "recurrence_until",
    "locations",
    "audience",
    "responsible",
    "description",
    "state",
    "assumptions",
)


class EventNotFound(LookupError):
    """No event matches what the person typed."""

    def __init__(self, query: str) -> None:
        super().__init__(query)
        self.query = query


class AmbiguousEvent(LookupError):
    """Several events match what the person typed."""

    def __init__(self, query: str, matches: list[PlanEvent]) -> None:
        super().__init__(query)
        self.query = query
        self.matches = matches


def create_event(
    *, session: Session, event_in: PlanEventCreate, actor: str, now: datetime
) -> PlanEvent:
    """Store a new event (and its per-unit obligations) with an audit entry."""
    event = PlanEvent.model_validate(
        event_in.model_dump(), update={"created_at": now, "updated_at": now}
    )
    session.add(event)
    session.flush()
    if event.per_unit:
        ensure_obligations(session=session, event=event)
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="event",
        entity_id=event.id,
        action="create",
        after=snapshot(event, AUDITED),
    )
    return event


def update_event(
    *, session: Session, event: PlanEvent, changes: PlanEventUpdate, actor: str, now: datetime
) -> PlanEvent:
    """Apply the fields set in `changes`; record what changed."""
    before = snapshot(event, AUDITED)
    data = changes.model_dump(exclude_unset=True)
    if data.get("recurrence"):
        data["recurrence"] = validate_rrule(data["recurrence"])
    for field, value in data.items():
        setattr(event, field, value)
    if event.start_date and (event.end_date is None or event.end_date < event.start_date):
        event.end_date = event.start_date
    event.updated_at = now
    session.add(event)
    session.flush()
    after = snapshot(event, AUDITED)
    if before != after:
        record_change(
            session=session,
            now=now,
            actor=actor,
            entity="event",
            entity_id=event.id,
            action="update",
            before=before,
            after=after,
        )
    return event


def cancel_event(*, session: Session, event: PlanEvent, actor: str, now: datetime) -> PlanEvent:
    """Mark an event cancelled (it stays in the log; nothing more is sent for it)."""
    return update_event(
        session=session,
        event=event,
        changes=PlanEventUpdate(state=EventState.CANCELLED),
        actor=actor,
        now=now,
    )


def find_event(
    *, session: Session, query: str, per_unit_only: bool = False, include_cancelled: bool = False
) -> PlanEvent:
    """The event whose id, key, or title matches `query` uniquely; raise EventNotFound/AmbiguousEvent."""
    text = query.strip().lstrip("#")
    if is_row_id(text):
        event = session.get(PlanEvent, int(text))
        if event and (not per_unit_only or event.per_unit):
            return event
        raise EventNotFound(query)
    statement = select(PlanEvent)
    if per_unit_only:
        statement = statement.where(col(PlanEvent.per_unit).is_(True))
    if not include_cancelled:
        statement = statement.where(PlanEvent.state != EventState.CANCELLED)
    events = list(session.exec(statement.order_by(col(PlanEvent.start_date), col(PlanEvent.id))))
    wanted = fold(text)
    if not wanted:
        raise EventNotFound(query)
    by_key = [e for e in events if e.key and fold(e.key) == wanted]
    if len(by_key) == 1:
        return by_key[0]
    exact = [e for e in events if fold(e.title) == wanted]
    if len(exact) == 1:
        return exact[0]
    words = wanted.split()
    matches = [
        e for e in events if all(w in fold(e.title) or w in fold(e.key or "") for w in words)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise EventNotFound(query)
    raise AmbiguousEvent(query, matches)
