"""The plan as iCalendar (RFC 5545): export for Outlook, Google Calendar and Teams, and .ics import.

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
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur
from pydantic import ValidationError
from sqlmodel import Session, col, select

from bot.dates import OSLO, Precision, describe_period, rrule_body
from bot.importer import ImportFileError
from bot.models import EventKind, EventState, PlanEvent, PlanEventCreate
from bot.services.events import BadEventUrl, clean_event_url
from bot.services.imports import ImportItem, ImportRowsError, ItemProblem
from bot.services.validation import InvalidInput, check_rrule
from bot.structured import display_precision, parse_kind, read_text
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


# --- import -----------------------------------------------------------------------------


def read_ics(path: Path, *, document: str | None = None, tz: ZoneInfo = OSLO) -> list[ImportItem]:
    """The VEVENTs of an .ics file as events (times in `tz`); ImportRowsError or ImportFileError."""
    path = Path(path)
    text = read_text(path)
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError) as exc:
        raise ImportFileError("ics", str(exc)[:200]) from exc
    name = document or str(calendar.get("X-WR-CALNAME") or path.name)
    items: list[ImportItem] = []
    problems: list[ItemProblem] = []
    for index, vevent in enumerate(calendar.walk("VEVENT"), start=1):
        if vevent.get("RECURRENCE-ID") is not None:
            continue  # a changed occurrence of a recurring event: the series is imported once
        try:
            event_in = event_from_vevent(vevent, document=name, tz=tz)
        except _VEventProblem as exc:
            problems.append(ItemProblem(index, exc.key, exc.values))
            continue
        except InvalidInput as exc:
            problems.append(ItemProblem(index, exc.key, exc.values))
            continue
        except (ValidationError, ValueError) as exc:
            message = str(exc)
            if isinstance(exc, ValidationError):
                message = str(exc.errors()[0].get("msg", exc)).removeprefix("Value error, ")
            problems.append(ItemProblem(index, "import.row.invalid", {"error": message}))
            continue
        items.append(ImportItem(event=event_in, line=index, precision=display_precision(event_in)))
    if problems:
        raise ImportRowsError(problems)
    if not items:
        raise ImportFileError("no_dates", path.name)
    return items


class _VEventProblem(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def event_from_vevent(vevent: Any, *, document: str, tz: ZoneInfo = OSLO) -> PlanEventCreate:
    """One VEVENT as a validated event: all-day DTEND made inclusive, times converted to `tz`."""
    title = str(vevent.get("SUMMARY") or "").strip()
    if not title:
        raise _VEventProblem("import.row.missing_title")
    if vevent.get("DTSTART") is None:
        raise _VEventProblem("import.row.no_start")
    begins = vevent.decoded("DTSTART")
    ends = vevent.decoded("DTEND") if vevent.get("DTEND") is not None else None
    duration = vevent.decoded("DURATION") if vevent.get("DURATION") is not None else None
    start_time: time | None = None
    minutes: int | None = None
    if isinstance(begins, datetime):
        local_start = _local(begins, tz)
        local_end = _local(ends, tz) if isinstance(ends, datetime) else None
        if local_end is None and duration is not None:
            local_end = local_start + duration
        start = local_start.date()
        start_time = local_start.time().replace(second=0, microsecond=0)
        end = start
        if local_end is not None and local_end > local_start:
            minutes = int((local_end - local_start).total_seconds() // 60) or None
            end = (local_end - timedelta(microseconds=1)).date()
            if minutes and minutes > 60 * 24 * 14:
                minutes = None
    else:
        start = begins
        if isinstance(ends, date) and ends > begins:
            end = ends - timedelta(days=1)  # DTEND of an all-day event is exclusive
        elif duration is not None and duration.days > 0:
            end = begins + duration - timedelta(days=1)
        else:
            end = begins
    recurrence, until = _recurrence_of(vevent, tz)
    precision = str(vevent.get("X-PLANBOT-PRECISION") or Precision.DAY)
    if precision not in Precision._value2member_map_:
        precision = Precision.DAY
    location = str(vevent.get("LOCATION") or "").strip()
    try:
        url = clean_event_url(str(vevent.get("URL") or ""))
    except BadEventUrl as exc:
        raise _VEventProblem("import.row.bad_url", value=exc.value) from exc
    status = str(vevent.get("STATUS") or "").upper()
    state = {"CANCELLED": EventState.CANCELLED, "CONFIRMED": EventState.CONFIRMED}.get(
        status, EventState.TENTATIVE
    )
    return PlanEventCreate(
        title=title[:300],
        kind=_kind_of(vevent),
        start_date=start,
        end_date=end,
        precision=precision,
        start_time=start_time,
        duration_minutes=minutes,
        recurrence=recurrence,
        recurrence_until=until,
        locations=[location] if location else [],
        description=str(vevent.get("DESCRIPTION") or "").strip(),
        url=url,
        state=state,
        source_document=document,
        source_quote=title,
    )


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """Wall-clock time in `tz` (a floating time is taken as already local), without tzinfo."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(tz).replace(tzinfo=None)


def _recurrence_of(vevent: Any, tz: ZoneInfo) -> tuple[str | None, date | None]:
    rule = vevent.get("RRULE")
    if rule is None:
        return None, None
    rule = vRecur(rule)
    until = rule.pop("UNTIL", [None])[0]
    if isinstance(until, datetime):
        until = until.astimezone(tz).date() if until.tzinfo else until.date()
    return check_rrule(rule.to_ical().decode()), until


def _kind_of(vevent: Any) -> EventKind:
    own = str(vevent.get("X-PLANBOT-KIND") or "")
    if own in EventKind._value2member_map_:
        return EventKind(own)
    categories = vevent.get("CATEGORIES")
    names: list[str] = []
    for group in categories if isinstance(categories, list) else [categories]:
        if group is not None:
            names += [str(c) for c in getattr(group, "cats", [group])]
    for category in names:
        kind = parse_kind(category)
        if kind is not None and kind is not EventKind.OTHER:
            return kind
    return EventKind.OTHER


def export_calendar(
    *, session: Session, tz: ZoneInfo = OSLO, now: datetime, name: str, lang: str = "nb"
) -> bytes:
    """Every dated event of the plan (cancelled ones marked so) as iCalendar bytes."""
    events = session.exec(select(PlanEvent).order_by(col(PlanEvent.start_date), col(PlanEvent.id)))
    return plan_to_ics(events=list(events), tz=tz, now=now, name=name, lang=lang)
