"""Issue 10, round twenty-two: the classes the round-twenty-one held-out set showed, each by a
small text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md, "Round
twenty-two")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- a historical date names no year of the plan --------------------------------------------


def test_a_date_after_words_of_history_neither_sets_the_year_nor_is_an_event() -> None:
    text = (
        "Endringer i åpningstidene\n\n"
        "Søndag 3. august\n\n"
        "Vi minnes brannen 3.8.2015 med en stille stund ved kirken.\n\n"
        "Sommerkonsert 2025 holdes i kirken 10. august.\n"
    )
    assert spans(text) == [day(2025, 8, 3), day(2025, 8, 10)]


def test_a_memorial_event_with_its_own_year_is_kept() -> None:
    text = "Minnekonsert 5. mai 2031 i kulturhuset.\n"
    assert spans(text) == [day(2031, 5, 5)]


# --- a list of day.month pairs joined by commas ---------------------------------------------


def test_three_or_more_day_month_pairs_joined_by_commas_are_days() -> None:
    text = "Styremøter høsten 2031:  9.9, 14.10, 4.11, 9.12\n"
    days = [s for s in spans(text) if s[0] == s[1]]
    assert days == [day(2031, 9, 9), day(2031, 10, 14), day(2031, 11, 4), day(2031, 12, 9)]


def test_times_and_shares_joined_by_commas_stay_numbers() -> None:
    assert spans("Konfirmasjon 2. mai 2031 kl. 11.00, 13.00, 15.00\n") == [day(2031, 5, 2)]
    assert spans("Renten var 2.5, 3.5, 4.5 prosent i 2031.\n") == []


# --- a task in a list numbered with brackets is not the plan's title -------------------------


def test_a_bracket_numbered_task_naming_next_years_calendar_sets_no_plan_year() -> None:
    text = (
        "Aktivitetsplan 2031\n\n"
        "1) Arbeid med Kalender 2032\n"
        "2) Mai: Vårdugnad i parken\n"
        "3) Oktober: Medlemsmøte\n"
    )
    assert spans(text) == [
        (date(2031, 5, 1), date(2031, 5, 31)),
        (date(2031, 10, 1), date(2031, 10, 31)),
    ]
