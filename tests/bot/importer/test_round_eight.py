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


# --- the year a report, an account, a count or a prize is for --------------------------------


def test_the_year_of_the_accounts_is_not_the_plans_year() -> None:
    # the annual meeting approves last year's accounts; its own year is the one asked for
    text = (
        "Velkommen til årsmøtet\n\n"
        "Årsmøtet holdes 14. mars. Vi skal godkjenne regnskap 2025 og årsberetning 2025.\n"
    )
    assert days(text) == []  # no year of the plan: the import asks for --year
    assert days(text, year=2026) == [(date(2026, 3, 14), date(2026, 3, 14))]


def test_a_prize_named_by_last_year_does_not_date_the_page() -> None:
    text = (
        "Stem fram Årets lokallag 2025\n\n"
        "Prisen blir delt ut på landsmøtet 24. april 2026.\n"
        "Alle kan stemme fram til 20. april.\n"
    )
    assert days(text) == [
        (date(2026, 4, 24), date(2026, 4, 24)),
        (date(2026, 4, 20), date(2026, 4, 20)),
    ]


# --- a season told in the past tense ---------------------------------------------------------


def test_a_season_in_a_sentence_told_in_the_past_is_no_event() -> None:
    text = (
        "Haustprogram 2026\n\n"
        "Våren og sommaren blei det avlyst mange møte.\n"
        "No har vi allereie vore på to turar i vår.\n"
        "Medlemsmøte 14. september.\n"
    )
    assert days(text) == [(date(2026, 9, 14), date(2026, 9, 14))]


# --- a goal the plan works towards -----------------------------------------------------------


def test_a_goal_ahead_does_not_date_the_page_when_another_year_does() -> None:
    text = (
        "Programprosessen fram mot valget i 2029 deles i faser.\n\n"
        "Prosjektet. Våren 2027.\n"
        "Frist for forslag: 16. februar.\n"
    )
    assert (date(2027, 2, 16), date(2027, 2, 16)) in days(text)  # not 2029


def test_a_goal_ahead_alone_puts_the_plan_before_it() -> None:
    # round nine: before the election's day (13 September 2027), so October is in 2026
    text = (
        "Nettverksmøter før valget i 2027\n\n"
        "Vi møtes lørdag 14. mars og lørdag 17. oktober på hotellet.\n"
    )
    assert days(text) == [
        (date(2026, 3, 14), date(2026, 3, 14)),
        (date(2026, 10, 17), date(2026, 10, 17)),
    ]


# --- two items of one list on the same day -------------------------------------------------


def test_two_items_of_one_list_on_the_same_day_are_two_events() -> None:
    text = (
        "Landsmøte 2026\n\n"
        "Lovendringsforslag sendes til sekretariatet.\n\n"
        "Viktige frister:\n"
        "15. august: Innmelding av delegasjonens sammensetning.\n"
        "15. august: Frist for lovendringsforslag.\n"
        "31. august: Frist for å betale deltakeravgift.\n"
        "1. september: Frist for endringsforslag.\n"
    )
    assert days(text) == [
        (date(2026, 8, 15), date(2026, 8, 15)),
        (date(2026, 8, 15), date(2026, 8, 15)),
        (date(2026, 8, 31), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2026, 9, 1)),
    ]


def test_a_heading_and_its_text_on_the_same_day_stay_one_event() -> None:
    text = (
        "Program 2026\n\n"
        "Bloggtreff tirsdag 5. mai på nettsidene\n"
        "Også i år blir det bloggtreff. Det skjer tirsdag 5. mai kl 1800.\n"
    )
    assert days(text) == [(date(2026, 5, 5), date(2026, 5, 5))]


# --- the same holiday in both years of a two-year calendar --------------------------------


def test_a_holiday_in_each_year_of_a_two_year_calendar_is_two_events() -> None:
    text = (
        "Skolerute 2025-2026\n"
        "August 10 Skolestart: 19.08\n"
        "Mai 18 Fridager: 01.05, 14.05, 15.05\n"
        "Juni 15 Siste skoledag: 19.06\n\n"
        "Skolerute 2026-2027\n"
        "August 11 Skolestart: 18.08\n"
        "Mai 19 Fridager: 01.05, 06.05, 07.05\n"
        "Juni 16 Siste skoledag: 18.06\n"
    )
    starts = [start for start, _end in days(text)]
    assert date(2026, 5, 1) in starts
    assert date(2027, 5, 1) in starts


# --- the day or week an event was moved from --------------------------------------------------


def test_the_day_or_week_an_event_was_moved_from_is_no_event() -> None:
    text = (
        "Vårplan 2026\n\n"
        "9. mai – Dugnad i barnehagen. NB. ENDRET FRA DEN 2. MAI TIL DEN 9. MAI\n"
        "Styret har valgt å flytte konferansen fra uke 47, og den holdes nå i uke 46.\n"
        "Sommerfesten 20. juni er utsatt.\n"
    )
    assert days(text) == [
        (date(2026, 5, 9), date(2026, 5, 9)),
        (date(2026, 11, 9), date(2026, 11, 15)),
    ]


# --- a jubilee is an occasion, not history ------------------------------------------------------


def test_a_jubilee_meeting_is_an_event() -> None:
    text = "Høstprogram 2026\n\nDet blir jubileumsmøte i Storstua tirsdag 17. november kl. 17.\n"
    assert days(text) == [(date(2026, 11, 17), date(2026, 11, 17))]


# --- a year long past is a subject, not the plan's year ---------------------------------------


def test_a_year_long_past_does_not_date_the_plan() -> None:
    text = "Vårprogram\n\n10. mars: Foredrag om kampene i Gudbrandsdalen 1940\n14. mars: Årsmøte\n"
    assert days(text) == []  # no year of the plan: the import asks for --year
    assert days(text, year=2026) == [
        (date(2026, 3, 10), date(2026, 3, 10)),
        (date(2026, 3, 14), date(2026, 3, 14)),
    ]


def test_a_year_long_past_typed_by_the_person_is_kept() -> None:
    text = "Program 1990\n\n10. mars: Medlemsmøte\n"
    assert days(text, year=1990) == [(date(1990, 3, 10), date(1990, 3, 10))]
