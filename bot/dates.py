"""The date language of the domain: precisions, ISO weeks, seasons, quarters, recurrences,
Norwegian public holidays, and dates formatted for people in bokmål or English."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from dateutil.rrule import DAILY, WEEKLY, rrulestr
from dateutil.rrule import rrule as dateutil_rrule

from bot.texts import t

OSLO = ZoneInfo("Europe/Oslo")

LOCALES = {"nb": "nb_NO", "en": "en_GB"}


class Precision(StrEnum):
    """How exactly a plan event is placed in time."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    QUARTER = "quarter"
    YEAR = "year"


class Season(StrEnum):
    """Seasons as the plans use them (the gold convention: vinter is January-February of the year)."""

    WINTER = "winter"
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    FIRST_HALF = "first_half"
    SECOND_HALF = "second_half"


# (first month, last month) of each season inside its year.
SEASON_MONTHS: dict[Season, tuple[int, int]] = {
    Season.WINTER: (1, 2),
    Season.SPRING: (3, 5),
    Season.SUMMER: (6, 8),
    Season.AUTUMN: (9, 11),
    Season.FIRST_HALF: (1, 6),
    Season.SECOND_HALF: (7, 12),
}

SEASON_NAMES = {
    "nb": {
        Season.WINTER: "vinteren",
        Season.SPRING: "våren",
        Season.SUMMER: "sommeren",
        Season.AUTUMN: "høsten",
        Season.FIRST_HALF: "vårhalvåret",
        Season.SECOND_HALF: "høsthalvåret",
    },
    "en": {
        Season.WINTER: "winter",
        Season.SPRING: "spring",
        Season.SUMMER: "summer",
        Season.AUTUMN: "autumn",
        Season.FIRST_HALF: "first half of",
        Season.SECOND_HALF: "second half of",
    },
}

# A month as people type it after a day («1. desember», «3. jan»), Norwegian or English.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}

MONTH_NAMES_NB = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


# --- periods as date ranges -------------------------------------------------------------


def iso_weeks_in_year(year: int) -> int:
    """Number of ISO weeks (52 or 53) in an ISO year."""
    return date(year, 12, 28).isocalendar().week


def iso_week_range(year: int, week: int) -> tuple[date, date]:
    """Monday and Sunday of ISO week `week` of ISO year `year`."""
    if not 1 <= week <= iso_weeks_in_year(year):
        raise ValueError(f"ISO year {year} has no week {week}")
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


def month_range(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def months_range(year: int, first: int, last: int) -> tuple[date, date]:
    """First day of `first` to last day of `last` (a later year when last < first)."""
    start = month_range(year, first)[0]
    end = month_range(year + (1 if last < first else 0), last)[1]
    return start, end


def season_range(year: int, season: Season) -> tuple[date, date]:
    """The span of a season in a year."""
    first, last = SEASON_MONTHS[season]
    return months_range(year, first, last)


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter (1-4)."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    return months_range(year, 3 * quarter - 2, 3 * quarter)


def year_range(year: int) -> tuple[date, date]:
    """1 January to 31 December."""
    return date(year, 1, 1), date(year, 12, 31)


def period_of(day: date, precision: Precision) -> tuple[date, date]:
    """The whole week, month, season, quarter or year of `precision` that `day` falls in."""
    if precision is Precision.WEEK:
        iso = day.isocalendar()
        return iso_week_range(iso.year, iso.week)
    if precision is Precision.MONTH:
        return month_range(day.year, day.month)
    if precision is Precision.SEASON:
        for season in (Season.WINTER, Season.SPRING, Season.SUMMER, Season.AUTUMN):
            first, last = SEASON_MONTHS[season]
            if first <= day.month <= last:
                return season_range(day.year, season)
    if precision is Precision.QUARTER:
        return quarter_range(day.year, (day.month - 1) // 3 + 1)
    if precision is Precision.YEAR:
        return year_range(day.year)
    return day, day


def season_of(start: date, end: date) -> Season | None:
    """The season whose span is exactly start..end, if any."""
    if start.year != end.year:
        return None
    for season in Season:
        if season_range(start.year, season) == (start, end):
            return season
    return None


# --- time zones -------------------------------------------------------------------------


def local_datetime(day: date, at: time, tz: ZoneInfo = OSLO) -> datetime:
    """An aware UTC datetime for wall-clock `at` on `day` in `tz` (DST-correct)."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def local_date(moment: datetime, tz: ZoneInfo = OSLO) -> date:
    """The calendar date of an aware moment in `tz`."""
    return moment.astimezone(tz).date()


# --- recurrences ------------------------------------------------------------------------


def scan_rule(rrule: str, dtstart: date, window_start: date) -> Any:
    """The dateutil rule that expand_recurrence walks: a daily or weekly rule without COUNT starts
    from its last whole period before the window (same dates, no walk through the years)."""
    rule = rrulestr(rrule_body(rrule), dtstart=datetime.combine(dtstart, time()))
    if isinstance(rule, dateutil_rrule) and rule._count is None and rule._freq in (DAILY, WEEKLY):
        period = rule._interval * (7 if rule._freq == WEEKLY else 1)
        skipped = max(0, (window_start - dtstart).days - period) // period * period
        if skipped:
            rule = rule.replace(dtstart=datetime.combine(dtstart + timedelta(days=skipped), time()))
    return rule


def expand_recurrence(
    rrule: str,
    dtstart: date,
    window_start: date,
    window_end: date,
    *,
    limit: int = 1000,
) -> list[date]:
    """Dates of an RFC 5545 RRULE starting at `dtstart` that fall in [window_start, window_end].

    Expansion runs on local calendar dates, so a wall-clock time attached to each occurrence stays
    the same local time across daylight-saving changes. A rule more frequent than daily is refused
    (ValueError), and a daily or weekly rule without COUNT starts from the last whole period before
    the window, so an event from long ago costs no more than one that started last week.
    """
    rule = scan_rule(rrule, dtstart, window_start)
    lo = datetime.combine(max(window_start, dtstart), time())
    hi = datetime.combine(window_end, time())
    out: list[date] = []
    for moment in rule.between(lo, hi, inc=True):
        out.append(moment.date())
        if len(out) >= limit:
            break
    return out


def rrule_body(rrule: str) -> str:
    """The rule without an RRULE: prefix; ValueError when it does not parse or repeats more often
    than daily (people get the reason from bot.services.validation.check_rrule)."""
    body = (rrule or "").strip().removeprefix("RRULE:").strip()
    rule = rrulestr(body, dtstart=datetime(2000, 1, 1)) if body else None
    if not isinstance(rule, dateutil_rrule):
        raise ValueError(f"not a single RRULE: {rrule!r}")
    if rule._freq > DAILY:
        raise ValueError(f"repeats more often than once a day: {rrule!r}")
    return body


# --- holidays ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays_for(year: int, language: str) -> dict[date, str]:
    lang = "no" if language == "nb" else "en_US"
    return dict(holidays_lib.country_holidays("NO", years=year, language=lang).items())


def holiday_name(day: date, language: str = "nb") -> str | None:
    """The name of the public holiday on `day`, or None."""
    return _holidays_for(day.year, language).get(day)


def holiday_named(year: int, name: str) -> date:
    """The day in `year` of the public holiday the library calls `name` in bokmål ('Første
    juledag', 'Andre pinsedag')."""
    days = _holidays_for(year, "nb").items()
    return next(day for day, names in days if name in names.split("; "))


def holiday_words(day: date, language: str = "nb") -> str | None:
    """The holiday on `day` as it reads in a sentence: 'første juledag', 'andre pinsedag og
    grunnlovsdag' (17 May 2027), 'Kristi himmelfartsdag'; None on other days."""
    holiday = holiday_name(day, language)
    if not holiday:
        return None
    names = [name.strip() for name in holiday.split(";")]
    if language == "nb":  # «andre pinsedag», but «Kristi himmelfartsdag» keeps its name
        names = [
            name if name.startswith("Kristi ") else name[:1].lower() + name[1:] for name in names
        ]
    return t("match.and", language).join(names)


# Julaften and nyttårsaften are no public holidays, but most workplaces close and nobody wants a
# reminder about an annual-meeting date that morning.
DAYS_OFF = ((12, 24), (12, 31))


def is_working_day(day: date) -> bool:
    """Monday to Friday, not a Norwegian public holiday, nor julaften or nyttårsaften."""
    if (day.month, day.day) in DAYS_OFF:
        return False
    return day.weekday() < 5 and day not in _holidays_for(day.year, "nb")


def next_working_day(day: date, *, include_today: bool = False) -> date:
    """The first working day after `day` (or `day` itself when allowed and it is one)."""
    candidate = day if include_today else day + timedelta(days=1)
    while not is_working_day(candidate):
        candidate += timedelta(days=1)
    return candidate


def first_working_day_of_week(day: date) -> date:
    """The first working day of `day`'s ISO week: Monday, or Tuesday after Easter Monday, …"""
    return next_working_day(day - timedelta(days=day.weekday()), include_today=True)


def previous_working_day(day: date, *, include_today: bool = False) -> date:
    """The last working day before `day` (or `day` itself when allowed and it is one)."""
    candidate = day if include_today else day - timedelta(days=1)
    while not is_working_day(candidate):
        candidate -= timedelta(days=1)
    return candidate


def parse_month_day(text: str) -> tuple[int, int]:
    """(month, day) from 'MM-DD' (e.g. '12-24'); raise ValueError if no year has that day."""
    month, sep, day = text.strip().partition("-")
    if not (sep and month.isdecimal() and day.isdecimal()):
        raise ValueError(f"not MM-DD: {text!r}")
    date(2000, int(month), int(day))  # a leap year: 02-29 is allowed
    return int(month), int(day)


def quiet_period_end(day: date, period: tuple[tuple[int, int], tuple[int, int]]) -> date | None:
    """The last day of the yearly quiet period (first..last, may wrap the new year) holding `day`,
    or None when `day` is outside it."""
    first, last = period
    wraps = last < first
    for year in (day.year - 1, day.year):
        start = date(year, *_valid_month_day(first, year))
        end = date(
            year + 1 if wraps else year, *_valid_month_day(last, year + 1 if wraps else year)
        )
        if start <= day <= end:
            return end
    return None


def _valid_month_day(month_day: tuple[int, int], year: int) -> tuple[int, int]:
    month, day = month_day
    return month, min(day, calendar.monthrange(year, month)[1])


# --- formatting for people --------------------------------------------------------------


@lru_cache(maxsize=4096)  # pure; a wave of nudges formats the same dates again and again
def format_date(day: date, language: str = "nb", *, weekday: bool = True, year: bool = True) -> str:
    """'tirsdag 1. desember 2026' / 'Tuesday 1 December 2026'."""
    pattern = "d. MMMM" if language == "nb" else "d MMMM"
    if year:
        pattern += " y"
    if weekday:
        pattern = "EEEE " + pattern
    return babel_format_date(day, pattern, locale=LOCALES.get(language, "nb_NO"))


@lru_cache(maxsize=4096)  # pure; a wave of nudges formats the same dates again and again
def format_short_date(day: date, language: str = "nb") -> str:
    """'1. des.' / '1 Dec' for compact lists."""
    pattern = "d. MMM" if language == "nb" else "d MMM"
    return babel_format_date(day, pattern, locale=LOCALES.get(language, "nb_NO"))


def format_time(at: time) -> str:
    """'09:00' (24-hour clock in both languages)."""
    return at.strftime("%H:%M")


def week_label(day: date, language: str = "nb") -> str:
    """'uke 49' / 'week 49' for the ISO week containing `day`."""
    week = day.isocalendar().week
    return f"uke {week}" if language == "nb" else f"week {week}"


@lru_cache(maxsize=4096)  # pure; a wave of nudges formats the same dates again and again
def month_name(month: int, language: str = "nb") -> str:
    """'januar' / 'January'."""
    return babel_format_date(date(2000, month, 1), "LLLL", locale=LOCALES.get(language, "nb_NO"))


FREQUENCY_KEYS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def rule_parts(rule: str | None) -> dict[str, str]:
    """A recurrence rule's parts by name ('FREQ=MONTHLY;BYDAY=1MO' → FREQ, BYDAY), names upper case."""
    text = (rule or "").removeprefix("RRULE:")
    return {
        name.upper(): value
        for name, sign, value in (part.partition("=") for part in text.split(";"))
        if sign and name
    }


def describe_recurrence(rule: str, language: str = "nb") -> str:
    """A recurrence rule in words, the one wording everywhere: 'hver måned', 'annenhver uke',
    'hver 3. måned'; 'gjentas' for a rule with no such words."""
    parts = rule_parts(rule)
    unit = FREQUENCY_KEYS.get(parts.get("FREQ", ""))
    if unit is None:
        return t("recurring.other", language)
    interval_text = parts.get("INTERVAL", "1")
    interval = int(interval_text) if interval_text.isdecimal() else 1
    on_day = _on_weekday(unit, interval, parts.get("BYDAY", ""), language)
    if on_day is not None:
        return on_day
    if interval == 1:
        return t(f"import.every.{unit}", language)
    if interval == 2:
        return t(f"import.every_other.{unit}", language)
    return t(f"import.every_n.{unit}", language, n=interval)


RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BYDAY_PART = re.compile(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)")


def _on_weekday(unit: str, interval: int, byday: str, language: str) -> str | None:
    """'hver mandag', 'annenhver tirsdag', 'første mandag i hver måned', 'siste torsdag i hver
    måned' for a rule on one weekday (None for any other rule)."""
    found = BYDAY_PART.fullmatch(byday)
    if found is None or interval > 2:
        return None
    ordinal, code = found.groups()
    day = get_day_names("wide", locale=LOCALES.get(language, "nb_NO"))[RRULE_DAYS.index(code)]
    if unit == "week" and ordinal is None:
        key = "recurring.every_weekday" if interval == 1 else "recurring.every_other_weekday"
        return t(key, language, day=day)
    if unit == "month" and interval == 1 and ordinal in ("1", "2", "3", "4", "-1"):
        return t(f"recurring.nth_weekday.{ordinal}", language, day=day)
    return None


@lru_cache(maxsize=4096)  # pure; a wave of nudges formats the same dates again and again
def describe_period(
    start: date, end: date, precision: Precision | str, language: str = "nb"
) -> str:
    """A span in the words of its precision: 'uke 13', 'januar 2027', 'våren 2026', '1. kvartal 2026'."""
    p = Precision(precision)
    if p is Precision.DAY:
        if start == end:
            return format_date(start, language)
        if (start.year, start.month) == (end.year, end.month):
            first = f"{start.day}." if language == "nb" else str(start.day)
            return f"{first}–{format_date(end, language, weekday=False)}"
        if start.year == end.year:
            return f"{format_date(start, language, weekday=False, year=False)}–{format_date(end, language, weekday=False)}"
        return f"{format_date(start, language, weekday=False)}–{format_date(end, language, weekday=False)}"
    if p is Precision.WEEK:
        first_week, last_week = start.isocalendar(), end.isocalendar()
        word = "uke" if language == "nb" else "week"
        if first_week.week == last_week.week and first_week.year == last_week.year:
            return f"{word} {first_week.week} {first_week.year}"
        return f"{word} {first_week.week}–{last_week.week} {last_week.year}"
    if p is Precision.MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return f"{month_name(start.month, language)} {start.year}"
        if start.year == end.year:
            return (
                f"{month_name(start.month, language)}–{month_name(end.month, language)} {end.year}"
            )
        return f"{month_name(start.month, language)} {start.year}–{month_name(end.month, language)} {end.year}"
    if p is Precision.SEASON:
        season = season_of(start, end)
        if season is not None:
            return f"{SEASON_NAMES[language if language in SEASON_NAMES else 'nb'][season]} {start.year}"
        return describe_period(start, end, Precision.MONTH, language)
    if p is Precision.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        if language == "nb":
            return f"{quarter}. kvartal {start.year}"
        return f"Q{quarter} {start.year}"
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}–{end.year}"
