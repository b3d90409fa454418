"""From plan text to events: give each date a title, kind, places and quote, date lists under
a dated line, and merge repeated mentions (headings that date what lies under them are read in
`headings.py`, the years of dates that do not say them in `years.py`)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

from bot.importer.cells import with_cells_in_rows, with_days_by_their_month
from bot.importer.counted_from import dated_from_named_events
from bot.importer.date_rows import text_below
from bot.importer.day_runs import join_day_runs
from bot.importer.document import (
    BULLET,
    RECENT_MONTHS,
    Lines,
    PlanPeriod,
    bullets_after,
    detect_plan_period,
    heading_text,
    is_bullet,
    is_heading,
    list_numbers,
    plan_titles,
    sentence_at,
    sentence_bounds,
    time_for,
    undated_part,
)
from bot.importer.document import GATHERING as GATHERING_KIND
from bot.importer.grammar import (
    HOLIDAY_NAME,
    INVALID,
    NEXT_TO_PREVIOUS,
    Expression,
    Item,
    find_expressions,
    single_day_item,
)
from bot.importer.grid import MIN_GRID_MONTHS, with_grid_rows
from bot.importer.headings import HEADING_PRECISIONS, LOOKBACK_LINES
from bot.importer.layout import (
    who_cells,
    with_month_columns,
    with_month_counts_apart,
    with_month_matrix,
    with_week_columns,
    with_words_apart,
)
from bot.importer.leads import without_lead
from bot.importer.lexicon import MONTHS, SEASON_WORDS, STOPWORDS, WEEKDAYS, words_pattern
from bot.importer.mentions import (
    is_date_stamp,
    is_dateline,
    is_history,
    is_issue_week,
    is_not_planned,
    is_told_as_past,
)
from bot.importer.model import YEAR_FROM_WEEKDAYS, FoundEvent, ImportFileError
from bot.importer.page_date import is_page_date
from bot.importer.reading import read_document
from bot.importer.repeats import (
    RANK,
    STEM,
    Draft,
    RepeatMerger,
    bound_recurrences,
    keep_undated_only_alone,
    mark_coarser_restatements,
    mark_restated_weeks,
)
from bot.importer.series import with_series_days
from bot.importer.titles import (
    MAX_TITLE_WORDS,
    bullet_title,
    choose_title,
    clean_label,
    find_locations,
    guess_kind,
    names_election,
    shorten,
)
from bot.importer.weekdays import WEEKDAY_WORD, weekday_of
from bot.importer.year_columns import with_year_columns
from bot.importer.years import YearDating, from_its_first_months, run_into_the_next_year
from bot.services.validation import FIRST_YEAR

DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS, *SEASON_WORDS, "uke", "ukene", "året", "kvartal"})
DAYS_IN_WEEK = 7
GATHERING = r"[^\W\d_]*(?:møte|møtet|samling|samlingen|seminar|seminaret|kurs|kurset|konferanse|konferansen|fest|festen)"
GATHERING_PAIR = re.compile(
    rf"\b({GATHERING})\s+og\s+({GATHERING})\s+(?:(?:den|på|i)\s+)?$", re.IGNORECASE
)
MAX_TEXT_CHARS = 500_000  # about 250 pages; the parser takes ~5 s for this on one core
CONTEXT_LINES = 15
CONTEXT_SCAN = 200  # lines looked through (blank ones included) to find CONTEXT_LINES
WORD = re.compile(r"[^\W\d_]+")
MONTH_LABEL = re.compile(r"[^\W\d_]+\.?[ \t]*:")  # 'Desember:' opening a line
ABBREVIATED_BODY = re.compile(r"[A-ZÆØÅ]{2,}\s*(?:\([^()]*\)?)?")  # 'US (D)', 'UHKO'
# What follows a week labelling a line ('Uke 11: …', 'Veke 40 – …'): a colon or a dash.
WEEK_LABEL = re.compile(r"[ \t]*(?::|[-–—][ \t])")
# What may stand between a day and the week restating it: separators, brackets, 'i'.
WEEK_GAP = re.compile(r"[\s()\[\]|:/,.–—-]*(?:\bi\b[\s(]*)?")
# A row's date cell left as a dash ('-' above 'Eksamensperioder - se egen oversikt').
DASH_CELL = re.compile(r"^\s*[-–—]\s*$")
# A table cell that opens with a time ('18.00', 'kl.19.00', '12.00 til'), even mistyped ('kk.19.00')
TIME_CELL = re.compile(r"^\s*(?:[^\W\d_]{1,3}\.?\s*)?\d{1,2}[.:]\d{2}\b")
ROW_REACH = 12  # lines, empty cells among them, from a row's date to its text
# A table cell holding only a weekday: the weekday of the date on the next line.
WEEKDAY_CELL = re.compile(rf"^\s*{words_pattern(WEEKDAYS)}\.?\s*$", re.IGNORECASE)
# Sub-headings that only label a part of a section ('Gjennomføring', 'Ansvar'): the title of
# what is dated is the heading above them.
LABEL_HEADINGS = frozenset(
    {
        "gjennomføring",
        "gjennomføres",
        "ansvar",
        "ansvarlig",
        "ansvarlige",
        "læringsmål",
        "mål",
        "målgruppe",
        "målgrupper",
        "målgruppen",
        "tidspunkt",
        "tid",
        "når",
        "hvem",
        "hva",
        "hvor",
        "sted",
        "innhold",
        "formål",
        "beskrivelse",
        "bakgrunn",
        "dato",
        "datoer",
        "tiltak",
        "merknad",
        "kommentar",
        "organisering",
    }
)


# --- public API -------------------------------------------------------------------------


def extract_events(
    text: str, *, year: int | None = None, today: date | None = None
) -> list[FoundEvent]:
    """Every planned, dated event in a plan's text, in document order (time linear in its length).
    A plan naming no year takes the one its weekdays fit nearest `today`, if given."""
    if not isinstance(text, str) or not text.strip():
        return []
    return _extractor(text, year, today).run()


def import_text(
    text: str, *, name: str, year: int | None = None, today: date | None = None
) -> list[FoundEvent]:
    """The events of a plan's text, or ImportFileError: 'too_long' over MAX_TEXT_CHARS,
    'no_year' when it has dates but no year to place them in, 'no_dates' when it has none."""
    if len(text) > MAX_TEXT_CHARS:
        raise ImportFileError("too_long", f"{MAX_TEXT_CHARS:,}".replace(",", " "))
    extractor = _extractor(text, year, today)
    events = extractor.run() if text.strip() else []
    if extractor.missing_year:
        raise ImportFileError("no_year", name)
    if not events:
        raise ImportFileError("no_dates", name)
    return events


def import_document(
    path: Path | str, *, year: int | None = None, today: date | None = None
) -> list[FoundEvent]:
    """Read a document and extract its events (ImportFileError as `import_text` says)."""
    return import_text(read_document(Path(path)), name=Path(path).name, year=year, today=today)


def _extractor(text: str, year: int | None, today: date | None) -> Extractor:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ")
    text = with_grid_rows(with_cells_in_rows(with_year_columns(with_days_by_their_month(text))))
    text = with_month_matrix(with_month_counts_apart(with_words_apart(text)))
    return Extractor(with_month_columns(with_week_columns(text)), year, today)


# 'Tid:', 'Dato :', 'Når:' before a date: the field of an invitation that says when
WHEN_FIELD = re.compile(r"\s*(?:tid|dato|når|tidspunkt)\s*:\s*", re.IGNORECASE)
DEADLINE_WORD = re.compile(r"frist", re.IGNORECASE)  # 'Frist for …', 'Påmeldingsfrist'
# What may stand beside the day of a line that leads a list of tasks due by it: 'Innen', 'Frist'
DEADLINE_LEAD = re.compile(r"(?:innen|innan|senest|seinast|frist|sistefrist)?", re.IGNORECASE)
MIN_TASKS = 2
ISSUE_LINES = 4  # a newsletter's name and week stand among the first lines with text
PROGRAMME_TITLE = re.compile(r"\bprogram(?:met)?\b", re.IGNORECASE)


def _names_days(expression: Expression, line: str) -> bool:
    """Whether a title's date names the days of a gathering or a programme ('Program
    Fylkesårsmøte 8-10 februar 2019', 'Programmet for åpningsdagen 4. november 2019'): an
    event, where a title's month, season or year is the plan's period (and a day in another
    title, 'Møteplan 2024 – oppdatert 12. mars 2024', says when it was written)."""
    return bool(GATHERING_KIND.search(line) or PROGRAMME_TITLE.search(line)) and all(
        item.precision == "day" for item in expression.items
    )


# --- the extractor ----------------------------------------------------------------------


# 'innen 15. februar', 'senest 1. mars', 'seinast 3. mai': what the line asks must be done by the
# date that follows, whatever else its words name (a deadline, not the meeting itself).
BY_THE_DATE = re.compile(r"\b(?:innen|innan|senest|seinast|seinest)\s*$", re.IGNORECASE)


class Extractor(YearDating):
    """One pass over one document."""

    def __init__(self, text: str, year: int | None, today: date | None = None) -> None:
        self.lines = Lines(text)
        self.today = today
        expressions = find_expressions(text)
        datelines = [e for e in expressions if self._is_dateline(e)]
        detected = detect_plan_period(_blanked(text, datelines))
        self.plan_source = "plan"
        self.year_given = year is not None
        if year is not None:
            titles = detected.title_lines if detected else frozenset()
            detected = PlanPeriod(year, title_lines=titles)
        elif datelines and not (detected and detected.title_lines):
            detected = _period_from_datelines(datelines) or detected
            self.plan_source = "date the document was written"
        self.plan = self._unless_history(detected)
        written = _written_on(datelines)
        self.written_year = written.year if written else None
        found = plan_titles(text)
        several = len({replace(period, title_lines=frozenset()) for _i, period in found}) > 1
        self.plan_titles = found if several else []  # 'høst 2018' and 'vår 2018' on one page
        self.dateline_lines = {self.lines.index_of(e.start) for e in datelines}
        self.expressions = [
            e
            for e in expressions
            if e not in datelines
            and not self._is_issue_week(e)
            and not is_page_date(self.lines.lines, self.lines.index_of(e.start))
            and (
                not self._on_title_line(e.start)
                or _names_days(e, self.lines.lines[self.lines.index_of(e.start)])
            )
        ]
        self.plan = from_its_first_months(self.plan, self.expressions, year is not None)
        self.plan_titles = [
            (i, from_its_first_months(period, self._expressions_below(i), False) or period)
            for i, period in self.plan_titles
        ]
        self.by_line: dict[int, list[Expression]] = {}
        self.touching: dict[int, list[Expression]] = {}
        for expression in self.expressions:
            first = self.lines.index_of(expression.start)
            self.by_line.setdefault(first, []).append(expression)
            for index in range(
                first, self.lines.index_of(max(expression.start, expression.end - 1)) + 1
            ):
                self.touching.setdefault(index, []).append(expression)
        self.who_cells = who_cells(self.lines.lines)
        self.fallback_year = self._first_explicit_year()
        self.weekday_years_also: tuple[int, ...] = ()
        if self.plan is None and self.fallback_year is None and today is not None:
            self.plan = self._plan_from_weekdays(today)
            self.plan_source = YEAR_FROM_WEEKDAYS
        self.missing_year = False
        self.last_day: date | None = None  # the day named last, for 'Dagen etter'
        self.title_spans = self._title_spans(text)
        self.stem_freq = self._stem_line_frequency()
        self.text_lines = sum(1 for line in self.lines.lines if line.strip())
        self.header_rows = {i for i in self.by_line if self._is_header_row(i)}
        self.period_headings = self._period_headings()
        self.heading_indexes = [h.index for h in self.period_headings]
        self.heading_index_set = set(self.heading_indexes)
        self.weekday_shifts = self._weekday_shifts()

    def _expressions_below(self, index: int) -> list[Expression]:
        """The date expressions after line `index`."""
        return [e for e in self.expressions if self.lines.index_of(e.start) > index]

    # -- orchestration --

    def run(self) -> list[FoundEvent]:
        """Drafts for every expression, merged, plus heading-dated sections."""
        drafts: list[Draft] = []
        for index in sorted(self.by_line):
            if index in self.header_rows or index in self.heading_index_set:
                continue
            drafts.extend(self._drafts_for_line(index))
        drafts.extend(self._calendar_day_drafts(drafts))
        drafts = with_series_days(drafts)  # 'alle tirsdager fra 2. september t.o.m. 25. november'
        mark_restated_weeks(drafts)
        lists = list_numbers(self.lines.lines)
        run_into_the_next_year(drafts, lists)
        merger = RepeatMerger(self.stem_freq, self.text_lines, lists)
        drafts = merger.merge(sorted(drafts, key=lambda d: d.order))
        drafts = [d for d in drafts if not d.superseded]
        drafts.extend(self._heading_dated_drafts(drafts))
        drafts.sort(key=lambda d: d.order)
        return dated_from_named_events([d.event for d in drafts if self._is_event(d.event)])

    def _is_event(self, event: FoundEvent) -> bool:
        """Not a year by itself ('Budsjett for 2026', 'valget i 2027': no date of an event), not a
        span that ends before it starts ('februar 2026 – januar 2026' contradicts itself), and
        not the plan's own period said again ('kursplan for våren 2023')."""
        if event.precision == "year":
            return False
        if event.start is not None and event.end is not None and event.end < event.start:
            return False
        # a repetition through the plan's own period ('annenhver onsdag gjennom våren' in
        # 'Program våren 2025') is bounded by it, not the period said again
        own_period = (event.start, event.end) in self.title_spans
        return event.precision == "recurring" or not own_period

    # -- document facts --

    def _title_texts(self) -> set[str]:
        """The document's title lines as headings read."""
        titles = self.plan.title_lines if self.plan else frozenset()
        return {heading_text(self.lines.lines[i]) for i in titles}

    def _is_dateline(self, expression: Expression) -> bool:
        """'Publisert: 20.11.2024', a post's 'mandag 14. desember 2009': the date the document
        was written, no event."""
        line = self.lines.lines[self.lines.index_of(expression.start)]
        return is_dateline(line[: self.lines.column_of(expression.start)]) or is_date_stamp(line)

    def _is_issue_week(self, expression: Expression) -> bool:
        """A heading among the first lines naming a newsletter and the week it was sent, a
        blank line and an undated greeting or text after it (not an item of a dated list:
        'Vinterferie uke 9' over 'Avslutning 19. juni')."""
        index = self.lines.index_of(expression.start)
        texts = [i for i, line in enumerate(self.lines.lines) if line.strip()]
        line = self.lines.lines[index]
        if index not in texts[:ISSUE_LINES] or self._next_line(index).strip():
            return False
        after = next((i for i in texts if i > index), None)
        return (
            is_heading(line)
            and is_issue_week(line)
            and after is not None
            and not find_expressions(self.lines.lines[after])
        )

    def _on_title_line(self, offset: int) -> bool:
        """Whether an offset lies on a line holding the title period of the plan (or of one
        of the plans on the page)."""
        index = self.lines.index_of(offset)
        if any(i == index for i, _period in self.plan_titles):
            return True
        return bool(self.plan) and index in self.plan.title_lines  # type: ignore[union-attr]

    def _title_spans(self, text: str) -> set[tuple[date, date]]:
        """The periods the title names ('høsten 2023'): the plan's own span, not an event."""
        if self.plan is None:
            return set()
        spans: set[tuple[date, date]] = set()
        for expression in find_expressions(text):
            if self.lines.index_of(expression.start) not in self.plan.title_lines:
                continue
            for item in expression.items:
                if item.build is not None and item.precision in HEADING_PRECISIONS:
                    try:
                        spans.add(item.build(item.explicit_year or self.plan.start_year))
                    except ValueError:
                        continue
        return spans

    def _stem_line_frequency(self) -> Counter[str]:
        """In how many lines each word stem occurs."""
        counts: Counter[str] = Counter()
        for line in self.lines.lines:
            counts.update(self._words(line))
        return counts

    def _residual(self, index: int, lo: int = 0, hi: int | None = None) -> str:
        """The text of line `index` (between columns lo and hi) without its date expressions."""
        line = self.lines.lines[index]
        hi = len(line) if hi is None else hi
        chars = list(line)
        base = self.lines.starts[index]
        for expression in self.touching.get(index, ()):
            start, end = expression.start - base, expression.end - base
            if end <= 0 or start >= len(line) or expression.rule == HOLIDAY_NAME:
                continue  # '17. mai-tog' keeps its day in the words: it is the name
            for col in range(max(0, start), min(len(line), end)):
                chars[col] = " "
        who = self.who_cells.get(index)
        if who is not None:
            chars[who[0] : who[1]] = " " * (who[1] - who[0])
        return "".join(chars[lo:hi])

    def _responsible(self, index: int) -> str:
        """The text of a table row's who-column ('Hvem', 'Ansvarlig'), if it has one."""
        who = self.who_cells.get(index)
        return " ".join(self.lines.lines[index][who[0] : who[1]].split()) if who else ""

    def _is_header_row(self, index: int) -> bool:
        """A table's column header: several periods on a line, separated only by spaces, or one
        per cell after a label cell (a time of day is no period: 'Fredag 3. februar kl 19.00 –
        21.00' is one dated line)."""
        expressions = [
            e for e in self.by_line.get(index, []) if any(i.precision != "time" for i in e.items)
        ]
        if len(expressions) < 2:
            return False
        between = [self.lines.text[a.end : b.start] for a, b in itertools.pairwise(expressions)]
        coarse = all(i.precision in HEADING_PRECISIONS for e in expressions for i in e.items)
        if coarse and "|" in self.lines.lines[index] and all(not g.strip(" \t|") for g in between):
            return True  # 'Utvalg | Januar | Februar | Mars': a label cell, then a month per cell
        corner = self.lines.lines[index][: self.lines.column_of(expressions[0].start)]
        if coarse and len(expressions) >= MIN_GRID_MONTHS and len(corner.split()) <= 1:
            # 'Utvalg Jan. Feb. Mar. Apr. …': a grid's months after its corner cell
            return all(not gap.strip(" \t.") for gap in between)
        return self._is_date_only(index) and all(not gap.strip() for gap in between)

    def _section_heading(self, index: int) -> str | None:
        """The nearest heading line above line `index` (not a period heading)."""
        headings = self.heading_index_set
        for i in range(index - 1, max(-1, index - 60), -1):
            line = self.lines.lines[i]
            if i in headings:
                return None
            if i in self.dateline_lines:
                continue  # 'Skrevet av: … / Publisert: 20.11.2024' is a byline, not a heading
            if WEEKDAY_CELL.match(line):
                return None  # 'Torsdag' over '26. mars': the date's weekday, not a heading
            if is_heading(line, self._next_line(i)) and not self.by_line.get(i):
                text = heading_text(line)
                if text.lower() not in LABEL_HEADINGS:
                    return text
        return None

    def _outer_headings(self, index: int, count: int = 2) -> list[str]:
        """The headings above the nearest one ('Generelle organisasjonskurs' over 'Kvinne på
        topp'), nearest first: the wider section an event belongs to."""
        found: list[str] = []
        for i in range(index - 1, max(-1, index - 200), -1):
            line = self.lines.lines[i]
            if i in self.heading_index_set:
                break
            if i in self.dateline_lines or self.by_line.get(i):
                continue
            if is_heading(line, self._next_line(i)):
                text = heading_text(line)
                if text.lower() not in LABEL_HEADINGS:
                    found.append(text)
                    if len(found) > count:
                        break
        return found[1:]

    def _previous_text_line(self, index: int) -> str | None:
        """The nearest line above with words other than dates; when that is the date's weekday
        alone ('Torsdag' over '26. mars', a table flattened one cell a line), the row's first
        words below it instead ('kl. 19' / 'Grendehuset')."""
        for i in range(index - 1, max(-1, index - LOOKBACK_LINES), -1):
            if label := clean_label(self._residual(i)):
                if WEEKDAY_CELL.match(self.lines.lines[i]):
                    return self._row_text_below(index) or label
                return label
        return None

    def _text_below_date(self, index: int) -> str | None:
        """The text of a bare date whose run of date / text pairs begins with a date."""
        below = text_below(
            self.lines.lines,
            index,
            self._is_date_cell,
            lambda i: (
                i in self.heading_index_set or (self._is_date_only(i) and not self._has_day(i))
            ),
        )
        return clean_label(self._residual(below)) or None if below is not None else None

    def _is_date_cell(self, index: int) -> bool:
        """A line holding only a date ('15.09'), or a dash for a row without one ('-')."""
        if index in self.heading_index_set:
            return False
        if not self.by_line.get(index):
            return bool(DASH_CELL.match(self.lines.lines[index]))
        return self._is_date_only(index) and self._has_day(index)

    def _has_day(self, index: int) -> bool:
        """Whether line `index` names a day (or days)."""
        return any(i.precision == "day" for e in self.by_line.get(index, ()) for i in e.items)

    def _row_text_below(self, index: int) -> str | None:
        """The first line below a date cell with words that are not a time or a date."""
        for i in range(index + 1, min(len(self.lines.lines), index + ROW_REACH)):
            if self.lines.is_blank(i):
                continue
            if WEEKDAY_CELL.match(self.lines.lines[i]) or self._has_own_date(i):
                return None  # the next row
            if TIME_CELL.match(self.lines.lines[i]):
                continue  # '18.00', 'kl.19.00 til': the row's time
            if label := clean_label(self._residual(i)):
                return label
        return None

    # -- drafts --

    def _drafts_for_line(self, index: int) -> list[Draft]:
        """Events from the expressions on one line."""
        line = self.lines.lines[index]
        expressions = without_lead(self.lines, index, self.by_line[index], self.by_line)
        if not expressions:
            return []
        expressions = self._without_month_label(index, _without_holiday_names(expressions))
        expressions = self._without_restated_weeks(expressions)
        spots = [(self.lines.column_of(e.start), e.items) for e in expressions]
        drafts: list[Draft] = []
        for position, expression in enumerate(expressions):
            items = [i for i in expression.items if i.precision != "time"]
            at = time_for(line, self.lines.column_of(expression.start), spots)
            group: list[Draft] = []
            for number, item in enumerate(items):
                for part, draft in enumerate(
                    self._draft(index, expression, item, len(items) > 1, at)
                ):
                    draft.order = (index, position, number * 10 + part)
                    group.append(draft)
            signature = tuple((d.event.start, d.event.end) for d in group)
            label = self._label_words(index)
            for draft in group:
                draft.group = signature
                draft.label = label
            drafts.extend(group)
        drafts = keep_undated_only_alone(drafts)
        drafts = self._without_parenthetical_repeats(index, drafts)
        drafts = join_day_runs(self.lines.text, expressions, drafts)
        mark_coarser_restatements(drafts)
        self._mark_week_labels_restated(index, expressions, drafts)
        self._mark_seasons_after_the_label(index, expressions, drafts)
        drafts = bound_recurrences(drafts)
        bullets = self._bullet_drafts(index, line, expressions, drafts)
        return bullets if bullets is not None else self._with_weekday_bullets(index, drafts)

    def _without_month_label(self, index: int, expressions: list[Expression]) -> list[Expression]:
        """'Desember: Øvingshelg: 30. november – 2. desember': a month label opening a line
        that gives its own days dates nothing; the days say when."""
        first, rest = expressions[0], expressions[1:]
        before = self.lines.lines[index][: self.lines.column_of(first.start)]
        opening = not before.strip(" \t•-–*")
        label = MONTH_LABEL.match(self.lines.text, first.start)
        if not opening or label is None or label.end() < first.end or len(first.items) != 1:
            return expressions
        finer = any(i.precision in ("day", "week") for e in rest for i in e.items)
        return rest if first.items[0].precision == "month" and finer else expressions

    def _without_restated_weeks(self, expressions: list[Expression]) -> list[Expression]:
        """'Skolestart Torsdag 16. august Uke 33', 'Uke 36 – Fredag 9. september', '2. til 4.
        oktober (i uke 40)', '10.10 - 14.10 | Uke 41': a week written right beside a day or
        span of days says again when it is; the days are the event (even where the two
        disagree, the finer date is what was meant). A week with its own words between it and
        the day ('Uke 42 | Foreldremøte 20.10.') is an event of its own."""

        def only(e: Expression, precision: str) -> bool:
            items = [i for i in e.items if i.precision != "time"]
            return bool(items) and all(i.precision == precision for i in items)

        def beside(a: Expression, b: Expression) -> bool:
            gap = self.lines.text[min(a.end, b.end) : max(a.start, b.start)]
            apart = a.end <= b.start or b.end <= a.start
            return apart and bool(WEEK_GAP.fullmatch(gap))

        return [
            e
            for e in expressions
            if not only(e, "week")
            or not any(only(o, "day") and beside(o, e) for o in expressions if o is not e)
        ]

    def _mark_week_labels_restated(
        self, index: int, expressions: list[Expression], drafts: list[Draft]
    ) -> None:
        """'Uke 11: Vanlig øving 12. mars', '• Veke 40 – Foreldremøte torsdag 5. oktober': a
        week that labels a line (it opens the line and a colon or dash follows it) over an item
        whose day falls in that week says again when the item is; the day is the event. A day
        outside the week ('Uke 4: Fylkesstyret vedtar … 18.10.') leaves the week its own event,
        and so does a week in a table cell ('Uke 42 | Foreldremøte 20.10.')."""
        line = self.lines.lines[index]
        days = [
            d.event
            for d in drafts
            if d.event.precision == "day" and d.event.start is not None and d.event.end is not None
        ]
        if not days:
            return
        for position, expression in enumerate(expressions):
            column = self.lines.column_of(expression.start)
            if line[:column].strip(" \t•-–*·") or not WEEK_LABEL.match(
                self.lines.text, expression.end
            ):
                continue
            for draft in drafts:
                week = draft.event
                if draft.order[1] != position or week.precision != "week":
                    continue
                if week.start is None or week.end is None:
                    continue
                if any(
                    week.start <= d.start <= week.end  # type: ignore[operator]
                    for d in days
                ):
                    draft.superseded = True

    def _mark_seasons_after_the_label(
        self, index: int, expressions: list[Expression], drafts: list[Draft]
    ) -> None:
        """'• Uke 34: Møte for pensjonistene. … Vi fikk det ikke til i vår. Derfor legger vi det
        til tidlig høst.': a line that opens with its item's own day, week or month, then tells
        in a later sentence of a season with no year, speaks of that item again; the season is
        no event of its own. (A season in the first sentence, or with its year, is left alone.)"""
        if not expressions:
            return
        line = self.lines.lines[index]
        first = expressions[0]
        column = self.lines.column_of(first.start)
        items = [i for i in first.items if i.precision != "time"]
        if line[:column].strip(" \t•-–*·") or not items:
            return
        if any(i.precision not in ("day", "week", "month") for i in items):
            return
        first_sentence_end = sentence_bounds(line, column)[1]
        for position, expression in enumerate(expressions[1:], start=1):
            seasons = [i for i in expression.items if i.precision != "time"]
            if not seasons or any(i.precision != "season" or i.explicit_year for i in seasons):
                continue
            if self.lines.column_of(expression.start) < first_sentence_end:
                continue
            for draft in drafts:
                if draft.order[1] == position:
                    draft.superseded = True

    def _draft(
        self, index: int, expression: Expression, item: Item, in_list: bool, at: time | None
    ) -> list[Draft]:
        """Events for one item of an expression (none if it cannot be dated)."""
        line = self.lines.lines[index]
        column = self.lines.column_of(expression.start)
        quote = sentence_at(line, column) or line.strip()
        start = end = None
        year_source = "none"
        if item.precision == INVALID:
            return [self._invalid_draft(index, item)]
        if item.precision == NEXT_TO_PREVIOUS:
            if self.last_day is None:
                return []
            day = self.last_day + timedelta(days=item.relative_days or 0)
            item = single_day_item(day.day, day.month, day.year, item.label)
        if item.is_dated:
            after = line[self.lines.column_of(max(expression.start, expression.end - 1)) + 1 :]
            if is_not_planned(item, line[:column], after, quote):
                return []  # 'i brev av 10. oktober', 'nære hendelser som 22. juli'
            resolved = self._resolve_year(item, expression, index)
            if resolved is None:
                self.missing_year = True
                return []
            resolved = self._year_of_weekday(expression, item, resolved)
            try:
                start, end = item.build(resolved[0])  # type: ignore[misc]
            except ValueError:
                return [self._invalid_draft(index, replace(item, precision=INVALID))]
            year_source = resolved[1]
            if item.precision == "day":
                self.last_day = start
            history = is_history(line[:column])
            if self._is_past(item, end, quote, year_source, history):
                return []
        elif item.precision == "undated" and not self._undated_is_statement(quote):
            return []
        lo, hi = sentence_bounds(line, column)
        clause = self._clause(index, expression, lo, hi) if item.is_dated else ""
        residual = clause or self._residual(index, lo, hi)
        row_label = self._row_label(index, expression)
        heading = self._section_heading(index)
        below = None
        if not clean_label(residual) and not row_label:
            below = self._text_below_date(index)
            heading = below or heading or self._previous_text_line(index)
        suffix = item.label if in_list else ""
        drafts: list[Draft] = []
        labels = _split_on_and(row_label) if row_label else _gatherings(line[lo:column])
        # the document's title names the whole plan, not this event, unless the sentence
        # speaks of what it names ('Fylkesårsmøte 2017' over 'Fylkesårsmøtet avholdes …')
        title_heading = heading
        if (
            heading in self._title_texts()
            and clean_label(residual)
            and not self._words(heading) & self._words(residual)
        ):
            title_heading = None
        for label in labels:
            title = choose_title(residual, title_heading, label, suffix)
            kind = guess_kind(title, quote, heading)
            if kind == "other" and not names_election(title):
                kind = guess_kind(*self._outer_headings(index))
            if item.precision == "relative" and "innen" in item.label.lower():
                kind = "deadline"
            elif item.is_dated and BY_THE_DATE.search(line[lo:column]):
                kind = "deadline"  # 'Årsmøtene holdes innen 15. februar': held by then
            event = FoundEvent(
                title=title,
                kind=kind,
                precision=item.precision,
                start=start,
                end=end,
                recurrence=item.recurrence,
                locations=self._locations(index, quote),
                quote=quote,
                line=index + 1,
                time=at if item.is_dated or item.recurrence else None,
                relative_anchor=item.relative_anchor,
                relative_months=item.relative_months,
                relative_days=item.relative_days,
                note=self._note(item, year_source),
                responsible=self._responsible(index),
                weekday_said=self._wrong_weekday(expression, item, start),
                year_source=self._year_basis(year_source),
                years_also=self.weekday_years_also,
            )
            drafts.append(
                Draft(
                    event,
                    index,
                    (index, 0, 0),
                    year_source,
                    clean_label(self._residual(index)),
                    self._context_words(index, heading, quote),
                    self._words(f"{quote} {heading or ''}"),
                    opens_line=not BULLET.sub("", line[:column]).strip(),
                    when_field=bool(WHEN_FIELD.fullmatch(line[:column])),
                    row_text=below or "",
                )
            )
        return drafts

    def _clause(self, index: int, expression: Expression, lo: int, hi: int) -> str:
        """'Årsmøtet blir 12. mars, og sommerfesten holdes i juni': in a sentence with several
        dates, the words between the date before (or the sentence start) and this one, or the
        brackets right after it ('29. mai (Kristi himmelfart) og 9. juni')."""
        base = self.lines.starts[index]
        dated = [
            e
            for e in _without_holiday_names(self.by_line[index])
            if lo <= e.start - base < hi
            and any(i.is_dated and i.precision != "year" for i in e.items)
        ]
        if len(dated) < 2:
            return ""
        end = min((e.start - base for e in dated if e.start >= expression.end), default=hi)
        after = self._residual(index, expression.end - base, end)
        bracket = re.match(r"\s*\(([^()]*)\)", after)
        if bracket and clean_label(bracket[1]):
            return bracket[1]
        start = max((e.end - base for e in dated if e.end <= expression.start), default=lo)
        clause = self._residual(index, start, expression.start - base)
        return clause if clean_label(clause) else ""

    def _invalid_draft(self, index: int, item: Item) -> Draft:
        """A date no calendar has ('32. januar', '30. februar'): kept so it can be shown as an
        error with its line; it never becomes an event."""
        event = FoundEvent(
            title=item.label,
            kind="other",
            precision=INVALID,
            start=None,
            end=None,
            recurrence=None,
            locations=(),
            quote=item.label,
            line=index + 1,
        )
        return Draft(event, index, (index, 0, 0), "none", item.label)

    def _note(self, item: Item, year_source: str) -> str:
        """How the date was resolved, for people checking the import."""
        if not item.is_dated:
            return ""
        if year_source == "explicit":
            return "Year stated with the date."
        return f"Year from the {year_source}."

    def _is_past(
        self, item: Item, end: date, sentence: str, year_source: str, history: bool
    ) -> bool:
        """Whether a period ended before the plan's first year (a historical mention); a day,
        week or month of the year before is kept ('Frist 1. desember 2018' in a 2019 notice),
        one of an earlier year is history ('stiftet 12. mars 1985'), unless its year is written
        (with it or in its sentence) and its sentence is no story of the past: a title's year
        moves no written date ('Styret møtes 3. november 2031 og 10. november' under 2034), nor
        one after words of history ('tiårsminnet for terroren 22.7.2011'). A date before the
        first year a plan can hold ('kransenedleggelse for freden 8. mai 1945') is always history:
        a mention, not an event, and no reason to refuse the rest of the file."""
        if end.year < FIRST_YEAR:
            return True
        if self.plan is None:
            return False
        fine = item.precision in ("day", "week", "month")
        written = year_source in ("explicit", "sentence")
        if fine and written and not history and not is_told_as_past(sentence):
            return False
        return end < date(self.plan.start_year - (1 if fine else 0), 1, 1)

    def _undated_is_statement(self, quote: str) -> bool:
        """'Avklares senere.' as the whole timing, not 'Hvem som deltar ... avklares senere'."""
        lowered = quote.lower()
        return len(quote.split()) <= 5 or "tidspunkt" in lowered or "dato" in lowered

    def _without_parenthetical_repeats(self, index: int, drafts: list[Draft]) -> list[Draft]:
        """'Verveaksjon uke 19-20 (uke 19 og 20)': dates in brackets inside a date the line
        already gives, or a date the line gives twice, say it again; no events of their own.
        Finer dates in brackets ('Uke 9 (27.02.-03.03.)') say exactly when: they are kept."""
        line = self.lines.lines[index]
        expressions = self.by_line[index]

        def bracketed(draft: Draft) -> bool:
            column = self.lines.column_of(expressions[draft.order[1]].start)
            return line[:column].count("(") > line[:column].count(")")

        outside = [d for d in drafts if not bracketed(d) and d.event.start and d.event.end]
        seen: dict[tuple[object, ...], int] = {}
        once: list[Draft] = []
        for d in drafts:  # the same date said twice on one line is one event
            said = (d.event.precision, d.event.start, d.event.end, d.event.recurrence)
            if d.event.start is None or seen.setdefault(said, d.order[1]) == d.order[1]:
                once.append(d)
        return [
            d
            for d in once
            if not bracketed(d)
            or d.event.start is None
            or not any(
                o.event.start <= d.event.start  # type: ignore[operator]
                and d.event.end <= o.event.end  # type: ignore[operator]
                and not _finer(d.event, o.event)
                for o in outside
            )
        ]

    def _row_label(self, index: int, expression: Expression) -> str | None:
        """The label of a 'Datoplan' row: the line starts with its date, text follows (its
        first sentence: 'Onsdag 22. januar: Medlemsmøte. Ole Olsen forteller …')."""
        line = self.lines.lines[index]
        column = self.lines.column_of(expression.start)
        if line[:column].strip(" \t•·●-–*"):
            return None
        rest = self._residual(index, column, sentence_bounds(line, column)[1])
        if not clean_label(rest):  # 'Tirsdag 10. juni. Hagevandring …': the text after it
            rest = self._residual(index, column)
        label = clean_label(sentence_at(rest, len(rest) - len(rest.lstrip(" \t:|–-"))))
        return label if label and len(label.split()) <= 10 else None

    def _locations(self, index: int, quote: str) -> tuple[str, ...]:
        """Places named in the sentence, else in the rest of its paragraph."""
        if places := find_locations(quote):
            return places
        paragraph: list[str] = []
        for i in range(index, min(len(self.lines.lines), index + 3)):
            if self.lines.is_blank(i):
                break
            if i > index and self.by_line.get(i):
                break  # a line with its own date is about something else
            paragraph.append(undated_part(self.lines, i, self.by_line.get(i, [])))
        return find_locations(" ".join(paragraph))

    def _words(self, text: str) -> set[str]:
        """Stems (first letters, lower case) of the content words of a text."""
        return {
            w.lower()[:STEM]
            for w in WORD.findall(text)
            if len(w) >= 4 and w.lower() not in STOPWORDS and w.lower() not in DATE_WORDS
        }

    def _label_words(self, index: int) -> set[str]:
        """Words naming what a dated line is about: its own text, or the table row above it."""
        words = self._words(self._residual(index))
        if words:
            return words
        if below := self._text_below_date(index):
            return self._words(below)  # '01.08' / 'Søknadsfrist': the text below is the date's
        if index > 0 and WEEKDAY_CELL.match(self.lines.lines[index - 1]):
            return self._words(self._row_text_below(index) or "")  # the row is below its date
        for i in range(index - 1, max(-1, index - CONTEXT_LINES), -1):
            if self.by_line.get(i):
                break
            words |= self._words(self.lines.lines[i])
        if words:
            return words
        for i in range(index - 1, max(-1, index - LOOKBACK_LINES), -1):
            words = self._words(self._residual(i))
            if words:
                return words
        return set()

    def _context_words(self, index: int, heading: str | None, quote: str) -> set[str]:
        """Words near an event: its sentence, heading and the lines just above."""
        words = self._words(f"{self.lines.lines[index]} {heading or ''}")
        seen = 0
        for i in range(index - 1, max(-1, index - CONTEXT_SCAN), -1):
            if seen >= CONTEXT_LINES:
                break
            if self.lines.is_blank(i):
                continue
            words |= self._words(self.lines.lines[i])
            seen += 1
        return words

    # -- lists under a dated line --

    def _bullet_drafts(
        self, index: int, line: str, expressions: list[Expression], drafts: list[Draft]
    ) -> list[Draft] | None:
        """'... i første kvartal' followed by bullets: one event per bullet; so is a day alone on
        its line over bullets that each set a deadline ('4. april:' over '• Frist for nye
        forslag …', '• Frist for rapportering av delegatvalg'), where a programme's bullets
        under its day ('• 09:00 Åpning', '• 13:00 Lunsj') are that day's one event."""
        if len(drafts) != 1:
            return None
        precision = drafts[0].event.precision
        tasks = self._tasks_by_the_day(index, drafts[0])
        if tasks:
            return tasks
        if precision == "day":
            if not self._is_date_only(index) or not all(
                DEADLINE_WORD.search(text) for _i, text in bullets_after(self.lines.lines, index)
            ):
                return None
        elif precision not in ("season", "quarter", "month", "week"):
            return None
        tail = self._residual(index, self.lines.column_of(expressions[-1].end - 1) + 1)
        if line.rstrip().endswith(".") or tail.strip(" \t:"):
            return None
        bullets = [
            (bullet, text)
            for bullet, text in bullets_after(self.lines.lines, index)
            if not self._has_own_date(bullet)  # a bullet with a day of its own is dated by it
        ]
        if not bullets:
            return None
        base = drafts[0]
        out: list[Draft] = []
        for number, (_bullet_index, text) in enumerate(bullets):
            title = bullet_title(text) or base.event.title
            event = replace(
                base.event,
                title=title[:1].upper() + title[1:],
                kind=guess_kind(title, base.event.quote),
                note=f"Listed under a dated line (item {number + 1} of {len(bullets)}).",
            )
            draft = Draft(event, index, (index, 0, number), base.year_source, title, set(), set())
            draft.context = self._words(text)
            out.append(draft)
        return out

    def _tasks_by_the_day(self, index: int, base: Draft) -> list[Draft]:
        """'Innen 1. november 2031 –' over lines of their own, each a task ('Styret sender ut
        innkallingen.', 'Lagene melder inn sine utsendinger.'): each line is a deadline of that
        day. Two lines at least, with no blank line, bullet, date or time among them."""
        line = self.lines.lines[index]
        words = self._residual(index).strip(" \t:–—-")
        if (
            base.event.precision != "day"
            or not DEADLINE_LEAD.fullmatch(words)
            or not line.rstrip().endswith((":", "–", "—", "-"))
        ):
            return []
        tasks: list[int] = []
        for i in range(index + 1, len(self.lines.lines)):
            text = self.lines.lines[i].strip()
            if not text:
                break
            if is_bullet(text) or not text[0].isupper() or self.by_line.get(i):
                return []
            tasks.append(i)
        if len(tasks) < MIN_TASKS:
            return []
        out: list[Draft] = []
        for number, i in enumerate(tasks):
            title = clean_label(sentence_at(self.lines.lines[i], 0) or self.lines.lines[i])
            title = shorten(title) if len(title.split()) > MAX_TITLE_WORDS else title
            event = replace(
                base.event,
                title=title[:1].upper() + title[1:],
                kind="deadline",
                quote=self.lines.lines[i].strip(),
                line=i + 1,
                note=f"Due by the day on line {index + 1} (task {number + 1} of {len(tasks)}).",
            )
            draft = Draft(event, index, (index, 0, number), base.year_source, title, set(), set())
            draft.context = self._words(self.lines.lines[i])
            out.append(draft)
        return out

    def _with_weekday_bullets(self, index: int, drafts: list[Draft]) -> list[Draft]:
        """'Uken deretter (8. – 14. mars) har vi følgende arrangementer:' then '• Speidermøte
        tirsdag klokka 17.30': each bullet naming one weekday is that day of the week the line
        ends with; the week itself only groups them."""
        last = drafts[-1] if drafts else None
        if (
            last is None
            or not self.lines.lines[index].rstrip().endswith(":")
            or last.event.start is None
            or last.event.end is None
            or not 0 < (last.event.end - last.event.start).days < DAYS_IN_WEEK
        ):
            return drafts
        bullets = bullets_after(self.lines.lines, index)
        weekdays = [weekday_of(text) for _i, text in bullets]
        if not bullets or any(w is None for w in weekdays):
            return drafts
        days = {
            (last.event.start + timedelta(days=n)).weekday(): last.event.start + timedelta(days=n)
            for n in range((last.event.end - last.event.start).days + 1)
        }
        out = drafts[:-1]
        for number, ((bullet, text), weekday) in enumerate(zip(bullets, weekdays, strict=True)):
            day = days.get(weekday)  # type: ignore[arg-type]
            if day is None:
                continue
            words = WEEKDAY_WORD.sub(" ", self._residual(bullet))
            title = clean_label(bullet_title(words)) or last.event.title
            event = replace(
                last.event,
                title=title[:1].upper() + title[1:],
                kind=guess_kind(title, text),
                precision="day",
                start=day,
                end=day,
                quote=text.strip(),
                line=bullet + 1,
                note=f"A weekday of the days on line {index + 1}.",
            )
            draft = Draft(event, index, (index, 9, number), last.year_source, title, set(), set())
            draft.context = self._words(text)
            out.append(draft)
        return out


def _without_holiday_names(expressions: list[Expression]) -> list[Expression]:
    """'15.mai - 17.mai markering i barnehagen': a holiday's name ('17. mai markering') dates
    nothing when the line gives another date; alone ('17. mai-tog') it is the day."""
    dated = [
        e
        for e in expressions
        if e.rule != HOLIDAY_NAME and any(i.precision != "time" for i in e.items)
    ]
    return [e for e in expressions if e.rule != HOLIDAY_NAME or not dated]


def _finer(a: FoundEvent, b: FoundEvent) -> bool:
    """Whether `a` is dated more precisely than `b` (days inside a week)."""
    return a.precision in RANK and b.precision in RANK and RANK[a.precision] < RANK[b.precision]


def _gatherings(before: str) -> list[str | None]:
    """'avholder fylkesårsmøte og ledermøte 30. mars': two gatherings named right before their
    date, one event each (named by their nouns); otherwise one event named from the text."""
    pair = GATHERING_PAIR.search(before)
    return [pair[1], pair[2]] if pair else [None]


def _split_on_and(label: str | None) -> list[str | None]:
    """'Nominasjonsfrist og forslagsfrist til landsmøtet' -> two labels when both are events
    and the first is a word by itself (not 'Styre- og gruppemøte', one joint meeting, nor 'Frist
    for å foreslå kandidater til styret og rådet', one deadline for what 'og' joins, nor
    'Styret behandler forslagene og sender dem til landsstyret', one step told in two clauses);
    'US (D), UHKO (K)' -> two bodies by their abbreviations, each meeting that day."""
    if not label:
        return [None]
    parts = [p.strip() for p in re.split(r"\s+og\s+", label, maxsplit=1)]
    if len(parts) == 2 and parts[0].endswith("-"):
        return [label]  # 'Styre- og gruppemøte': one word shared by both, one meeting
    if len(parts) == 2 and " " not in parts[0] and all(guess_kind(p) != "other" for p in parts):
        return parts  # not 'Frist for saker og endringsforslag til …': one deadline for both
    bodies = [p.strip() for p in re.split(r",|\s+og\s+", label)]
    if len(bodies) > 1 and all(ABBREVIATED_BODY.fullmatch(p) for p in bodies):
        return bodies
    return [label]


def _blanked(text: str, expressions: list[Expression]) -> str:
    """`text` with the given expressions replaced by spaces (offsets kept)."""
    for expression in expressions:
        width = expression.end - expression.start
        text = text[: expression.start] + " " * width + text[expression.end :]
    return text


def _written_on(datelines: list[Expression]) -> date | None:
    """The (latest) day the document was written or updated, from its date lines."""
    written = [
        item.build(item.explicit_year)[0]
        for expression in datelines
        for item in expression.items[:1]
        if item.build is not None and item.explicit_year is not None and item.precision == "day"
    ]
    return max(written, default=None)


def _period_from_datelines(datelines: list[Expression]) -> PlanPeriod | None:
    """The period of a plan naming none, from the (latest) day it was written or updated: a
    month well before that day's month is in the next year (a notice from November for
    meetings in February), the months just before it are recent news of the same year."""
    day = _written_on(datelines)
    if day is None:
        return None
    first = max(1, day.month - RECENT_MONTHS)
    return PlanPeriod(day.year, first, day.year + 1 if first > 1 else None)
