"""What people type to ask for part of the plan, placed in the calendar on Monday 23 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from bot.phrases import parse_plan_query

TODAY = date(2026, 11, 23)  # a Monday, ISO week 48


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("", "2026-11-23", "2026-12-06"),
        ("uke", "2026-11-23", "2026-11-29"),
        ("neste uke", "2026-11-30", "2026-12-06"),
        ("Neste uke!", "2026-11-30", "2026-12-06"),
        ("next week", "2026-11-30", "2026-12-06"),
        ("denne uka", "2026-11-23", "2026-11-29"),
        ("denne uken", "2026-11-23", "2026-11-29"),
        ("mars", "2027-03-01", "2027-03-31"),
        ("i mars", "2027-03-01", "2027-03-31"),
        ("March 2027", "2027-03-01", "2027-03-31"),
        ("november", "2026-11-01", "2026-11-30"),
        ("desember 2026", "2026-12-01", "2026-12-31"),
        ("neste måned", "2026-12-01", "2026-12-31"),
        ("denne måneden", "2026-11-23", "2026-11-30"),
        ("uke 13", "2027-03-29", "2027-04-04"),
        ("uke13", "2027-03-29", "2027-04-04"),
        ("uke 48", "2026-11-23", "2026-11-29"),
        ("uke 47", "2027-11-22", "2027-11-28"),
        ("week 1 2027", "2027-01-04", "2027-01-10"),
        ("60 dager", "2026-11-23", "2027-01-21"),
        ("3 uker", "2026-11-23", "2026-12-13"),
        ("i dag", "2026-11-23", "2026-11-23"),
        ("i morgen", "2026-11-24", "2026-11-24"),
        ("frister", "2026-11-23", "2027-03-22"),
        ("neste uke frister", "2026-11-30", "2026-12-06"),
    ],
)
def test_periods_in_words(text: str, first: str, last: str) -> None:
    query = parse_plan_query(text)
    assert query is not None
    assert query.window(TODAY) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("frister", {"deadline"}),
        ("Møtene", {"meeting"}),
        ("mars frister møter", {"deadline", "meeting"}),
    ],
)
def test_kinds_in_words(text: str, kinds: set[str]) -> None:
    query = parse_plan_query(text)
    assert query is not None and query.kinds == frozenset(kinds)


@pytest.mark.parametrize("text", ["blåbær", "uke 54", "tull og tøys", "3 4", "🎉", "???"])
def test_words_it_does_not_understand(text: str) -> None:
    assert parse_plan_query(text) is None


def test_a_week_that_does_not_exist_has_no_window() -> None:
    query = parse_plan_query("uke 53 2027")
    assert query is not None and query.window(TODAY) is None


@pytest.mark.parametrize("text", ["፩", "uke ፩", "፩ dager"])
def test_digits_int_cannot_read_are_not_understood_rather_than_a_crash(text: str) -> None:
    # str.isdigit() is true for these, but int() refuses them (hypothesis found '፩').
    assert parse_plan_query(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1.12", "2026-12-01"),
        ("01.12.2026", "2026-12-01"),
        ("1/12", "2026-12-01"),
        ("1. desember", "2026-12-01"),
        ("24.12.", "2026-12-24"),
        ("1.12.27", "2027-12-01"),
        ("20.11", "2027-11-20"),  # passed this year: the next one, as a month asked for is
        ("29.2", "2028-02-29"),  # the next leap year
        ("2. januar 2027", "2027-01-02"),
    ],
)
def test_a_day_as_people_write_it(text: str, day: str) -> None:
    query = parse_plan_query(text)
    assert query is not None
    assert query.window(TODAY) == (date.fromisoformat(day), date.fromisoformat(day))


def test_a_day_with_a_kind() -> None:
    query = parse_plan_query("frister 1.12")
    assert query is not None and query.kinds == frozenset({"deadline"})
    assert query.window(TODAY) == (date(2026, 12, 1), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("neste veke", "2026-11-30", "2026-12-06"),
        ("denne veka", "2026-11-23", "2026-11-29"),
        ("neste månad", "2026-12-01", "2026-12-31"),
        ("3 veker", "2026-11-23", "2026-12-13"),
        ("2 månader", "2026-11-23", "2027-01-21"),
    ],
)
def test_nynorsk_words(text: str, first: str, last: str) -> None:
    query = parse_plan_query(text)
    assert query is not None
    assert query.window(TODAY) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("text", ["31.02", "12.31", "1.13", "0.12"])
def test_a_day_no_year_has_is_not_understood(text: str) -> None:
    assert parse_plan_query(text) is None


@pytest.mark.parametrize(
    ("text", "today", "first", "last"),
    [
        ("i helga", TODAY, "2026-11-28", "2026-11-29"),
        ("helgen", date(2026, 11, 28), "2026-11-28", "2026-11-29"),
        ("denne helga", date(2026, 11, 29), "2026-11-29", "2026-11-29"),
        ("neste helg", date(2026, 11, 28), "2026-12-05", "2026-12-06"),
        ("weekend", TODAY, "2026-11-28", "2026-11-29"),
        ("i morra", TODAY, "2026-11-24", "2026-11-24"),
        ("i morgon", TODAY, "2026-11-24", "2026-11-24"),
    ],
)
def test_the_weekend_and_dialect_words(text: str, today: date, first: str, last: str) -> None:
    query = parse_plan_query(text)
    assert query is not None
    assert query.window(today) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("text", ["0 dager", "400 dager", "9999 dager"])
def test_days_outside_the_range_are_understood_but_have_no_window(text: str) -> None:
    query = parse_plan_query(text)
    assert query is not None and query.period.what == "days" and query.window(TODAY) is None
