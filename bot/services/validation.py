"""Every value a person types, checked once for every surface (CLI, Slack, Teams pages, imports).

A bad value raises InvalidInput: a ValueError whose `message(lang)` says, in the person's language,
what was wrong and what to type instead. Rows already in the database are checked with the same
rules (`check_event_row`), so the planner can skip a bad one and staff can be told which it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from dateutil.rrule import DAILY, rrule, rrulestr
from pydantic import ValidationError

from bot.dates import MONTHS, Precision, format_date
from bot.enums import EventKind, EventState, ObligationState
from bot.texts import t
from bot.webhooks import is_webhook_url, mask_webhook_url, webhook_mistake

# "1.12.2026", "1/12/26", "1.12": day and month, then the year in four or two digits or none.
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?")
# "3. januar", "13. feb. 2028", "1 desember": a day with its month's name.
DAY_MONTH_NAME = re.compile(r"(\d{1,2})\.?\s*([^\W\d_]+)\.?(?:\s+(\d{4}))?")
# "19:00", "9.30", "1930", "kl. 19", "19": a whole hour may be typed without its minutes.
CLOCK_TIME = re.compile(
    r"\s*(?:kl\.?\s*)?(?:(\d{1,2})(?:[:.](\d{2}))?|(\d{2})(\d{2}))\s*", re.IGNORECASE
)
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
# What Slack's "Copy link" gives for a channel or a person: the id is its last part.
SLACK_LINK = re.compile(
    r"https://[\w.-]+\.slack\.com/(?:archives|team)/([A-Za-z0-9]+)/?(?:[?#]\S*)?"
)
# RRULE frequencies from rarest to most frequent (dateutil numbers them YEARLY=0 … SECONDLY=6).
FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
MAX_OFFSET_DAYS = 365
MAX_TITLE = 300
# What a stored event's or obligation's choice columns may hold (checked for every row read).
EVENT_KINDS = tuple(k.value for k in EventKind)
EVENT_STATES = tuple(s.value for s in EventState)
PRECISIONS = tuple(p.value for p in Precision)
OBLIGATION_STATES = tuple(s.value for s in ObligationState)
# The years a plan's dates may fall in (as for the year a plan is for).
FIRST_YEAR, LAST_YEAR = 1990, 2100


class InvalidInput(ValueError):
    """A value a person typed that Planbot cannot use; `message(lang)` says what to type instead."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The one line to show, in `lang` (dates written as people write them)."""
        return t(
            self.key,
            lang,
            **{
                name: format_date(value, lang, weekday=False) if isinstance(value, date) else value
                for name, value in self.values.items()
            },
        )


def invalid_input_of(exc: Exception) -> InvalidInput | None:
    """The InvalidInput `exc` is, or the first one inside a pydantic ValidationError."""
    if isinstance(exc, InvalidInput):
        return exc
    if isinstance(exc, ValidationError):
        for error in exc.errors():
            inner = (error.get("ctx") or {}).get("error")
            if isinstance(inner, InvalidInput):
                return inner
    return None


def message_of(exc: Exception, lang: str) -> str:
    """What to tell a person about `exc`: the InvalidInput text in `lang` (also from inside a
    pydantic ValidationError), else the error itself."""
    if (invalid := invalid_input_of(exc)) is not None:
        return invalid.message(lang)
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)


def check_title(text: str) -> str:
    """An event's title: not empty, at most 300 characters (surrounding spaces dropped)."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput("valid.title_empty")
    if len(value) > MAX_TITLE:
        raise InvalidInput("valid.title_long", most=MAX_TITLE, length=len(value))
    return value


@dataclass(frozen=True)
class TypedDay:
    """A date as typed: the day, and whether Planbot chose its year (none was typed)."""

    day: date
    year_chosen: bool = False


def read_day(text: str, *, today: date | None = None) -> TypedDay:
    """A date typed as YYYY-MM-DD or as Norwegians write it: D.M.YYYY, D.M.YY, D/M/YYYY, "3.
    januar 2027", or without a year ("1.12", "1/12", "3. jan": the next such day from `today`,
    which says so; refused when there is no `today`). A two-digit year is this century's."""
    parts = read_day_month(text)
    if parts is not None:
        day, month, year = parts
        try:
            if year is not None:
                return TypedDay(date(year, month, day))
            if today is not None:
                return TypedDay(next_day_of_year(day, month, today), year_chosen=True)
        except ValueError:
            pass
    raise InvalidInput("valid.date", value=text)


def read_day_month(text: str) -> tuple[int, int, int | None] | None:
    """(day, month, year or None) of a date typed as `read_day` reads one ("1.12", "1. desember",
    "1.12.2026", "2026-12-01"), whatever the year; None when it is no such date."""
    value = (text or "").strip()
    try:
        day = date.fromisoformat(value)
        return day.day, day.month, day.year
    except ValueError:
        pass
    match = DAY_MONTH_YEAR.fullmatch(value)
    named = DAY_MONTH_NAME.fullmatch(value.lower())
    if match:
        found = int(match.group(1)), int(match.group(3)), match.group(4)
    elif named and named.group(2) in MONTHS:
        found = int(named.group(1)), MONTHS[named.group(2)], named.group(3)
    else:
        return None
    day_, month, typed_year = found
    year = full_year(typed_year) if typed_year is not None else None
    try:
        date(year or 2028, month, day_)  # 2028: a leap year, so 29.2 is a day
    except ValueError:
        return None
    return day_, month, year


def full_year(typed: str) -> int:
    """A year typed with four digits, or two ("26": this century's 2026)."""
    return int(typed) + (2000 if len(typed) == 2 else 0)


def next_day_of_year(day: int, month: int, today: date) -> date:
    """The first day `day`.`month` on or after `today` (29 February: the next leap year's);
    ValueError when no year has that day."""
    for year in range(today.year, today.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"no day {day}.{month}")


def parse_day(text: str, *, today: date | None = None) -> date:
    """A date typed as `read_day` reads it."""
    return read_day(text, today=today).day


def parse_plan_year(text: str) -> int:
    """The year a plan is for, when its text does not say: four digits, 1990–2100."""
    value = (text or "").strip()
    if (
        value.isascii()
        and value.isdecimal()
        and len(value) == 4
        and FIRST_YEAR <= int(value) <= LAST_YEAR
    ):
        return int(value)
    raise InvalidInput("valid.plan_year", value=text)


def parse_clock_time(text: str) -> time:
    """A local time of day typed as HH:MM (or H.MM, HHMM, 'kl. 19', '19'), 00:00–23:59."""
    match = CLOCK_TIME.fullmatch(text or "")
    if match:
        hour, minute, packed_hour, packed_minute = match.groups()
        hours, minutes = int(hour or packed_hour), int(minute or packed_minute or 0)
        if hours <= 23 and minutes <= 59:
            return time(hours, minutes)
    raise InvalidInput("valid.time", value=text)


def check_date_order(start: date | None, end: date | None) -> None:
    """An end needs a start, and is on the start day or later."""
    if end is not None and start is None:
        raise InvalidInput("valid.end_without_start", end=end)
    if start is not None and end is not None and end < start:
        raise InvalidInput("valid.end_before_start", start=start, end=end)


def check_rrule(text: str) -> str:
    """The RFC 5545 rule without an RRULE: prefix; refused when it does not parse or repeats more
    often than daily (an hourly rule would cost the planner thousands of occurrences a day)."""
    body = (text or "").strip().removeprefix("RRULE:").strip()
    try:
        rule = rrulestr(body, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidInput("valid.rrule", value=text) from exc
    if not isinstance(rule, rrule) or not body:
        raise InvalidInput("valid.rrule", value=text)
    if rule._freq > DAILY:  # HOURLY, MINUTELY, SECONDLY
        raise InvalidInput("valid.rrule_too_frequent", value=text, freq=FREQUENCIES[rule._freq])
    if not _can_occur(rule):
        raise InvalidInput("valid.rrule_never", value=text)
    return body


# The most days each month can have (29 in February: a leap year).
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _can_occur(rule: rrule) -> bool:
    """Whether a rule's BY-parts leave any day at all (not the 30th of February, not day 32):
    dateutil looks for a day that never comes until the year 9999, seconds for each expansion."""
    months = rule._bymonth or range(1, 13)
    monthdays = [abs(day) for day in (*rule._bymonthday, *rule._bynmonthday)]
    if monthdays and not any(day <= MONTH_DAYS[m - 1] for m in months for day in monthdays):
        return False
    if rule._byyearday and not any(abs(day) <= 366 for day in rule._byyearday):
        return False
    return not rule._byweekno or any(abs(week) <= 53 for week in rule._byweekno)


def _from_slack_link(value: str) -> str:
    """The id in a link copied from Slack (…slack.com/archives/C0123ABCD), else `value`."""
    found = SLACK_LINK.fullmatch(value)
    return found.group(1) if found else value


def slack_id(text: str, pattern: re.Pattern[str]) -> str | None:
    """`text` as the Slack id `pattern` (USER_ID, CHANNEL_ID) describes, in Slack's capitals, or
    None. One typed in lower case ("u0123abcd", "c0staff" in a units file, an option or .env) is
    read when a digit follows its first letter, as in the ids Slack gives out: a name ("ulrik",
    "general", "ukari01") is never taken for one."""
    if pattern.fullmatch(text):
        return text
    upper = text.upper()
    if pattern.fullmatch(upper) and text[1:2].isdigit():
        return upper
    return None


def check_user_id(text: str) -> str:
    """A Slack user id, U… or W… (capitals and digits; one typed in lower case is upper-cased; a
    <@U…> mention, an id pasted with the @ Slack shows before a name (@U0123ABCD), or the link
    Slack's "Copy link" gives for a person, is accepted too)."""
    value = _from_slack_link((text or "").strip()).removeprefix("<@").removesuffix(">")
    found = slack_id(value.split("|")[0].removeprefix("@"), USER_ID)
    if found is None:
        raise InvalidInput("valid.user_id", value=text)
    return found


def check_channel_id(text: str | None) -> str | None:
    """A Slack channel id, C… or G… (capitals and digits; one typed in lower case is upper-cased;
    or the link Slack's "Copy link" gives for a channel); empty means no channel (None)."""
    value = _from_slack_link((text or "").strip())
    if not value:
        return None
    found = slack_id(value, CHANNEL_ID)
    if found is None:
        raise InvalidInput("valid.channel_id", value=text)
    return found


def is_channel_ref(value: str) -> bool:
    """Whether a stored channel is one Planbot can post to: an id (C…, G…) or a #name."""
    return bool(CHANNEL_ID.fullmatch(value)) or (value.startswith("#") and " " not in value)


def is_user_id(value: str) -> bool:
    """Whether a stored Slack user id has the form of one (U… or W…)."""
    return bool(USER_ID.fullmatch(value))


def is_email_address(value: str) -> bool:
    """Whether a person's cell is an e-mail address (kari@nordland.no), not an "@kari" as typed in Slack."""
    local, at, domain = value.strip().partition("@")
    return bool(at and local and "." in domain.strip(".") and " " not in value.strip())


def check_webhook_url(text: str | None) -> str | None:
    """A Teams Workflows webhook URL (a secret: the error shows it masked); empty means none."""
    value = (text or "").strip()
    if not value:
        return None
    if mistake := webhook_mistake(value):
        raise InvalidInput(f"teams.webhook.{mistake}", masked=mask_webhook_url(value))
    if not is_webhook_url(value):
        raise InvalidInput("teams.webhook.invalid", masked=mask_webhook_url(value))
    return value


def check_choice(value: str, choices: Iterable[str]) -> str:
    """One of `choices`, exactly as written there."""
    allowed = list(choices)
    if value not in allowed:
        raise InvalidInput("valid.choice", value=value, choices=", ".join(allowed))
    return value


def check_offset(*, rule: str, offset_days: int, direction: str) -> int:
    """A nudge rule's offset in days: ≤ 0 for a rule 'before' its date, ≥ 1 for one 'after' it."""
    if not -MAX_OFFSET_DAYS <= offset_days <= MAX_OFFSET_DAYS:
        raise InvalidInput("valid.offset_range", rule=rule, value=offset_days, most=MAX_OFFSET_DAYS)
    if direction == "before" and offset_days > 0:
        raise InvalidInput("valid.offset_before", rule=rule, value=offset_days)
    if direction == "after" and offset_days < 1:
        raise InvalidInput("valid.offset_after", rule=rule, value=offset_days)
    return offset_days


def check_event_row(
    *,
    start_date: date | None,
    end_date: date | None,
    precision: str,
    kind: str,
    recurrence: str | None,
    title: str | None = None,
    state: str | None = None,
) -> None:
    """The rules every stored event keeps (for rows written by an old version or by hand)."""
    if title is not None:
        check_title(title)
    if state is not None:
        check_choice(state, EVENT_STATES)
    check_choice(kind, EVENT_KINDS)
    check_choice(precision, PRECISIONS)
    check_date_order(start_date, end_date)
    if recurrence:
        check_rrule(recurrence)
    for day in (start_date, end_date):
        check_plan_date(day)


def check_plan_date(day: date | None) -> None:
    """A date of the plan lies in FIRST_YEAR–LAST_YEAR (none is fine)."""
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput("valid.date_range", value=day, first=FIRST_YEAR, last=LAST_YEAR)


def check_obligation_row(*, state: str, due_date: date | None) -> None:
    """The rules every stored obligation keeps: a known state, a due date inside the plan's years."""
    check_choice(state, OBLIGATION_STATES)
    check_plan_date(due_date)


@dataclass(frozen=True)
class RowProblem:
    """A row already in the database that breaks these rules: skipped, and named to staff."""

    text_key: str
    values: tuple[tuple[str, Any], ...]
    error: Exception

    def message(self, lang: str) -> str:
        """Which row, what is wrong with it and how to fix it, in `lang`."""
        return t(self.text_key, lang, **dict(self.values), error=message_of(self.error, lang))

    @property
    def key(self) -> str:
        """Stable while the row stays broken the same way (a staff notice is sent once per key)."""
        digest = hashlib.sha256(f"{self.values}|{self.error}".encode()).hexdigest()[:16]
        return f"problem:{self.text_key}:{digest}"


def unreadable_problem(kind: str, values: dict[str, Any], column: str, value: str) -> RowProblem:
    """A stored event, obligation, unit or nudge rule (`kind`) with a value no column type can read
    (bot.db)."""
    error = InvalidInput("valid.unreadable_value", column=column, value=value)
    return RowProblem(f"valid.unreadable_{kind}_row", tuple(values.items()), error)


def obligation_problem(unit: str, title: str, error: Exception) -> RowProblem:
    """A stored obligation of one unit for one deadline that cannot be used."""
    return RowProblem("valid.bad_obligation_row", (("unit", unit), ("title", short(title))), error)


def policy_problem(rule: str, error: Exception) -> RowProblem:
    """A stored nudge rule that cannot be used."""
    return RowProblem("valid.bad_policy_row", (("rule", rule),), error)


def event_problem(event_id: int | None, title: str, error: Exception) -> RowProblem:
    """A stored event that cannot be planned (a long title shortened: the notice must fit)."""
    return RowProblem("valid.bad_event_row", (("id", event_id), ("title", short(title))), error)


def short(text: str, most: int = 80) -> str:
    """`text`, cut to `most` characters with an ellipsis."""
    return text if len(text) <= most else text[: most - 1] + "…"
