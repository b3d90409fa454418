"""Storing imported plan events: tentative, with their source, never doubled; a summary of what
happened, the words people read about an import, and drafts waiting for "Lagre".

The readers (bot.importer) hand over `ImportItem`s, which are checked as a whole before anything
is stored, so a bad item stores nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from bot.dates import describe_period, format_time
from bot.importer.items import ImportItem, ImportRowsError, items_from_found
from bot.importer.model import FoundEvent, ImportFileError
from bot.models import PlanEvent, PlanEventCreate, Setting
from bot.services.events import create_event
from bot.services.units import fold
from bot.texts import NB, t


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
