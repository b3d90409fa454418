"""The year of a date that does not say it: written beside it or in its sentence ('I 2026 vil
... 25. april'), from the heading above, from the plan's title or period, or from the weekdays
written with the days of a plan that names no year; and a guessed year moved when the weekdays
of its days say so."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from datetime import date

from dateutil.relativedelta import MO, relativedelta

from bot.importer.document import AUTUMN_START_MONTH, PlanPeriod, sentence_at, sentence_bounds
from bot.importer.grammar import Expression, Item
from bot.importer.headings import LOOKBACK_LINES, NEW_YEAR_GAP_DAYS, HeadingDating, year_after
from bot.importer.leads import label_year
from bot.importer.lexicon import WEEKDAYS
from bot.importer.mentions import (
    GOAL_SOURCE,
    budget_years,
    election_years,
    is_budget,
    is_election,
    is_goal,
    is_history,
    is_reported_year,
    is_told_as_past,
)
from bot.importer.model import YEAR_FROM_WEEKDAYS
from bot.importer.named_year import named_year
from bot.importer.repeats import Draft
from bot.importer.weekdays import (
    NEW_YEAR_DROP,
    WEEKDAY_NUMBERS,
    DayBuilder,
    weekday_of,
    weekdays_told_of,
    year_from_weekdays,
)

ROUGH_PERIODS = frozenset(
    {"season", "quarter"}
)  # 'våren 2023', 'Vårhalvåret 2023', '2. kvartal 2024'
MAIN_PRECISIONS = frozenset({"day", "week", "month"})
FINE = frozenset({"day", "week"})  # a date written with its year that dates its sentence
MIN_WEEKDAY_SHIFTS = 2  # days whose weekdays must agree to move a guessed year
# A year this long before the import is a subject ('Kampene i Gudbrandsdalen 1940'), never the
# year of a plan being imported.
HISTORY_YEARS = 30
BUDGET_SET_BY_MONTH = 7  # a year's budget is set before July of that year
WEEKDAY_AT = re.compile(rf"^\s*({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)


class YearDating(HeadingDating):
    """The extractor's reading of years (mixed into `Extractor`, which sets the facts below)."""

    expressions: list[Expression]
    plan_source: str
    fallback_year: int | None
    fallback_source: str
    years_before: dict[int, int]  # items before the first year written, turned: years back
    year_given: bool
    written_year: int | None  # the year of the page's date line ('Publisert 07.11.2018')
    weekday_shifts: Counter[tuple[int, int]]
    weekday_years_also: tuple[int, ...]
    today: date | None

    def _is_history(self, year: int) -> bool:
        """Whether a year lies so long before the import that it cannot be the plan's."""
        return self.today is not None and year < self.today.year - HISTORY_YEARS

    def _unless_history(self, plan: PlanPeriod | None) -> PlanPeriod | None:
        """The period the text names, unless it lies long before the import ('Kampene i
        Gudbrandsdalen 1940'); a year the person typed is kept whatever it is."""
        if plan is None or self.year_given or not self._is_history(plan.start_year):
            return plan
        return None

    def _first_explicit_year(self) -> int | None:
        """The first year written out in the document (used when there is no plan year), not
        one in a sentence about the past ('Laget ble stiftet i 1985'), the year a report is for
        ('rekneskap 2018') nor one long past ('Gudbrandsdalen 1940'); a goal the plan works
        towards ('fram mot valget i 2015', 'valgliste til fylkestingsvalget 2019', the year
        of a budget: 'årsbudsjett 2021'; an election named in a title: 'Nominasjon for perioden
        2019-2023') says the plan comes before it, when nothing else gives a year
        (`_year_before`); a day written with its year in a sentence told in the past ('Forslaget
        ble lagt fram 4. november 2021') gives it before the goal does. Sets where the year
        came from (`fallback_source`)."""
        self.fallback_source = "document"
        self.years_before = {}
        goal: tuple[int, date] | None = None
        budgets = budget_years(self.lines.text)
        told_day: int | None = None  # 'Forslaget ble lagt fram 4. november 2021'
        for expression in self.expressions:
            if any(b.start() <= expression.start < b.end() for b in budgets):
                continue  # 'økonomiplan 2021 til 2024': a budget's years, weighed below
            line = self.lines.lines[self.lines.index_of(expression.start)]
            column = self.lines.column_of(expression.start)
            if is_reported_year(line[:column]) or is_history(line[:column]):
                continue  # 'rekneskap 2018', 'tiårsminnet for terroren 22.7.2011'
            if is_told_as_past(sentence_at(line, column)):
                days = [i.explicit_year for i in expression.items if i.precision == "day"]
                told_day = told_day or next((y for y in days if y), None)
                continue
            year = next((i.explicit_year for i in expression.items if i.explicit_year), None)
            if year is None or self._is_history(year):
                continue
            if not is_goal(line[:column], year):
                self.years_before = _turned_before(self.expressions, expression)
                return year
            if goal is None or year > goal[0]:
                goal = (year, goal_day(line[:column], year))
        for match in budgets:
            year = int(match[0][:4])
            if not self._is_history(year) and (goal is None or year > goal[0]):
                goal = (year, date(year, BUDGET_SET_BY_MONTH, 1))
        for match in election_years(self.lines.text):
            year = int(match[0][:4])
            if not self._is_history(year) and (goal is None or year > goal[0]):
                goal = (year, election_day(year) + relativedelta(days=1))
        if goal is None:
            return None
        if told_day is not None and goal[0] - 1 <= told_day <= goal[0]:
            return told_day  # a day written with its year is no guess: the goal moves it not
        self.fallback_source = GOAL_SOURCE
        return self._year_before(*goal)

    def _year_before(self, goal: int, deadline: date) -> int:
        """The year of a plan whose only years are goals: the latest in which its dates, in
        their order, end before the goal's day (`goal_day`)."""
        ends = [
            (i.ref_month, i.build)
            for e in self.expressions
            for i in e.items
            if i.explicit_year is None and i.precision in MAIN_PRECISIONS and i.build is not None
        ]
        if not ends:
            return goal - 1
        turns = (int(a[0] - b[0] >= NEW_YEAR_DROP) for a, b in itertools.pairwise(ends))
        offsets = list(itertools.accumulate(turns, initial=0))
        for year in (goal, goal - 1):
            try:
                last = max(b(year + o)[1] for (_m, b), o in zip(ends, offsets, strict=True))
            except ValueError:  # 29 February in a year without one
                continue
            if last < deadline:
                return year
        return goal - 1

    def _plan_from_weekdays(self, today: date) -> PlanPeriod | None:
        """The period of a plan naming no year, from the weekdays beside its single days (or
        told of a list of days just after it), counting the turns of the year between all
        its dated days."""
        days: list[tuple[int | None, int, DayBuilder]] = []
        for index in sorted(self.by_line):
            items = [
                i
                for e in self.by_line[index]
                for i in e.items
                if i.precision in ("day", "month") and i.build is not None
            ]
            weekday = weekday_of(self.lines.lines[index])
            told = self._weekdays_told_after(index, items)
            if told is not None:
                days.extend(told)
            elif len(items) == 1 and items[0].precision == "day":
                days.append((weekday, items[0].ref_month, items[0].build))  # type: ignore[arg-type]
            else:
                days.extend((None, i.ref_month, i.build) for i in items)  # type: ignore[misc]
        found = year_from_weekdays(days, today=today)
        if found is None:
            return None
        year, month, self.weekday_years_also = found
        return PlanPeriod(year, month, year + 1 if month > 1 else None)

    def _weekdays_told_after(
        self, index: int, items: list[Item]
    ) -> list[tuple[int | None, int, DayBuilder]] | None:
        """'9., 11. og 12. februar' then 'digitalt på torsdagen, … på lørdagen og søndagen':
        the weekdays the paragraph after a list of days tells of them."""
        if len(items) < 2 or weekday_of(self.lines.lines[index]) is not None:
            return None
        following: list[str] = []
        for i in range(index + 1, min(len(self.lines.lines), index + LOOKBACK_LINES)):
            if self.by_line.get(i):
                break
            following.append(self.lines.lines[i])
        return weekdays_told_of([i.build for i in items if i.build is not None], following)

    def _resolve_year(
        self, item: Item, expression: Expression, index: int
    ) -> tuple[int, str] | None:
        """The year for an item and where it came from (explicit, sentence, heading, plan)."""
        if item.explicit_year:
            return item.explicit_year, "explicit"
        if item.next_year and self.written_year is not None:
            # 'neste år' on a page published in 2018 about 'landsmøtet 2019': the year after
            # the page's own, not after the year it names
            return self.written_year + 1, "date the document was written"
        if item.next_year and self.plan is not None:
            return self.plan.start_year + 1, self.plan_source
        sentence_year = self._sentence_year(expression, index, item)
        if sentence_year:
            return sentence_year, "sentence"
        labelled = label_year(self.lines, index, item.ref_month)
        if labelled is not None:
            return labelled, "sentence"
        heading = self._period_heading_at(index)
        if heading is not None:
            return year_after(heading.item, heading.year, item), "heading"
        titled = self._plan_titled_at(index)
        if titled is not None:
            return titled[1].year_for(item.ref_month), "plan"
        if self.plan is not None:
            return self._plan_year(item, expression, index), self.plan_source
        if self.fallback_year:
            # '8.-9. desember', then '26.-28. januar', then 'landsmøtet 2018': 2017
            back = self.years_before.get(id(item), 0)
            return self.fallback_year - back, self.fallback_source
        return None

    def _plan_year(self, item: Item, expression: Expression, index: int) -> int:
        """The plan's year for a date without one; a month the plan's period puts in its next
        year because it comes before the period's start is, in a sentence told in the past,
        before it in the first year ('sidan stor-konserten vår i mars' on a page written in
        September is last March, not next). A day keeps the plan's year: 'Møtet var først
        planlagt til 16. januar, men blir 23. januar' tells of the plan."""
        assert self.plan is not None
        year = self.plan.year_for(item.ref_month)
        line = self.lines.lines[index]
        if (
            year > self.plan.start_year
            and item.precision not in ("day", "week")
            and is_told_as_past(sentence_at(line, self.lines.column_of(expression.start)))
        ):
            return self.plan.start_year
        return year

    def _sentence_year(self, expression: Expression, index: int, item: Item) -> int | None:
        """The year stated nearest before in the same sentence, by itself or with a season,
        quarter or half-year ('I 2026 vil ... 25. april', 'Vårhalvåret 2023: Onsdag 18.
        januar', 'Høsten 2024 blir det kurs 3. oktober'; 'høsten 2024 … 5. januar' turns the
        year as under a heading)."""
        earlier = (
            expression.items[: expression.items.index(item)] if item in expression.items else ()
        )
        written = _after_written(earlier, item)  # '4. november 2021 og 9. november'
        if written is not None:
            return written
        line = self.lines.lines[index]
        column = self.lines.column_of(expression.start)
        lo, _hi = sentence_bounds(line, column)
        base = self.lines.starts[index]
        for other in reversed(self.by_line.get(index, [])):
            if other.start >= expression.start or other.start - base < lo:
                continue
            years = [i for i in other.items if i.precision == "year"]
            if len(years) == 1 and years[0].label.isdigit():
                return int(years[0].label)
            periods = [i for i in other.items if i.precision in ROUGH_PERIODS]
            if len(periods) == 1 and periods[0].explicit_year:
                return year_after(periods[0], periods[0].explicit_year, item)
            written = _after_written(other.items, item)
            if written is not None:  # 'la fram forslaget 4. november 2021 og … 9. november'
                return written
        return named_year(line[lo:column], item.ref_month)  # 'Kirkemøtet 2029: 16.–19. mars'

    def _weekday_shift(
        self, expression: Expression, item: Item, resolved: tuple[int, str]
    ) -> int | None:
        """The year a day written with its weekday but not its year falls on that weekday: the
        guessed one or a year next to it; None when a year is written or given, or not exactly
        one of the three fits."""
        year, source = resolved
        said = WEEKDAY_AT.match(self.lines.text[expression.start : expression.end])
        if said is None or item.precision != "day" or self.year_given:
            return None
        if source in ("explicit", "sentence"):
            return None
        weekday = WEEKDAY_NUMBERS[said[1].lower()]
        fits = [y for y in (year, year - 1, year + 1) if _weekday_in(item, y) == weekday]
        return fits[0] if len(fits) == 1 else None

    def _weekday_shifts(self) -> Counter[tuple[int, int]]:
        """How many days with their weekdays fall in each year next to or equal to the one
        guessed for them, by guessed year (see `_year_of_weekday`)."""
        shifts: Counter[tuple[int, int]] = Counter()
        for index, expressions in self.by_line.items():
            for expression in expressions:
                for item in expression.items:
                    if item.precision != "day" or item.explicit_year or item.build is None:
                        continue
                    resolved = self._resolve_year(item, expression, index)
                    shift = self._weekday_shift(expression, item, resolved) if resolved else None
                    if resolved is not None and shift is not None:
                        shifts[(resolved[0], shift)] += 1
        return shifts

    def _year_of_weekday(
        self, expression: Expression, item: Item, resolved: tuple[int, str]
    ) -> tuple[int, str]:
        """Days written with their weekdays but not their years ('Fredag 17. mars' under a
        title naming 2022, 'lørdag 22. mars' on a page naming the 2015 election) are in the
        year next to the guessed one where those weekdays fall. A year written in a title or
        a heading moves only when at least two days say so (one is a slip: 'Onsdag 17/5' in
        a year where it is a Thursday); any year moves only when more days say so than fit
        it (two 'Tysdag/onsdag 13. og 14. juni' among a dozen days that fit the title stay)."""
        year = resolved[0]
        shift = self._weekday_shift(expression, item, resolved)
        if shift is None or shift == year:
            return resolved
        moving = self.weekday_shifts[(year, shift)]
        if self._is_written_year(resolved[1]) and moving < MIN_WEEKDAY_SHIFTS:
            return resolved
        if moving <= self.weekday_shifts[(year, year)]:
            return resolved
        return shift, "weekdays written with the days"

    def _year_basis(self, year_source: str) -> str:
        """Where a date's year comes from in the end: a plan that names no year gets it from the
        weekdays, whichever heading or list passed it on."""
        if self.plan_source == YEAR_FROM_WEEKDAYS and year_source not in ("explicit", "none"):
            return YEAR_FROM_WEEKDAYS
        return year_source

    def _is_written_year(self, source: str) -> bool:
        """Whether a guessed year comes from a title or a heading of the plan, not inferred."""
        if source == "heading":
            return True
        return source == "plan" and self.plan is not None and bool(self.plan.title_lines)

    def _wrong_weekday(self, expression: Expression, item: Item, start: date | None) -> str:
        """The weekday written before a day ('torsdag 1. oktober') when the day is another one."""
        said = WEEKDAY_AT.match(self.lines.text[expression.start : expression.end])
        if said is None or start is None or item.precision != "day":
            return ""
        weekday = said[1].lower()
        return "" if WEEKDAY_NUMBERS[weekday] == start.weekday() else weekday


def _turned_before(expressions: list[Expression], first_year: Expression) -> dict[int, int]:
    """For each date without a year before the expression giving the page its first year, how
    many turns of the year its dates, in their order, make from it to the first one after
    (by `id` of the item): '8.-9. desember' then '26.-28. januar' then 'landsmøtet 2018' puts
    December in 2017. Only dates before that expression move, and only back."""
    listed = [
        (i, e.start)
        for e in expressions
        for i in e.items
        if i.is_dated and i.explicit_year is None and i.precision in MAIN_PRECISIONS
    ]
    after = [n for n, (_i, start) in enumerate(listed) if start > first_year.start]
    if not after:
        return {}
    anchor = after[0]
    back: dict[int, int] = {}
    turns = 0
    for n in range(anchor - 1, -1, -1):
        if listed[n][0].ref_month - listed[n + 1][0].ref_month >= NEW_YEAR_DROP:
            turns += 1
        if turns:
            back[id(listed[n][0])] = turns
    return back


def from_its_first_months(
    plan: PlanPeriod | None, expressions: list[Expression], answered: bool
) -> PlanPeriod | None:
    """A plan over two years starts where its dates, in their order, start (the school-,
    season- or club-year rule):

    - '2018-2019' over 'Skolestart 16. august' … 'Første skoledag 3. januar': a plan named
      without months whose first date without a year of its own is in the autumn runs from
      that autumn into the next year; its months before August are in the second year. One
      whose dates start early in the year (a party's 'Arbeidsplan 2026 – 2027') keeps its
      January. So does a plan naming no year at all when the person gives it (`--year 2024`
      for 'August | … 19. august' … 'Januar | … 3. januar'): the year given is the year its
      first month is in.
    - 'Datoplan for høsten 2012' over 'JULI' … 'AUGUST' … 'NOVEMBER': a month shortly before
      the one the plan's period starts in, whose dates run on into that period without
      turning the year, is its first month (the summer before an autumn), not one of the
      next year."""
    if plan is None:
        return plan
    months = [
        item.ref_month
        for expression in expressions
        for item in expression.items
        if item.is_dated and item.explicit_year is None and item.precision in MAIN_PRECISIONS
    ]
    if plan.start_month != 1:
        return _from_an_earlier_month(plan, months)
    yearless = answered and not any(i.explicit_year for e in expressions for i in e.items)
    two_years = plan.end_year == plan.start_year + 1
    if not two_years and not (yearless and plan.end_year is None):
        return plan
    if not months or months[0] < AUTUMN_START_MONTH:
        return plan
    return replace(plan, start_month=AUTUMN_START_MONTH, end_year=plan.start_year + 1)


def _from_an_earlier_month(plan: PlanPeriod, months: list[int]) -> PlanPeriod:
    """The plan starting at its first month when that comes shortly before the period's start
    (closer than a turn of the year: `NEW_YEAR_DROP`) and the months after it reach the period
    without a turn of the year (see `from_its_first_months`)."""
    if not months or not 0 < plan.start_month - months[0] < NEW_YEAR_DROP:
        return plan
    for before, after in itertools.pairwise(months):
        if before - after >= NEW_YEAR_DROP:
            return plan
        if after >= plan.start_month:
            return replace(plan, start_month=months[0])
    return plan


def _after_written(before: tuple[Item, ...], item: Item) -> int | None:
    """The year of a date named after a day or week written with its year, in one sentence:
    that year, turned at New Year ('3. desember 2031 og 15. januar' is January 2032)."""
    written = [i for i in before if i.explicit_year and i.precision in FINE]
    if not written or written[-1].explicit_year is None:
        return None
    return year_after(written[-1], written[-1].explicit_year, item)


def _weekday_in(item: Item, year: int) -> int | None:
    """The weekday of a one-day item in a given year (None if it has no such day: 29 Feb)."""
    try:
        return item.build(year)[0].weekday()  # type: ignore[misc]
    except ValueError:
        return None


def goal_day(before: str, year: int) -> date:
    """The day a plan leading up to a goal year ends before: the day after an election (a
    nomination runs the autumn before, a campaign plan up to its 'Valgdag'), the middle of a
    budget's year (a municipality treats it in the autumn before, an association at the
    year's first meetings), else the goal year's New Year."""
    if is_election(before, year):
        return election_day(year) + relativedelta(days=1)
    if is_budget(before):
        return date(year, BUDGET_SET_BY_MONTH, 1)
    return date(year, 1, 1)


def election_day(year: int) -> date:
    """Norway's election day in a year: the second Monday of September."""
    return date(year, 9, 1) + relativedelta(weekday=MO(+2))


def run_into_the_next_year(drafts: list[Draft], lists: list[int | None]) -> None:
    """A list in date order that runs into the next year without saying so: an item dated only
    by the plan's year that comes well before the date named before it, in a list whose next
    year written is a later one ('• Fredag 19. november', then '• Ett møte i slutten av januar',
    '• Årsmøte 12. mars 2022'), is in that later year. `lists` gives, per line, the list it is
    an item of."""
    dated = [d for d in drafts if d.event.start is not None and d.event.end is not None]
    dated.sort(key=lambda d: d.order)  # in reading order
    for i in range(1, len(dated)):
        draft, previous = dated[i], dated[i - 1].event.start
        start, end, its_list = draft.event.start, draft.event.end, lists[draft.index]
        if draft.year_source != "plan" or its_list is None:
            continue
        written = next(
            (
                d.event.start
                for d in dated[i + 1 :]
                if d.year_source == "explicit" and lists[d.index] == its_list
            ),
            None,
        )
        if start is None or end is None or previous is None or written is None:
            continue
        if (previous - start).days <= NEW_YEAR_GAP_DAYS or written.year != start.year + 1:
            continue
        try:
            moved = (start.replace(year=start.year + 1), end.replace(year=end.year + 1))
        except ValueError:
            continue  # 29 February
        if moved[0] <= written:
            draft.event = replace(draft.event, start=moved[0], end=moved[1])
