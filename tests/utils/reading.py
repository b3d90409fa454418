"""A small plan text read by the importer as on the day the importer tests are set in."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events
from bot.importer.model import FoundEvent

TODAY = date(2026, 11, 30)


def found(text: str, year: int | None = None) -> list[FoundEvent]:
    """The events the importer finds in `text` (`year`: as typed with --year)."""
    return extract_events(text, year=year, today=TODAY)


def spans(text: str, year: int | None = None) -> list[tuple[date | None, date | None]]:
    """The first and last day of each event found, sorted."""
    return sorted((e.start, e.end) for e in found(text, year))  # type: ignore[arg-type]


def day(y: int, m: int, d: int) -> tuple[date, date]:
    """One day as a span."""
    return (date(y, m, d), date(y, m, d))
