"""The Norwegian date language as a set of prioritised regular-expression rules.

Each rule turns a match into `Item`s: a dated period (built once the year is known), a
recurrence, a relative deadline, an undated marker or a time of day. `find_expressions` runs the
rules in order over a whole document, masking what earlier rules claimed, so "12.-20. september"
is read as one span and never again as a month.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta, weekday
from dateutil.rrule import weekdays as RRULE_WEEKDAYS

from bot.dates import (
    SEASON_MONTHS,
    Season,
    iso_week_range,
    month_range,
    months_range,
    quarter_range,
    season_range,
    year_range,
)
from bot.importer.lexicon import (
    AMBIGUOUS_SEASON_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_ANCHORS,
    SEASON_WORDS,
    TERM_WORDS,
    WEEKDAYS,
    month_number,
    number_value,
    words_pattern,
)
from bot.importer.named_days import NAMED_DAY, named_day
from bot.importer.recurrence import rrule_per_period, rrule_with_interval

SpanBuilder = Callable[[int], tuple[date, date]]
INVALID = "invalid"  # the precision of a date that cannot be (32. januar, 30. februar)
NEXT_TO_PREVIOUS = "next_to_previous"  # 'Dagen etter': a day counted from the day named before


@dataclass(frozen=True)
class Item:
    """One thing a date expression says: a period, a repetition, a relative or open date."""

    precision: str
    label: str
    explicit_year: int | None = None
    ref_month: int = 1
    build: SpanBuilder | None = None
    recurrence: str | None = None
    relative_anchor: str | None = None
    relative_months: int | None = None
    relative_days: int | None = None
    at: time | None = None
    next_year: bool = False  # 'i januar neste år': the year after the document's own
    term: bool = False  # 'vårsemesteret': the term a timetable runs through, no event of its own

    @property
    def is_dated(self) -> bool:
        """Whether the item becomes a start and end date."""
        return self.build is not None


@dataclass(frozen=True)
class Expression:
    """A matched date expression: its character span in the text and what it says."""

    start: int
    end: int
    rule: str
    items: tuple[Item, ...]


# --- building blocks --------------------------------------------------------------------

S = r"[ \t\u00a0]*"
S1 = r"[ \t\u00a0]+"
YEAR = r"(?:19|20)\d\d(?!\d)"
# 'mars ’14': a year shortened with an apostrophe for its century.
SHORT_YEAR = r"[’'‘]\d\d(?!\d)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
NUMMONTH = r"(?:1[0-2]|0?[1-9])(?!\d)"
MONTH_FULL = words_pattern(MONTHS) + r"\b"
MONTH_ANY = words_pattern({**MONTHS, **MONTH_ABBREVIATIONS}) + r"\b\.?"
WEEKDAY = words_pattern(WEEKDAYS) + r"\b"
# 'ons 11.9', 'tors. 3. okt.', 'Tys 10/12': a shortened weekday before a date.
WEEKDAY_SHORT = r"(?:man|tirs?|tys|ons|tors?|fre|lør|laur|søn|sun)\b\.?"
# A weekday or 'den' before a day, as whole words: not the 'den' that ends 'freden', 'uken'.
WD_PREFIX = rf"(?:\b(?:(?:{WEEKDAY}|{WEEKDAY_SHORT}){S1}(?:den{S1})?|den{S1}))?"
SPAN_SEP = r"\s*(?:[-–—]|\btil\b)\s*"
# Two days of one month named by number: a span, a pair ('17. og 18.08') or alternatives.
JOINED = r"\s*(?P<sep>[-–—]|\btil\b|\bog\b|&|\beller\b)\s*"
# ... and 'til og med' or 't.o.m.' with the last day's weekday ('fra mandag 23.12.19 til og med
# torsdag 02.01.20'), as the days written with the month's name are joined
JOINED_DAYS = (
    rf"\s*(?P<sep>[-–—]|\btil(?:{S1}og{S1}med)?\b|\bt\.{S}o\.{S}m\.|\bog\b|&|\beller\b)\s*"
    rf"(?:{WEEKDAY}{S1}(?:den{S1})?)?"
)
# 'starter fredag 16. februar og varer til lørdag 17. februar', 'Sesongen starter onsdag 7.
# august og avsluttes onsdag 25. september': the day a span of days ends
LASTS_UNTIL = (
    r"\bog[ \t]+(?:(?:varer|vare|varar|held|holder)[ \t]+(?:fram[ \t]+)?til"
    r"|(?:avsluttes|avsluttas|avsluttast|avslutter|sluttar|slutter|ender)(?:[ \t]+med)?)\b"
)
# 'fredag 04. mars 18:00 – lørdag 05. mars 16:00': the hour a span of days starts at
CLOCK = r"(?:(?:kl\.?|klokka|klokken)[ \t]*)?(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d.:])"
NUM = r"(?:\d{1,2}|" + words_pattern(NUMBER_WORDS) + r"\b)"
SEASON = words_pattern(SEASON_WORDS) + r"\b"
FLAGS = re.IGNORECASE
NEXT_YEAR = rf"(?P<next>{S1}(?:neste|kommende){S1}år\b)?"  # "i januar neste år"
# A shortened month alone ('Jan' as a heading, 'sept.'), but 'jul' alone is Christmas ('før jul.').
MONTH_SHORT_ALONE = words_pattern({k: v for k, v in MONTH_ABBREVIATIONS.items() if k != "jul"})
# '17. mai-feiring', '1. mai-tog', '15.mai - 17.mai markering', '“17.mai” feiring': the day names
# a holiday's doings
# (the extractor dates them by it only when the line gives no other date).
HOLIDAY_NAME = "holiday_name"
HOLIDAY_NOUN = (
    r"(?:markering|feiring|tog|frokost|komit|arrangement|fest|pynt|kor|sang|tale|program|hilsen"
    r"|kafe|kafé)"
)
# 'v. 13', 'u. 13' opening a line or a table cell (within a line 'v.' may be a road, 'vei')
WEEK_SHORT = r"(?:(?m:^)|(?<=\|))[ \t]*[vu]\."
NOT_SHARE = r"(?!\s*(?:%|prosent\b))"  # '2.5 og 3.5 prosent' are numbers
NUMERIC_DATE = rf"{DAYNUM}\.{NUMMONTH}\.?"  # '3.3', '7.4.' in a list of dates
# '30.1., 20.3., 4.4.': three or more closed pairs are a list of dates without an 'og'
CLOSED_DATE = rf"{DAYNUM}\.{NUMMONTH}\."
SLASH_DATE = rf"{DAYNUM}/{NUMMONTH}"  # '6/11' in a list of dates
# a comma between the days of a list, or a bracket ('5.5. (1.5 er helligdag) 5.6.')
LIST_GAP = rf"(?:{S},{S}|{S}\([^()\n]*\){S},?{S})"
# The days of a list before its last one ('9., 11. og 12. februar'): a comma parts them, and then
# the day's dot may be left out ('26, 27 og 28. mars', '18.,19., og 22. april'); without commas
# each has its dot ('1. 17. 18. og 29. mai'). A dot followed by a digit is a date, not a day.
LIST_DAY = rf"{DAYNUM}(?:\.(?!\d))?"
DAY_LIST = rf"{LIST_DAY}(?:(?:{S},{S}|(?<=\.){S1}){LIST_DAY})+{S},?{S}(?:og|&){S}{DAYNUM}"
# 'Uke 4, 22.–26. januar': a number with a day's dot after the week is the day, not a week
NOT_DAY = rf"(?!\.[ \t]*(?:[-–—\d]|{MONTH_ANY}))"
HOUR = r"(?:[01]?\d|2[0-3])"
UNTIL = r"(?:[ \t]*[-–][ \t]*|[ \t]+til[ \t]+)"  # '18-20', '18 til 20'
# 'kl. 18.00', 'kl 18:00', and four digits in a row ('kl 1800', Språkrådet's 'kl. 1300')
MINUTES_SEP = r"(?:[.:]|(?<=\d\d))"
# A time of day written without 'kl' right after a day ('3. mars 18:00', '3.4. 19-21',
# 'Styremøte 3. april 19–21', 'fra 18 til 20'): hours and minutes, or a span of whole hours.
BARE_CLOCK = (
    rf"(?:fra[ \t]+)?(?P<h>{HOUR})(?:[.:](?P<mi>[0-5]\d)(?:{UNTIL}{HOUR}(?:{MINUTES_SEP}[0-5]\d)?)?"
    rf"|{UNTIL}(?P<h2>{HOUR}|24)(?:{MINUTES_SEP}[0-5]\d)?)"
    # not a number going on ('19.00.12'), but a time written with a colon may end its sentence
    # or clause ('Styremøte 3. mars 19:00.', '6. mars 18:30, i kantina')
    r"(?:(?<=:[0-5]\d)(?=[.,](?:\s|$))|(?![\d.,:]))"
)
# A time of day follows ('kl. 19', or one without 'kl'; the time rule runs first and masks it
# with NUL).
TIME_NEXT = (
    r"(?=[ \t]*(?:kl\b|klokka\b|klokken\b|\x00|" + re.sub(r"\(\?P<\w+>", "(?:", BARE_CLOCK) + "))"
)


def _year(text: str | None) -> int | None:
    """A four- or two-digit year as a full year."""
    if not text:
        return None
    value = int(text.lstrip("’'‘"))
    return value + 2000 if value < 100 else value


def _label_day(day: int, month: int) -> str:
    """'1. desember'."""
    return f"{day}. {_month_name(month)}"


def _month_name(month: int) -> str:
    """The bokmål name of a month."""
    return next(name for name, number in MONTHS.items() if number == month)


# --- periods ----------------------------------------------------------------------------


def day_span_item(
    d1: int, m1: int, y1: int | None, d2: int, m2: int, y2: int | None, label: str
) -> Item:
    """A span of days, rolling the end into the next year when it comes before the start."""
    if y1 is None and y2 is not None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1

    def build(year: int) -> tuple[date, date]:
        end_year = y2 if y2 is not None else year + (1 if (m2, d2) < (m1, d1) else 0)
        return date(year, m1, d1), date(end_year, m2, d2)

    return Item("day", label, y1, m1, build)


def single_day_item(day: int, month: int, year: int | None, label: str) -> Item:
    """One day."""
    return Item("day", label, year, month, lambda y: (date(y, month, day), date(y, month, day)))


def week_item(first: int, last: int, year: int | None) -> Item:
    """One ISO week or a run of ISO weeks ('uke 52–1' runs into the next year)."""

    def build(y: int) -> tuple[date, date]:
        return iso_week_range(y, first)[0], iso_week_range(y + (last < first), last)[1]

    label = f"uke {first}" if first == last else f"uke {first}–{last}"
    ref_month = date.fromisocalendar(2021, min(max(first, 1), 52), 1).month
    return Item("week", label, year, ref_month, build)


def month_item(first: int, last: int, year: int | None, last_year: int | None = None) -> Item:
    """A month or a run of months."""

    def build(y: int) -> tuple[date, date]:
        if last_year is not None:
            return month_range(y, first)[0], month_range(last_year, last)[1]
        return months_range(y, first, last)

    label = _month_name(first) if first == last else f"{_month_name(first)}–{_month_name(last)}"
    return Item("month", label, year, first, build)


def season_item(first: Season, last: Season, year: int | None, last_year: int | None) -> Item:
    """A season or a run of seasons ('vinter/vår 2022')."""

    def build(y: int) -> tuple[date, date]:
        start = season_range(y, first)[0]
        end_year = last_year if last_year is not None else y
        end = season_range(end_year, last)[1]
        if end < start:
            end = season_range(end_year + 1, last)[1]
        return start, end

    label = first.value if first == last else f"{first}-{last}"
    return Item("season", label, year, SEASON_MONTHS[first][0], build)


def quarter_item(quarter: int, year: int | None) -> Item:
    """A quarter of a year."""
    return Item(
        "quarter", f"{quarter}. kvartal", year, 3 * quarter - 2, lambda y: quarter_range(y, quarter)
    )


def year_item(first: int, last: int) -> Item:
    """A year or a run of years."""
    label = str(first) if first == last else f"{first}–{last}"
    return Item("year", label, first, 1, lambda _y: (year_range(first)[0], year_range(last)[1]))


# --- handlers ---------------------------------------------------------------------------

Handler = Callable[[re.Match[str]], list[Item] | None]


def on_day_span(m: re.Match[str]) -> list[Item] | None:
    """'26.-27. januar', '4. mai-16. mai', 'fra 25. april til 10. mai', '26. og 27. januar',
    'helgen 7.–9. november', 'lørdag 17.- og søndag 18. februar', '17. mar, kl. 17:00 — 18.
    mar, kl. 15:00', 'fredag den 24. november til laurdag den 25.'."""
    d1 = int(m["d1"])
    if m["d3"]:
        # 'fredag den 24. november til laurdag den 25.': the end names its weekday and day
        # only, in the same month (or the next, when its day is earlier)
        first = month_number(m["m1"]) if m["m1"] else None
        if first is None:
            return None
        last_day = int(m["d3"])
        last = first if last_day > d1 else first % 12 + 1
        last_year = _year(m["y1"]) if last >= first else None
        return _two_days(d1, first, _year(m["y1"]), last_day, last, last_year, m["sep"])
    d2 = int(m["d2"])
    m2 = month_number(m["m2"])
    m1 = month_number(m["m1"]) if m["m1"] else m2
    if m1 is None or m2 is None:
        return None
    if not m["m1"] and d1 > d2 and m["sep"].strip().lower() not in ("og", "&", "eller"):
        # '25. – 1. april': a first day greater than the last is of the month before
        m1 = (m2 - 2) % 12 + 1
    return _two_days(d1, m1, _year(m["y1"]), d2, m2, _year(m["y2"]), m["sep"])


def on_trip(m: re.Match[str]) -> list[Item] | None:
    """'avreise 5. juli og retur 15. juli 2019', 'Avreise frå Ørsta den 10.august -retur den
    14.': a trip from the day it leaves to the day it is back, one span."""
    m1 = month_number(m["m1"]) if m["m1"] else None
    m2 = month_number(m["m2"]) if m["m2"] else m1
    m1 = m1 or m2
    if m1 is None or m2 is None:
        return None
    d1, d2 = int(m["d1"]), int(m["d2"])
    label = f"{d1}. {_month_name(m1)}–{d2}. {_month_name(m2)}"
    return [day_span_item(d1, m1, _year(m["y1"]), d2, m2, _year(m["y2"]), label)]


def _two_days(
    d1: int, m1: int, y1: int | None, d2: int, m2: int, y2: int | None, sep: str
) -> list[Item]:
    """Two days joined: by a dash or 'til' one span; by 'og' one span when they follow each
    other ('17. og 18.08'), else two days; by 'eller' two alternatives, each its own day."""
    joiner = sep.strip().lower()
    alternatives = joiner == "eller"
    if alternatives or (joiner in ("og", "&") and not (m1 == m2 and d2 == d1 + 1)):
        year = y2 if y1 is None else y1
        return [
            single_day_item(d1, m1, year, _label_day(d1, m1)),
            single_day_item(d2, m2, y2, _label_day(d2, m2)),
        ]
    return [day_span_item(d1, m1, y1, d2, m2, y2, f"{_label_day(d1, m1)}–{_label_day(d2, m2)}")]


def on_day_list(m: re.Match[str]) -> list[Item] | None:
    """'9., 11. og 12. februar', '26, 27 og 28.03': a list of days of one month; days that
    follow each other are one span (11-12), a gap starts another event (9)."""
    groups = m.groupdict()
    month = int(groups["mn"]) if groups.get("mn") else month_number(m["m"])
    if month is None:
        return None
    days = sorted({int(d) for d in re.findall(r"\d{1,2}", m["list"])})
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    year = _year(groups.get("y"))
    return [
        single_day_item(run[0], month, year, _label_day(run[0], month))
        if len(run) == 1
        else day_span_item(
            run[0], month, year, run[-1], month, year, f"{run[0]}.–{run[-1]}. {_month_name(month)}"
        )
        for run in runs
    ]


def on_numeric_span(m: re.Match[str]) -> list[Item] | None:
    """'22.-23.02', '1.11 – 01.04', '3.2.2026-5.2.2026'."""
    d1, d2, m2 = int(m["d1"]), int(m["d2"]), int(m["m2"])
    m1 = int(m["m1"]) if m["m1"] else m2
    groups = m.groupdict()
    sep = groups.get("sep") or "-"  # '13/3–15/3' is always a span
    return _two_days(d1, m1, _year(groups.get("y1")), d2, m2, _year(groups.get("y2")), sep)


def on_numeric_list(m: re.Match[str]) -> list[Item] | None:
    """'3.3, 7.4 og 5.5', '30.1., 20.3., 4.4.': a list of days written day.month, each its own
    day (a decimal is written with a comma in Norwegian, so dotted pairs in a list are dates); a
    bracket between two of them is a remark, not a day of the list; and '6/11, 20/11 og 4/12',
    three or more days written day/month."""
    pairs = re.findall(r"(\d{1,2})[./](\d{1,2})", re.sub(r"\([^()]*\)", " ", m["list"]))
    return [single_day_item(int(d), int(mo), None, _label_day(int(d), int(mo))) for d, mo in pairs]


def on_comma_list(m: re.Match[str]) -> list[Item] | None:
    """'8.3, 19.4, 7.6': three or more day.month pairs joined by commas alone are days when
    their days differ ('punkt 2.1, 2.2, 2.3' numbers sections)."""
    days = {int(d) for d in re.findall(r"(\d{1,2})\.\d", m["list"])}
    return on_numeric_list(m) if len(days) > 1 else None


REFERENCE_YEAR = 2021  # a year without 29 February, to measure a span
MAX_SLASH_SPAN_DAYS = 62  # '24/7 – 1/2 pris' is no span of seven months


def on_slash_span(m: re.Match[str]) -> list[Item] | None:
    """'13/3–15/3', '28/12–2/1', '21-22/3': a span of days written day/month, at most two months
    long."""
    items = on_numeric_span(m)
    if not items or items[0].build is None:
        return None
    start, end = items[0].build(REFERENCE_YEAR)
    return items if (end - start).days <= MAX_SLASH_SPAN_DAYS else None


def on_numeric_day(m: re.Match[str]) -> list[Item] | None:
    """'10.02', '10. 02', '01.04.2026', '1.8.' (a one-digit month needs a year, a closing dot
    that ends the cell or line or, written close, comes before a word ('3.3. Styremøte', not the
    spaced cells '10. 7. og 28.'), a weekday before or a time after: '1.8 prosent' is a number,
    '1.8. | Mandag', 'Torsdag 5.9' and '5.9 kl. 19' are dates)."""
    said = m[0][:1].isalpha() or m["kl"] is not None  # 'Torsdag 5.9', '5.9 kl. 19': a date
    if len(m["m"]) < 2 and not m["y"] and not m["closed"] and not said and not _in_cell(m):
        return None
    day, month = int(m["d"]), int(m["m"])
    return [single_day_item(day, month, _year(m["y"]), _label_day(day, month))]


# A cell of a table laid out with spaces: a column gap (a tab or two spaces) on both sides, or
# the line's start before it ('34      19.8      Første skoledag').
CELL_BEFORE = re.compile(r"(?:^|\t| {2})[ \t]*$")
CELL_AFTER = re.compile(r"(?:\t| {2})[ \t]*[^\W\d_]")


def _in_cell(m: re.Match[str]) -> bool:
    """Whether the date stands in a table cell of its own, its row's words in the next column
    ('19.8      Første skoledag'); inline, '1.8 prosent' stays a number."""
    text, start, end = m.string, m.start(), m.end()
    before = text[text.rfind("\n", 0, start) + 1 : start]
    return bool(CELL_BEFORE.search(before) and CELL_AFTER.match(text, end))


def on_iso_day(m: re.Match[str]) -> list[Item] | None:
    """'2025-01-14'."""
    day, month = int(m["d"]), int(m["m"])
    return [single_day_item(day, month, int(m["y"]), _label_day(day, month))]


def on_holiday_name(m: re.Match[str]) -> list[Item] | None:
    """'17. mai-feiring', '1. mai-tog', '17-mai arrangement': the holiday's day (which the
    extractor drops when the line gives another date)."""
    day = int(m["d"])
    return [single_day_item(day, 5, None, _label_day(day, 5))]


def on_named_day(m: re.Match[str]) -> list[Item] | None:
    """'julaften', '2. påskedag', 'Kristi himmelfartsdag': the holiday's day in the plan's year
    (which the extractor drops when the line gives another date)."""
    month, build = named_day(m["named"])
    return [Item("day", m["named"], None, month, build)]


def on_impossible_day(m: re.Match[str]) -> list[Item] | None:
    """'32. januar': no day of any month; an error to show, not the month."""
    return [Item(INVALID, m[0])]


def on_slash_day(m: re.Match[str]) -> list[Item] | None:
    """'30/4 Medlemsmøte' at the start of a line (day/month, as in a list of dates), or after a
    weekday ('torsdag 30/4', 'Torsdag 22/2: Vinterferie') or before a time ('Dugnad 12/4 kl 10');
    anywhere with a year after a dash or a slash ('23/9-1940', '3/3-24', '03/03/2026'), and
    day-month-year with dashes as a spreadsheet writes it ('15-01-2026')."""
    day, month = int(m["d"]), int(m["m"])
    year = _year(m.groupdict().get("y"))
    return [single_day_item(day, month, year, _label_day(day, month))]


def on_day(m: re.Match[str]) -> list[Item] | None:
    """'1. desember 2026', 'tirsdag 3. mars', 'den 3. mars', '3. mars neste år'."""
    month = month_number(m["m"])
    if month is None:
        return None
    day = int(m["d"])
    item = single_day_item(day, month, _year(m["y"]), _label_day(day, month))
    return [replace(item, next_year=bool(m["next"]))]


def on_month_first(m: re.Match[str]) -> list[Item] | None:
    """'Januar 21. Foredrag', 'Mars. 24. Observasjon', 'Desember 24. til 31. Juleferie': a month
    at the start of a line, then its day (or two days joined) with a dot, then the words."""
    month = month_number(m["m"])
    if month is None:
        return None
    d1 = int(m["d1"])
    if m["d2"] is None:
        return [single_day_item(d1, month, None, _label_day(d1, month))]
    return _two_days(d1, month, None, int(m["d2"]), month, None, m["sep"])


MAX_WEEKS_OVER_NEW_YEAR = 8  # 'uke 52–1' is Christmas; 'uke 40–2' is no run of weeks
MONTH_TURN = r"månedsskiftet|månedsskifte|månadsskiftet|månadsskifte|overgangen"  # 'mai/juni'
ORDINAL = "første|fyrste|andre|tredje|fjerde|siste"  # 'fyrste' is nynorsk
MIN_DASHED_WEEKS = 3  # 'Uke 28-29-30'
WEEK_TOKEN = re.compile(r"\d{1,2}|[-–—]|\btil\b", FLAGS)


def _nth_weekday(year: int, month: int, code: str, position: int) -> date:
    """The `position`th (-1: last) weekday `code` ('MO') of a month."""
    day: weekday = RRULE_WEEKDAYS[[str(w) for w in RRULE_WEEKDAYS].index(code)]
    if position < 0:
        return date(year, month, 1) + relativedelta(day=31, weekday=day(-1))
    return date(year, month, 1) + relativedelta(weekday=day(+position))


def _position(word: str) -> int:
    """'første' 1, 'andre' 2, 'siste' -1."""
    return -1 if word.lower() == "siste" else ORDINAL_WORDS[word.lower()]


def on_weekend(m: re.Match[str]) -> list[Item] | None:
    """'første helgen i februar' (Saturday and Sunday), 'Fredag, lørdag og søndag siste helga
    i mai' (from the Friday)."""
    month = month_number(m["m"])
    if month is None:
        return None
    position = _position(m["o"])
    from_friday = bool(m["days"]) and "fre" in m["days"].lower()

    def build(year: int) -> tuple[date, date]:
        saturday = _nth_weekday(year, month, "SA", position)
        return saturday - timedelta(days=1 if from_friday else 0), saturday + timedelta(days=1)

    return [
        Item("day", f"{m['o'].lower()} helg i {_month_name(month)}", _year(m["y"]), month, build)
    ]


def on_weekday_in_months(m: re.Match[str]) -> list[Item] | None:
    """'siste mandag i januar, februar og april': that day of each month named."""
    code = WEEKDAYS[m["wd"].lower()]
    position = _position(m["o"])
    year = _year(m["y"])
    items: list[Item] = []
    for name in re.findall(MONTH_FULL, m["months"], FLAGS):
        month = month_number(name)
        if month is None:
            continue

        def build(y: int, month: int = month) -> tuple[date, date]:
            day = _nth_weekday(y, month, code, position)
            return day, day

        label = f"{m['o'].lower()} {m['wd'].lower()} i {_month_name(month)}"
        items.append(Item("day", label, year, month, build))
    return items or None


def on_weeks(m: re.Match[str]) -> list[Item] | None:
    """'uke 42', 'Uke 13, 14, 19' (one item per week), 'uke 13-15' (one item for the run);
    'Uke 28-29-30' (three or more weeks joined by dashes) is a list, one item per week."""
    year = _year(m["y"])
    tokens = WEEK_TOKEN.findall(m["list"])
    numbers = tokens[::2]
    if len(numbers) >= MIN_DASHED_WEEKS and all(t in "-–—" for t in tokens[1::2]):
        tokens = numbers  # no run has three ends
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        first = int(tokens[i])
        if i + 2 < len(tokens) and not tokens[i + 1].isdigit() and tokens[i + 2].isdigit():
            last = int(tokens[i + 2])
            if last >= first or 53 - first + last <= MAX_WEEKS_OVER_NEW_YEAR:
                items.append(week_item(first, last, year))
            i += 3
            continue
        items.append(week_item(first, first, year))
        i += 1
    return [item for item in items if 1 <= _first_week(item) <= 53] or None


def on_week_days(m: re.Match[str]) -> list[Item] | None:
    """'Uke 41 (mandag 9.- fredag 13.)': the days of the week named (days that fall outside
    that week in the plan's year leave the week as it is said)."""
    week, d1, d2 = int(m["w"]), int(m["d1"]), int(m["d2"])
    if not 1 <= week <= 53:
        return None

    def build(y: int) -> tuple[date, date]:
        monday, sunday = iso_week_range(y, week)
        days = [monday + timedelta(days=i) for i in range(7)]
        first = next((d for d in days if d.day == d1), None)
        last = next((d for d in days if first and d.day == d2 and d >= first), None)
        return (first, last) if first and last else (monday, sunday)

    ref_month = date.fromisocalendar(2021, min(week, 52), 1).month
    return [Item("day", f"uke {week} ({d1}.–{d2}.)", None, ref_month, build)]


def _first_week(item: Item) -> int:
    """The (first) week number in a week item's label."""
    return int(re.findall(r"\d+", item.label)[0])


def on_month_range(m: re.Match[str]) -> list[Item] | None:
    """'februar–mars', 'mai/juni', 'månedsskiftet mai/juni 2027', 'november 2026 - mars 2027',
    'jul – aug – sep' (the months of a quarter: from the first to the last)."""
    first, last = month_number(m["m1"]), month_number(m["m3"] or m["m2"])
    if first is None or last is None:
        return None
    y1, y2 = _year(m["y1"]), _year(m["y2"])
    year = y1 if y1 is not None else (y2 - (1 if last < first else 0) if y2 else None)
    return [month_item(first, last, year, y2)]


MONTH_WITH_YEAR = re.compile(rf"({MONTH_FULL})(?:{S}({YEAR}))?", FLAGS)


def on_month_list(m: re.Match[str]) -> list[Item] | None:
    """'januar, februar og mars', 'i juni og i oktober': one item per month."""
    pairs = [(month_number(a), _year(b)) for a, b in MONTH_WITH_YEAR.findall(m[0])]
    items: list[Item] = []
    for index, (month, year) in enumerate(pairs):
        if month is None:
            continue
        later_year = next((y for _, y in pairs[index:] if y is not None), None)
        items.append(month_item(month, month, year if year is not None else later_year))
    return items or None


def on_month(m: re.Match[str]) -> list[Item] | None:
    """'i januar', 'januar 2027', 'i løpet av april mnd.', 'sept. 2023', 'innen utgangen av
    februar' (a part of a month is dated by the month), 'i januar neste år', 'Jan' alone on
    its line (a heading)."""
    month = month_number(m["m"] or m["ma"] or m["mb"] or m["mc"])
    if month is None:
        return None
    return [replace(month_item(month, month, _year(m["y"] or m["ya"])), next_year=bool(m["next"]))]


def on_season(m: re.Match[str]) -> list[Item] | None:
    """'høsten 2022', 'Vår 2023', 'på våren', 'vinter/vår 2022', 'våren og høsten 2026'."""
    w1 = m["s1"].lower()
    w2 = (m["s3"] or m["s2"]).lower() if m["s2"] else None  # 'våren/sommeren/høsten': first to last
    y1, y2 = _year(m["y1"]), _year(m["y2"])
    if w2 is None:
        if w1 in AMBIGUOUS_SEASON_WORDS and y1 is None and not _bare_season_ok(m):
            return None
        item = season_item(SEASON_WORDS[w1], SEASON_WORDS[w1], y1, None)
        return [replace(item, term=True) if w1 in TERM_WORDS else item]
    if (w1 in AMBIGUOUS_SEASON_WORDS or w2 in AMBIGUOUS_SEASON_WORDS) and y1 is None and y2 is None:
        return None
    s1, s2 = SEASON_WORDS[w1], SEASON_WORDS[w2]
    if m["sep"].lower() == "og":
        return [
            season_item(s1, s1, y1 if y1 is not None else y2, None),
            season_item(s2, s2, y2 if y2 is not None else y1, None),
        ]
    return [season_item(s1, s2, y1 if y1 is not None else y2, y2)]


def _bare_season_ok(m: re.Match[str]) -> bool:
    """'i høst.' is a season; 'i vår politikk' is not (a bare word must end the phrase).
    A line that is nothing but the word ('Høst', 'VÅR:') is a season heading."""
    following = m.string[m.end() : m.end() + 3].lstrip(" \t")
    if bool(m["pre"]) and (not following or not following[0].isalpha()):
        return True
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    line_end = m.string.find("\n", m.end())
    before = m.string[line_start : m.start()]
    after = m.string[m.end() : len(m.string) if line_end < 0 else line_end]
    return not before.strip() and not after.strip(" \t:")


def on_quarter(m: re.Match[str]) -> list[Item] | None:
    """'første kvartal i 2026', '3. kvartal', 'Q4 2026'."""
    word = (m["q"] or m["qq"] or "").lower().rstrip(".")
    quarter = ORDINAL_WORDS.get(word) or (int(word) if word.isdigit() else None)
    if quarter is None or not 1 <= quarter <= 4:
        return None
    return [quarter_item(quarter, _year(m["y"] or m["yq"]))]


def on_half_year(m: re.Match[str]) -> list[Item] | None:
    """'første halvår 2026', 'andre halvår'."""
    word = m["h"].lower().rstrip(".")
    half = Season.FIRST_HALF if word in ("første", "1") else Season.SECOND_HALF
    return [season_item(half, half, _year(m["y"]), None)]


def on_year_edge(m: re.Match[str]) -> list[Item] | None:
    """'på starten av 2025', 'tidlig på året' (January-February); 'slutten av året' (Q4)."""
    word = (m["w"] or m["t"]).lower()
    year = _year(m["y"] or m["y2"])
    if word in ("slutten", "enden", "sent", "seint"):
        return [quarter_item(4, year)]
    return [season_item(Season.WINTER, Season.WINTER, year, None)]


def on_year(m: re.Match[str]) -> list[Item] | None:
    """'i 2026', 'gjennom 2026 og 2027', '(-23)', 'valget 2023'."""
    if m["short"]:
        short = 2000 + int(m["yy"] or m["yy2"])
        return [year_item(short, short)]
    first = _year(m["y1"] or m["y3"])
    if first is None:
        return None
    last = _year(m["y2"]) or first
    return [year_item(first, last)] if last >= first else None


# --- repetitions, relative and open dates, times -----------------------------------------

UNIT = (
    r"(?P<u>året|år|måneden|måned|mnd\.?|uka|uken|uke|halvåret|halvår|kvartalet|kvartal"
    r"|semesteret|semester|perioden|periode|dagen|dag)\b"
)


def on_times_per(m: re.Match[str]) -> list[Item] | None:
    """'fire ganger i året', 'en gang hver måned', '1 gang pr. halvår', 'minst en gang i året'."""
    count = number_value(m["n"])
    rule = rrule_per_period(count, m["u"]) if count else None
    return [Item("recurring", m[0], recurrence=rule)] if rule else None


def on_every_other(m: re.Match[str]) -> list[Item] | None:
    """'annenhver uke', 'hver andre måned', 'annethvert år'."""
    rule = rrule_per_period(1, m["u"], every=2)
    return [Item("recurring", m[0], recurrence=rule)] if rule else None


def on_every(m: re.Match[str]) -> list[Item] | None:
    """'hver uke', 'hvert år', 'hver måned', 'kvart år' (nynorsk)."""
    rule = rrule_per_period(1, m["u"])
    return [Item("recurring", m[0], recurrence=rule)] if rule else None


ADJECTIVE_RULES = {
    "daglig": "FREQ=DAILY",
    "ukentlig": "FREQ=WEEKLY",
    "månedlig": "FREQ=MONTHLY",
    "kvartalsvis": "FREQ=MONTHLY;INTERVAL=3",
    "halvårlig": "FREQ=MONTHLY;INTERVAL=6",
    "årlig": "FREQ=YEARLY",
}


def on_adjective(m: re.Match[str]) -> list[Item] | None:
    """'månedlige teamsmøter', 'årlig', 'kvartalsvis'."""
    stem = m["a"].lower()
    rule = next((r for word, r in ADJECTIVE_RULES.items() if stem.startswith(word)), None)
    return [Item("recurring", m[0], recurrence=rule)] if rule else None


def on_weekday_every(m: re.Match[str]) -> list[Item] | None:
    """'hver tirsdag', 'annenhver torsdag'."""
    every = 2 if m["e"].lower().startswith("annen") else 1
    rule = rrule_with_interval("WEEKLY", every) + f";BYDAY={WEEKDAYS[m['wd'].lower()]}"
    return [Item("recurring", m[0], recurrence=rule)]


def on_weekday_of_month(m: re.Match[str]) -> list[Item] | None:
    """'første tirsdag i måneden', 'siste fredag i hver måned', 'den første mandagen i hver
    måned'."""
    word = m["o"].lower()
    position = -1 if word == "siste" else ORDINAL_WORDS.get(word, 1)
    rule = f"FREQ=MONTHLY;BYDAY={position}{WEEKDAYS[m['wd'].lower()]}"
    return [Item("recurring", m[0], recurrence=rule)]


def on_every_nth_day(m: re.Match[str]) -> list[Item] | None:
    """'hver 14. dag' (every other week)."""
    n = int(m["n"])
    rule = "FREQ=WEEKLY;INTERVAL=2" if n == 14 else rrule_with_interval("DAILY", n)
    return [Item("recurring", m[0], recurrence=rule)]


def anchor_of(text: str) -> str | None:
    """The event a relative deadline counts from ('årsmøtet' -> annual_meeting)."""
    lowered = text.lower()
    return next((anchor for word, anchor in RELATIVE_ANCHORS if word in lowered), None)


def on_relative_offset(m: re.Match[str]) -> list[Item] | None:
    """'innen tre måneder etter at de er valgt på årsmøtet', 'to uker før landsmøtet'."""
    count = number_value(m["n"])
    anchor = anchor_of(m["rest"])
    if count is None or anchor is None:
        return None
    sign = -1 if m["dir"].lower().startswith(("før", "i forkant")) else 1
    unit = m["u"].lower()
    months = days = None
    if unit.startswith(("måned", "mnd")):
        months = sign * count
    elif unit == "år":
        months = sign * 12 * count
    elif unit.startswith("uke"):
        days = sign * 7 * count
    else:
        days = sign * count
    item = Item(
        "relative",
        m[0],
        relative_anchor=anchor,
        relative_months=months,
        relative_days=days,
    )
    return [item]


def on_relative_phrase(m: re.Match[str]) -> list[Item] | None:
    """'i forkant av lokalvalgene', 'i perioden etter landsmøtet', 'senest når nominasjonene...'."""
    anchor = anchor_of(m["rest"])
    if anchor is None:
        return None
    return [Item("relative", m[0], relative_anchor=anchor)]


def on_next_to_previous(m: re.Match[str]) -> list[Item] | None:
    """'Dagen etter', 'dagen før', 'neste dag', 'to dager senere': counted from the day the
    text named just before (the extractor knows which)."""
    days: int | None = 1
    if m["dir"]:
        days = -1 if m["dir"].lower() == "før" else 1
    elif m["n"]:
        days = number_value(m["n"])
    if days is None:
        return None
    return [Item(NEXT_TO_PREVIOUS, m[0], relative_days=days)]


def on_undated(m: re.Match[str]) -> list[Item] | None:
    """'Avklares', 'avklares senere', 'Tidspunkt avklares senere', 'Uavklart'."""
    return [Item("undated", m[0])]


def on_time(m: re.Match[str]) -> list[Item] | None:
    """'kl. 18.00', 'kl 19:30', 'klokken 18'."""
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    return [Item("time", m[0], at=time(hour, minute))]


EARLIEST_BARE_HOUR = 6  # '3. mai 1-2' is no time of day; 'Styremøte 3. april 19–21' is


def on_bare_time(m: re.Match[str]) -> list[Item] | None:
    """'3. mars 18:00', '3.4. 19-21': a time written after a day without 'kl'; a span of whole
    hours only when it runs forward from the morning on."""
    if m["h2"] and not EARLIEST_BARE_HOUR <= int(m["h"]) < int(m["h2"]):
        return None
    return on_time(m)


# --- the rules, in priority order ---------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A named pattern and the handler that reads its matches."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler


def _rule(name: str, pattern: str, handler: Handler) -> Rule:
    """Compile a rule (case-insensitive)."""
    return Rule(name, re.compile(pattern, FLAGS), handler)


# A number that counts something ('6-7år', '2 timer') is no week number.
NOT_COUNT = r"(?!(?:[ \t]?[-–][ \t]?\d{1,2})?[ \t]?(?:år\b|åring|timer?\b|min\b|%|kr\b|stk\b|personer|barn\b))"
RULES: tuple[Rule, ...] = (
    _rule(
        "time",
        rf"\b(?:kl\.?|klokka|klokken){S}(?P<h>{HOUR})(?:{MINUTES_SEP}(?P<mi>[0-5]\d))?"
        rf"(?:{S}(?:[-–]|\btil\b){S}(?:ca\.?{S})?{HOUR}(?:{MINUTES_SEP}[0-5]\d)?)?(?!\d)",
        on_time,
    ),
    _rule(
        "time_cell",
        rf"(?m:(?<=\|)|^)[ \t]*(?P<h>{HOUR}):(?P<mi>[0-5]\d)(?:[ \t]*[-–][ \t]*{HOUR}:[0-5]\d)?"
        r"[ \t]*(?=\||\n|$)",
        on_time,
    ),
    _rule(
        "week_days",
        rf"\b(?:uke|veke){S}(?P<w>\d{{1,2}})(?!\d){S}\({S}(?:{WEEKDAY}{S1})?(?P<d1>{DAYNUM})\.?"
        rf"{S}[-–]{S}(?:{WEEKDAY}{S1})?(?P<d2>{DAYNUM})\.?{S}\)",
        on_week_days,
    ),
    _rule(
        "weeks",
        rf"(?:\b(?:uke|uka|ukene|uker|veke|veka|week)|{WEEK_SHORT}){S}(?P<list>\d{{1,2}}(?!\d){NOT_COUNT}"
        rf"(?:\s*(?:,|\bog\b|&|/|\+|[-–—]|\btil\b|\beller\b)\s*(?:uke{S})?\d{{1,2}}(?!\d){NOT_COUNT}{NOT_DAY})*)"
        rf"(?:{S}(?:,|/|\bi\b)?{S}(?P<y>{YEAR}))?",
        on_weeks,
    ),
    _rule(
        HOLIDAY_NAME,
        rf"(?<![\d.,])(?P<d>1|17)(?:\.{S}|-)mai[”\"»']?{S}-?{S}(?={HOLIDAY_NOUN})",
        on_holiday_name,
    ),
    _rule(HOLIDAY_NAME, NAMED_DAY, on_named_day),
    _rule(
        "day_list",
        rf"(?<![\d.,]){WD_PREFIX}(?P<list>{DAY_LIST}\.?)"
        rf"{S}(?P<m>{MONTH_ANY})(?:{S}(?P<y>{YEAR}))?",
        on_day_list,
    ),
    _rule(
        # '27, 28 og 29.12', '27., 28. og 29.12.2031': the month only on the list's last day
        "day_list",
        rf"(?<![\d.,:]){WD_PREFIX}(?P<list>{DAY_LIST})\.(?P<mn>{NUMMONTH})"
        rf"(?:\.(?P<y>(?:19|20)?\d\d))?(?!\d|[.,]\d){NOT_SHARE}",
        on_day_list,
    ),
    _rule(
        "trip",
        rf"\b(?:avreise|avreis|avgang)(?:{S1}(?:frå|fra|fr\.){S1}[^\W\d]+)?{S1}(?P<leaves>(?:den{S1})?{WD_PREFIX}"
        rf"(?P<d1>{DAYNUM})\.?{S}(?:(?P<m1>{MONTH_ANY}){S}(?P<y1>{YEAR})?)?)\s*(?:,|og|[-–])?\s*"
        rf"(?:med{S1})?(?:retur|heimreise|hjemreise|hjemkomst){S1}(?:den{S1})?{WD_PREFIX}"
        rf"(?P<d2>{DAYNUM})\.?(?:{S}(?P<m2>{MONTH_ANY})(?:{S}(?P<y2>{YEAR}))?)?",
        on_trip,
    ),
    _rule(
        "day_span",
        rf"(?<![\d.,])(?<!\d[-–/])(?:\bhelg(?:a|en){S1})?{WD_PREFIX}(?P<d1>{DAYNUM})\.?{S}(?:(?P<m1>{MONTH_ANY}){S}(?P<y1>{YEAR})?)?"
        rf"(?:,?{S}(?P<at>{CLOCK}|\x00+))?(?:[ \t]*|\s*(?=\w))(?P<sep>[-–]{S}og\b|[-–—]|\btil(?:{S1}og{S1}med)?\b|\bt\.{S}o\.{S}m\.|{LASTS_UNTIL}|\bog\b|&|\beller\b)\s*"
        rf"(?:\b(?:ca\.?|cirka){S})?(?:{WD_PREFIX}(?P<d2>{DAYNUM})\.?{S}(?P<m2>{MONTH_ANY})(?:{S}(?P<y2>{YEAR}))?"
        rf"|{WEEKDAY}{S1}(?:den{S1})?(?P<d3>{DAYNUM})\.(?![\d.]))",
        on_day_span,
    ),
    _rule(
        "numeric_list",
        rf"(?<![\d.,:])(?P<list>{NUMERIC_DATE}(?:{LIST_GAP}{NUMERIC_DATE})+{S}(?:og|&){S}{NUMERIC_DATE}"
        rf"|{CLOSED_DATE}(?:{LIST_GAP}{CLOSED_DATE}){{2,}})"
        rf"(?![\d.,]){NOT_SHARE}",
        on_numeric_list,
    ),
    _rule(
        "numeric_list",
        rf"(?<![\d.,:])(?P<list>{NUMERIC_DATE}(?:{S},{S}{NUMERIC_DATE}){{2,}})(?![\d.,]){NOT_SHARE}",
        on_comma_list,
    ),
    _rule(
        "numeric_span",
        rf"(?<![\d.,:])(?:{WEEKDAY}{S1}(?:den{S1})?(?=\d{{1,2}}\.\d))?(?P<d1>{DAYNUM})\.(?:\s?(?P<m1>{NUMMONTH})(?:\.(?P<y1>(?:19|20)?\d\d))?\.?)?"
        rf"{JOINED_DAYS}(?P<d2>{DAYNUM})\.\s?(?P<m2>{NUMMONTH})(?:\.(?P<y2>(?:19|20)?\d\d))?"
        rf"(?!\d|[.,]\d){NOT_SHARE}",
        on_numeric_span,
    ),
    _rule(
        "slash_span",
        rf"(?<![\d/.,])(?P<d1>{DAYNUM})(?:/(?P<m1>{NUMMONTH})|\.?){SPAN_SEP}(?P<d2>{DAYNUM})/(?P<m2>{NUMMONTH})"
        r"(?![\d/])",
        on_slash_span,
    ),
    _rule(
        "impossible_day",
        rf"(?<![\d.,])(?:3[2-9]|[4-9]\d|0?0)\.{S}{MONTH_FULL}(?:{S}{YEAR})?",
        on_impossible_day,
    ),
    _rule(
        # the month before its day, at the start of a line ('Januar 21. Foredrag', or in a
        # table's date cell: 'Februar 11. | Kveldsmøte')
        "month_first",
        rf"(?m:^)[ \t]*(?P<m>{MONTH_FULL})\.?{S}(?P<d1>{DAYNUM})\."
        rf"(?:(?P<sep>{SPAN_SEP}|{S1}og{S1})(?P<d2>{DAYNUM})\.)?(?=[ \t]+[^\W\d_]|[ \t]*\|[ \t]*[^\W\d_])",
        on_month_first,
    ),
    _rule(
        # a month, a colon and the list of its days, alone on a line ('Mars: 4, 11 og 25.')
        "day_list",
        rf"(?m:^)[ \t]*(?P<m>{MONTH_FULL}){S}:{S}(?P<list>{LIST_DAY}(?:(?:{S},{S}|(?<=\.){S1}){LIST_DAY})*"
        rf"{S},?{S}(?:og|&){S}{DAYNUM})\.?[ \t]*(?m:$)",
        on_day_list,
    ),
    _rule(
        # a comma typed for the day's dot after its weekday ('Søndag 7, mars', 'Torsdag 5,
        # januar'): the weekday says a day is meant, not a count of the month's meetings
        "weekday_comma_day",
        rf"(?<![\d.,])(?:{WEEKDAY}){S1}(?P<d>{DAYNUM}),{S}(?P<m>{MONTH_FULL})"
        rf"(?:{S}(?P<y>{YEAR}))?{NEXT_YEAR}",
        on_day,
    ),
    _rule(
        "day",
        rf"(?<![\d.,]){WD_PREFIX}(?P<d>{DAYNUM})\.?{S}(?P<m>{MONTH_ANY})(?:(?:{S}|-)(?P<y>{YEAR}))?"
        rf"{NEXT_YEAR}",
        on_day,
    ),
    _rule(
        "numeric_day",
        rf"(?<![\d.,:]){WD_PREFIX}(?P<d>{DAYNUM})\.\s?(?P<m>{NUMMONTH})"
        r"(?:\.(?P<y>(?:19|20)?\d\d(?!\d))|(?P<closed>\.(?=[ \t]*(?:\||\n|$))|(?<![ \t]\d)\.(?=[ \t]+[^\W\d_])))?(?!\d|[.,]\d)"
        rf"(?P<kl>\.?{TIME_NEXT})?",
        on_numeric_day,
    ),
    _rule(
        "dashed_day",
        rf"(?<![\d-])(?P<d>{DAYNUM})-(?P<m>{NUMMONTH})-(?P<y>{YEAR})(?!-)",
        on_slash_day,
    ),
    _rule(
        "iso_day",
        rf"(?<![\d-])(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])",
        on_iso_day,
    ),
    _rule(
        "slash_day",
        rf"(?:(?m:^)[ \t]*(?:[•·\-–*][ \t]*)?|(?<=\w)[ \t]+(?={DAYNUM}/{NUMMONTH}{TIME_NEXT})|(?:{WEEKDAY}|{WEEKDAY_SHORT}){S1}(?:den{S1})?)"
        rf"(?P<d>{DAYNUM})/(?P<m>{NUMMONTH})(?![\d/])(?=:?[ \t]+(?:[^\W\d_]|\x00)|[ \t]*(?:\||\n|$)|{TIME_NEXT})",
        on_slash_day,
    ),
    _rule(
        "slash_day",
        # 'Søndag 21/1, klassisk stil': after a weekday, a day/month before a comma or full stop
        rf"(?:{WEEKDAY}|{WEEKDAY_SHORT}){S1}(?:den{S1})?(?P<d>{DAYNUM})/(?P<m>{NUMMONTH})"
        r"(?![\d/])(?=[,.;])",
        on_slash_day,
    ),
    _rule(
        "numeric_list",
        rf"(?<![\d/.,])(?P<list>{SLASH_DATE}(?:{S},{S}{SLASH_DATE})+{S}(?:og|&){S}{SLASH_DATE})(?![\d/])",
        on_numeric_list,
    ),
    _rule(
        "slash_day_year",
        rf"(?<![\d/.,]){WD_PREFIX}(?P<d>{DAYNUM})/(?P<m>{NUMMONTH})[-/](?P<y>(?:19|20)?\d\d)(?![\d/.,-])",
        on_slash_day,
    ),
    _rule("bare_time", rf"(?<=\x00),?[ \t]+{BARE_CLOCK}", on_bare_time),
    _rule(
        "weekend",
        rf"(?P<days>\b(?:(?:fredag|lørdag|laurdag|søndag|sundag)(?:en)?{S}(?:,|og|[-–]|til)?{S})+)?"
        rf"\b(?P<o>{ORDINAL}){S1}helg(?:a|en)?{S1}i{S1}(?P<m>{MONTH_FULL})"
        rf"(?:{S}(?P<y>{YEAR}))?",
        on_weekend,
    ),
    _rule(
        "weekday_in_months",
        rf"\b(?P<o>{ORDINAL}){S1}(?P<wd>{WEEKDAY}){S1}i{S1}"
        rf"(?P<months>{MONTH_FULL}(?:\s*(?:,|\bog\b)\s*{MONTH_FULL})*)(?:{S}(?P<y>{YEAR}))?",
        on_weekday_in_months,
    ),
    _rule(
        "month_range",
        rf"(?:\b(?:{MONTH_TURN}){S1})?\b(?P<m1>{MONTH_ANY})"
        rf"(?:{S}(?P<y1>{YEAR}))?\s*(?:[-–—/]|\btil(?:{S1}og{S1}med)?\b)\s*(?:\bi{S1})?(?P<m2>{MONTH_ANY})"
        rf"(?:\s*[-–—]\s*(?P<m3>{MONTH_ANY}))?(?:{S}(?P<y2>{YEAR}))?",
        on_month_range,
    ),
    _rule(
        "month_list",
        rf"\b{MONTH_FULL}(?:{S}{YEAR})?(?:\s*(?:,|\bog\b|\beller\b)\s*(?:\bi{S1})?{MONTH_FULL}"
        rf"(?:{S}{YEAR})?)+",
        on_month_list,
    ),
    _rule(
        "times_per",
        rf"\b(?P<n>{NUM})\s+gang(?:er)?\s+(?:i|pr\.?|per|hver|hvert|om)\s*{UNIT}",
        on_times_per,
    ),
    _rule(
        "every_other",
        r"\b(?:annenhver|annethvert|annenhvert|hver\s+andre|hvert\s+andre|hver\s+annen)\s+"
        r"(?P<u>uke|måned|år)\b",
        on_every_other,
    ),
    _rule(
        "weekday_of_month",
        rf"\b(?P<o>{ORDINAL})\s+(?P<wd>{words_pattern(WEEKDAYS)})(?:en)?\b\s+(?:i\s+)?(?:hver\s+|kvar\s+)?"
        r"(?:måned(?:en)?|månad(?:en)?)\b",
        on_weekday_of_month,
    ),
    _rule("weekday_every", rf"\b(?P<e>hver|annenhver)\s+(?P<wd>{WEEKDAY})", on_weekday_every),
    _rule("every_nth_day", r"\bhver\s+(?P<n>\d{1,2})\.\s*dag\b", on_every_nth_day),
    _rule(
        "every",
        r"\b(?:hver|kvar)(?:t)?\s+(?P<u>uke|måned|år|kvartal|halvår|dag|periode)\b",
        on_every,
    ),
    _rule(
        "adjective",
        r"\b(?P<a>daglige?|ukentlige?|månedlige?|kvartalsvise?|halvårlige?|årlige?)\b",
        on_adjective,
    ),
    # 'første mandag i hver måned 19:00', 'hver tirsdag 18.30': the same time of day without
    # 'kl' after a repetition (found only now, so the rule above cannot see it)
    _rule("bare_time_after_rule", rf"(?<=\x00),?[ \t]+{BARE_CLOCK}", on_bare_time),
    _rule(
        "month",
        rf"(?:\b(?:i\s+løpet\s+av|i|fra|innen|før|etter|medio|primo|ultimo|mot){S1})?"
        rf"(?:\b(?:begynnelsen|byrjinga|starten|midten|slutten|utgangen|enden"
        rf"|(?:første|fyrste|andre|siste){S1}halvdel|(?:første|fyrste|andre|siste){S1}halvpart){S1}av{S1})?"
        rf"(?:\b(?P<m>{MONTH_FULL})(?:{S}(?P<y>{YEAR}|{SHORT_YEAR}))?(?:{S1}(?:mnd|måned)\b\.?)?"
        rf"|\b(?P<ma>{words_pattern(MONTH_ABBREVIATIONS)})\b\.?{S}(?P<ya>{YEAR})"
        rf"|\b(?P<mb>{MONTH_SHORT_ALONE})\.(?![\w.])"
        rf"|(?m:^)[ \t]*(?P<mc>{MONTH_SHORT_ALONE})\b\.?(?=[ \t]*:?[ \t]*(?:\n|$))){NEXT_YEAR}",
        on_month,
    ),
    _rule(
        "quarter",
        rf"\b(?:(?P<q>første|andre|tredje|fjerde|siste|[1-4]\.){S}kvartal(?:et)?\b"
        rf"(?:{S}(?:i|av)?{S}(?P<y>{YEAR}))?|Q(?P<qq>[1-4])\b(?:{S}(?P<yq>{YEAR}))?)",
        on_quarter,
    ),
    _rule(
        "half_year",
        rf"\b(?P<h>første|andre|siste|1\.|2\.){S}halvår(?:et)?\b(?:{S}(?:i|av)?{S}(?P<y>{YEAR}))?",
        on_half_year,
    ),
    _rule(
        "year_edge",
        rf"\b(?:(?:på|i)\s+)?(?P<w>starten|begynnelsen|slutten|enden)\s+(?:av|på)\s+"
        rf"(?:året|(?P<y>{YEAR}))|\b(?P<t>tidlig|sent|seint)\s+(?:på|i)\s+(?:året|(?P<y2>{YEAR}))",
        on_year_edge,
    ),
    _rule(
        "season",
        r"(?P<pre>\b(?:i\s+løpet\s+av|i|på|om|gjennom|igjennom|utover|særlig|tidlig|sent|hele"
        rf"|fra|til|neste|før|etter|innen|over){S1})?\b(?P<s1>{SEASON})(?:{S}(?P<y1>{YEAR}))?"
        rf"(?:{S}(?P<sep>[-–—/]|\bog\b|\btil\b){S}(?P<s2>{SEASON})"
        rf"(?:{S}/{S}(?P<s3>{SEASON}))?(?:{S}(?P<y2>{YEAR}))?)?",
        on_season,
    ),
    _rule(
        "relative_offset",
        rf"\b(?:(?:innen|senest|seinest){S1})?(?P<n>{NUM})\s+(?P<u>dager|dag|døgn|uker|uke"
        r"|måneder|måned|mnd\.?|år)\s+(?P<dir>etter|før|i\s+forkant\s+av|i\s+etterkant\s+av)\b"
        r"(?P<rest>[^\n.]{0,80})",
        on_relative_offset,
    ),
    _rule(
        "relative_phrase",
        r"\b(?:i\s+forkant\s+av|i\s+etterkant\s+av|i\s+perioden\s+etter|senest\s+når"
        r"|tidlig\s+i|rett\s+etter|umiddelbart\s+etter)\s+(?P<rest>(?:[\wæøå\-]+\s+){0,3}?"
        r"(?:[\wæøå\-]*(?:årsmøte|landsmøte|nominasjon|valg|kommunestyreperiode)[\wæøå]*))",
        on_relative_phrase,
    ),
    _rule(
        "year",
        r"\b(?:i\s+løpet\s+av|i|gjennom|mot|innen|for|fra|etter|til)\s+(?P<y1>"
        + YEAR
        + r")(?:\s*(?:[-–—]|\bog\b|\btil\b)\s*(?P<y2>"
        + YEAR
        + r"))?|(?P<short>\(-(?P<yy>\d\d)\)|\bi\s+-(?=\d\d\b)(?P<yy2>\d\d))"
        r"|\b(?:valget|kommunevalget|stortingsvalget|fylkestingsvalget|landsmøte|landsmøtet"
        r"|(?:fylkes)?årsmøtet?)\s+(?P<y3>" + YEAR + r")",
        on_year,
    ),
    _rule(
        "next_to_previous",
        # not 'dagen etter valget' (counted from a named event, a noun in the definite form)
        r"\b(?:dagen\s+(?P<dir>etter|før)|neste\s+dag|(?P<n>\w+)\s+dager\s+(?:senere|seinare))"
        r"(?=\s*[,.;:!?)]|\s*$|\s+(?![^\W\d_]+(?:et|en|a|ene)\b)[^\W\d_]+)",
        on_next_to_previous,
    ),
    _rule(
        "undated",
        r"\b(?:(?:tidspunkt|dato|datoer|tid)\s+(?:avklares|avklarast|kommer|kjem)(?:\s+(?:senere|seinare))?"
        r"|avklares(?:\s+senere)?|uavklart|ikke\s+avklart|ikke\s+fastsatt)\b",
        on_undated,
    ),
)


MASK = "\x00"
# Prepositions and qualifiers before a date stay in the text around it; a weekday or 'den'
# ('tirsdag 11. januar', 'den 3. mars') is part of the date itself.
LEADING_WORDS = re.compile(
    r"(?:(?:i\s+løpet\s+av|i|på|om|fra|til|innen|før|etter|gjennom|igjennom|utover|særlig"
    r"|hele|neste|over|medio|primo|ultimo|f\.o\.m\.|t\.o\.m\.|frå|" + MONTH_TURN + r")\s+)+",
    FLAGS,
)
# Groups where a date starts after words that only name what is dated ('landsmøtet 2027').
DATE_START_GROUPS = ("y3", "leaves")  # 'Avreise' stays in the text for the title


def find_expressions(text: str) -> list[Expression]:
    """Every date expression in `text`, in text order; earlier rules win overlaps."""
    work = text
    found: list[Expression] = []
    for rule in RULES:
        claimed: list[tuple[int, int]] = []
        for match in rule.pattern.finditer(work):
            if MASK in _outside_clock(match, found):
                continue
            items = _safe_items(rule, match)
            if not items:
                continue
            start = _expression_start(match)
            found.append(Expression(start, match.end(), rule.name, tuple(items)))
            claimed.append((match.start(), match.end()))
        work = _masked(work, claimed)
    return sorted(found, key=lambda e: e.start)


def _outside_clock(match: re.Match[str], found: list[Expression]) -> str:
    """The matched text but for the time of day at its first day ('17. mar, kl. 17:00 — 18.
    mar': the time, found first, may stand inside a span of days; a week may not)."""
    if "at" not in match.re.groupindex or match["at"] is None:
        return match[0]
    at = (match.start("at"), match.end("at"))
    if MASK in match["at"] and not any((e.start, e.end) == at for e in found if e.rule == "time"):
        return match[0]
    lo, hi = match.start("at") - match.start(), match.end("at") - match.start()
    return match[0][:lo] + match[0][hi:]


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span (in order, not overlapping) replaced by MASK, in one pass."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces += [text[position:start], MASK * (end - start)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _expression_start(match: re.Match[str]) -> int:
    """Where the date itself begins: after leading prepositions, and after a noun that only
    names the dated thing ('Landsmøtet 2028' -> '2028'), which stays in the text for the title."""
    for group in DATE_START_GROUPS:
        if group in match.re.groupindex and match[group] is not None:
            return match.start(group)
    lead = LEADING_WORDS.match(match[0])
    return match.start() + (lead.end() if lead and lead.end() < len(match[0]) else 0)


def _safe_items(rule: Rule, match: re.Match[str]) -> list[Item] | None:
    """A rule's items, or None when the match turns out not to be a date."""
    try:
        return rule.handler(match)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
