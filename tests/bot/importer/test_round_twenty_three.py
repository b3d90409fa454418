"""Issue 10, round twenty-three: classes of notation and layout found in several organisations,
each by a small text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md,
"Round twenty-three")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, found, spans

# --- rows of a calendar that open with the same day name two events -------------------------


def test_two_rows_opening_with_one_day_and_naming_different_bodies_are_two_events() -> None:
    text = (
        "Møteplan 2031\n"
        "4. mars Utvalg for kultur og idrett\n"
        "11. mars Utvalg for miljø\n"
        "11. mars Utvalg for kultur og idrett\n"
        "18. mars Bystyret\n"
        "8. april Utvalg for miljø\n"
        "8. april Utvalg for kultur og idrett\n"
    )
    events = found(text)
    assert sorted((e.start, e.end) for e in events) == [
        day(2031, 3, 4),
        day(2031, 3, 11),
        day(2031, 3, 11),
        day(2031, 3, 18),
        day(2031, 4, 8),
        day(2031, 4, 8),
    ]


def test_two_rows_with_places_apart_are_two_meetings() -> None:
    text = (
        "Regionmøter 2031\n\n"
        "Tirsdag 14. januar – Medlemsmøte i Sandvika, kl. 19.00\n"
        "Lag: Bærum og Asker\n\n"
        "Tirsdag 14. januar – Medlemsmøte i Drammen, kl. 19.00\n"
        "Lag: Lier og Drammen\n"
    )
    assert spans(text) == [day(2031, 1, 14), day(2031, 1, 14)]


def test_a_row_said_again_with_more_words_stays_one_event() -> None:
    text = (
        "Aktiviteter 2031\n\n"
        "12. mars Årsmøte\n"
        "2. april Dugnad\n\n"
        "Mer om årsmøtet\n\n"
        "12. mars Årsmøtet holdes i klubbhuset\n"
    )
    assert spans(text) == [day(2031, 3, 12), day(2031, 4, 2)]


# --- the day of a 'Tid:' field, greeted again further down, is one event ---------------------


def test_the_day_of_a_when_field_said_again_in_the_text_is_one_event() -> None:
    text = (
        "Høstsemesteret 2031\n\n"
        "Vi begynner å øve igjen etter sommeren.\n\n"
        "Tid: Mandag 25. august kl 19.00\n"
        "Sted: Kulturhuset\n\n"
        "Vel møtt 25. august til en ny sesong.\n"
    )
    assert spans(text) == [day(2031, 8, 25)]


def test_two_days_named_apart_below_a_when_field_stay_two() -> None:
    text = (
        "Program 2031\n\nTid: Mandag 25. august kl 19.00\n\nDugnad 1. september ved klubbhuset.\n"
    )
    assert spans(text) == [day(2031, 8, 25), day(2031, 9, 1)]


# --- a comma typed for the day's dot after a weekday ----------------------------------------


def test_a_weekday_a_day_a_comma_and_a_month_is_that_day() -> None:
    text = "Vårprogram 2031\n\nSøndag 9, mars: Bokslipp i museet.\nTorsdag 3, april: Årsmøte.\n"
    assert spans(text) == [day(2031, 3, 9), day(2031, 4, 3)]


def test_numbers_and_a_month_without_a_weekday_stay_as_they_were() -> None:
    assert spans("Vi har 3, 4 eller 5 møter i mars 2031.\n") == [
        (date(2031, 3, 1), date(2031, 3, 31))
    ]


# --- titles a volunteer reads in the preview -------------------------------------------------


def test_an_aside_after_a_cut_week_goes_after_the_title() -> None:
    (event,) = found("Plan høsten 2031\n\n• Uke 36 (kveld): Møte for styret i laget.\n")
    assert event.title.startswith("Møte for styret")
    assert "kveld)" not in event.title.split()[0]


def test_a_time_preposition_left_in_the_middle_by_the_cut_date_is_dropped() -> None:
    (event,) = found("Allerede i løpet av mars 2031 vil laget holde dugnad.\n")
    assert "løpet av" not in event.title
    assert event.title.startswith("Allerede vil laget")


def test_an_aside_of_a_joining_word_alone_is_dropped() -> None:
    events = found("Vår 2031\n\n16. mars (eller 12. mars): Karneval\n")
    assert [e.title for e in events if e.start and e.start.day == 16] == ["Karneval"]
