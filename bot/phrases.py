"""What people type to ask for part of the plan, in bokmål, nynorsk or English: a stretch of the
calendar ("neste uke", "denne uka", "mars 2027", "uke 13", "60 dager", "i morgen", "i helga", "neste månad")
or a day ("1.12", "1/12", "1. desember") and kinds of events
("frister", "møter"). Pure: `parse_plan_query` reads the words, `Period.window(today)` places them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.dates import MONTHS, iso_week_range, iso_weeks_in_year, month_range
from bot.services.units import fold
from bot.services.validation import full_year, next_day_of_year

DEFAULT_DAYS = 14
KIND_DAYS = 120
MAX_DAYS = 366

# Folded words (æøå spelled out) for a number of days from today.
DAY_COUNT_WORDS = {
    "uke": 7,
    "uka": 7,
    "uken": 7,
    "week": 7,
    "veke": 7,
    "veka": 7,
    "maned": 30,
    "maaned": 30,
    "manad": 30,
    "mnd": 30,
    "month": 30,
    "kvartal": 92,
    "quarter": 92,
    "ar": 366,
    "aret": 366,
    "year": 366,
}
WEEK_WORDS = frozenset({"uke", "uka", "uken", "week", "veke", "veka"})
MONTH_WORDS = frozenset({"maned", "maneden", "maaned", "manad", "manaden", "mnd", "month"})
THIS_WORDS = frozenset({"denne", "dette", "this", "current"})
NEXT_WORDS = frozenset({"neste", "next", "kommende", "coming"})
DAY_WORDS = frozenset({"dag", "dager", "dagene", "dagar", "d", "day", "days"})
# "3 uker", "2 måneder": a number of weeks or months from today.
UNIT_DAYS = {
    **dict.fromkeys(("uke", "uker", "ukene", "veke", "veker", "week", "weeks"), 7),
    **dict.fromkeys(
        ("maned", "maneder", "manedene", "manad", "manader", "mnd", "month", "months"), 30
    ),
}
FILLER_WORDS = frozenset(
    {"i", "in", "for", "pa", "om", "de", "the", "hele", "whole", "all", "alle"}
)
ONE_DAY = {"idag": 0, "today": 0, "imorgen": 1, "imorgon": 1, "imorra": 1, "tomorrow": 1}
WEEKEND_WORDS = frozenset({"helg", "helga", "helgen", "weekend"})
# A day as people write it: 1.12, 01.12.2026, 1/12, 1/12-26 (day first, as in Norway).
DAY_MONTH = re.compile(
    r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?(?![\d/,]|\.\d)"
)
# Folded words for each event kind, singular, definite and plural, nb and en.
KIND_WORDS = {
    "deadline": ("frist", "fristen", "frister", "fristene", "deadline", "deadlines"),
    "meeting": ("mote", "motet", "moter", "motene", "meeting", "meetings"),
    "campaign": ("kampanje", "kampanjen", "kampanjer", "kampanjene", "campaign", "campaigns"),
    "training": ("skolering", "skoleringer", "kurs", "training", "trainings"),
    "annual_meeting": ("arsmote", "arsmoter", "arsmotene", "annual", "annual_meeting"),
    "conference": ("konferanse", "konferanser", "landsmote", "conference", "conferences"),
    "other": ("annet", "andre", "other"),
}
KIND_BY_WORD = {word: kind for kind, words in KIND_WORDS.items() for word in words}


@dataclass(frozen=True)
class Period:
    """A stretch of the calendar as a person asked for it; `window(today)` gives its dates.

    `what` is one of: days (the `days` from today), day (today + `days`), weekend (this one, or
    the next when `number` is 1), this_week, next_week,
    week (ISO week `number`), this_month, next_month, month (month `number`), date (day `days` of
    month `number`: this year, or the next when it has passed); `year` is optional.
    """

    what: str = "days"
    days: int = DEFAULT_DAYS
    number: int | None = None
    year: int | None = None

    def window(self, today: date) -> tuple[date, date]:
        """(first day, last day); raise ValueError for a week or month that does not exist."""
        monday = today - timedelta(days=today.weekday())
        if self.what == "day":
            day = today + timedelta(days=self.days)
            return day, day
        if self.what == "date":
            if self.year is not None:
                day = date(self.year, self.number or 0, self.days)
                return day, day
            day = next_day_of_year(self.days, self.number or 0, today)
            return day, day
        if self.what == "weekend":  # the coming Saturday and Sunday (today on a weekend)
            saturday = monday + timedelta(days=5 + 7 * (self.number or 0))
            return max(saturday, today), saturday + timedelta(days=1)
        if self.what == "this_week":
            return today, monday + timedelta(days=6)
        if self.what == "next_week":
            return monday + timedelta(days=7), monday + timedelta(days=13)
        if self.what == "week":
            week = self.number or 0
            year = self.year or today.isocalendar().year
            if self.year is None and (
                week > iso_weeks_in_year(year) or iso_week_range(year, week)[1] < today
            ):
                year += 1
            return iso_week_range(year, week)
        if self.what == "this_month":
            return today, month_range(today.year, today.month)[1]
        if self.what == "next_month":
            first = month_range(today.year, today.month)[1] + timedelta(days=1)
            return month_range(first.year, first.month)
        if self.what == "month":
            month = self.number or 0
            year = self.year or (today.year if month >= today.month else today.year + 1)
            return month_range(year, month)
        if not 1 <= self.days <= MAX_DAYS:
            raise ValueError(f"{self.days} days")
        return today, today + timedelta(days=self.days - 1)


@dataclass(frozen=True)
class PlanQuery:
    """`/plan neste uke frister`: the period and (maybe) the kinds of events asked for."""

    period: Period = Period()
    kinds: frozenset[str] | None = None

    def window(self, today: date) -> tuple[date, date] | None:
        """The period's first and last day; None for a week that does not exist (week 53) or a
        number of days outside 1–366 (`period.what` says which)."""
        try:
            return self.period.window(today)
        except ValueError:
            return None


def _tokens(text: str) -> list[str]:
    """Folded words; 'uke13' and '60d' split like 'uke 13', quotes and punctuation dropped."""
    words = re.findall(r"[^\W\d_]+|\d+", fold(text))
    out: list[str] = []
    for word in words:
        if out and out[-1] == "i" and word in ("dag", "morgen", "morgon", "morra"):
            out[-1] = "i" + word
        else:
            out.append(word)
    return out


def _year(word: str | None) -> int | None:
    return int(word) if word and re.fullmatch(r"20\d\d", word) else None


def _date_period(day: int, month: int, year: int | None) -> Period | None:
    """The day asked for, or None when no year has it (31.02, 12.31)."""
    try:
        date(year or 2024, month, day)  # 2024: a leap year, so 29.02 is a day
    except ValueError:
        return None
    return Period("date", days=day, number=month, year=year)


def parse_plan_query(text: str) -> PlanQuery | None:
    """The period and kinds the words ask for; None when a word is not understood."""
    period: Period | None = None
    typed = DAY_MONTH.search(text)
    if typed:
        day, month, year = typed.groups()
        period = _date_period(int(day), int(month), None if year is None else full_year(year))
        if period is None:
            return None
        text = text[: typed.start()] + " " + text[typed.end() :]
    words = _tokens(text)
    if not words and period is None and text.strip():
        return None  # only emoji or punctuation ("🎉", "?"): not understood, so the help
    kinds: set[str] = set()
    modifier = ""
    i = 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        if word in THIS_WORDS or word in NEXT_WORDS:
            modifier = "this" if word in THIS_WORDS else "next"
            i += 1
            continue
        if word.isdecimal() and after in MONTHS and len(word) <= 2:
            year = _year(words[i + 2] if i + 2 < len(words) else None)
            period = _date_period(int(word), MONTHS[after], year)
            if period is None:
                return None
            i += 2 if year is None else 3
            continue
        if word.isdecimal():
            if after is not None and after.isdecimal():
                return None
            period = Period(days=int(word[:4]) * UNIT_DAYS.get(after or "", 1))
            if after in DAY_WORDS or after in UNIT_DAYS:
                i += 1
        elif word in WEEK_WORDS and after is not None and after.isdecimal() and not modifier:
            year = _year(words[i + 2] if i + 2 < len(words) else None)
            period = Period("week", number=int(after), year=year)
            i += 2 if year is None else 3
            continue
        elif word in WEEK_WORDS and modifier:
            period = Period("this_week" if modifier == "this" else "next_week")
        elif word in WEEKEND_WORDS:
            period = Period("weekend", number=1 if modifier == "next" else 0)
        elif word in MONTH_WORDS and modifier:
            period = Period("this_month" if modifier == "this" else "next_month")
        elif word in DAY_COUNT_WORDS:
            period = Period(days=DAY_COUNT_WORDS[word])
        elif word in MONTHS:
            year = _year(after)
            period = Period("month", number=MONTHS[word], year=year)
            i += 1 if year is None else 2
            continue
        elif word in ONE_DAY:
            period = Period("day", days=ONE_DAY[word])
        elif word in KIND_BY_WORD:
            kinds.add(KIND_BY_WORD[word])
        elif word not in FILLER_WORDS:
            return None
        modifier = ""
        i += 1
    if period is None:
        period = Period(days=KIND_DAYS if kinds else DEFAULT_DAYS)
    if period.what == "week" and not 1 <= (period.number or 0) <= 53:
        return None
    return PlanQuery(period, frozenset(kinds) or None)
