"""The plan as iCalendar (RFC 5545): export for Outlook, Google Calendar and Teams
(the .ics reader is bot.importer.ics).

Export: day-precision events are all-day events (DTEND is exclusive, so end + 1 day) or, with a
start time, timed events in the plan's time zone with a VTIMEZONE; week/month/season/quarter/year
spans are all-day ranges with the precision in X-PLANBOT-PRECISION and in words in the description;
recurrences become RRULE (UNTIL from recurrence_until); cancelled and tentative events carry STATUS;
UIDs are stable (event id @ UID_DOMAIN); DTSTAMP is `now`. Undated events are left out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur
from sqlmodel import Session, col, select

from bot.dates import OSLO, Precision, describe_period, rrule_body
from bot.models import EventState, PlanEvent
from bot.services.events import kept_events
from bot.texts import t

UID_DOMAIN = "planbot.arbeidsplan"
PRODID = "-//Planbot//Arbeidsplan//NB"
DEFAULT_DURATION_MINUTES = 60
STATUS = {
    EventState.CANCELLED: "CANCELLED",
    EventState.TENTATIVE: "TENTATIVE",
    EventState.CONFIRMED: "CONFIRMED",
}

log = logging.getLogger(__name__)


# --- export -----------------------------------------------------------------------------


def event_uid(event: PlanEvent) -> str:
    """A UID that stays the same for an event across exports."""
    return f"event-{event.id}@{UID_DOMAIN}"


def plan_to_ics(
    *,
    events: Iterable[PlanEvent],
    tz: ZoneInfo = OSLO,
    now: datetime,
    name: str,
    lang: str = "nb",
) -> bytes:
    """The events as one VCALENDAR; undated events are left out."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", tz.key)
    years: list[int] = []
    for event in sorted(events, key=lambda e: (e.start_date or date.max, e.id or 0)):
        if event.start_date is None:
            continue
        try:
            calendar.add_component(_vevent(event, tz=tz, now=now, lang=lang))
        except ValueError as exc:  # a row broken by hand never takes the whole calendar down
            log.warning("event %s left out of the calendar: %s", event.id, exc)
            continue
        years.append(event.start_date.year)
        if event.recurrence_until:
            years.append(event.recurrence_until.year)
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


def _vevent(event: PlanEvent, *, tz: ZoneInfo, now: datetime, lang: str) -> Event:
    start = event.start_date
    assert start is not None
    end = event.end_date or start
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", now.astimezone(UTC))
    vevent.add("summary", event.title)
    timed = event.start_time is not None and event.precision == Precision.DAY
    if timed:
        assert event.start_time is not None
        begins = datetime.combine(start, event.start_time, tzinfo=tz)
        minutes = event.duration_minutes or DEFAULT_DURATION_MINUTES
        vevent.add("dtstart", begins)
        vevent.add("dtend", begins + timedelta(minutes=minutes))
    else:
        vevent.add("dtstart", start)
        vevent.add("dtend", end + timedelta(days=1))
    if event.recurrence:
        vevent.add("rrule", _rrule(event, tz=tz, timed=timed))
    vevent.add("status", _status(event))
    vevent.add("transp", "TRANSPARENT" if not timed else "OPAQUE")
    if event.locations:
        vevent.add("location", ", ".join(event.locations))
    if event.url:
        vevent.add("url", event.url)
    vevent.add("categories", [t(f"kind.{event.kind}", lang)])
    vevent.add("x-planbot-kind", event.kind)
    vevent.add("x-planbot-precision", event.precision)
    description = _description(event, start=start, end=end, lang=lang)
    if description:
        vevent.add("description", description)
    if event.created_at:
        vevent.add("created", event.created_at.astimezone(UTC))
    if event.updated_at:
        vevent.add("last-modified", event.updated_at.astimezone(UTC))
    return vevent


def _status(event: PlanEvent) -> str:
    """CANCELLED, else TENTATIVE for a tentative event or one whose date or time is assumed."""
    state = EventState(event.state)
    if state == EventState.CONFIRMED and event.assumptions.strip():
        return STATUS[EventState.TENTATIVE]
    return STATUS.get(state, "CONFIRMED")


def _rrule(event: PlanEvent, *, tz: ZoneInfo, timed: bool) -> vRecur:
    rule = vRecur.from_ical(rrule_body(event.recurrence or ""))
    until = rule.pop("UNTIL", [None])[0]
    if isinstance(until, datetime):
        until = until.astimezone(tz).date() if until.tzinfo else until.date()
    if event.recurrence_until and "COUNT" not in rule:
        until = min(until, event.recurrence_until) if until else event.recurrence_until
    if until is not None and "COUNT" not in rule:
        if timed:
            last = datetime.combine(until, time(23, 59, 59), tzinfo=tz).astimezone(UTC)
            rule["UNTIL"] = [last]
        else:
            rule["UNTIL"] = [until]
    return rule


def _description(event: PlanEvent, *, start: date, end: date, lang: str) -> str:
    parts: list[str] = []
    if event.description:
        parts.append(event.description.strip())
    if event.precision != Precision.DAY:
        period = describe_period(start, end, event.precision, lang)
        parts.append(t("calendar.precision_note", lang, period=period))
    if event.assumptions:
        parts.append(t("calendar.assumption", lang, text=event.assumptions.strip()))
    if event.state == EventState.TENTATIVE:
        parts.append(t("calendar.tentative", lang))
    return "\n\n".join(parts)


def export_calendar(
    *, session: Session, tz: ZoneInfo = OSLO, now: datetime, name: str, lang: str = "nb"
) -> bytes:
    """Every dated event of the plan (cancelled ones marked so) as iCalendar bytes."""
    query = select(PlanEvent).order_by(col(PlanEvent.start_date))
    events, _ = kept_events(session=session, query=query)  # a row that breaks the rules is left out
    return plan_to_ics(events=events, tz=tz, now=now, name=name, lang=lang)
