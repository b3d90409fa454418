"""Dates and times as people type them: one reading in bot/services/validation for every surface."""

from datetime import date, time

import pytest

from bot.services.validation import InvalidInput, TypedDay, parse_clock_time, read_day

FORSLAGSFRIST = date(2026, 12, 1)  # "today" in these tests: Troms' forslagsfrist


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("2026-12-01", TypedDay(date(2026, 12, 1))),
        ("01.12.2026", TypedDay(date(2026, 12, 1))),
        ("1.12.26", TypedDay(date(2026, 12, 1))),
        ("1/12/2026", TypedDay(date(2026, 12, 1))),
        ("1/12/26", TypedDay(date(2026, 12, 1))),
        ("1.12", TypedDay(date(2026, 12, 1), year_chosen=True)),  # today is the next 1 December
        ("1.12.", TypedDay(date(2026, 12, 1), year_chosen=True)),
        ("1/12", TypedDay(date(2026, 12, 1), year_chosen=True)),
        ("30.11", TypedDay(date(2027, 11, 30), year_chosen=True)),  # yesterday: next year's
        ("15.2", TypedDay(date(2027, 2, 15), year_chosen=True)),
        ("29.2", TypedDay(date(2028, 2, 29), year_chosen=True)),  # the next leap day
    ],
)
def test_a_date_as_people_type_it(typed: str, read: TypedDay) -> None:
    assert read_day(typed, today=FORSLAGSFRIST) == read


@pytest.mark.parametrize(
    "typed", ["1.13", "31.11", "1.12.202", "1-12", "0112", "1.12/2026", "1 12"]
)
def test_what_is_no_date_or_could_be_several_is_refused_saying_what_to_type(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_day(typed, today=FORSLAGSFRIST)
    assert refused.value.message("nb") == (
        f"«{typed}» er ikke en dato. Skriv den som DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD, f.eks. 01.12.2026 "
        "eller 2026-12-01 (1.12 uten år er neste 1. desember)."
    )


def test_a_date_without_a_year_needs_a_today_to_count_from() -> None:
    """A file (a structured import) has no "today" to read "1.12" from: it is refused there."""
    with pytest.raises(InvalidInput):
        read_day("1.12")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("19:30", time(19, 30)),
        ("19.30", time(19, 30)),
        ("1930", time(19, 30)),
        ("0930", time(9, 30)),
        ("kl 19", time(19, 0)),
        ("kl. 19.30", time(19, 30)),
        ("9", time(9, 0)),
    ],
)
def test_a_time_as_people_type_it(typed: str, read: time) -> None:
    assert parse_clock_time(typed) == read


@pytest.mark.parametrize("typed", ["2460", "930", "19:3", "24", "19,30", "1930.00"])
def test_a_time_that_is_none_or_unclear_is_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_clock_time(typed)
    assert "f.eks. 19:00, 19.30 eller kl 19" in refused.value.message("nb")
