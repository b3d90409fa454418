"""Plan events: add, change, cancel, find — each change in the audit log, obligations kept in step."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.dates import (
    Precision,
    describe_period,
    expand_recurrence,
    format_date,
    holiday_words,
    local_date,
    period_of,
)
from bot.db import readable_rows
from bot.models import EventState, PlanEvent, PlanEventCreate, PlanEventUpdate
from bot.services.audit import record_change, snapshot
from bot.services.matching import names, near_misses, strip_quotes
from bot.services.obligations import ensure_obligations
from bot.services.units import did_you_mean, fold, is_row_id
from bot.services.validation import (
    InvalidInput,
    RowProblem,
    check_event_row,
    check_rrule,
    event_problem,
    short,
    unreadable_problem,
)
from bot.texts import t

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
    "url",
    "state",
    "assumptions",
    "deliverable",
    "deliverable_none_ok",
    "deliver_after_due",
)
# Characters a link may not hold as typed: they end a link in Slack's mrkdwn or in a chat message.
URL_FORBIDDEN = re.compile(r"[\s<>|\"`]")
URL_MAX_LENGTH = 2048

# The fields of a stored event that check_event_row looks at.
EVENT_ROW_FIELDS = ("start_date", "end_date", "precision", "kind", "recurrence", "title", "state")


def kept_events(
    *, session: Session, query: SelectOfScalar[PlanEvent]
) -> tuple[list[PlanEvent], list[RowProblem]]:
    """(the events `query` selects that keep the rules, by id; a problem for each that does not):
    one that cannot be read (bot.db.readable_rows) or breaks check_event_row (an old version, a
    hand edit). The planner skips the others and names them to staff; every view leaves them out."""
    rows, unreadable = readable_rows(session, query.order_by(col(PlanEvent.id)), PlanEvent)
    events: list[PlanEvent] = []
    problems = []
    for bad in unreadable:
        title = session.exec(select(PlanEvent.title).where(PlanEvent.id == bad.id)).one()
        problems.append(
            unreadable_problem(
                "event", {"id": bad.id, "title": short(title)}, bad.column, bad.value
            )
        )
    for event in rows:
        try:
            check_event_row(**{field: getattr(event, field) for field in EVENT_ROW_FIELDS})
        except ValueError as exc:
            problems.append(event_problem(event.id, event.title, exc))
            continue
        events.append(event)
    return events, problems


class EventNotFound(LookupError):
    """No event matches what the person typed; `near` are titles it may have meant (a typo)."""

    def __init__(self, query: str, near: Sequence[str] = (), cancelled: str | None = None) -> None:
        super().__init__(query)
        self.query = query
        self.near = tuple(near)
        self.cancelled = cancelled  # the title of the cancelled event the words name, if one

    def did_you_mean(self, lang: str, also: Sequence[str] = ()) -> str:
        """' Mente du «Forslagsfrist til landsmøtet 2027»?' (with `also`, e.g. units, among the
        guesses) to add to the answer, or that the event it names is cancelled, or ''."""
        if self.cancelled:
            return " " + t("match.cancelled", lang, title=self.cancelled)
        return did_you_mean([*self.near, *also], lang)


class AmbiguousEvent(LookupError):
    """Several events match what the person typed."""

    def __init__(self, query: str, matches: list[PlanEvent]) -> None:
        super().__init__(query)
        self.query = query
        self.matches = matches

    def text(self, lang: str) -> str:
        """The answer: the events it matches by number (and date, where two share a title), and
        that more of the title or the number picks one ('#18 Budsjettinnspill' twice was not)."""
        shown = self.matches[:5]
        titles = [e.title for e in shown]
        listed = []
        for e in shown:
            day = e.end_date or e.start_date
            twice = titles.count(e.title) > 1 and day is not None
            listed.append(f"#{e.id} {e.title}" + (f" ({format_date(day, lang)})" if twice else ""))
        return t(
            "status.ambiguous",
            lang,
            query=self.query,
            titles=", ".join(listed),
            number=f"#{shown[0].id}",
        )


class BadEventUrl(InvalidInput):
    """An event's link is not a whole http(s) address."""

    def __init__(self, value: str) -> None:
        super().__init__("event.bad_url", value=value)
        self.value = value


def clean_event_url(value: str | None) -> str | None:
    """An event's link without surrounding spaces, None when empty; BadEventUrl unless it is http(s)."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as exc:
        raise BadEventUrl(text) from exc
    if (
        parts.scheme.lower() not in ("http", "https")
        or not host
        or URL_FORBIDDEN.search(text)
        or len(text) > URL_MAX_LENGTH
    ):
        raise BadEventUrl(text)
    return text


def create_event(
    *, session: Session, event_in: PlanEventCreate, actor: str, now: datetime
) -> PlanEvent:
    """Store a new event (and its per-unit obligations) with an audit entry."""
    event = PlanEvent.model_validate(
        event_in.model_dump(),
        update={"url": clean_event_url(event_in.url), "created_at": now, "updated_at": now},
    )
    session.add(event)
    session.flush()
    if event.per_unit:  # the local date: at 00:30 on 1 December the new season has begun
        ensure_obligations(session=session, event=event, today=local_date(now))
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


def date_notes(*, event: PlanEvent, today: date, lang: str) -> list[str]:
    """What staff should know about the date they just gave an event: it has passed already (a
    deadline then only sends reminders that it is overdue), or it is a public holiday (for a
    repeating event: which of its dates in the coming year are)."""
    if event.start_date is None:
        return []
    if event.precision != Precision.DAY:  # a week, month … that is over: said in its own words
        last = event.end_date or period_of(event.start_date, Precision(event.precision))[1]
        if event.recurrence or last >= today:
            return []
        key = "event.note.past_deadline" if event.per_unit else "event.note.past"
        when = describe_period(event.start_date, last, event.precision, lang)
        return [t(key, lang, date=when)]
    if event.recurrence:
        first = max(today, event.start_date)
        last = min(event.recurrence_until or date.max, first + timedelta(days=365))
        days = expand_recurrence(event.recurrence, event.start_date, first, last)
        return [
            t("event.note.holiday", lang, date=format_date(day, lang), holiday=holiday)
            for day in days
            if (holiday := holiday_words(day, lang))
        ]
    last = event.end_date or event.start_date
    notes = []
    if last < today:
        key = "event.note.past_deadline" if event.per_unit else "event.note.past"
        notes.append(t(key, lang, date=format_date(last, lang)))
    for day in sorted({event.start_date, last}):
        holiday = holiday_words(day, lang)
        if holiday and day >= today:
            notes.append(
                t("event.note.holiday", lang, date=format_date(day, lang), holiday=holiday)
            )
    return notes


def form_date_change(
    *, event: PlanEvent, start: date | None, end: date | None, precision: str | None
) -> dict[str, Any]:
    """What a form that shows the event's own dates and precision (the Slack modal) means when
    saved, as `date_change` reads the CLI: a precision left as it was is not given (a new date
    alone makes a day event), and with a new precision an end left as it was follows it."""
    if precision == event.precision:
        precision = None
    if precision is not None and end == event.end_date:
        end = None
    return date_change(event=event, start=start, end=end, precision=precision)


def new_event_dates(
    *, start: date | None, end: date | None, precision: str | None
) -> dict[str, Any]:
    """What a person's dates for a new event mean, as PlanEventCreate fields: exact days, or with
    a precision and no end the whole week, month, season, quarter or year around the given day
    ("uke 13": --date 2027-03-29 --precision uke), as `date_change` reads an edit."""
    if precision is None or start is None or end is not None:
        return {"start_date": start, "end_date": end, "precision": precision or Precision.DAY.value}
    first, last = period_of(start, Precision(precision))
    return {"start_date": first, "end_date": last, "precision": precision}


def date_change(
    *,
    event: PlanEvent,
    start: date | None,
    end: date | None = None,
    precision: str | None = None,
) -> dict[str, Any]:
    """What a person setting dates means for `event`, as PlanEventUpdate fields.

    A new start or end date is an exact date: the event becomes a day event (so "januar 2027" turns
    into 14 January), unless the person also gives a precision. Without an end the event keeps its
    length in days when it was already a day event, else it lasts the given day (or the whole week,
    month, season, quarter or year of a given precision, around the given day). Dates equal to the
    event's own change nothing.
    """
    if start is None and end is None:
        return {"precision": precision} if precision else {}
    if precision is None and start in (None, event.start_date) and end in (None, event.end_date):
        return {}  # the dates were given as they are: keep the event's own precision
    new_start = start or event.start_date
    if new_start is None:
        raise InvalidInput("valid.end_without_start", end=end)
    new_precision = precision or Precision.DAY.value
    new_end = end
    if new_end is None and start is not None:
        new_start, new_end = period_of(new_start, Precision(new_precision))
        if new_precision == Precision.DAY and event.precision == Precision.DAY and event.end_date:
            new_end = new_start + (event.end_date - (event.start_date or event.end_date))
    return {"start_date": new_start, "end_date": new_end, "precision": new_precision}


def update_event(
    *, session: Session, event: PlanEvent, changes: PlanEventUpdate, actor: str, now: datetime
) -> PlanEvent:
    """Apply the fields set in `changes` after checking the result; record what changed.

    InvalidInput (nothing changed) when the dates end before they start, an end has no start, the
    precision is unknown or the recurrence is not a valid daily-or-rarer RRULE.
    """
    before = snapshot(event, AUDITED)
    data = changes.model_dump(exclude_unset=True)
    if data.get("recurrence"):
        data["recurrence"] = check_rrule(data["recurrence"])
    if "url" in data:
        data["url"] = clean_event_url(data["url"])
    moved_series = "start_date" in data
    merged = {field: data.get(field, getattr(event, field)) for field in EVENT_ROW_FIELDS}
    start, end = merged["start_date"], merged["end_date"]
    if "start_date" in data and "end_date" not in data and start and (end is None or end < start):
        merged["end_date"] = data["end_date"] = start  # a new start alone moves a one-day event
    check_event_row(**merged)
    for field, value in data.items():
        setattr(event, field, value)
    if data.get("recurrence") and data["recurrence"] != before["recurrence"] and not moved_series:
        _reanchor_series(event, today=local_date(now))
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


def _period_start(rrule: str, day: date) -> date:
    """The start of the rule's period (year, month, ISO week) that holds `day`."""
    freq = next((p[5:] for p in rrule.split(";") if p.startswith("FREQ=")), "")
    if freq == "YEARLY":
        return day.replace(month=1, day=1)
    if freq == "MONTHLY":
        return day.replace(day=1)
    if freq == "WEEKLY":
        return day - timedelta(days=day.weekday())
    return day


def _reanchor_series(event: PlanEvent, *, today: date) -> None:
    """After a new rule, start the series at the new rule's first date in the period the old start
    was in (never before today), so no occurrence the new rule has in the window is lost: the
    first Thursday, 3 December, comes before the old anchor, the second Tuesday, 8 December."""
    if event.start_date is None or not event.recurrence:
        return
    old = event.start_date
    anchor = max(_period_start(event.recurrence, old), min(old, today))
    last = event.recurrence_until or anchor + timedelta(days=3 * 366)
    first = expand_recurrence(event.recurrence, anchor, anchor, last, limit=1)
    if first:
        length = (event.end_date or old) - old
        event.start_date, event.end_date = first[0], first[0] + length


def cancel_event(*, session: Session, event: PlanEvent, actor: str, now: datetime) -> PlanEvent:
    """Mark an event cancelled (it stays in the log; nothing more is sent for it)."""
    return update_event(
        session=session,
        event=event,
        changes=PlanEventUpdate(state=EventState.CANCELLED),
        actor=actor,
        now=now,
    )


def find_event_to_cancel(*, session: Session, query: str) -> PlanEvent:
    """The event to cancel: a current one the words name, else a cancelled one (so that
    cancelling twice can say it is cancelled already instead of 'no event matches')."""
    try:
        return find_event(session=session, query=query)
    except EventNotFound:
        return find_event(session=session, query=query, include_cancelled=True)


def names_deadline(*, session: Session, query: str) -> bool:
    """Whether the text names a deadline every unit has (one, or several to choose from)."""
    try:
        find_event(session=session, query=query, per_unit_only=True)
    except EventNotFound:
        return False
    except AmbiguousEvent:
        pass
    return True


def find_event(
    *, session: Session, query: str, per_unit_only: bool = False, include_cancelled: bool = False
) -> PlanEvent:
    """The event whose id, key, or title matches `query` uniquely; raise EventNotFound/AmbiguousEvent."""
    text = strip_quotes(query).lstrip("#")
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
    ] or [e for e in events if names(text, e.title, e.key)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        cancelled = None
        if not include_cancelled:  # "forslagsfrist" after it was cancelled: say so
            try:
                found = find_event(
                    session=session,
                    query=query,
                    per_unit_only=per_unit_only,
                    include_cancelled=True,
                )
                cancelled = found.title if found.state == EventState.CANCELLED else None
            except (EventNotFound, AmbiguousEvent):
                pass
        raise EventNotFound(query, near_misses(text, [e.title for e in events]), cancelled)
    raise AmbiguousEvent(query, matches)
