"""Headings that date what lies under them: a line that is only a period ('Vår 2018',
'JANUAR', '2024') dates the undated sections, bullets and paragraph below it and the calendar
days of a month ('12. Styremøte'), up to the next such line. Its year is its own, or follows
the heading before it ('DESEMBER' then 'JANUAR' turns the year) unless a plan title comes
between, else the plan's."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.importer.day_at_end import day_at_end
from bot.importer.document import (
    Lines,
    PlanPeriod,
    heading_text,
    is_bullet,
    is_heading,
    sentence_at,
)
from bot.importer.grammar import (
    DAYNUM,
    HOLIDAY_NAME,
    S1,
    WD_PREFIX,
    WEEKDAY,
    Expression,
    Item,
    SpanBuilder,
    day_span_item,
    single_day_item,
)
from bot.importer.lexicon import COLUMN_NAMES, WEEKDAYS, words_pattern
from bot.importer.model import FoundEvent
from bot.importer.repeats import Draft
from bot.importer.titles import (
    MAX_TITLE_WORDS,
    bullet_title,
    clean_label,
    find_locations,
    guess_kind,
    shorten,
)

HEADING_PRECISIONS = frozenset({"month", "season", "quarter", "year"})
LOOKBACK_LINES = 8
NEW_YEAR_GAP_DAYS = 92  # a heading this much earlier than the one before it is in the next year
PUNCT_ONLY = re.compile(r"^[\s\x00.,;:!?\-–—()/|]*$")
# 'Noen ideer til arbeidsformer:' after prose under 'September – desember 2022': the list
# below is that label's, not the month's items.
INTRODUCES = re.compile(r":\s*$")
YEAR_LINE = re.compile(r"^\s*((?:19|20)\d\d)\s*:?\s*$")
# 'Det er ingen møter i fellesferien', '• Ikke møte i juli': nothing happens then.
NOTHING = re.compile(
    r"^\W*(?:det\s+(?:er|blir)\s+)?(?:ingen|ikke|intet|ikkje|inga)\b", re.IGNORECASE
)
# A day (or days) of the month heading above, bulleted or not, then its text on the same line
# ('12. Styremøte', '- tirsdag 3.: Styremøte', '13. | Luciafeiring', '1.Planleggingsdag',
# '14: Julespill', '4.+5. Høstferie', or a day number set apart from its text by a column gap:
# '22     Formannskap') or alone with the text on the next line ('27.-28.', '12.-1.': into the
# next month).
# A number whose dot runs into a word in lower case is an ordinal ('1.års studenter', '2.rep.skap'),
# not a day.
# The weekday may be typed against its day ('Onsdag19.'), and a span of two days may give the
# second its weekday too, the first then without its dot ('Lørdag 6 – søndag 7.').
CALENDAR_WEEKDAY = rf"(?:{WD_PREFIX}|{words_pattern(WEEKDAYS)}(?=\d))"
CALENDAR_DAY = re.compile(
    rf"^\s*(?:[•·●▪◦*–-][ \t]*)?{CALENDAR_WEEKDAY}(?P<d>{DAYNUM})"
    rf"(?:(?:[.:](?!(?-i:[a-zæøå]))|(?=\s*[-–]\s*{WEEKDAY}))"
    rf"(?:\s*(?P<sep>[-–+&]|og\b)\s*(?:{WEEKDAY}{S1})?(?P<d2>{DAYNUM})\.?)?"
    rf"|(?=(?:\s{{2,}}|\t)[^\W\d_]))"
    r"(?:\s*(?P<rest>[^\d\s].*)|\s*)$",
    re.IGNORECASE,
)


# '1. Val av møteleiar.': a numbered point, its number and words (no second day, no month)
LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+[^\W\d_]")
MIN_NUMBERED_RUN = 3
MAX_CELL_WORDS = 20  # a table cell's text, not a paragraph of prose
MIN_CELL_LINES = 1
EMPTY_DATE_CELL = 3  # empty lines


def calendar_day(line: str) -> re.Match[str] | None:
    """The day of the month heading above that a line names at its start ('12. Styremøte') or
    at its end ('Skolestart: Mandag 21.')."""
    return CALENDAR_DAY.match(line) or day_at_end(line)


@dataclass(frozen=True)
class PeriodHeading:
    """A line that is nothing but a dated period ('Vår 2018', 'JANUAR 2021')."""

    index: int
    text: str
    item: Item
    year: int


class HeadingDating:
    """The extractor's reading of period headings (mixed into `Extractor`, which sets the
    facts below)."""

    lines: Lines
    by_line: dict[int, list[Expression]]
    plan: PlanPeriod | None
    plan_titles: list[tuple[int, PlanPeriod]]
    fallback_year: int | None
    period_headings: list[PeriodHeading]
    heading_indexes: list[int]
    heading_index_set: set[int]

    if TYPE_CHECKING:

        def _residual(self, index: int, lo: int = 0, hi: int | None = None) -> str: ...

        def _words(self, text: str) -> set[str]: ...

    def _period_headings(self) -> list[PeriodHeading]:
        """Lines that are just one dated period with its year and no sentence punctuation."""
        headings: list[PeriodHeading] = []
        first_line = next((i for i, line in enumerate(self.lines.lines) if line.strip()), None)
        for index, line in enumerate(self.lines.lines):
            year_match = YEAR_LINE.match(line)
            if year_match:
                y = int(year_match[1])
                item = Item("year", str(y), y, 1, _whole_year(y))
                headings.append(PeriodHeading(index, line.strip(), item, y))
                continue
            expressions = self.by_line.get(index, [])
            if len(expressions) != 1 or len(expressions[0].items) != 1:
                continue
            item = expressions[0].items[0]
            stripped = line.strip()
            if (
                item.precision not in HEADING_PRECISIONS
                or not (self._is_date_only(index) or self._heads_columns(index))
                or (stripped[-1:] in ".,;" and index != first_line)
            ):
                continue  # 'Høstsemesteret 2021.' as the first line is the title all the same
            if self._after_label(index) or (item.explicit_year and self._row_value(index)):
                continue  # 'Gjennomføres:' then 'Februar til mai': the label's value
            year = item.explicit_year
            following = self._next_line(index)
            if self._is_bare_period(index + 1) or CALENDAR_DAY.match(following):
                following = ""  # 'MARS' over 'tirsdag 3.: Styremøte': a day of it, not a sentence
            if self._heads_columns(index):
                stripped = self._period_text(index)  # 'JANUAR Lag Sted': the heading 'JANUAR'
            heading = stripped[:1].upper() + stripped[1:].replace("|", " ")
            if year is None and is_heading(heading, following):
                # 'JANUAR', 'FEBRUAR–MARS', 'Høst', 'jul – aug – sep': a bare period heading
                # takes its year from the heading before it, else from the plan, and dates the
                # lines below it.
                year = self._bare_heading_year(item, headings[-1] if headings else None, index)
            if year is not None:
                headings.append(PeriodHeading(index, stripped, item, year))
        return headings

    def _heads_columns(self, index: int) -> bool:
        """Whether a line is a period, then the column names of the table under it ('MAI Lag
        Sted Tema', 'Oktober | Hva | Hvor'): a month heading repeated over each month's rows."""
        expression = self.by_line[index][0]
        start = expression.start - self.lines.starts[index]
        if self.lines.lines[index][:start].strip():
            return False  # the period must open the line
        words = re.findall(r"[^\W\d_]+", self._residual(index))
        return len(words) >= 2 and all(w.lower() in COLUMN_NAMES for w in words)

    def _period_text(self, index: int) -> str:
        """The words of line `index`'s one period expression."""
        expression = self.by_line[index][0]
        start = expression.start - self.lines.starts[index]
        return self.lines.lines[index][start : expression.end - self.lines.starts[index]].strip()

    def _is_bare_period(self, index: int) -> bool:
        """Whether line `index` holds a period and nothing else ('apr – mai – jun')."""
        return bool(self.by_line.get(index)) and self._is_date_only(index)

    def _after_label(self, index: int) -> bool:
        """Whether the nearest line above with text is a label ending in a colon."""
        for i in range(index - 1, max(-1, index - LOOKBACK_LINES), -1):
            above = self.lines.lines[i].strip()
            if above:
                return above.endswith(":") and len(above.split()) <= 4
        return False

    def _row_value(self, index: int) -> bool:
        """Whether a period line is the date cell of a table flattened to lines: after an
        undated label whose line above is itself a date alone ('25.10.2023', 'Utarbeidelse av
        planen', 'Sept.2023 - mars 2024'), as the row before it was."""
        above = [i for i in range(index - 1, max(-1, index - LOOKBACK_LINES), -1)]
        text = [i for i in above if not self.lines.is_blank(i)][:2]
        if len(text) < 2 or self.by_line.get(text[0]) or not self.by_line.get(text[1]):
            return False
        if CALENDAR_DAY.match(self.lines.lines[text[0]]):
            return False  # 'Januar 2023', '2. | Planleggingsdag', 'Februar 2023': a calendar
        value = self.by_line[text[1]][0].items[0]
        return self._is_date_only(text[1]) and value.precision in ("day", *HEADING_PRECISIONS)

    def _bare_heading_year(
        self, item: Item, previous: PeriodHeading | None, index: int
    ) -> int | None:
        """The year of a period heading without one: the previous heading's year (the next year
        when the period comes well before it: 'DESEMBER' then 'JANUAR'), unless a plan title
        comes between ('Aktivitetsplan vår 2018'), else the plan's."""
        titled = self._plan_titled_at(index)
        if titled is not None and (previous is None or previous.index < titled[0]):
            return titled[1].year_for(item.ref_month)
        if previous is not None:
            return year_after(previous.item, previous.year, item)
        if self.plan is not None:
            return self.plan.year_for(item.ref_month)
        return self.fallback_year

    def _plan_titled_at(self, index: int) -> tuple[int, PlanPeriod] | None:
        """The line and period of the nearest plan title above line `index`, when the page
        holds plans of more than one period."""
        above = [(i, period) for i, period in self.plan_titles if i < index]
        return above[-1] if above else None

    def _period_heading_at(self, index: int) -> PeriodHeading | None:
        """The period heading whose scope holds line `index`."""
        position = bisect.bisect_left(self.heading_indexes, index)
        return self.period_headings[position - 1] if position else None

    def _scope(self, heading: PeriodHeading) -> range:
        """Line indexes from a period heading to the next one."""
        position = bisect.bisect_right(self.heading_indexes, heading.index)
        end = (
            self.heading_indexes[position]
            if position < len(self.heading_indexes)
            else len(self.lines.lines)
        )
        return range(heading.index + 1, end)

    def _calendar_day_drafts(self, found: list[Draft]) -> list[Draft]:
        """'12. Styremøte' lines under a 'JANUAR 2021' heading (a line that also dates itself
        keeps the calendar's days only where they say something else: '8.-9. | Plandag 1 og 2,
        08.09.2022-10.09.2022')."""
        said = {(d.index, d.event.start, d.event.end) for d in found}
        numbered = self._numbered_list_lines()
        drafts: list[Draft] = []
        for heading in self.period_headings:
            if heading.item.precision != "month":
                continue
            month = heading.item.ref_month
            for index in self._scope(heading):
                if index in numbered:
                    continue  # '1. Val av møteleiar.', '2. Godkjenning …': an agenda's numbers
                line = self.lines.lines[index]
                match = calendar_day(line)
                if not match or self._dated_at(index, match.start("d")):
                    continue  # 'Måndag 15. og tysdag 16. august', '21. november': a date itself
                text_index = index if match["rest"] else self._next_text_line(index)
                if text_index is None:
                    continue
                days = self._calendar_drafts(text_index, match, month, heading.year)
                if text_index != index:
                    _named_only(found, text_index)  # '16.' / '17. mai fest': the row's name
                if self._has_own_date(index):
                    own = {
                        d.event.start.month
                        for d in found
                        if d.index == index and d.event.precision == "day" and d.event.start
                    }
                    if own and month not in own:
                        continue  # '2. rep.skap 22.-24.09' under 'Oktober': a number, not a day
                    days = [d for d in days if (index, d.event.start, d.event.end) not in said]
                drafts.extend(days)
        return drafts

    def _numbered_list_lines(self) -> set[int]:
        """Lines of a list numbered from 1 on lines that follow each other ('1. Val av
        møteleiar.', '2. Godkjenning av møteinnkalling.', '3. …'): an agenda or a list of
        points, not days of a month; three lines at least, or two under a line that introduces
        them."""
        numbered: set[int] = set()
        run: list[int] = []
        for index, line in enumerate([*self.lines.lines, ""]):
            match = LIST_ITEM.match(line)
            number = int(match["n"]) if match else None
            if number is not None and number == len(run) + 1:
                run.append(index)
                continue
            if len(run) >= MIN_NUMBERED_RUN or (len(run) > 1 and self._introduced(run[0])):
                numbered.update(run)
            run = [index] if number == 1 else []
        return numbered

    def _introduced(self, index: int) -> bool:
        """Whether the line before `index` introduces a list ('… behandler følgende saker;',
        'Saksliste til årsmøtet:'): points numbered from 1 under it are no days, two or more."""
        before = next((line for line in reversed(self.lines.lines[:index]) if line.strip()), "")
        return before.rstrip().endswith((":", ";"))

    def _next_text_line(self, index: int) -> int | None:
        """The next line with text after a line of bare days, unless it is a period heading,
        more days, or dated by days of its own."""
        for i in range(index + 1, min(len(self.lines.lines), index + LOOKBACK_LINES)):
            if not self.lines.is_blank(i):
                line = self.lines.lines[i]
                days = [
                    x
                    for e in self.by_line.get(i, ())
                    if e.rule != HOLIDAY_NAME  # '17. mai fest' is the row's text, not its day
                    for x in e.items
                    if x.precision == "day"
                ]
                day = CALENDAR_DAY.match(line)
                if day and self._named_at(i, day.start("d")):
                    day = None  # '17. mai markering': the row's text names a holiday
                bare = i in self.heading_index_set or day
                return None if bare or days else i
        return None

    def _calendar_drafts(
        self, index: int, match: re.Match[str], month: int, year: int
    ) -> list[Draft]:
        """The day (or span of days) of a month calendar whose text is on line `index`; days
        listed with '+', '&' or 'og' are one span only when they follow each other."""
        d1 = int(match["d"])
        d2 = int(match["d2"]) if match["d2"] else d1
        if match["sep"] and match["sep"] not in "-–" and d2 != d1 + 1:
            return [
                *self._calendar_draft(index, d1, d1, match["rest"], month, year),
                *self._calendar_draft(index, d2, d2, match["rest"], month, year),
            ]
        return self._calendar_draft(index, d1, d2, match["rest"], month, year)

    def _calendar_draft(
        self, index: int, d1: int, d2: int, rest: str | None, month: int, year: int
    ) -> list[Draft]:
        """One day or span of a month calendar ('12.-1.': from the 12th into the next month)."""
        month2, year2 = (month, year) if d2 >= d1 else (month % 12 + 1, year + month // 12)
        try:
            item = (
                day_span_item(d1, month, year, d2, month2, year2, "")
                if (d2, month2) != (d1, month)
                else single_day_item(d1, month, year, "")
            )
            start, end = item.build(year)  # type: ignore[misc]
        except ValueError:
            return []
        line = self.lines.lines[index]
        title = clean_label(rest or self._residual(index)) or "Hendelse"
        quote = line.strip()
        event = FoundEvent(
            title=title[:1].upper() + title[1:],
            kind=guess_kind(title),
            precision="day",
            start=start,
            end=end,
            recurrence=None,
            locations=find_locations(quote),
            quote=quote,
            line=index + 1,
            note="HEADING-DATED: day of the month heading above.",
        )
        return [Draft(event, index, (index, 0, 0), "heading", title, self._words(title), set())]

    def _heading_dated_drafts(self, drafts: list[Draft]) -> list[Draft]:
        """Sections under 'Vår 2018' with no date of their own take the heading's period."""
        dated_lines = sorted({d.index for d in drafts})
        out: list[Draft] = []
        for heading in self.period_headings:
            if self.plan is not None and heading.index in self.plan.title_lines:
                continue  # the title's period covers the whole plan, not one section
            if heading.item.precision == "month":
                items = self._month_item_drafts(heading)
                out.extend(items)
                if items and all(d.index in self._cell_lines(heading) for d in items):
                    continue  # 'Desember' / 'Julebord' / 'Lucia': each line is the month's
            for start, end in self._sections(heading):
                position = bisect.bisect_left(dated_lines, start)
                if position < len(dated_lines) and dated_lines[position] < end:
                    continue
                previous = dated_lines[position - 1] if position else -1
                if previous > heading.index and (
                    self._has_own_date(previous) or CALENDAR_DAY.match(self.lines.lines[previous])
                ):
                    continue  # 'Februar', '18.02.2019', then 'MATPAKKEDAG': that day's entry
                    # (or '12.' under the month: the cells of that day's row)
                body = [i for i in range(start + 1, end) if not self.lines.is_blank(i)]
                if not body:
                    continue
                out.append(self._heading_dated_draft(heading, start))
        return out

    def _month_item_drafts(self, heading: PeriodHeading) -> list[Draft]:
        """'August:' then '• FAU møte', '• Oppstart av komiteer': under a month heading each
        bullet without a date of its own is one event in that month; with no bullets, an
        undated paragraph right under the heading ('Oktober – november' then 'Alle medlemmer
        inviteres til …') is one."""
        listed = []
        intro: int | None = None
        for i in self._scope(heading):
            line = self.lines.lines[i]
            if is_bullet(line):
                listed.append(i)
            elif is_heading(line, self._next_line(i)) and not self._is_dated(i) and listed:
                break  # a sub-heading after the list starts another part of the plan
                # ('Ukentlig øvelse på skolen': a repetition without a date is no date)
            elif not listed and INTRODUCES.search(line) and not self.by_line.get(i):
                intro = i  # 'Noen ideer til arbeidsformer:': a list of the label's own
            elif not listed and not self.lines.is_blank(i):
                intro = None
        first = next((i for i in self._scope(heading) if not self.lines.is_blank(i)), None)
        if listed and intro is not None and intro != first:
            return []  # prose, then a list of its own label: no calendar of the month
        indents = {i: len(self.lines.lines[i]) - len(self.lines.lines[i].lstrip()) for i in listed}
        outer = min(indents.values(), default=0)  # a nested bullet tells more about its item
        bullets = [
            (i, f"a bullet under the month heading '{heading.text}'")
            for i in listed
            if indents[i] == outer
            and not self._has_own_date(i)
            and not calendar_day(self.lines.lines[i])  # '- 3. Styremøte': a day of it
            and not NOTHING.match(bullet_title(self.lines.lines[i]))
        ]
        paragraph = self._paragraph_under(heading)
        cells = self._cell_lines(heading)
        if not listed and cells:
            bullets = [
                (i, f"a line of its own under the month heading '{heading.text}'") for i in cells
            ]
        elif not bullets and paragraph is not None:
            bullets = [(paragraph, f"the paragraph under the month heading '{heading.text}'")]
        start, end = heading.item.build(heading.year)  # type: ignore[misc]
        out: list[Draft] = []
        for index, what in bullets:
            line = self.lines.lines[index]
            title = bullet_title(sentence_at(line, 0) or line)
            if not title:
                continue
            title = shorten(title) if len(title.split()) > MAX_TITLE_WORDS else title
            event = FoundEvent(
                title=title[:1].upper() + title[1:],
                kind=guess_kind(title, line),
                precision="month",
                start=start,
                end=end,
                recurrence=None,
                locations=find_locations(line),
                quote=line.strip(),
                line=index + 1,
                note=f"HEADING-DATED: {what}.",
            )
            out.append(Draft(event, index, (index, 0, 0), "heading", title, set(), set()))
        return out

    def _cell_lines(self, heading: PeriodHeading) -> list[int]:
        """Under a month heading of a table flattened to lines ('Desember' / 'Julebord for barna'
        / 'Lucia i barnehagen', each set apart by empty lines), the undated lines that stand
        alone: each one is an event of the month. Two at least, and nothing but such lines, days
        of the month and their text ('29.' / 'Årsmøte') in the heading's scope."""
        alone: list[int] = []
        scope = self._scope(heading)
        if not all(self.lines.is_blank(i) for i in scope[:EMPTY_DATE_CELL]):
            return []  # the row's date cell, left empty, stands between the month and its text
        skip: set[int] = set()
        for i in scope:
            if i in skip or self.lines.is_blank(i):
                continue
            line = self.lines.lines[i]
            if CALENDAR_DAY.match(line) or self._has_own_date(i):
                break  # the lines after a day are that day's row

            lone = (i - 1 < scope.start or self.lines.is_blank(i - 1)) and (
                i + 1 >= scope.stop or self.lines.is_blank(i + 1)
            )
            if not lone or len(line.split()) > MAX_CELL_WORDS or line.rstrip().endswith(":"):
                return []
            alone.append(i)
        return alone if len(alone) >= MIN_CELL_LINES else []

    def _paragraph_under(self, heading: PeriodHeading) -> int | None:
        """The first line of the undated paragraph of prose right under a heading, if it has
        one (not a sub-heading, a list, a calendar of days or a dated line) and it does not
        say that nothing happens ('Ingen møter denne måneden')."""
        scope = [i for i in self._scope(heading) if not self.lines.is_blank(i)]
        if not scope or NOTHING.match(self.lines.lines[scope[0]]):
            return None
        first = scope[0]
        for i in range(first, scope[-1] + 1):
            if self.lines.is_blank(i):
                break
            line = self.lines.lines[i]
            if (
                self._has_own_date(i)
                or is_bullet(line)
                or calendar_day(line)
                or is_heading(line, self._next_line(i))
            ):
                return None
        return first

    def _sections(self, heading: PeriodHeading) -> list[tuple[int, int]]:
        """(heading line, end) of each subsection inside a period heading's scope."""
        scope = self._scope(heading)
        starts = [
            i
            for i in scope
            if is_heading(self.lines.lines[i], self._next_line(i)) and not self.by_line.get(i)
        ]
        if not starts:
            return []
        ends = [*starts[1:], scope.stop]
        return list(zip(starts, ends, strict=True))

    def _heading_dated_draft(self, heading: PeriodHeading, section: int) -> Draft:
        """An event for an undated section, dated by the period heading above it."""
        title = heading_text(self.lines.lines[section])
        start, end = heading.item.build(heading.year)  # type: ignore[misc]
        event = FoundEvent(
            title=title,
            kind=guess_kind(
                title, self.lines.lines[section + 1] if section + 1 < len(self.lines.lines) else ""
            ),
            precision=heading.item.precision,
            start=start,
            end=end,
            recurrence=None,
            locations=(),
            quote=heading.text,
            line=heading.index + 1,
            note=f"HEADING-DATED: section '{title}' has no date of its own; "
            f"dated by the heading '{heading.text}'.",
        )
        return Draft(event, section, (section, 0, 0), "heading", title, set(), set())

    def _is_date_only(self, index: int) -> bool:
        """Whether a line holds nothing but date expressions and punctuation."""
        return bool(PUNCT_ONLY.match(self._residual(index)))

    def _dated_at(self, index: int, column: int) -> bool:
        """Whether a date expression covers `column` of line `index`."""
        offset = self.lines.starts[index] + column
        return any(e.start <= offset < e.end for e in self.by_line.get(index, ()))

    def _named_at(self, index: int, column: int) -> bool:
        """Whether a holiday's name ('17. mai markering') covers `column` of line `index`."""
        offset = self.lines.starts[index] + column
        return any(
            e.start <= offset < e.end and e.rule == HOLIDAY_NAME
            for e in self.by_line.get(index, ())
        )

    def _is_dated(self, index: int) -> bool:
        """Whether line `index` holds an expression that gives dates (not a repetition alone)."""
        return any(i.is_dated for e in self.by_line.get(index, ()) for i in e.items)

    def _has_own_date(self, index: int) -> bool:
        """Whether line `index` says when by itself (a date, period or repetition; not a time)."""
        return any(i.precision != "time" for e in self.by_line.get(index, ()) for i in e.items)

    def _next_line(self, index: int) -> str:
        """The line after `index` ('' at the end)."""
        return self.lines.lines[index + 1] if index + 1 < len(self.lines.lines) else ""


def _named_only(found: list[Draft], index: int) -> None:
    """The row's text below its day ('16.' / '17. mai fest') names a holiday: the day it names
    is the row's title, so the drafts dated by it give way to the day above."""
    for draft in found:
        if draft.index == index and draft.event.precision == "day":
            draft.superseded = True


def year_after(before: Item, year: int, item: Item) -> int:
    """The year of a period named without one after `before` (in `year`): 'DESEMBER' then
    'JANUAR', or 'November:' then 'Mars: Konsert', turn the year; 'HØST 2018' then 'AUGUST'
    does not."""
    if item.build is None or before.build is None:
        return year
    try:
        start, previous = item.build(year)[0], before.build(year)[0]
    except ValueError:
        return year
    return year + 1 if (previous - start).days > NEW_YEAR_GAP_DAYS else year


def _whole_year(year: int) -> SpanBuilder:
    """A span builder for the calendar year `year`, whichever year it is asked for."""
    return lambda _y: (date(year, 1, 1), date(year, 12, 31))
