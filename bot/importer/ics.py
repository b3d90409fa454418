"""Plan events from iCalendar (.ics) files: each VEVENT becomes one event (times in the plan's zone)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from pydantic import ValidationError

from bot.dates import OSLO, Precision
from bot.importer.items import ImportItem, ImportRowsError, ItemProblem
from bot.importer.model import ImportFileError
from bot.importer.reading import read_text_file
from bot.importer.structured import display_precision, parse_kind
from bot.models import EventKind, EventState, PlanEventCreate
from bot.services.events import BadEventUrl, clean_event_url
from bot.services.validation import check_rrule


def read_ics(path: Path, *, document: str | None = None, tz: ZoneInfo = OSLO) -> list[ImportItem]:
    """The VEVENTs of an .ics file as events (times in `tz`); ImportRowsError or ImportFileError."""
    path = Path(path)
    text = read_text_file(path)
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
        except (ValidationError, ValueError) as exc:
            problems.append(ItemProblem.from_error(index, exc))
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
