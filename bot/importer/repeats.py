"""Drafts of events, and what is said twice: the mentions of one event said again further on
(a summary table, a calendar line repeating an item of the text) merged into one, and, on one
line, a year, season or month around finer dates, or a repetition and the period bounding it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from bot.importer.mentions import GOAL_SOURCE
from bot.importer.model import FoundEvent

PERIOD_PRECISIONS = frozenset({"day", "week", "month", "season", "quarter", "year"})
MIN_COVERAGE = 0.3
WORKING_DAYS = 5
LABEL_REACH = 2  # lines from a labelling week to the days it labels
STEM = 8
INFLECTION = re.compile(r"(?:en|et|e)$")
MIN_INFLECTED = 5  # shorter words keep their ending ('møte' is not 'møt')
LONG_WORD = re.compile(r"[^\W\d_]{4,}")
SAME_DAY_RARE = 3  # a word in at most this many lines names the same thing on the same dates
RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}
YEARLY = "FREQ=YEARLY"
MONTHS_IN_YEAR = 12
COARSER = {p: RANK[p] for p in ("month", "season", "quarter", "year")}
# 'levere … før 20. mars', 'frist for påmelding': something due by a day
DEADLINE = re.compile(r"\b(?:før|innen|innan|senest|seinast)\s+\w*\s*\d|frist", re.IGNORECASE)
# a word that only says something is due ('Frist for …', 'SISTEFRIST:', 'innen', 'seinast')
DEADLINE_WORD = re.compile(
    r"(?:siste|seinaste|endelig|endeleg)?frist(?:en)?|innen|innan|senest|seinast|før",
    re.IGNORECASE,
)
THIS_YEAR = re.compile(r"\bi\s+år\b", re.IGNORECASE)  # 'i år' ('this year'), not 'år i februar'
# 'fra', 'f.o.m.', 'fra og med', 'starter', 'begynner': a day that opens a repetition
FROM_DAY = re.compile(r"\b(?:fra|f\.?\s?o\.?\s?m\.?|starter|begynner)\b", re.IGNORECASE)


@dataclass
class Draft:
    """An event being built, with the context used to merge repeated mentions."""

    event: FoundEvent
    index: int
    order: tuple[int, int, int]
    year_source: str
    residual: str
    context: set[str] = field(default_factory=set)
    sentence_words: set[str] = field(default_factory=set)
    group: tuple[tuple[date | None, date | None], ...] = ()
    label: set[str] = field(default_factory=set)
    superseded: bool = False
    opens_line: bool = False  # the line opens with this date ('21. mars Kommunestyre')
    when_field: bool = False  # the date is the value of a 'Tid:' or 'Dato:' field
    row_text: str = ""  # a date alone on its line: its row's text on the line below


class RepeatMerger:
    """Merges repeated mentions, knowing in how many lines each word stem occurs."""

    def __init__(
        self, stem_freq: Counter[str], text_lines: int, lists: list[int | None] | None = None
    ) -> None:
        self.stem_freq = stem_freq
        self.text_lines = text_lines
        self.lists = lists or []  # per line: the list it is an item of, if any
        self.dated_lines: set[int] = set()  # lines with a dated draft (set by `merge`)

    def merge(self, drafts: list[Draft]) -> list[Draft]:
        """Drop a later mention of an already found event (summary tables, repeats)."""
        self.dated_lines = {d.index for d in drafts if d.event.start is not None}
        kept: list[Draft] = []
        by_period: dict[tuple[object, ...], list[Draft]] = {}
        absorbed: set[int] = set()
        for draft in drafts:
            key = _period_key(draft.event)
            twin = self._earlier_twin(draft, by_period.get(key, []) if key else [], absorbed)
            if twin is None:
                kept.append(draft)
                if key:
                    by_period.setdefault(key, []).append(draft)
                continue
            absorbed.add(id(twin))
            if twin.year_source not in ("explicit", "sentence") and draft.year_source == "explicit":
                twin.superseded = True
                kept.append(draft)
                by_period[key].append(draft)  # type: ignore[index]
                absorbed.add(id(draft))
        return kept

    def _earlier_twin(self, draft: Draft, kept: list[Draft], absorbed: set[int]) -> Draft | None:
        """An earlier draft on another line that says the same thing, if any (one that has
        taken in a repeat already takes no other, except a gathering named a third time)."""
        if draft.event.precision not in PERIOD_PRECISIONS:
            return None
        best: tuple[float, Draft | None] = (0.0, None)
        for other in kept:
            taken = id(other) in absorbed and not _gathering(draft.event)
            if taken or other.index == draft.index:
                continue
            if not self._same_period(draft, other):
                continue
            score = self._same_topic(draft, other)
            if score >= MIN_COVERAGE and score > best[0]:
                best = (score, other)
        return best[1]

    def _same_period(self, a: Draft, b: Draft) -> bool:
        """Same dates; or the same days in another year when one year was only inferred."""
        ea, eb = a.event, b.event
        if ea.precision != eb.precision or ea.start is None or eb.start is None:
            return False
        if (ea.start, ea.end) == (eb.start, eb.end):
            return True
        inferred = {"plan", "heading", "document", GOAL_SOURCE}
        if (a.year_source in inferred) == (b.year_source in inferred):
            return False  # both written, or both from headings or titles of different years
        shift = eb.start.year - ea.start.year
        return (
            ea.start.replace(year=ea.start.year + shift) == eb.start
            and ea.end is not None
            and eb.end is not None
            and ea.end.year + shift == eb.end.year
            and (ea.end.month, ea.end.day) == (eb.end.month, eb.end.day)
        )

    def _same_topic(self, later: Draft, earlier: Draft) -> float:
        """How much of the later mention's label the earlier one's context covers (0 to 1)."""
        if self._same_dates(later, earlier):
            if _told_again(later.event, earlier.event):
                return 1.0
            if _gathering(later.event) and not self._same_list(later, earlier):
                # a gathering of several days named again: 'Landsmøtet arrangeres 3.-5. april
                # 2025', later '3.-5. april samles 300 representanter til landsmøtet'
                return 1.0
            if later.event.precision == "day" and _is_deadline(later.event) != _is_deadline(
                earlier.event
            ):
                return 0.0  # 'levere protokoll … før 20. mars' is not 'Årsmøtet starter 20. mars'
            if self._same_list(later, earlier):
                return 0.0  # '16. mars: Frist for påmelding' then '16. mars: Frist for forslag'
            if _other_deadlines(later, earlier):
                return 0.0  # 'Frist for påmelding er 16. mars', later 'Frist for forslag: 16. mars'
            if _other_rows(later, earlier):
                return 0.0  # '21. mars Utvalg for helse', then '21. mars Utvalg for miljø'
            if not set(later.group) <= set(earlier.group) and not self._continues(later, earlier):
                return 0.0
            if later.event.precision == "day" and _stems(earlier.residual) and not later.residual:
                # a day with no words of its own restates the one that has them: 'Neste:
                # Styremøte tirsdag 27. april 2021', then the plan's '• tirsdag 27. april 19.00'
                return 1.0
            if later.when_field and earlier.when_field and not later.residual + earlier.residual:
                # two 'Dato:' fields, each under its own heading ('Vestfold' / 'Dato: 24.
                # oktober', then 'Telemark' / 'Dato: 24.oktober'): the days of two things
                return 1.0 if later.event.title == earlier.event.title else 0.0
            if later.event.precision == "day" and not earlier.residual and earlier.when_field:
                # the day of an invitation's 'Tid:' field, then the text greeting it: 'Tid:
                # Mandag 23. august kl 19', later 'Vel møtt 23. august til første øvelse'
                return 1.0
            if (
                later.event.precision == "day"
                and not earlier.residual
                and _stems(later.residual) & _stems(earlier.event.title)
            ):
                # a date alone under the heading that names it, then the line telling of it:
                # 'Årsmøte PFO 2023' / '30.03.2023', then 'Årsmøtet avholdes 30.03.2023'
                return 1.0
            shared = _stems(later.residual) & _stems(earlier.residual)
            if later.event.precision == "day" and self._rare(shared, limit=SAME_DAY_RARE):
                return 1.0  # 'Årsmøte i SOFUL 19. mars', later 'Innkalling til årsmøte ... 19.mars'
            label = self._common_filtered(later.label)
            if not label:
                return 0.0
            return len(label & earlier.context) / len(label)
        shared = self._rare(later.sentence_words & earlier.sentence_words, limit=2)
        return 1.0 if shared else 0.0

    def _continues(self, later: Draft, earlier: Draft) -> bool:
        """Whether the later line lists dates starting with the earlier item's one day, on the
        next dated line below it: 'Onsdag 12.09 Hurtigsjakk', then '   Spilledatoer: 12.09,
        17.10 og 14.11' (the item's own dates, its day first), not the two days of another
        item further down ('Undervisningsstart: mandag 16. eller onsdag 18. august')."""
        return (
            len(earlier.group) == 1
            and later.group[:1] == earlier.group
            and not any(earlier.index < i < later.index for i in self.dated_lines)
        )

    def _same_list(self, a: Draft, b: Draft) -> bool:
        """Whether two lines are items of one list (no blank line between them): a list names
        each of its items once; a repeat of one comes elsewhere."""
        if not self.lists:
            return False
        return self.lists[a.index] is not None and self.lists[a.index] == self.lists[b.index]

    def _same_dates(self, a: Draft, b: Draft) -> bool:
        """Exactly the same start and end."""
        return (a.event.start, a.event.end) == (b.event.start, b.event.end)

    def _common_filtered(self, stems: set[str]) -> set[str]:
        """Stems without those found in a quarter or more of the document's lines."""
        limit = max(4, self.text_lines // 4)
        return {s for s in stems if self.stem_freq[s] <= limit}

    def _rare(self, stems: set[str], limit: int = 6) -> set[str]:
        """Stems found in at most `limit` lines of the document."""
        return {s for s in stems if self.stem_freq[s] <= limit}


def _stem(word: str) -> str:
    """A word without its definite ending, cut to STEM letters: 'Årsmøtet', 'årsmøte' and
    'årsmøtene' are one stem (a plural in -er keeps it: 'samlinger' is not 'samling')."""
    word = word.lower()
    return INFLECTION.sub("", word)[:STEM] if len(word) > MIN_INFLECTED else word[:STEM]


def _stems(text: str) -> set[str]:
    """Stems of the longer words of a text (as the extractor counts them per line)."""
    return {_stem(w) for w in LONG_WORD.findall(text)}


def _other_rows(later: Draft, earlier: Draft) -> bool:
    """Two lines that each open with the same one day and go on to name different things
    ('21. mars Hovedutvalg for helse', '21. mars Kommunestyre'; 'Tirsdag 4. mars – Årsmøte i
    laget i Asker', 'Tirsdag 4. mars – Årsmøte i laget i Bærum'): rows of a calendar, which
    names each of its items once; two events on one day, however much the lines around them
    share words. A row whose words are all in the other ('12. mars Årsmøte', then '12. mars:
    Årsmøtet holdes i klubbhuset') may say the same again."""
    if not (later.opens_line and earlier.opens_line):
        return False
    if len(later.group) != 1 or len(earlier.group) != 1:
        return False
    mine, theirs = _stems(later.residual), _stems(earlier.residual)
    if later.row_text and earlier.row_text:
        # two dates alone on their lines with their texts below ('15.09' / 'Frist for å melde
        # seg opp til eksamen', '15.09' / 'Frist for å melde seg opp i emner')
        mine, theirs = _stems(later.row_text), _stems(earlier.row_text)
    return bool(mine) and bool(theirs) and not mine <= theirs and not theirs <= mine


def _told_again(later: FoundEvent, earlier: FoundEvent) -> bool:
    """The same words (a list the page repeats, a heading 'Medlemsmøte 26. september 2017'
    said twice), or the same title taken from each line's own words ('Søndag 14. mars …
    blir det årsmøte' after '• Årsmøte søndag'). A title borrowed from a heading names no
    event of its own: the same bare date under two headings ('Fylkesutvalet' / '• Onsdag 3.
    mai', then 'Finansutvalet' / '• Onsdag 3. mai') is two meetings."""
    if later.quote == earlier.quote:
        return later.title == earlier.title or bool(_own_title_stems(later))
    told = _own_title_stems(later)
    return bool(told) and told == _own_title_stems(earlier)


def _other_deadlines(later: Draft, earlier: Draft) -> bool:
    """Two deadlines on one day whose words share nothing but the deadline itself ('Frist for
    påmelding er 16. mars', 'Frist for å sende inn forslag: 16. mars'): two things are due that
    day, not one said twice."""
    if later.event.precision != "day" or not (
        _is_deadline(later.event) and _is_deadline(earlier.event)
    ):
        return False
    mine, theirs = _subject_stems(later.residual), _subject_stems(earlier.residual)
    return bool(mine) and bool(theirs) and not mine & theirs


def _subject_stems(text: str) -> set[str]:
    """The stems of a deadline's words but those that only say it is due: what is due."""
    return {_stem(w) for w in LONG_WORD.findall(text) if not DEADLINE_WORD.fullmatch(w)}


def _gathering(event: FoundEvent) -> bool:
    """Whether an event lasts several days (a meeting over a weekend, a landsmøte): one the
    page may name three times (title, prose, programme) and with other words each time."""
    return event.precision == "day" and event.start != event.end


def _is_deadline(event: FoundEvent) -> bool:
    """Whether a mention sets a deadline: something is due before or by its date."""
    return bool(DEADLINE.search(event.quote))


def _own_title_stems(event: FoundEvent) -> set[str]:
    """The stems of an event's title when all of them are in its own quote (else none)."""
    stems = _stems(event.title)
    return stems if stems <= _stems(event.quote) else set()


def _period_key(event: FoundEvent) -> tuple[object, ...] | None:
    """What two mentions of one period share even when one year was only inferred: the
    precision, the days of the year and how many years the period crosses."""
    if event.start is None or event.end is None:
        return None
    start, end = event.start, event.end
    return (event.precision, start.month, start.day, end.month, end.day, end.year - start.year)


def keep_undated_only_alone(drafts: list[Draft]) -> list[Draft]:
    """Drop 'avklares' on a line that has a date; keep one undated event per line."""
    dated = [d for d in drafts if d.event.precision != "undated"]
    if dated:
        return dated
    return drafts[:1]


def mark_coarser_restatements(drafts: list[Draft]) -> None:
    """'Landsmøtet 2028 avholdes 27.–29. april', 'Denne våren er det to møter; 20. mars og
    22. mai': a year, season or month in a sentence that also dates the thing more precisely
    inside it only says when roughly; it is no event of its own.
    (It still takes part in merging repeated mentions, then it is left out.)"""
    finer = [
        (d.event.quote, d.event.start, d.event.end, RANK[d.event.precision])
        for d in drafts
        if d.event.precision in PERIOD_PRECISIONS - {"year"}
        and d.event.start is not None
        and d.event.end is not None
    ]

    def covered(event: FoundEvent) -> bool:
        start, end = event.start, event.end
        if event.precision not in COARSER or start is None or end is None:
            return False
        if event.precision == "year" and start.year != end.year:
            return False
        rank = COARSER[event.precision]
        return any(
            q == event.quote and start <= s and e <= end and (s, e) != (start, end)
            for q, s, e, r in finer
            if r < rank
        )

    for draft in drafts:
        draft.superseded = draft.superseded or covered(draft.event)


def mark_restated_weeks(drafts: list[Draft]) -> None:
    """'12.-1.' then 'Sommerstengt uke 28,29 og 30': a week in the text a calendar's days date,
    filling its working days, says the same again; the days are the event. So is a week that
    labels the line below ('Høstferie uke 41:' then '6.–10. oktober'). (A week written
    beside a day on one line is dropped before drafting: `Extractor._without_restated_weeks`.)"""
    days = [
        (d.event.quote, d.index, d.event.start, d.event.end)
        for d in drafts
        if d.event.precision == "day" and d.event.start is not None and d.event.end is not None
    ]

    def restated(draft: Draft) -> bool:
        event = draft.event
        if event.precision != "week" or event.start is None or event.end is None:
            return False
        label = event.quote.rstrip().endswith(":")  # 'Høstferie uke 41:' then '6.–10. oktober'
        return any(
            (q == event.quote or (label and 0 < i - draft.index <= LABEL_REACH))
            and (min(e, event.end) - max(s, event.start)).days + 1 >= WORKING_DAYS
            for q, i, s, e in days
        )

    for draft in drafts:
        draft.superseded = draft.superseded or restated(draft)


def bound_recurrences(drafts: list[Draft]) -> list[Draft]:
    """'Medlemsmøter annenhver uke gjennom høsten': one repetition, bounded by the one period
    its sentence names, instead of a repetition and a separate period event. A yearly one
    ('hvert år i februar', 'innen utgangen av januar hvert år', 'hver høst') is not bounded by
    its period: the months say when in every year it falls, and no year's date is given."""
    out = list(drafts)
    for draft in drafts:
        event = draft.event
        if event.precision != "recurring" or not event.recurrence or event.start is not None:
            continue
        same = [d for d in out if d is not draft and d.event.quote == event.quote]
        periods = [
            d
            for d in same
            if d.event.precision in PERIOD_PRECISIONS
            and d.event.start is not None
            and d.event.end is not None
            and d.event.start != d.event.end
        ]
        if any(d.event.precision == "recurring" for d in same):
            continue
        if not periods:
            _start_on_its_day(draft, same, out)
            continue
        if len(periods) != 1:
            continue
        period = periods[0].event
        if event.recurrence.startswith(YEARLY) and THIS_YEAR.search(event.quote):
            continue  # 'årsmøte kvart år, og i år er alle i februar': this year's February
        out.remove(periods[0])
        if event.recurrence.startswith(YEARLY):
            months = _months(period.start, period.end)  # type: ignore[arg-type]
            if len(months) < MONTHS_IN_YEAR and "BYMONTH" not in event.recurrence:
                rule = f"{event.recurrence};BYMONTH={','.join(map(str, months))}"
                draft.event = replace(event, recurrence=rule)
            continue
        draft.event = replace(
            event,
            start=period.start,
            end=period.end,
            note=f"Repeats within the period its sentence names ({period.precision}); "
            f"{period.note}",
        )
    return out


def _start_on_its_day(draft: Draft, same: list[Draft], out: list[Draft]) -> None:
    """'Styremøte annenhver tirsdag kl 18.00 fra 12. januar 2027': one repetition that starts on
    the one day its sentence opens it with, at that day's time, not a repetition with no first
    day and a separate meeting on 12 January."""
    event = draft.event
    days = [d for d in same if d.event.precision == "day" and d.event.start is not None]
    if len(days) != 1 or len(same) != 1 or not FROM_DAY.search(event.quote):
        return
    day = days[0].event
    if day.start != day.end or event.recurrence is None or event.recurrence.startswith(YEARLY):
        return
    out.remove(days[0])
    draft.event = replace(event, start=day.start, end=day.start, time=event.time or day.time)


def _months(start: date, end: date) -> list[int]:
    """The months of a period, in order ('november – januar': 11, 12, 1)."""
    count = min(
        MONTHS_IN_YEAR, (end.year - start.year) * MONTHS_IN_YEAR + end.month - start.month + 1
    )
    return [(start.month - 1 + n) % MONTHS_IN_YEAR + 1 for n in range(count)]
