"""Failure classes of issue 10, round six: general rules, each by a small text of its own (not a
line of the corpus)."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def days(text: str, year: int | None = None) -> list[tuple[str, date | None, str]]:
    return [(e.precision, e.start, e.title) for e in extract_events(text, year=year, today=TODAY)]


# --- a day of the month heading above, set apart from its text by a column gap ---------------


def test_a_day_number_set_apart_by_a_column_gap_is_a_day_of_the_month_heading() -> None:
    text = (
        "Møteplan 2025\n\n"
        "Mars\n\n"
        "4      Hovudutval for oppvekst\n"
        "18\tKommunestyre\n\n"
        "April\n\n"
        "8     Formannskap\n"
    )
    assert days(text) == [
        ("day", date(2025, 3, 4), "Hovudutval for oppvekst"),
        ("day", date(2025, 3, 18), "Kommunestyre"),
        ("day", date(2025, 4, 8), "Formannskap"),
    ]


def test_a_number_with_one_space_or_a_week_column_is_no_day_of_the_month() -> None:
    text = "Plan 2025\n\nMars\n\n2 saker til styret\n11 | Uke med turer\n"
    assert [e.start for e in extract_events(text, today=TODAY) if e.precision == "day"] == []
