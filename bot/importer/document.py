"""The layout facts the extractor needs from a plan's text: lines, sentences, headings and the
period the plan covers."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import time

from bot.importer.grammar import Expression, Item
from bot.importer.lexicon import (
    KIND_KEYWORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    month_number,
    words_pattern,
)
from bot.importer.mentions import (
    is_goal,
    is_history,
    is_reported_year,
    is_told_as_past,
    is_year_end_count,
    without_budget_years,
)

# --- lines and sentences ----------------------------------------------------------------


@dataclass
class Lines:
    """A text split into lines, with offsets to map a character position to its line."""

    text: str
    lines: list[str] = field(init=False)
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self.starts = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def index_of(self, offset: int) -> int:
        """The 0-based line index holding character `offset`."""
        return bisect.bisect_right(self.starts, offset) - 1

    def column_of(self, offset: int) -> int:
        """The position of `offset` inside its line."""
        return offset - self.starts[self.index_of(offset)]

    def is_blank(self, index: int) -> bool:
        """Whether line `index` holds no text."""
        return not self.lines[index].strip()


NEXT_SENTENCE = r"(?=\s+[«\"“(]?[A-ZÆØÅ])"
# 'Teamsmøte første mandag i måneden kl. 19.00. I tillegg …': a time of day ends a sentence too
CLOCK_END = (
    r"\b(?:kl\.?|klokka|klokken)\s?\d{1,2}(?:[.:]\d\d)?(?:\s?[-–]\s?\d{1,2}(?:[.:]\d\d)?)?\."
)
SENTENCE_END = re.compile(
    rf"(?<=[^\W\d_])[.!?]{NEXT_SENTENCE}|(?<=\d\d\d\d)\.{NEXT_SENTENCE}|{CLOCK_END}{NEXT_SENTENCE}"
    r"|(?<=\))\.(?=\s)|[.!?]$"
)


def sentence_bounds(line: str, column: int) -> tuple[int, int]:
    """Start and end (exclusive) of the sentence around `column` inside one line."""
    start = 0
    for match in SENTENCE_END.finditer(line):
        if match.end() <= column:
            start = match.end()
        else:
            return start, match.end()
    return start, len(line)


def time_for(line: str, column: int, spots: list[tuple[int, tuple[Item, ...]]]) -> time | None:
    """The time of day of a date at `column` of a line, from the line's expressions (column,
    items): a time in the date's own sentence, else one in a sentence that dates nothing else
    ('… hver måned kl. 19.00. I tillegg en samling 13.-14. mars.': the samling has no time)."""
    own, loose = sentence_bounds(line, column), None
    dated = {sentence_bounds(line, c) for c, items in spots if items[0].precision != "time"}
    for at_column, items in spots:
        at = next((i.at for i in items if i.at), None)
        if at is not None and sentence_bounds(line, at_column) == own:
            return at
        if at is not None and loose is None and sentence_bounds(line, at_column) not in dated:
            loose = at
    return loose


def undated_part(lines: Lines, index: int, expressions: list[Expression]) -> str:
    """The sentences of line `index` that hold none of its dates (`expressions`):
    a place named beside another date is that event's ('Teamsmøte hver måned. I tillegg en
    samling i Bodø 13. mars.': the teams meeting is not in Bodø)."""
    line, offset = lines.lines[index], lines.starts[index]
    dated = {
        sentence_bounds(line, e.start - offset)
        for e in expressions
        if e.items[0].precision != "time"
    }
    ends = [m.end() for m in SENTENCE_END.finditer(line)]
    spans = zip([0, *ends], [*ends, len(line)], strict=True)
    return " ".join(line[a:b] for a, b in spans if (a, b) not in dated)


def sentence_at(line: str, column: int) -> str:
    """The stripped sentence around `column` inside one line."""
    start, end = sentence_bounds(line, column)
    return line[start:end].strip()


# --- headings ---------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[•·●▪◦\-–*]|\d{1,2}[.)]\s)\s*")
TRAILING_JOINERS = frozenset(
    [
        "i",
        "og",
        "for",
        "av",
        "til",
        "med",
        "på",
        "som",
        "om",
        "en",
        "et",
        "å",
        "fra",
        "ved",
        "eller",
        "der",
        "at",
        "mot",
        "samt",
    ]
)


def is_bullet(line: str) -> bool:
    """Whether a line is an item of a bulleted list."""
    return bool(re.match(r"^\s*[•·●▪◦*]\s*\S|^\s*[-–]\s+\S", line))


def bullets_after(lines: list[str], index: int) -> list[tuple[int, str]]:
    """The bulleted lines right after line `index` (blank lines between are allowed) that are
    its items: all of them under a lead line ('Vinterferie i uke 9:'), only the ones nested
    deeper under a bullet ('- Oppstart uke 34' then '- Høstferie uke 40' are two items of one
    list, each dated by itself, not the second an item of the first)."""
    lead = lines[index]
    depth = len(lead) - len(lead.lstrip()) if is_bullet(lead) else -1
    bullets: list[tuple[int, str]] = []
    for i in range(index + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if not is_bullet(line) or len(line) - len(line.lstrip()) <= depth:
            break
        bullets.append((i, line))
    return bullets


LABELLED = re.compile(r"^[^!?:]{1,60}:\s+\S")  # '15. august: Frist …', 'Undervisningsstart: …'


# 'Januar | 22. | Eldreråd': a row of a table, which names each of its rows once.
TABLE_ROW = re.compile(r"[^|\s][^|]*\|\s*[^|\s]")


def list_numbers(lines: list[str]) -> list[int | None]:
    """For each line that is an item of a list (a bullet, a label and a colon before its text,
    or a table row), the list's number; a blank line or a line that is no item ends a list.
    None for a line that is no item."""
    numbers: list[int | None] = []
    number = 0
    for line in lines:
        item = is_bullet(line) or bool(LABELLED.match(line)) or TABLE_ROW.search(line) is not None
        number += not item
        numbers.append(number if item else None)
    return numbers


def is_heading(line: str, next_line: str = "") -> bool:
    """Whether a line looks like a (sub)heading: short, capitalised, no sentence end, and not
    continued in lower case on the next line."""
    text = line.strip()
    following = next_line.strip()
    if following and following[0].islower():
        return False
    if not text or is_bullet(text) or len(text) > 80:
        return False
    text = re.sub(r"^\[bookmark:[^\]]*\]\s*", "", text)
    words = text.split()
    if not 1 <= len(words) <= 9 or text[-1] in ".,;":
        return False
    if not (text[0].isupper() or text[0].isdigit()) or words[-1].lower() in TRAILING_JOINERS:
        return False
    return not _is_column_header(words)


def _is_column_header(words: list[str]) -> bool:
    """'Målgruppe Ansvarlige Gjennomføring': three or more capitalised words and nothing else
    ('ÅRSMØTER I KOMMUNEPARTIENE', capitals with a joining word, is one heading; so is one
    naming a year: 'FOREDRAG & KURS VÅREN 2018', 'Trosopplæringstiltak, Våren 2019')."""
    if "".join(words).isupper() and any(w.lower() in TRAILING_JOINERS for w in words):
        return False
    if any(re.fullmatch(YEAR, w) for w in words):
        return False
    return len(words) >= 3 and all(w[0].isupper() for w in words if w[0].isalpha())


def heading_text(line: str) -> str:
    """A heading without layout clutter."""
    text = re.sub(r"^\[bookmark:[^\]]*\]\s*", "", line.strip())
    return text.rstrip(":").strip()


# --- the period a plan covers -----------------------------------------------------------

YEAR = r"(?:19|20)\d\d(?!\d)"
MONTH_WORD = words_pattern({**MONTHS, **MONTH_ABBREVIATIONS}) + r"\b\.?"
SEASON_WORD = r"(?:høsten|høst|hausten|haust|våren|vår|sommeren|vinteren)\b"
AUTUMN = ("høst", "haust")
PERIOD = re.compile(
    rf"(?:(?P<m1>{MONTH_WORD})\s*|(?P<s1>{SEASON_WORD})\s*)?(?P<y1>{YEAR})(?:\s*(?P<sep>[-–—/]|\btil\b)"
    rf"\s*(?:(?P<m2>{MONTH_WORD})\s*|(?P<s2>{SEASON_WORD})\s*)?(?P<y2>{YEAR}|\d\d(?!\d)))?",
    re.IGNORECASE,
)
GATHERING_KINDS = ("annual_meeting", "conference")
GATHERING = re.compile(
    r"(?:"
    + "|".join(w for kind, words in KIND_KEYWORDS if kind in GATHERING_KINDS for w in words)
    + r")",
    re.IGNORECASE,
)
PLAN_WORD = re.compile(
    r"\w*(?:plan(?:en|er|ene)?|program(?:met|mer|mene)?|årshjul(?:et)?|terminliste(?:n)?"
    r"|kalender(?:en)?|oversikt|rute(?:n)?|ruta)\b",
    re.IGNORECASE,
)
AUTUMN_START_MONTH = 8
TITLE_RIVALS = 3  # the first lines of a page that may hold its title
RECENT_MONTHS = 3  # months before a document's date that it reports on rather than plans
# A day in a first line makes it a dated item, not a title ('1. mars: Årsmøte').
PLAN_DATE = re.compile(r"\d{1,2}\.\s*(?:\d|[^\W\d_])")
MAX_TITLE_WORDS = 12
TITLE_GAP_WORDS = 3  # words allowed between the plan word and its period ('plan for våren 2023')
TITLE_CONTINUATION = re.compile(r"^\s*(?:for\s+|i\s+|perioden\s+)*(?:19|20)\d\d", re.IGNORECASE)
CASE_NUMBER = re.compile(rf"\bsak\s*\d+\s*/\s*(?P<y>{YEAR})", re.IGNORECASE)
# '2) Arbeid med Kalender 2016': an item of a list numbered with brackets, a task of the plan
# (a numbered section heading, '2. Møteplan for 2021', may be the title)
NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}\)\s")
HEAD_LINES = 12
# 'Bilde av oslo-delegasjonen på landsmøtet i 2022', '… Foto: Tom-Egil Jensen': a photo's
# caption above the title tells of the picture, not of the page's period.
CAPTION = re.compile(
    r"^\s*(?:bilde|foto|fotocredit|arkivfoto|illustrasjonsfoto)\b|\bfoto\s*:", re.IGNORECASE
)
# '2021 Morgen med fullmåne, Akershus': a line opening with a year and going on in words is a
# caption or a list item; a title names its period after its subject ('Fylkesårsmøte 2022').
LEADING_YEAR = re.compile(rf"^\W*{YEAR}\s+[^\W\d_]")
WORDS = re.compile(r"[^\W\d_]{3,}")
# 'Oppmøte kl 1900', 'Festen starter 1800 og varer til ca 2000': a time of day written in four
# digits, no year
CLOCK_WORD = r"\b(?:kl|klokka|klokken|ca)\.?"
CLOCK_NUMBER = re.compile(rf"{CLOCK_WORD}\s*(?:[01]\d|2[0-3])[0-5]\d\b", re.IGNORECASE)
DAY_BEFORE = re.compile(r"\b\d{1,2}\.\s*$")


@dataclass(frozen=True)
class PlanPeriod:
    """The years (and months) a plan covers, and the lines that hold its title."""

    start_year: int
    start_month: int = 1
    end_year: int | None = None
    title_lines: frozenset[int] = frozenset()

    def year_for(self, month: int) -> int:
        """The year of a month named without one (earlier than the start: the later year)."""
        if self.end_year and self.end_year > self.start_year and month < self.start_month:
            return self.start_year + 1
        return self.start_year


def detect_plan_period(text: str) -> PlanPeriod | None:
    """The period named in the document's title ('Arbeidsplan 2022-sept 2023', 'Årshjul
    2023/24', 'Programmet høsten 2023'): the latest one a title line names, never the year a
    budget is for ('forslag til årsbudsjett 2021')."""
    lines = CLOCK_NUMBER.sub(_blank, without_budget_years(text)).split("\n")
    head = [(i, line) for i, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    found: list[PlanPeriod] = []
    for pos, (index, line) in enumerate(head):
        after = None if NUMBERED_ITEM.match(line) else _after_plan_word(line)
        if after is None:
            continue  # '2) Arbeid med Kalender 2016': a task of the plan, not its title
        period = _title_period(after, {index})
        if period is None and pos + 1 < len(head) and TITLE_CONTINUATION.match(head[pos + 1][1]):
            period = _period_in(head[pos + 1][1], {index, head[pos + 1][0]})
        if period is not None:
            found.append(period)
    if found:
        return max(found, key=lambda period: period.start_year)
    for index, line in head:
        match = CASE_NUMBER.search(line)
        if match:
            return PlanPeriod(int(match["y"]), title_lines=frozenset({index}))
    head = [
        (i, line) for i, line in head if not LEADING_YEAR.match(line) and not CAPTION.search(line)
    ]
    if len(head) > 1 and is_heading(head[0][1]) and not PLAN_DATE.search(head[0][1]):
        # 'PROGRAMMET HØSTEN 2023': a first line naming a year or a season of it is the title,
        # and so is one naming a month beside other words ('Nytt fra styret – desember 2024';
        # 'JANUAR 2021' alone is the first month of a calendar).
        first = head[0][1]
        match = PERIOD.search(first)
        words = first[: match.start()] + first[match.end() :] if match else ""
        if (
            match is not None
            and (not (match["m1"] or match["m2"]) or WORDS.search(words))
            and not is_reported_year(first[: match.start()])  # 'Årets lokallag 2022'
            and not is_goal(first[: match.start()], int(match["y1"]))  # 'før valget i 2015'
        ):
            # 'Landsmøte i november 2023': a gathering's month, which the page leads up to,
            # not the month the page was written in ('Nytt fra styret – desember 2024')
            later = _later_year_heading(head[1:TITLE_RIVALS], match)
            if later is not None:
                return later
            return _period_in(first, {head[0][0]}, written=not GATHERING.search(words))
    for pos, (_index, line) in enumerate(head):
        match = PERIOD.search(line)
        if match is not None and (
            is_told_as_past(sentence_at(line, match.start()))
            or is_reported_year(line[: match.start()])
            or is_history(line[: match.start()])
            or is_goal(line[: match.start()], int(match["y1"]))
        ):
            continue  # 'Laget ble stiftet i 1985', 'rekneskap 2018', 'minnet for terroren 22.7.2011'
        if match is not None and is_year_end_count(line[: match.start()]):
            return PlanPeriod(int(match["y1"]) + 1)  # 'medlemmer per 31. desember 2023'
        written = _is_day_of(line, match)
        period = _period_in(line, set(), written=written)
        if period is not None and written and _year_named_below(head[pos + 1 :], period):
            return PlanPeriod(period.start_year)
        if period is not None:
            return period
    return None


def _blank(match: re.Match[str]) -> str:
    """Spaces as wide as a match (offsets kept)."""
    return " " * len(match[0])


def _later_year_heading(head: list[tuple[int, str]], first: re.Match[str]) -> PlanPeriod | None:
    """A heading just below a first line naming a year alone that names a later year alone:
    'Fylkesårsmøtet 2023' (a menu's link) over 'Senterpartiets fylkesårsmøter 2024' (the
    page's title); the later one is the page's ('Fylkesårsmøte Rogaland KrF 2024' over a link
    'Fylkesårsmøte 2023' keeps its first line)."""
    if first["m1"] or first["m2"] or first["s1"]:
        return None
    for index, line in head:
        match = PERIOD.search(line)
        if match is None or not is_heading(line) or match["m1"] or match["m2"] or match["s1"]:
            continue
        if int(match["y1"]) > int(first["y1"]) and not is_goal(
            line[: match.start()], int(match["y1"])
        ):
            return _period_in(line, {index})
    return None


def _year_named_below(head: list[tuple[int, str]], period: PlanPeriod) -> bool:
    """Whether a line below a page's date ('16. november 2018') names its year alone
    ('Fredagskarusellen 2018'): the plan is that year, its months before the date in it."""
    if period.end_year is None:
        return False
    for _index, line in head:
        match = PERIOD.search(line)
        if match is not None and not (match["m1"] or match["m2"] or match["s1"] or match["y2"]):
            return int(match["y1"]) == period.start_year
    return False


def plan_titles(text: str) -> list[tuple[int, PlanPeriod]]:
    """Each heading naming a plan and its period, by line ('Skolerute 2024 - 2025', then
    'Skolerute 2023 - 2024' further down): a page holding two plans starts the second there."""
    lines = text.split("\n")
    titles: list[tuple[int, PlanPeriod]] = []
    for index, line in enumerate(lines):
        text = line.strip()
        title = text[:1].isupper() and text[-1:] not in ".,;:"
        after = _after_plan_word(text) if title else None
        period = _title_period(after, {index}) if after is not None else None
        if period is not None:
            titles.append((index, period))
    return titles


def _after_plan_word(line: str) -> str | None:
    """The text after the plan word of a title line, if the line is short enough to be one and
    names no period far from that word ('arbeidsplaner fram mot kommunevalget i 2023')."""
    word = PLAN_WORD.search(line)
    if word is None or len(line.split()) > MAX_TITLE_WORDS:
        return None
    after = line[word.end() :]
    close = PERIOD.search(after)
    if close is not None and len(after[: close.start()].split()) > TITLE_GAP_WORDS:
        return None
    return after


def _title_period(after: str, title_lines: set[int]) -> PlanPeriod | None:
    """The period a title names after its plan word; a day in it ('Programmet for åpningsdagen
    4. november 2019') is the meeting the programme is for, and the plan's months are in its
    year, not the months after it were written ('Nytt fra styret desember 2024')."""
    return _period_in(after, title_lines, written=not _is_day_of(after, PERIOD.search(after)))


def _is_day_of(line: str, match: re.Match[str] | None) -> bool:
    """'torsdag 31. desember 2009', 'Representantskapsmøte 25. oktober 2022': a day with its
    month and year says when the page was written or its meeting is; a month alone with its
    year in prose ('landsmøte i oktober 2022') is what the plan's dates lead up to."""
    return match is not None and bool(DAY_BEFORE.search(line[: match.start()]))


def _period_in(text: str, title_lines: set[int], *, written: bool = True) -> PlanPeriod | None:
    """A year or a span of years (with optional months or seasons) in a piece of a title; a
    span of two years written '2023/24' or starting in the autumn runs from August into the
    next year (a span '2023-2024' does when its first dates are in the autumn: the extractor
    sees them). A month with its year in a title says when
    it was `written`; in prose ('landsmøte i oktober 2022') it is what the plan leads up to."""
    match = PERIOD.search(text)
    if match is None:
        return None
    start_year = int(match["y1"])
    end_year = None
    if match["y2"]:
        end_year = int(match["y2"])
        end_year = end_year + 2000 if end_year < 100 else end_year
        if end_year < start_year:
            end_year = None
    start_month = (month_number(match["m1"]) if match["m1"] else None) or 1
    autumn = bool(match["s1"]) and match["s1"].lower().startswith(AUTUMN)
    if autumn and end_year is None:
        end_year = start_year + 1  # 'Programmet høsten 2023': its January is in 2024
    school_year = (
        end_year == start_year + 1
        and not (match["m1"] or match["m2"])
        and (match["sep"] == "/" or len(match["y2"] or "") == 2)
    )
    if start_month == 1 and (autumn or school_year):
        start_month = AUTUMN_START_MONTH
    if not written and match["m1"] and not match["y2"]:
        start_month = 1  # 'Frister frem mot landsmøtet i oktober 2022': its months are in 2022
    elif match["m1"] and not match["y2"] and start_month > RECENT_MONTHS + 1:
        # 'Nytt fra styret desember 2024': one month names when it was written; a month well
        # before it is in the next year
        start_month, end_year = start_month - RECENT_MONTHS, start_year + 1
    return PlanPeriod(start_year, start_month, end_year, frozenset(title_lines))


def detect_plan_year(text: str) -> int | None:
    """The (first) year the plan covers, from its title or opening lines."""
    period = detect_plan_period(text)
    return period.start_year if period else None
