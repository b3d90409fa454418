"""The agenda: plan events in a window, recurrences expanded, in date order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot.dates import Precision, expand_recurrence
from bot.models import EventState, Obligation, PlanEvent, Unit
from bot.services.events import kept_events
from bot.services.status import RelativeDue
from bot.services.units import name_order

log = logging.getLogger(__name__)

PRECISION_RANK = {p.value: i for i, p in enumerate(Precision)}
# Events placed only by month, season, quarter or year run through a period, on no set day.
LONG_PRECISIONS = frozenset({Precision.MONTH, Precision.SEASON, Precision.QUARTER, Precision.YEAR})


@dataclass(frozen=True)
class AgendaItem:
    """One occurrence of a plan event, as a person would see it on a calendar."""

    event_id: int
    title: str
    kind: str
    start: date | None
    end: date | None
    precision: str
    time: time | None
    duration_minutes: int | None
    recurrence: str | None
    locations: tuple[str, ...]
    audience: tuple[str, ...]
    state: str
    assumptions: str
    per_unit: bool
    key: str | None

    @property
    def spans_period(self) -> bool:
        """Placed only by month, season, quarter or year: it belongs to no one week."""
        return self.precision in LONG_PRECISIONS

    def coarser_than(self, start: date, end: date) -> bool:
        """Placed only by a period longer than the window `start`–`end` shown (the year 2027 when
        week 13 is shown): it may fall in the window or not, so it is not listed as in it."""
        if not self.spans_period or self.start is None or self.end is None:
            return False
        return (self.end - self.start).days > (end - start).days

    @property
    def occurrence_id(self) -> str:
        """Stable id of this occurrence: the event id, and the date for a recurring event."""
        if self.recurrence and self.start:
            return f"{self.event_id}:{self.start.isoformat()}"
        return str(self.event_id)

    def as_json(self) -> dict[str, Any]:
        """The public `--json` shape (fields are only ever added)."""
        return {
            "id": self.event_id,
            "occurrence_id": self.occurrence_id,
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "duration_minutes": self.duration_minutes,
            "recurrence": self.recurrence,
            "locations": list(self.locations),
            "audience": list(self.audience),
            "state": self.state,
            "assumption": self.assumptions or None,
            "per_unit": self.per_unit,
        }


def _item(event: PlanEvent, start: date | None, end: date | None) -> AgendaItem:
    return AgendaItem(
        event_id=event.id or 0,
        title=event.title,
        kind=event.kind,
        start=start,
        end=end,
        precision=event.precision,
        time=event.start_time,
        duration_minutes=event.duration_minutes,
        recurrence=event.recurrence,
        locations=tuple(event.locations or ()),
        audience=tuple(event.audience or ()),
        state=event.state,
        assumptions=event.assumptions,
        per_unit=event.per_unit,
        key=event.key,
    )


def occurrences(event: PlanEvent, window_start: date, window_end: date) -> list[AgendaItem]:
    """The event's occurrences overlapping [window_start, window_end] (one for a plain event)."""
    if event.start_date is None:
        return []
    if not event.recurrence:
        end = event.end_date or event.start_date
        if event.start_date <= window_end and end >= window_start:
            return [_item(event, event.start_date, end)]
        return []
    length = (event.end_date or event.start_date) - event.start_date
    last = min(window_end, event.recurrence_until) if event.recurrence_until else window_end
    first = window_start - length
    return [
        _item(event, day, day + length)
        for day in expand_recurrence(event.recurrence, event.start_date, first, last)
    ]


def next_dates(event: PlanEvent, *, today: date, count: int = 3) -> list[date]:
    """The next `count` start dates of the event from today (a preview of a changed rule)."""
    if event.start_date is None:
        return []
    if not event.recurrence:
        return [event.start_date] if event.start_date >= today else []
    first = max(today, event.start_date)
    last = event.recurrence_until or first + timedelta(days=3 * 366)
    return expand_recurrence(event.recurrence, event.start_date, first, last, limit=count)


def list_agenda(
    *,
    session: Session,
    start: date,
    days: int,
    kinds: frozenset[str] | None = None,
    include_cancelled: bool = False,
) -> list[AgendaItem]:
    """Every occurrence in the `days` days from `start`, ordered by date, time and precision."""
    window_end = start + timedelta(days=days - 1)
    query = select(PlanEvent).where(
        col(PlanEvent.start_date).is_not(None),
        col(PlanEvent.start_date) <= window_end,
        or_(col(PlanEvent.end_date) >= start, col(PlanEvent.recurrence).is_not(None)),
    )
    if not include_cancelled:
        query = query.where(PlanEvent.state != EventState.CANCELLED)
    if kinds:
        query = query.where(col(PlanEvent.kind).in_(kinds))
    items = [
        item
        for event in kept_events(session=session, query=query)[0]
        for item in _stored_occurrences(event, start, window_end)
    ]
    return sorted(items, key=_order)


def _stored_occurrences(event: PlanEvent, window_start: date, window_end: date) -> list[AgendaItem]:
    """occurrences() of a stored event; a row broken by hand shows nothing instead of failing the
    whole view (the planner names it to staff)."""
    try:
        return occurrences(event, window_start, window_end)
    except (ValueError, OverflowError) as exc:
        log.warning("event %s left out of the agenda: %s", event.id, exc)
        return []


def list_undated(*, session: Session, kinds: frozenset[str] | None = None) -> list[AgendaItem]:
    """Events not placed in time yet ("Avklares"); relative deadlines are in list_relative."""
    query = select(PlanEvent).where(
        col(PlanEvent.start_date).is_(None),
        col(PlanEvent.relative_anchor).is_(None),
        PlanEvent.state != EventState.CANCELLED,
    )
    if kinds:
        query = query.where(col(PlanEvent.kind).in_(kinds))
    events, _ = kept_events(session=session, query=query)
    return sorted((_item(e, None, None) for e in events), key=lambda i: i.title)


@dataclass(frozen=True)
class RelativeItem:
    """A deadline each unit counts from its own date, with the own dates of the units asked for."""

    event_id: int
    title: str
    kind: str
    relative: RelativeDue
    own: tuple[tuple[str, date | None], ...] = ()


def list_relative(
    *,
    session: Session,
    kinds: frozenset[str] | None = None,
    unit_ids: frozenset[int] = frozenset(),
) -> list[RelativeItem]:
    """Deadlines relative to each unit's own date ("innen tre måneder etter årsmøtet"), with the
    own due dates of `unit_ids` (a leader's units; None where the unit's anchor is not known)."""
    query = select(PlanEvent).where(
        col(PlanEvent.relative_anchor).is_not(None), PlanEvent.state != EventState.CANCELLED
    )
    if kinds:
        query = query.where(col(PlanEvent.kind).in_(kinds))
    events = sorted(session.exec(query), key=lambda e: e.title)
    own: dict[int, list[tuple[str, date | None]]] = {}
    if unit_ids and events:
        rows = session.exec(
            select(col(Obligation.event_id), col(Unit.name), col(Obligation.due_date))
            .join(Unit, col(Unit.id) == col(Obligation.unit_id))
            .where(
                col(Obligation.unit_id).in_(unit_ids),
                col(Obligation.event_id).in_([e.id for e in events]),
            )
        )
        for event_id, name, due in rows:
            own.setdefault(event_id, []).append((name, due))
    return [
        RelativeItem(
            event_id=e.id or 0,
            title=e.title,
            kind=e.kind,
            relative=RelativeDue.of(e) or RelativeDue(e.relative_anchor or ""),
            own=tuple(sorted(own.get(e.id or 0, []), key=lambda pair: name_order(pair[0]))),
        )
        for e in events
    ]


def _order(item: AgendaItem) -> tuple[Any, ...]:
    return (
        item.start or date.max,
        PRECISION_RANK.get(item.precision, 99),
        item.time or time(0),
        item.title,
    )
