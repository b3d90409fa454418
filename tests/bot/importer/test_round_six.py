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


# --- the two ends of a span of days, each with its own weekday or time -----------------------


def spans(text: str) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, today=TODAY)]


def test_a_span_whose_first_end_carries_a_time_is_one_span() -> None:
    text = "Seminar 2025\n\n7. nov, kl. 18:00 — 9. nov, kl. 14:00, Folkets hus\n"
    assert spans(text) == [("day", date(2025, 11, 7), date(2025, 11, 9))]


def test_a_day_with_a_dash_before_og_joins_the_next_day_into_a_span() -> None:
    text = "Landsmøte 2025\n\nVi samles fredag 7.- og lørdag 8. november på Hamar.\n"
    assert spans(text) == [("day", date(2025, 11, 7), date(2025, 11, 8))]


def test_a_span_whose_end_names_only_its_weekday_and_day_stays_in_the_month() -> None:
    text = (
        "Haustprogram 2025\n\n"
        "Leiren går frå fredag den 7. november til sundag den 9.\n"
        "Turen varer frå torsdag 30. oktober til søndag 2.\n"
    )
    assert spans(text) == [
        ("day", date(2025, 11, 7), date(2025, 11, 9)),
        ("day", date(2025, 10, 30), date(2025, 11, 2)),
    ]


def test_a_week_between_two_days_does_not_join_them() -> None:
    text = "Planleggingsdagar 2025: Uke 36 – Fredag 5. september Uke 42 – Fredag 17. oktober\n"
    assert spans(text) == [
        ("day", date(2025, 9, 5), date(2025, 9, 5)),
        ("day", date(2025, 10, 17), date(2025, 10, 17)),
    ]
