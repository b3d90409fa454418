"""Storing imported plan events: tentative, with their source, never doubled; a summary of what happened.

Documents go through the parser (bot.importer) and come here as FoundEvents; CSV, YAML and
iCalendar files come as ready PlanEventCreates (bot.structured). Both become `ImportItem`s, which
are checked as a whole before anything is stored, so a bad item stores nothing.

Per-unit rule: an imported event gets one obligation per municipal party (`per_unit`) only when it
is a deadline and its source passage says plainly that every municipal party owes it — it names
"alle kommunepartier(e)", "hvert (enkelt) kommuneparti", "kommunepartiene sender/skal sende/må
sende" or "alle lokallag". Everything else stays per_unit False; staff can change it later.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlmodel import Session, select

from bot.dates import OSLO, describe_period, format_time
from bot.importer import FoundEvent, ImportFileError, import_document
from bot.models import EventKind, EventState, PlanEvent, PlanEventCreate, Setting
from bot.services.events import create_event
from bot.services.units import fold
from bot.texts import NB, t

# Precisions of the parser that are not spans on the calendar.
RELATIVE = "relative"
RECURRING = "recurring"
UNDATED = "undated"

EVERY_UNIT = re.compile(
    r"\balle\s+kommunepartie(?:r|ne)\b"
    r"|\bhvert\s+(?:enkelt\s+)?kommuneparti\b"
    r"|\bkommunepartiene\s+(?:skal\s+|ma\s+)?sender?\b"
    r"|\balle\s+lokallag(?:ene)?\b"
)


@dataclass(frozen=True)
class ImportItem:
    """One event ready to store: the validated event, where it came from, and how it is placed."""

    event: PlanEventCreate
    line: int
    precision: str

    def as_json(self) -> dict[str, Any]:
        """The `planbot import --json` shape (fields are only ever added)."""
        e = self.event
        return {
            "title": e.title,
            "kind": str(e.kind),
            "start": e.start_date.isoformat() if e.start_date else None,
            "end": e.end_date.isoformat() if e.end_date else None,
            "precision": self.precision,
            "time": e.start_time.strftime("%H:%M") if e.start_time else None,
            "recurrence": e.recurrence,
            "until": e.recurrence_until.isoformat() if e.recurrence_until else None,
            "relative": (
                {
                    "anchor": e.relative_anchor,
                    "months": e.relative_months,
                    "days": e.relative_days,
                }
                if e.relative_anchor
                else None
            ),
            "locations": list(e.locations),
            "per_unit": e.per_unit,
            "state": str(e.state),
            "quote": e.source_quote or "",
            "line": self.line,
        }


@dataclass(frozen=True)
class SkippedItem:
    """An item that was not stored, and why ("already_stored" or "repeated")."""

    title: str
    start: date | None
    end: date | None
    reason: str
    existing_id: int | None = None


@dataclass(frozen=True)
class ImportSummary:
    """What an import added and what it skipped."""

    document: str
    added: tuple[PlanEvent, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "added": [{"id": e.id, "title": e.title} for e in self.added],
            "skipped": [
                {
                    "title": s.title,
                    "start": s.start.isoformat() if s.start else None,
                    "end": s.end.isoformat() if s.end else None,
                    "reason": s.reason,
                    "existing_id": s.existing_id,
                }
                for s in self.skipped
            ],
        }


@dataclass(frozen=True)
class ItemProblem:
    """Why one row or event of an import cannot be stored: where, and a text key with its values."""

    row: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


class ImportRowsError(Exception):
    """Some rows or events cannot be stored; nothing was stored."""

    def __init__(self, problems: Sequence[ItemProblem]) -> None:
        super().__init__(f"{len(problems)} bad rows")
        self.problems = list(problems)


def is_for_every_unit(*, kind: str, quote: str) -> bool:
    """True when a deadline's passage says plainly that every municipal party owes it."""
    return kind == EventKind.DEADLINE and bool(EVERY_UNIT.search(fold(quote)))


def item_from_found(found: FoundEvent, *, document: str) -> ImportItem:
    """Map one parser result to an event: tentative, with its source and the mapped precision."""
    relative = found.precision == RELATIVE
    recurring = found.precision == RECURRING
    undated = found.precision == UNDATED or relative
    start = None if undated else found.start
    end = None if undated or start is None else (found.end or start)
    until = None
    precision = found.precision if found.precision not in (RELATIVE, RECURRING, UNDATED) else "day"
    if recurring and start is not None:
        # A repetition "through" a span: each occurrence is one day, repeated until the span's end.
        until = end if end and end > start else None
        end = start
    event = PlanEventCreate(
        title=found.title.strip()[:300] or found.quote.strip()[:300],
        kind=EventKind(found.kind)
        if found.kind in EventKind._value2member_map_
        else EventKind.OTHER,
        start_date=start,
        end_date=end,
        precision=precision,
        start_time=found.time if start is not None else None,
        recurrence=found.recurrence if recurring or found.recurrence else None,
        recurrence_until=until,
        relative_anchor=found.relative_anchor if relative else None,
        relative_months=found.relative_months if relative else None,
        relative_days=found.relative_days if relative else None,
        locations=list(found.locations),
        state=EventState.TENTATIVE,
        per_unit=is_for_every_unit(kind=found.kind, quote=found.quote),
        source_document=document,
        source_quote=found.quote,
    )
    return ImportItem(event=event, line=found.line, precision=found.precision)


def items_from_found(found: Iterable[FoundEvent], *, document: str) -> list[ImportItem]:
    """Map every parser result; raise ImportRowsError naming the lines that cannot be stored."""
    items: list[ImportItem] = []
    problems: list[ItemProblem] = []
    for one in found:
        try:
            items.append(item_from_found(one, document=document))
        except (ValidationError, ValueError) as exc:
            problems.append(
                ItemProblem(one.line, "import.row.invalid", {"error": _first_error(exc)})
            )
    if problems:
        raise ImportRowsError(problems)
    return items


DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".docx", ".pdf", ""})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
ICS_SUFFIXES = frozenset({".ics", ".ical", ".icalendar"})


def read_import_file(
    *, path: Path, year: int | None = None, tz: ZoneInfo = OSLO
) -> list[ImportItem]:
    """The events of a plan document or a CSV/YAML/iCalendar file, chosen by the file's suffix.

    Raises ImportFileError (a file that cannot be used) or ImportRowsError (rows that cannot).
    """
    from bot.calendar import read_ics
    from bot.structured import read_csv, read_yaml

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    if suffix in YAML_SUFFIXES:
        return read_yaml(path)
    if suffix in ICS_SUFFIXES:
        return read_ics(path, tz=tz)
    if suffix not in DOCUMENT_SUFFIXES:
        raise ImportFileError("unknown_format", path.name)
    return items_from_found(import_document(path, year=year), document=path.name)


def store_items(
    *,
    session: Session,
    items: Sequence[ImportItem],
    document: str,
    actor: str,
    now: datetime,
) -> ImportSummary:
    """Store the items that are new (same folded title and dates = already there); flush only."""
    existing: dict[tuple[str, date | None, date | None], int | None] = {
        _identity(e.title, e.start_date, e.end_date): e.id for e in session.exec(select(PlanEvent))
    }
    seen: set[tuple[str, date | None, date | None]] = set()
    added: list[PlanEvent] = []
    skipped: list[SkippedItem] = []
    for item in items:
        e = item.event
        identity = _identity(e.title, e.start_date, e.end_date)
        if identity in existing:
            skipped.append(
                SkippedItem(e.title, e.start_date, e.end_date, "already_stored", existing[identity])
            )
            continue
        if identity in seen:
            skipped.append(SkippedItem(e.title, e.start_date, e.end_date, "repeated"))
            continue
        seen.add(identity)
        event = create_event(session=session, event_in=e, actor=actor, now=now)
        added.append(event)
    return ImportSummary(document=document, added=tuple(added), skipped=tuple(skipped))


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


def _identity(
    title: str, start: date | None, end: date | None
) -> tuple[str, date | None, date | None]:
    return (" ".join(fold(title).split()), start, end or start)


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return str(first.get("msg", exc)).removeprefix("Value error, ")
    return str(exc)


# --- words for people ---------------------------------------------------------------------

FREQUENCY_KEYS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}


def describe_recurrence(rule: str, lang: str) -> str:
    """'hver måned', 'annenhver uke', 'hver 3. måned' — the rule in words, or the rule itself."""
    parts = dict(
        part.split("=", 1) for part in rule.removeprefix("RRULE:").split(";") if "=" in part
    )
    unit = FREQUENCY_KEYS.get(parts.get("FREQ", ""))
    if unit is None:
        return rule
    interval_text = parts.get("INTERVAL", "1")
    interval = int(interval_text) if interval_text.isdigit() else 1
    if interval == 1:
        return t(f"import.every.{unit}", lang)
    if interval == 2:
        return t(f"import.every_other.{unit}", lang)
    return t(f"import.every_n.{unit}", lang, n=interval)


def describe_when(item: ImportItem, lang: str) -> str:
    """When an item happens, in the words of its precision ('uke 37 2018', 'Avklares', ...)."""
    e = item.event
    if e.relative_anchor:
        anchor_key = f"import.anchor.{e.relative_anchor}"
        anchor = t(anchor_key, lang) if anchor_key in NB else e.relative_anchor
        if e.relative_months:
            return t("import.when.relative_months", lang, n=e.relative_months, anchor=anchor)
        if e.relative_days:
            return t("import.when.relative_days", lang, n=e.relative_days, anchor=anchor)
        return t("import.when.relative", lang, anchor=anchor)
    if e.start_date is None:
        if e.recurrence:
            return describe_recurrence(e.recurrence, lang)
        return t("import.when.undated", lang)
    when = describe_period(e.start_date, e.end_date or e.start_date, e.precision, lang)
    if e.start_time:
        when += " " + t("import.when.at", lang, time=format_time(e.start_time))
    if e.recurrence:
        when = t(
            "import.when.repeating", lang, rule=describe_recurrence(e.recurrence, lang), start=when
        )
    return when


def kind_label(kind: str, lang: str) -> str:
    """'Frist', 'Møte', ... for an event kind."""
    return t(f"kind.{kind}", lang)


# --- messages about an import -------------------------------------------------------------


def file_error_text(exc: ImportFileError, *, file: str, lang: str) -> str:
    """What to tell a person about a file that cannot be imported, and what to do instead."""
    key = f"import.error.{exc.code}"
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
    """Added N, skipped M as already there — and which ones."""
    already = [s for s in summary.skipped if s.reason == "already_stored"]
    repeated = len(summary.skipped) - len(already)
    lines = [t("import.summary", lang, file=file, added=len(summary.added), skipped=len(already))]
    if repeated:
        lines.append(t("import.summary.repeated", lang, count=repeated))
    per_unit = sum(1 for event in summary.added if event.per_unit)
    if per_unit:
        lines.append(t("import.summary.per_unit", lang, count=per_unit))
    for skipped in summary.skipped:
        when = skipped.start.isoformat() if skipped.start else t("import.when.undated", lang)
        if skipped.end and skipped.end != skipped.start:
            when += f"–{skipped.end.isoformat()}"
        lines.append(
            t(
                f"import.skipped.{skipped.reason}",
                lang,
                id=skipped.existing_id,
                title=skipped.title,
                when=when,
            )
        )
    return "\n".join(lines)


# --- drafts: a preview waiting for "Lagre" (Slack) ------------------------------------------

DRAFT_PREFIX = "import-draft:"


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
    """Keep the items in the database under a new draft id (nothing is stored as events yet)."""
    draft_id = uuid.uuid4().hex[:20]
    data = {
        "document": document,
        "user_id": user_id,
        "created_at": now.isoformat(),
        "items": [
            {
                "event": item.event.model_dump(mode="json"),
                "line": item.line,
                "precision": item.precision,
            }
            for item in items
        ],
    }
    session.merge(Setting(key=DRAFT_PREFIX + draft_id, value=json.dumps(data, ensure_ascii=False)))
    return ImportDraft(draft_id, document, user_id, tuple(items))


def load_draft(*, session: Session, draft_id: str) -> ImportDraft | None:
    """The draft, or None when it was saved, cancelled or never existed."""
    row = session.get(Setting, DRAFT_PREFIX + draft_id)
    if row is None:
        return None
    data = json.loads(row.value)
    items = tuple(
        ImportItem(
            event=PlanEventCreate.model_validate(entry["event"]),
            line=entry["line"],
            precision=entry["precision"],
        )
        for entry in data["items"]
    )
    return ImportDraft(draft_id, data["document"], data["user_id"], items)


def drop_draft(*, session: Session, draft_id: str) -> bool:
    """Forget a draft; True if there was one."""
    row = session.get(Setting, DRAFT_PREFIX + draft_id)
    if row is None:
        return False
    session.delete(row)
    return True
