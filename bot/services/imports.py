"""Storing imported plan events: tentative, with their source, never doubled; a summary of what
happened, the words people read about an import, and drafts waiting for "Lagre".

The readers (bot.importer) hand over `ImportItem`s, which are checked as a whole before anything
is stored, so a bad item stores nothing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from babel.lists import format_list
from sqlmodel import Session, col, delete, select

from bot.dates import (
    Precision,
    describe_period,
    describe_recurrence,
    format_date,
    format_time,
    holiday_words,
    rule_parts,
)
from bot.importer.items import ImportItem, ImportRowsError, items_from_found
from bot.importer.model import YEAR_FROM_WEEKDAYS, FoundEvent, ImportFileError
from bot.models import (
    EventKind,
    EventState,
    ImportDraftRow,
    PlanEvent,
    PlanEventCreate,
    PlanEventUpdate,
)
from bot.services.events import create_event, update_event
from bot.services.units import fold
from bot.texts import NB, number_words, t


class Match(StrEnum):
    """How one imported item stands to the plan."""

    NEW = "new"
    ALREADY = (
        "already"  # the same event is in the plan (same kind, overlapping dates, similar title)
    )
    CHANGE = "change"  # the document says something else about an event in the plan
    REPEATED = "repeated"  # said earlier in the same file


@dataclass(frozen=True)
class ComparedItem:
    """One imported item, numbered as the preview shows it, and what it is to the plan."""

    number: int
    item: ImportItem
    match: Match
    existing: PlanEvent | None = None

    def as_json(self) -> dict[str, Any]:
        """The item's `--json` shape plus `number`, `match` and `existing_id`."""
        return {
            **self.item.as_json(),
            "number": self.number,
            "match": str(self.match),
            "existing_id": self.existing.id if self.existing else None,
        }


@dataclass(frozen=True)
class ImportChoices:
    """What the person accepts: which new items to store (`only`, None: all; less those in
    `left_out`, the ones unticked in Slack), which of them become one task per municipal party,
    and which changes to apply to the plan's events (by number)."""

    only: frozenset[int] | None = None
    per_unit: frozenset[int] = frozenset()
    update: frozenset[int] = frozenset()
    left_out: frozenset[int] = frozenset()

    def keeps(self, number: int) -> bool:
        """Whether the new item `number` is to be stored."""
        return (self.only is None or number in self.only) and number not in self.left_out


class ImportChoiceError(ValueError):
    """A choice that names no item of the right group; `key` and `values` word it for people."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class SkippedItem:
    """An item that was not stored, and why ("already_stored", "repeated", "change", "left_out")."""

    title: str
    event: PlanEventCreate
    reason: str
    existing_id: int | None = None
    existing_title: str | None = None


@dataclass(frozen=True)
class ImportSummary:
    """What an import added, changed and skipped."""

    document: str
    added: tuple[PlanEvent, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()
    updated: tuple[PlanEvent, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "added": [{"id": e.id, "title": e.title} for e in self.added],
            "updated": [{"id": e.id, "title": e.title} for e in self.updated],
            "skipped": [
                {
                    "title": s.title,
                    "start": s.event.start_date.isoformat() if s.event.start_date else None,
                    "end": s.event.end_date.isoformat() if s.event.end_date else None,
                    "reason": s.reason,
                    "existing_id": s.existing_id,
                }
                for s in self.skipped
            ],
        }


# --- comparing a draft with the plan -------------------------------------------------------

CHANGE_WINDOW = timedelta(days=92)  # a date moved by up to about a quarter is the same event
SIMILAR_TITLES = 0.5  # share of the shorter title's words found in the other
ENDING = re.compile(r"(?:ene|ane|en|er|et|a|e)$")
# Folded words naming the organisation itself, shared by most titles of a plan.
ORGANISATION_WORDS = ("fylkesparti", "kommuneparti", "parti", "arbeiderparti", "lokallag", "troms")
# Folded, endings stripped: words naming only the kind of event ('Frist for ...', 'Møte om ...').
KIND_WORDS = frozenset(
    {
        "frist",
        "mot",
        "samling",
        "skolering",
        "kurs",
        "kampanj",
        "arrangement",
        "hendels",
        "aktivitet",
    }
)
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 5}
WORD = re.compile(r"[^\W\d_]{4,}")


def compare_with_plan(*, session: Session, items: Sequence[ImportItem]) -> list[ComparedItem]:
    """Each item as new, already in the plan (and which event), a change to an event, or a
    repetition of an earlier item; an event in the plan takes at most one change."""
    plan = list(session.exec(select(PlanEvent).order_by(col(PlanEvent.id))))
    already: dict[int, PlanEvent] = {}
    changes: dict[int, PlanEvent] = {}
    repeated: set[int] = set()
    seen: set[tuple[object, ...]] = set()
    for index, item in enumerate(items):
        identity = _identity(item.event)
        if identity in seen:
            repeated.add(index)
            continue
        seen.add(identity)
        found = next((e for e in plan if _same_event(item.event, e)), None)
        if found is not None:
            already[index] = found
    matched = {e.id for e in already.values()}
    candidates = {
        index: [
            e
            for e in plan
            if e.id not in matched and e.state != "cancelled" and _changed_event(item.event, e)
        ]
        for index, item in enumerate(items)
        if index not in already and index not in repeated
    }
    wanted: dict[int | None, int] = {}
    for events in candidates.values():
        for e in events:
            wanted[e.id] = wanted.get(e.id, 0) + 1
    for index, events in candidates.items():
        # One plan event and one item that only fit each other (or the very same passage): a
        # series of look-alikes (monthly board meetings) is new, not a change of each other.
        quote = items[index].event.source_quote
        event = next((e for e in events if _same_passage(quote, e.source_quote)), None)
        if event is None and len(events) == 1 and wanted[events[0].id] == 1:
            event = events[0]
        if event is not None and event.id not in matched:
            changes[index] = event
            matched.add(event.id)
    compared: list[ComparedItem] = []
    for index, item in enumerate(items):
        if index in repeated:
            compared.append(ComparedItem(index + 1, item, Match.REPEATED))
        elif index in already:
            compared.append(ComparedItem(index + 1, item, Match.ALREADY, already[index]))
        elif index in changes:
            compared.append(ComparedItem(index + 1, item, Match.CHANGE, changes[index]))
        else:
            compared.append(ComparedItem(index + 1, item, Match.NEW))
    return compared


def _same_event(found: PlanEventCreate, event: PlanEvent) -> bool:
    """The same passage, or the same kind and a similar title, with overlapping dates (and not
    a more precise date for it, which is a change)."""
    if not _related(found, event) or not _overlaps(found, event):
        return False
    return not _more_precise(found, event) or _identity(found) == _identity(event)


def _changed_event(found: PlanEventCreate, event: PlanEvent) -> bool:
    """The document places a related event of the plan at other (or more precise) dates in a
    year the event has: next year's plan names this year's events again (the board meeting, the
    same line about a training), and those are next year's own events, never a move of this
    year's (not even when the line is word for word the same)."""
    if not _related(found, event) or found.start_date is None or event.start_date is None:
        return False
    if not _shares_a_year(found, event):
        return False
    if _overlaps(found, event):
        return _more_precise(found, event)
    near = abs(found.start_date - event.start_date) <= CHANGE_WINDOW
    return near or _same_passage(found.source_quote, event.source_quote)


def _shares_a_year(found: PlanEventCreate, event: PlanEvent) -> bool:
    """Whether the item's dates and the event's (a repetition: its whole run) meet in a year."""
    if found.start_date is None or event.start_date is None:
        return False
    found_end = found.end_date or found.start_date
    event_end = _last_day(event.end_date, event.recurrence, event.recurrence_until)
    last_year = (event_end or event.start_date).year
    return found.start_date.year <= last_year and event.start_date.year <= found_end.year


def _related(found: PlanEventCreate, event: PlanEvent) -> bool:
    """The same source passage, or the same kind (or one unknown) and a similar title."""
    if _same_passage(found.source_quote, event.source_quote):
        return True
    kinds = {str(found.kind), str(event.kind)}
    return (len(kinds) == 1 or EventKind.OTHER in kinds) and _similar(found.title, event.title)


def _same_passage(a: str | None, b: str | None) -> bool:
    """One quote holds the other (whitespace and case aside); short fragments do not count."""
    x, y = " ".join(fold(a or "").split()), " ".join(fold(b or "").split())
    shorter, longer = sorted((x, y), key=len)
    return len(shorter) >= 20 and shorter in longer


def _similar(a: str, b: str) -> bool:
    """At least half the words of the shorter title (by stem) are in the other."""
    x, y = _stems(a), _stems(b)
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= SIMILAR_TITLES


def _stems(text: str) -> set[str]:
    """The title's words without inflection endings, leaving out the organisation's own names
    and words that only say what kind of event it is."""
    words = (ENDING.sub("", w) for w in WORD.findall(fold(text)))
    return {
        w
        for w in words
        if len(w) >= 4 and w not in KIND_WORDS and not w.startswith(ORGANISATION_WORDS)
    }


def _overlaps(found: PlanEventCreate, event: PlanEvent) -> bool:
    """Dates that overlap (a repetition spans its whole run); undated items by their rule."""
    if found.relative_anchor or event.relative_anchor:
        return found.relative_anchor == event.relative_anchor
    if found.start_date is None or event.start_date is None:
        if found.recurrence and event.recurrence:
            return _frequency(found.recurrence) == _frequency(event.recurrence)
        return (
            found.start_date is None
            and event.start_date is None
            and not (found.recurrence or event.recurrence)
        )
    found_end = _last_day(found.end_date, found.recurrence, found.recurrence_until)
    event_end = _last_day(event.end_date, event.recurrence, event.recurrence_until)
    return found.start_date <= (event_end or event.start_date) and event.start_date <= (
        found_end or found.start_date
    )


def _last_day(end: date | None, rule: str | None, until: date | None) -> date | None:
    if rule:
        return until or date.max
    return end


def _frequency(rule: str) -> tuple[str, str]:
    parts = rule_parts(rule)
    return parts.get("FREQ", ""), parts.get("INTERVAL", "1")


def _more_precise(found: PlanEventCreate, event: PlanEvent) -> bool:
    return PRECISION_RANK.get(found.precision, 9) < PRECISION_RANK.get(event.precision, 9)


# --- saving what the person accepts ---------------------------------------------------------


def may_be_per_unit(item: ImportItem) -> bool:
    """Whether a new item may become one task per municipal party: a deadline with a date (its
    own, or each unit's from its annual meeting). Offered for every such deadline, whether or not
    its text says «alle kommunepartiene» (`suggest_per_unit`); never made so unless chosen."""
    event = item.event
    dated = event.start_date is not None or event.relative_anchor is not None
    return event.kind == EventKind.DEADLINE and dated


def check_choices(compared: Sequence[ComparedItem], choices: ImportChoices) -> None:
    """ImportChoiceError when a number names an item already in the plan (the same file imported
    again: which event it is), no new item (only, per_unit), a per-unit item is
    no deadline with a date (its own, or each unit's from its annual meeting) or is not stored
    (left out of --only, or unticked among the new in Slack: a per-unit choice never counts
    silently for nothing), or an update names no change. A number in `left_out` that is no
    longer new (stored since the preview) is simply not stored."""
    new = {c.number: c for c in compared if c.match is Match.NEW}
    change = {c.number for c in compared if c.match is Match.CHANGE}
    already = {c.number: c.existing for c in compared if c.match is Match.ALREADY and c.existing}
    named = (choices.only or frozenset()) | choices.per_unit | choices.update
    for number in sorted(named & already.keys()):
        # the same file imported again: the first run stored it (or applied the change)
        event = already[number]
        raise ImportChoiceError(
            "import.choice.already", number=number, id=event.id, title=event.title
        )
    for number in sorted((choices.only or frozenset()) | choices.per_unit):
        if number not in new:
            raise ImportChoiceError("import.choice.not_new", number=number)
    for number in sorted(choices.per_unit):
        if not may_be_per_unit(new[number].item):
            raise ImportChoiceError("import.choice.not_deadline", number=number)
        if choices.only is not None and number not in choices.only:
            raise ImportChoiceError("import.choice.not_only", number=number)
        if number in choices.left_out:  # ticked per unit, yet unticked among the new (Slack)
            raise ImportChoiceError("import.choice.per_unit_left_out", number=number)
    for number in sorted(choices.update):
        if number not in change:
            raise ImportChoiceError("import.choice.not_change", number=number)


def store_items(
    *,
    session: Session,
    items: Sequence[ImportItem],
    document: str,
    actor: str,
    now: datetime,
    choices: ImportChoices | None = None,
) -> ImportSummary:
    """Compare the items with the plan and store what the person accepts (by default every new
    item, none per unit, no change applied); flush only, so the caller's commit makes it atomic."""
    choices = choices or ImportChoices()
    compared = compare_with_plan(session=session, items=items)
    check_choices(compared, choices)
    added: list[PlanEvent] = []
    updated: list[PlanEvent] = []
    skipped: list[SkippedItem] = []
    first_day = _plan_first_day(items, now)
    for c in compared:
        e = c.item.event
        if c.match is Match.NEW and choices.keeps(c.number):
            event_in = e.model_copy(update={"per_unit": e.per_unit or c.number in choices.per_unit})
            if e.start_date is None and e.relative_anchor is None and _names_its_days(e.recurrence):
                # "første mandag i hver måned" with no day to start from would never happen (no
                # occurrence, no nudge): it repeats from the start of the plan's first year. A
                # rule that names no day ("fire ganger i året") stays undated: a start would
                # invent its days.
                event_in = event_in.model_copy(update={"start_date": first_day})
            added.append(create_event(session=session, event_in=event_in, actor=actor, now=now))
        elif c.match is Match.CHANGE and c.number in choices.update and c.existing is not None:
            changes = PlanEventUpdate(
                start_date=e.start_date,
                end_date=e.end_date,
                precision=e.precision,
                start_time=e.start_time or c.existing.start_time,
            )
            updated.append(
                update_event(
                    session=session, event=c.existing, changes=changes, actor=actor, now=now
                )
            )
        else:
            reason = {
                Match.NEW: "left_out",
                Match.ALREADY: "already_stored",
                Match.CHANGE: "change",
                Match.REPEATED: "repeated",
            }[c.match]
            skipped.append(
                SkippedItem(
                    e.title,
                    e,
                    reason,
                    c.existing.id if c.existing else None,
                    c.existing.title if c.existing else None,
                )
            )
    return ImportSummary(
        document=document, added=tuple(added), skipped=tuple(skipped), updated=tuple(updated)
    )


def _names_its_days(rule: str | None) -> bool:
    """Whether a repetition says on which days it falls (BYDAY, BYMONTHDAY), whatever its start."""
    parts = rule_parts(rule)
    return bool(parts.get("BYDAY") or parts.get("BYMONTHDAY"))


def _plan_first_day(items: Sequence[ImportItem], now: datetime) -> date:
    """Where a repetition the plan gives no start begins: 1 January of the first year the plan's
    dated items fall in, or the day of the import when none is dated."""
    years = [i.event.start_date.year for i in items if i.event.start_date is not None]
    return date(min(years), 1, 1) if years else now.date()


def store_found_events(
    *,
    session: Session,
    found: list[FoundEvent],
    document: str,
    actor: str,
    now: datetime,
) -> ImportSummary:
    """Store what the parser found in `document` as tentative events; nothing is doubled."""
    items = items_from_found(found, document=document)
    return store_items(session=session, items=items, document=document, actor=actor, now=now)


def _identity(event: PlanEventCreate | PlanEvent) -> tuple[object, ...]:
    """What makes two items the same thing said twice: title (case and spacing aside), dates,
    repetition, and relative anchor with its offset ('innen tre uker etter årsmøtet' is not
    'innen tre måneder etter årsmøtet')."""
    e = event
    return (
        " ".join(fold(e.title).split()),
        e.start_date,
        e.end_date or e.start_date,
        e.recurrence,
        e.relative_anchor,
        e.relative_months,
        e.relative_days,
    )


# --- words for people ---------------------------------------------------------------------


def describe_when(item: ImportItem, lang: str) -> str:
    """When an item happens, in the words of its precision ('uke 37 2018', 'Avklares', ...)."""
    return describe_event_when(item.event, lang)


def before_text(months: int, days: int, anchor: str, lang: str) -> str:
    """'senest tre uker før årsmøtet': a deadline counted back from each unit's own event."""
    if months == 1:
        return t("relative.month_before", lang, anchor=anchor)
    if months:
        return t("relative.months_before", lang, months=months, anchor=anchor)
    return _days_text(days, "before", anchor, lang)


def _days_text(days: int, side: str, anchor: str, lang: str) -> str:
    """'innen tre uker etter årsmøtet' for whole weeks (as plans say it), else 'innen 10 dager'."""
    if days % 7:
        return t(f"relative.days_{side}", lang, days=number_words(days, lang), anchor=anchor)
    weeks = days // 7
    if weeks == 1:
        return t(f"relative.week_{side}", lang, anchor=anchor)
    return t(f"relative.weeks_{side}", lang, weeks=number_words(weeks, lang), anchor=anchor)


def anchor_words(anchor: str, lang: str) -> str:
    """'årsmøtet' for the anchor `annual_meeting`, 'valget' for `election` (the key itself for an
    anchor no text names)."""
    key = f"anchor.{anchor}"
    return t(key, lang) if key in NB else anchor


def relative_rule_text(months: int, days: int, anchor: str, lang: str) -> str:
    """'innen tre måneder etter årsmøtet', 'senest 21 dager før årsmøtet', 'i forbindelse med
    valget' (no distance given): the one wording of a date counted from another event (plan
    views and import previews alike). `anchor` is already in words (`anchor_words`)."""
    if not months and not days:
        return t("import.when.relative", lang, anchor=anchor)
    if months < 0 or days < 0:
        return before_text(-months, -days, anchor, lang)
    if months == 1 and not days:
        return t("relative.month_after", lang, anchor=anchor)
    if months:
        return t("relative.months_after", lang, months=number_words(months, lang), anchor=anchor)
    return _days_text(days, "after", anchor, lang)


def describe_event_when(e: PlanEventCreate | PlanEvent, lang: str) -> str:
    """When an event (imported or in the plan) happens, in the words of its precision."""
    if e.relative_anchor:
        anchor = anchor_words(e.relative_anchor, lang)
        return relative_rule_text(e.relative_months or 0, e.relative_days or 0, anchor, lang)
    if e.start_date is None:
        if e.recurrence:
            rule = describe_recurrence(e.recurrence, lang)
            if e.start_time:  # 'første mandag i hver måned kl. 19.00'
                rule += " " + t("import.when.at", lang, time=format_time(e.start_time))
            return rule
        return t("import.when.undated", lang)
    when = describe_period(e.start_date, e.end_date or e.start_date, e.precision, lang)
    if e.start_time:
        when += " " + t("import.when.at", lang, time=format_time(e.start_time))
    if e.recurrence:
        when = t(
            "import.when.repeating", lang, rule=describe_recurrence(e.recurrence, lang), start=when
        )
    return when


def weekday_warning(item: ImportItem, lang: str) -> str | None:
    """'«torsdag» stemmer ikke med datoen, fredag 2. oktober 2026' — or None when it does."""
    if not item.weekday_said or item.event.start_date is None:
        return None
    return t(
        "import.warning.weekday",
        lang,
        said=item.weekday_said,
        date=format_date(item.event.start_date, lang),
    )


def year_note(items: Sequence[ImportItem], lang: str) -> str | None:
    """For a plan that names no year: the year its weekdays gave, and the other years they fit as
    well, so the person checks it before saving ('Planen nevner ikke noe år …') — or None."""
    guessed = next(
        (
            i
            for i in items
            if i.year_source == YEAR_FROM_WEEKDAYS and i.event.start_date is not None
        ),
        None,
    )
    if guessed is None or guessed.event.start_date is None:
        return None
    first = min(
        i.event.start_date.year
        for i in items
        if i.year_source == YEAR_FROM_WEEKDAYS and i.event.start_date is not None
    )
    if not guessed.years_also:
        return t("import.year_from_weekdays.single", lang, year=first)
    also = format_list([str(y) for y in guessed.years_also[:3]], locale=lang)
    return t("import.year_from_weekdays.several", lang, year=first, also=also)


def date_note(compared: Sequence[ComparedItem], *, today: date, lang: str) -> str | None:
    """What staff should know about the new items' dates, as `planbot event add` says it: those
    already over are stored, but nobody is nudged about them ('2 av de nye er allerede passert
    (nr. 1 og 4) …'), and a day ahead that is a public holiday is named — or None."""
    new = [c for c in compared if c.match is Match.NEW and not c.item.event.recurrence]
    past = [c.number for c in new if c.item.event.end_date and c.item.event.end_date < today]
    notes = []
    if past:
        numbers = format_list([str(n) for n in past], locale=lang)
        notes.append(t("import.preview.past", lang, count=len(past), numbers=numbers))
    holidays = [
        t(
            "import.preview.holiday_item",
            lang,
            number=c.number,
            date=format_date(day, lang),
            holiday=name,
        )
        for c in new
        if c.item.event.precision == Precision.DAY and c.item.event.start_date
        for day in sorted(
            {c.item.event.start_date, c.item.event.end_date or c.item.event.start_date}
        )
        if day >= today and (name := holiday_words(day, lang))
    ]
    if holidays:
        listed = format_list(holidays, locale=lang)
        notes.append(t("import.preview.holiday", lang, count=len(holidays), items=listed))
    return " ".join(notes) or None


def kind_label(kind: str, lang: str) -> str:
    """'Frist', 'Møte', ... for an event kind."""
    return t(f"kind.{kind}", lang)


# --- messages about an import -------------------------------------------------------------


def file_error_text(exc: ImportFileError, *, file: str, lang: str) -> str:
    """What to tell a person about a file that cannot be imported, and what to do instead."""
    key = f"import.error.{exc.code}"
    named = re.findall(r"(?<!\d)(20\d\d)(?!\d)", file)
    if exc.code == "no_year" and len(set(named)) == 1:
        # «Arbeidsplan_2027.docx»: the year is only in the file's name; say which --year to use.
        return t("import.error.no_year_named", lang, file=file, year=named[0])
    try:
        return t(key, lang, file=file, detail=exc.detail or exc.code)
    except KeyError:
        return t("import.error.unreadable", lang, file=file, detail=exc.detail or exc.code)


def rows_error_text(exc: ImportRowsError, *, file: str, lang: str) -> str:
    """The bad rows of a file, one per line, with their line numbers."""
    lines = [t("import.bad_rows", lang, file=file, count=len({p.row for p in exc.problems}))]
    lines += [t("import.bad_row", lang, row=p.row, problem=p.text(lang)) for p in exc.problems]
    return "\n".join(lines)


def summary_text(summary: ImportSummary, *, file: str, lang: str) -> str:
    """Added N, changed K, skipped M as already in the plan — and which ones."""
    already = [s for s in summary.skipped if s.reason == "already_stored"]
    repeated = sum(1 for s in summary.skipped if s.reason == "repeated")
    lines = [t("import.summary", lang, file=file, count=len(summary.added), skipped=len(already))]
    if summary.updated:
        lines.append(t("import.summary.updated", lang, count=len(summary.updated)))
    if repeated:
        lines.append(t("import.summary.repeated", lang, count=repeated))
    per_unit = sum(1 for event in summary.added if event.per_unit)
    if per_unit:
        lines.append(t("import.summary.per_unit", lang, count=per_unit))
    if any(event.state == EventState.TENTATIVE for event in summary.added):
        lines.append(t("import.summary.tentative", lang))
    # the new ones the person chose not to store (--only, or unticked in Slack), named together
    left_out = [s for s in summary.skipped if s.reason == "left_out"]
    if left_out:
        lines.append(t("import.summary.left_out", lang, count=len(left_out)))
    for skipped in left_out + [s for s in summary.skipped if s.reason != "left_out"]:
        lines.append(
            t(
                f"import.skipped.{skipped.reason}",
                lang,
                id=skipped.existing_id,
                existing=skipped.existing_title,
                title=skipped.title,
                when=describe_event_when(skipped.event, lang),
            )
        )
    return "\n".join(lines)


# --- drafts: a preview waiting for "Lagre" (Slack) ------------------------------------------

# A preview's Lagre/Avbryt works this long; after it the draft is gone and the file must be sent again.
DRAFT_LIFETIME = timedelta(days=3)


@dataclass(frozen=True)
class ImportDraft:
    """Items read from a file or pasted text, kept until the person saves or cancels them."""

    draft_id: str
    document: str
    user_id: str
    items: tuple[ImportItem, ...]


def save_draft(
    *, session: Session, items: Sequence[ImportItem], document: str, user_id: str, now: datetime
) -> ImportDraft:
    """Keep the items under a new draft id until DRAFT_LIFETIME has passed (nothing is stored as
    events yet); drafts that have expired are deleted on the way."""
    session.execute(delete(ImportDraftRow).where(col(ImportDraftRow.expires_at) <= now))
    draft_id = uuid.uuid4().hex[:20]
    session.add(
        ImportDraftRow(
            id=draft_id,
            document=document,
            user_id=user_id,
            items=[
                {
                    "event": item.event.model_dump(mode="json"),
                    "line": item.line,
                    "precision": item.precision,
                    "suggest_per_unit": item.suggest_per_unit,
                    "weekday_said": item.weekday_said,
                }
                for item in items
            ],
            created_at=now,
            expires_at=now + DRAFT_LIFETIME,
        )
    )
    return ImportDraft(draft_id, document, user_id, tuple(items))


def load_draft(*, session: Session, draft_id: str, now: datetime) -> ImportDraft | None:
    """The draft, or None when it was saved, cancelled, has expired or never existed."""
    row = session.get(ImportDraftRow, draft_id)
    if row is None or row.expires_at is None or row.expires_at <= now:
        return None
    items = tuple(
        ImportItem(
            event=PlanEventCreate.model_validate(entry["event"]),
            line=entry["line"],
            precision=entry["precision"],
            suggest_per_unit=bool(entry.get("suggest_per_unit")),
            weekday_said=str(entry.get("weekday_said") or ""),
        )
        for entry in row.items
    )
    return ImportDraft(draft_id, row.document, row.user_id, items)


def drop_draft(*, session: Session, draft_id: str) -> bool:
    """Forget a draft; True if there was one."""
    row = session.get(ImportDraftRow, draft_id)
    if row is None:
        return False
    session.delete(row)
    return True
