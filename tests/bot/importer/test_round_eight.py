"""Failure classes of issue 10, round eight: general rules, each by a small text of its own (not
a line of the corpus), kept only where the fold by organisation they were not found in gained
too (tests/data/plans/SOURCES.md, "Round eight")."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def days(text: str, year: int | None = None) -> list[tuple[date | None, date | None]]:
    return [(e.start, e.end) for e in extract_events(text, year=year, today=TODAY) if e.start]


# --- the day a count stands at -------------------------------------------------------------


def test_the_day_a_count_is_taken_on_is_no_event() -> None:
    text = (
        "Fylkesårsmøte 2026\n\n"
        "Årsmøtet holdes 14. mars 2026.\n"
        "Delegatene fordeles etter medlemstallet 31.12.2025.\n"
        "Lagene får stemmer etter antall medlemmer per 31. desember 2025.\n"
        "Medlemstall pr. 1.10.2025 gjelder for kontingenten.\n"
    )
    assert days(text) == [(date(2026, 3, 14), date(2026, 3, 14))]


def test_per_before_something_else_than_a_date_leaves_the_date_alone() -> None:
    text = "Møteplan 2026\n\nStyremøte per telefon 12. januar\n"
    assert days(text) == [(date(2026, 1, 12), date(2026, 1, 12))]
