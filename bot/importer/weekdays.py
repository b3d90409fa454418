"""The year of a plan that names none, from the weekdays written beside its dates
('Mandag 15. august', '1.8. | Mandag') or told of a list of days just after it ('9., 11. og
12. februar' then 'på torsdagen …, på lørdagen og søndagen'): the years in which those days
fall on those weekdays."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from datetime import date

from bot.importer.grammar import REFERENCE_YEAR

WEEKDAY_NUMBERS: dict[str, int] = {
    "mandag": 0,
    "måndag": 0,
    "man": 0,
    "tirsdag": 1,
    "tysdag": 1,
    "tir": 1,
    "tirs": 1,
    "tys": 1,
    "onsdag": 2,
    "ons": 2,
    "torsdag": 3,
    "tor": 3,
    "tors": 3,
    "fredag": 4,
    "fre": 4,
    "lørdag": 5,
    "laurdag": 5,
    "lør": 5,
    "laur": 5,
    "søndag": 6,
    "sundag": 6,
    "søn": 6,
}
WEEKDAY_WORD = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(WEEKDAY_NUMBERS, key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
# 'torsdagen', 'på lørdagen og søndagen': the weekday of a day named just before.
DEFINITE_WEEKDAY = re.compile(
    r"(?<![^\W\d_])("
    + "|".join(w for w in WEEKDAY_NUMBERS if w.endswith("dag"))
    + r")en(?![^\W\d_])",
    re.IGNORECASE,
)
NEW_YEAR_DROP = 3  # a month this many months or more before the one above it is next year's
MIN_AGREEING = 3  # fewer weekdays than this could agree with a wrong year by chance
MIN_SHARE = 0.8  # a stray slip ('Måndag 24. mai' in a year where it is a Wednesday) is allowed
YEARS_BACK = 30
YEARS_AHEAD = 2

DayBuilder = Callable[[int], tuple[date, date]]


def weekday_of(line: str) -> int | None:
    """The one weekday a line names (None for none or several: 'mandag og tirsdag')."""
    found = {WEEKDAY_NUMBERS[m.lower()] for m in WEEKDAY_WORD.findall(line)}
    return found.pop() if len(found) == 1 else None


def weekdays_told_of(
    listed: Sequence[DayBuilder], following: Sequence[str]
) -> list[tuple[int | None, int, DayBuilder]] | None:
    """(weekday, month, build) of each day of a list ('9., 11. og 12. februar') whose
    following lines name as many weekdays in the definite form ('på torsdagen …, på lørdagen
    og søndagen'), one per listed day in order, with the same gaps; else None."""
    try:
        days = [
            date.fromordinal(n)
            for build in listed
            for start, end in [build(REFERENCE_YEAR)]
            for n in range(start.toordinal(), end.toordinal() + 1)
        ]
    except ValueError:
        return None
    told = [
        WEEKDAY_NUMBERS[m.lower()] for line in following for m in DEFINITE_WEEKDAY.findall(line)
    ]
    if len(told) != len(days) or any(
        (b - a).days % 7 != (wb - wa) % 7
        for (a, b), (wa, wb) in zip(itertools.pairwise(days), itertools.pairwise(told), strict=True)
    ):
        return None
    return [
        (weekday, day.month, _day_builder(day.month, day.day))
        for day, weekday in zip(days, told, strict=True)
    ]


def _day_builder(month: int, day: int) -> DayBuilder:
    """A builder of one day of the month, whichever year it is asked for."""
    return lambda year: (date(year, month, day), date(year, month, day))


def year_from_weekdays(
    days: Sequence[tuple[int | None, int, DayBuilder]], *, today: date
) -> tuple[int, int, tuple[int, ...]] | None:
    """(first year, its earliest month, the other years that fit as well) of a plan whose dated
    items `(weekday or None, month, build)`, in document order, fall on their weekdays: a month
    well before the one above it starts the next year (a school year, a notice from November for
    February). Of the years that fit best, the one nearest `today`; None when too few weekdays
    agree."""
    said = sum(1 for weekday, _month, _build in days if weekday is not None)
    if said < MIN_AGREEING:
        return None
    turns = (int(a[1] - b[1] >= NEW_YEAR_DROP) for a, b in itertools.pairwise(days))
    offsets = list(itertools.accumulate(turns, initial=0))
    best: list[int] = []
    best_score = 0
    for year in range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1):
        score = sum(
            1
            for (weekday, _month, build), offset in zip(days, offsets, strict=True)
            if weekday is not None and _weekday(build, year + offset) == weekday
        )
        if score > best_score:
            best, best_score = [year], score
        elif score == best_score:
            best.append(year)
    if best_score < max(MIN_AGREEING, MIN_SHARE * said):
        return None
    first_month = min(
        month for (_w, month, _b), offset in zip(days, offsets, strict=True) if not offset
    )
    chosen = min(best, key=lambda y: (abs(y - today.year), -y))
    others = tuple(sorted((y for y in best if y != chosen), key=lambda y: abs(y - chosen)))
    return chosen, first_month, others


def _weekday(build: DayBuilder, year: int) -> int | None:
    """The weekday of a day in a given year (None if the day does not exist then: 29 Feb)."""
    try:
        return build(year)[0].weekday()
    except ValueError:
        return None
