"""What every importer hands over: `ImportItem`s (a validated event, its line and precision),
and `ImportRowsError` with one `ItemProblem` per row or event that cannot be used.

Documents go through the parser and come here as FoundEvents; CSV, YAML and iCalendar files
become items in their own readers (bot.importer.files picks the reader by the file's suffix).

Per-unit rule: an imported event is never per unit by itself. When a deadline's passage says
plainly that every municipal party owes it — "alle kommunepartier(e)", "hvert (enkelt)
kommuneparti", "kommunepartiene sender/skal sende/må sende" or "alle lokallag" — the item carries
`suggest_per_unit`, and the person may make it per unit when saving.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from bot.importer.grammar import INVALID
from bot.importer.model import FoundEvent
from bot.models import EventKind, EventState, PlanEventCreate
from bot.services.units import fold
from bot.services.validation import invalid_input_of
from bot.texts import t

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
    suggest_per_unit: bool = False
    weekday_said: str = ""  # the document's weekday for this date, when it is another one
    year_source: str = ""  # where the date's year came from (a plan's text; empty for a table)
    years_also: tuple[int, ...] = ()  # other years its weekdays fit (a plan that names none)

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
            "responsible": e.responsible,
            "per_unit": e.per_unit,
            "suggest_per_unit": self.suggest_per_unit,
            "weekday_said": self.weekday_said or None,
            "year_source": self.year_source or None,
            "state": str(e.state),
            "quote": e.source_quote or "",
            "line": self.line,
        }


@dataclass(frozen=True)
class ItemProblem:
    """Why one row or event of an import cannot be stored: where, and a text key with its values."""

    row: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)
    cause: Exception | None = None

    def text(self, lang: str) -> str:
        if self.cause is None:
            return t(self.key, lang, **self.values)
        invalid = invalid_input_of(self.cause)
        return invalid.message(lang) if invalid is not None else _first_error(self.cause)

    @classmethod
    def from_error(cls, row: int, exc: Exception) -> ItemProblem:
        """A row the event model refused: its InvalidInput (also from inside a pydantic
        ValidationError) is said in the reader's language, not in the English it was raised in."""
        return cls(row, "import.row.invalid", cause=exc)


class ImportRowsError(Exception):
    """Some rows or events cannot be stored; nothing was stored."""

    def __init__(self, problems: Sequence[ItemProblem]) -> None:
        super().__init__(f"{len(problems)} bad rows")
        self.problems = list(problems)


def is_for_every_unit(*, kind: str, quote: str) -> bool:
    """True when a deadline's passage says plainly that every municipal party owes it."""
    return kind == EventKind.DEADLINE and bool(EVERY_UNIT.search(fold(quote)))


def item_from_found(found: FoundEvent, *, document: str) -> ImportItem:
    """Map one parser result to an event: tentative, with its source and the mapped precision.
    Never per unit by itself: the person decides that (`suggest_per_unit` says what the text says)."""
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
        # 'første mandag i hver måned kl. 19.00': a repetition keeps its time with no start day
        start_time=found.time if start is not None or recurring else None,
        recurrence=found.recurrence if recurring or found.recurrence else None,
        recurrence_until=until,
        relative_anchor=found.relative_anchor if relative else None,
        relative_months=found.relative_months if relative else None,
        relative_days=found.relative_days if relative else None,
        locations=list(found.locations),
        responsible=found.responsible,
        state=EventState.TENTATIVE,
        per_unit=False,
        source_document=document,
        source_quote=found.quote,
    )
    return ImportItem(
        event=event,
        line=found.line,
        precision=found.precision,
        suggest_per_unit=is_for_every_unit(kind=found.kind, quote=found.quote),
        weekday_said=found.weekday_said,
        year_source=found.year_source,
        years_also=found.years_also,
    )


def items_from_found(found: Iterable[FoundEvent], *, document: str) -> list[ImportItem]:
    """Map every parser result; raise ImportRowsError naming the lines that cannot be stored."""
    items: list[ImportItem] = []
    problems: list[ItemProblem] = []
    for one in found:
        if one.precision == INVALID:
            problems.append(ItemProblem(one.line, "import.row.no_such_day", {"value": one.quote}))
            continue
        try:
            items.append(item_from_found(one, document=document))
        except (ValidationError, ValueError) as exc:
            problems.append(ItemProblem.from_error(one.line, exc))
    if problems:
        raise ImportRowsError(problems)
    return items


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return str(first.get("msg", exc)).removeprefix("Value error, ")
    return str(exc)
