"""Failure classes of issue 10, round nine: how the importer chooses a plan's year, each rule by
a small text of its own (not a line of the corpus), kept only where the fold by organisation it
was not found in gained too (tests/data/plans/SOURCES.md, "Round nine")."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def days(text: str, year: int | None = None) -> list[tuple[date | None, date | None]]:
    return [(e.start, e.end) for e in extract_events(text, year=year, today=TODAY) if e.start]


# --- an election named with its year is a goal, not the plan's year -------------------------


def test_a_nomination_timeline_comes_the_autumn_before_its_election() -> None:
    # election day 2025 is 8 September: an August-to-November timeline cannot end before it
    # in 2025, so it runs in 2024
    text = (
        "Nominasjonskomiteen har begynt arbeidet med valgliste til stortingsvalget 2025.\n\n"
        "20. august: Forslag på kandidater sendes komiteen\n"
        "1. oktober: Komiteen legger fram sin innstilling\n"
        "16. november: Nominasjonsmøte\n"
    )
    assert days(text) == [
        (date(2024, 8, 20), date(2024, 8, 20)),
        (date(2024, 10, 1), date(2024, 10, 1)),
        (date(2024, 11, 16), date(2024, 11, 16)),
    ]


def test_the_preview_says_the_year_comes_from_the_goal() -> None:
    text = "Vi lager valgliste til kommunevalget 2027.\n\n20. oktober: Nominasjonsmøte\n"
    (event,) = extract_events(text, today=TODAY)
    assert (event.start, event.note) == (
        date(2026, 10, 20),
        "Year from the goal the plan leads up to.",
    )


def test_a_campaign_plan_that_ends_before_election_day_stays_in_the_election_year() -> None:
    text = (
        "Vi forbereder kommunevalget 2027.\n\n"
        "15. januar: Valgkampstyret møtes\n"
        "20. august: Stand på torget\n"
    )
    assert days(text) == [
        (date(2027, 1, 15), date(2027, 1, 15)),
        (date(2027, 8, 20), date(2027, 8, 20)),
    ]


def test_another_year_written_wins_over_the_election() -> None:
    text = (
        "Fylkesstyret har satt ned en komité som skal lage stortingsvalgliste for partiet i 2025.\n\n"
        "2. mai: Innspill åpner\n"
        "Nominasjonsmøtet holdes i november 2024.\n"
    )
    assert days(text)[0] == (date(2024, 5, 2), date(2024, 5, 2))


def test_an_even_year_after_an_election_word_is_no_election() -> None:
    # 'stortingsvalget 2016' names the nomination year (the vote is in 2017): the plan's year
    text = "Plan for nominasjon til stortingsvalget 2016\n\n1. mars: Frist for forslag\n"
    assert days(text) == [(date(2016, 3, 1), date(2016, 3, 1))]


# --- a day in a programme's title -----------------------------------------------------------


def test_a_day_in_a_programmes_title_is_its_meeting_not_when_the_page_was_written() -> None:
    # the deadline in April leads up to the November convention: the same year, not the next
    text = (
        "Landsmøtet 2026\n\n"
        "Programmet for åpningsdagen 4. november 2026:\n\n"
        "Saker til landsmøtet sendes fylkeskontoret innen 23. april.\n"
    )
    assert (date(2026, 4, 23), date(2026, 4, 23)) in days(text)


# --- weekdays are evidence for an inferred year, even one ------------------------------------


def test_one_weekday_moves_a_year_only_inferred_from_the_text() -> None:
    # 2019 is written in a sentence of the page, not as the plan's title; 17 September is a
    # Monday in 2018, a Tuesday in 2019
    text = "Laget har 40 medlemmer i 2019.\n\nMandag 17. september: Medlemsmøte\n"
    assert days(text) == [(date(2018, 9, 17), date(2018, 9, 17))]


def test_one_weekday_does_not_move_the_year_of_a_title() -> None:
    # a slip: the title says 2019, one weekday alone does not outweigh it
    text = "Møteplan 2019\n\nMandag 17. september: Medlemsmøte\n"
    assert days(text) == [(date(2019, 9, 17), date(2019, 9, 17))]


def test_weekdays_that_fit_the_inferred_year_keep_it() -> None:
    # one weekday says 2018, two fit 2019: the year stays
    text = (
        "Laget har 40 medlemmer i 2019.\n\n"
        "Mandag 17. september: Medlemsmøte\n"
        "Tirsdag 15. oktober: Styremøte\n"
        "Tirsdag 12. november: Styremøte\n"
    )
    assert days(text)[0] == (date(2019, 9, 17), date(2019, 9, 17))


# --- the summer before an autumn plan -----------------------------------------------------


def test_a_month_just_before_an_autumn_plan_is_in_its_first_year() -> None:
    # the plan is named by its autumn; July, listed first and running on into August, is
    # the summer before it, not July of the next year
    text = (
        "Datoplan for høsten 2026\n\n"
        "JULI\n27. Sommersamling\n\n"
        "AUGUST\n21. Styremøte\n\n"
        "OKTOBER\n9. Styremøte\n"
    )
    assert days(text)[0] == (date(2026, 7, 27), date(2026, 7, 27))


def test_a_month_after_an_autumn_plans_last_is_in_the_next_year() -> None:
    text = "Programmet høsten 2026\n\nSEPTEMBER\n21. Styremøte\n\nJANUAR\n9. Årsmøte\n"
    assert days(text)[-1] == (date(2027, 1, 9), date(2027, 1, 9))


# --- papers already received ------------------------------------------------------------------


def test_a_notice_already_received_on_a_day_is_no_event() -> None:
    text = (
        "Landsmøtet 2026\n\n"
        "Alle delegatene fikk innkalling pr. e-post den 8. april.\n"
        "Landsmøtet holdes 4. november 2026.\n"
    )
    assert days(text) == [(date(2026, 11, 4), date(2026, 11, 4))]


def test_a_visit_received_on_a_day_is_an_event() -> None:
    text = "Møteplan 2026\n\nI mars fikk vi besøk av ordføreren. 8. april: Medlemsmøte\n"
    assert (date(2026, 4, 8), date(2026, 4, 8)) in days(text)


def test_a_vote_at_a_meeting_is_no_election() -> None:
    # 2025 is the year of the meeting, not an election's: October stays in 2025
    text = "Årsmøtet holdes 14. oktober.\n\nValg til styret 2025: forslag innen 1. oktober.\n"
    assert days(text) == [
        (date(2025, 10, 14), date(2025, 10, 14)),
        (date(2025, 10, 1), date(2025, 10, 1)),
    ]
