"""Issue 10, round eighteen: the classes round seventeen's held-out set showed, each by a small
text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md, "Round eighteen")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- a table with one column per year ----------------------------------------------------


def test_slash_days_under_a_header_of_years_take_the_year_of_their_column() -> None:
    text = (
        "Gudstenester i sokna våre\n\n"
        "  2031 2032 2033\n"
        "Nordbygda kyrkje 4/5 2/5 8/5\n"
        "Sørbygda kyrkje 11/5 og 31/5 9/5 og 6/6 15/5 og 5/6\n"
    )
    assert spans(text) == [
        day(2031, 5, 4),
        day(2031, 5, 11),
        day(2031, 5, 31),
        day(2032, 5, 2),
        day(2032, 5, 9),
        day(2032, 6, 6),
        day(2033, 5, 8),
        day(2033, 5, 15),
        day(2033, 6, 5),
    ]


def test_written_days_under_a_corner_and_years_take_the_year_of_their_column() -> None:
    text = (
        "Datoer for konfirmasjon\n\n"
        "KIRKE 2031 2032\n"
        "Sentrum 10. og 11. mai Lørdag 8. mai\n"
        "Haugen 25. mai 13. juni\n"
    )
    assert spans(text) == [
        (date(2031, 5, 10), date(2031, 5, 11)),
        day(2031, 5, 25),
        day(2032, 5, 8),
        day(2032, 6, 13),
    ]


def test_a_row_with_fewer_cells_than_years_is_left_as_it_was() -> None:
    text = "Konfirmasjon 2031\n\nKIRKE 2031 2032\nSentrum 3. mai 9. mai\nHaugen 25. mai\n"
    assert spans(text) == [day(2031, 5, 3), day(2031, 5, 25), day(2032, 5, 9)]


# --- a label naming a year leads the list under it --------------------------------------------


def test_a_label_naming_a_year_gives_its_year_to_the_days_listed_under_it() -> None:
    text = (
        "Stengte dager\n\n"
        "Stengt 2031:\n19. september og 3. oktober\n\n"
        "Stengt 2032:\n16. januar og 11. juni\n"
    )
    assert spans(text) == [
        day(2031, 9, 19),
        day(2031, 10, 3),
        day(2032, 1, 16),
        day(2032, 6, 11),
    ]


def test_a_label_naming_a_month_or_a_season_is_no_year_label() -> None:
    text = "Aktiviteter 2031-32\n\nHøsten 2031:\n20. september\n22. januar\n"
    assert spans(text) == [day(2031, 9, 20), day(2032, 1, 22)]


# --- weeks joined by dashes --------------------------------------------------------------------


def test_three_weeks_joined_by_dashes_are_a_list_of_weeks() -> None:
    assert spans("Sommer 2031\n\nKontoret er stengt uke 29-30-31\n") == [
        (date(2031, 7, 14), date(2031, 7, 20)),
        (date(2031, 7, 21), date(2031, 7, 27)),
        (date(2031, 7, 28), date(2031, 8, 3)),
    ]


def test_two_weeks_joined_by_a_dash_stay_one_run_of_weeks() -> None:
    assert spans("Sommer 2031\n\nKontoret er stengt uke 29-31\n") == [
        (date(2031, 7, 14), date(2031, 8, 3))
    ]


# --- a dated line over bullets: a bullet with a day of its own is dated by it --------------


def test_a_bullet_with_its_own_day_is_not_also_an_event_of_the_lead_month() -> None:
    text = (
        "Nytt fra laget 2031\n\n"
        "Dette ble bestemt på styremøtet i mars:\n\n"
        "  • Nye medlemmer ønskes velkommen\n"
        "  • Dugnad på hytta 12. april\n"
        "  • Sommerfest 21. juni\n"
    )
    assert spans(text) == [
        (date(2031, 3, 1), date(2031, 3, 31)),
        day(2031, 4, 12),
        day(2031, 6, 21),
    ]


# --- a season named on a page written during it ------------------------------------------


def test_this_autumn_on_a_page_written_in_september_is_this_years_autumn() -> None:
    text = "Nytt fra laget\n\ntirsdag 2. september 2031\n\nLoddsalg i høst.\n"
    assert spans(text) == [(date(2031, 9, 1), date(2031, 11, 30))]


def test_spring_on_a_page_written_in_september_is_next_years_spring() -> None:
    text = "Nytt fra laget\n\ntirsdag 2. september 2031\n\nKurs i vår.\n"
    assert spans(text) == [(date(2032, 3, 1), date(2032, 5, 31))]


def test_a_heading_naming_a_school_year_dates_the_bullets_under_it() -> None:
    text = (
        "Årshjul for korpset\n"
        "Vi spiller konsert høsten 2032:\n"
        "Lørdag 16. oktober\n"
        "Sesongen 2031-2032\n"
        "- Oppstart 20. august\n"
        "- Vinterkonsert 12. februar\n"
    )
    assert spans(text) == [day(2031, 8, 20), day(2032, 2, 12), day(2032, 10, 16)]


def test_a_heading_naming_a_year_dates_the_bullets_under_it() -> None:
    text = (
        "Årshjul for korpset\n"
        "Vi spiller konsert høsten 2032:\n"
        "Lørdag 16. oktober\n"
        "Oppdrag før sommerferien 2031\n"
        "- Vårkonsert 20. mai\n"
    )
    assert spans(text) == [day(2031, 5, 20), day(2032, 10, 16)]


# --- a newsletter's heading naming the week it was sent --------------------------------


def test_a_newsletters_week_in_its_heading_is_no_event() -> None:
    text = (
        "Nytt fra styret\n\n"
        "Mandagsbrev fra lederen - uke 12\n\n"
        "Hei alle sammen!\n\n"
        "Vi minner om årsmøtet 24. mars 2031.\n"
    )
    assert spans(text) == [day(2031, 3, 24)]


def test_a_heading_starting_with_its_week_is_an_event() -> None:
    text = "Plan 2031\n\nUke 12 Styret sender ut innkallingen\n"
    assert spans(text) == [(date(2031, 3, 17), date(2031, 3, 23))]


def test_an_item_naming_its_week_over_a_dated_item_is_an_event() -> None:
    text = "Plan 2031\n\nVinterferie uke 9\n\nAvslutning 19. juni\n"
    assert spans(text) == [(date(2031, 2, 24), date(2031, 3, 2)), day(2031, 6, 19)]


# --- a month or season a sentence is about ---------------------------------------------


def test_a_season_a_sentence_says_something_about_is_no_event() -> None:
    text = "Nytt fra laget 2031\n\nSommeren er snart over.\n\nVi møtes igjen 9. september.\n"
    assert spans(text) == [day(2031, 9, 9)]


def test_a_month_that_dates_what_the_sentence_names_stays_an_event() -> None:
    text = "Plan 2031\n\nMai er det dugnad på hytta.\n"
    assert spans(text) == [(date(2031, 5, 1), date(2031, 5, 31))]


# --- a plan or registration named by the term it is for --------------------------------


def test_a_programme_for_a_season_is_no_event_of_that_season() -> None:
    text = "Seminarer høsten 2031\n\nProgrammet for våren kommer vi tilbake til.\n"
    assert spans(text) == []


def test_a_course_for_a_season_is_held_in_it() -> None:
    text = "Kursplan 2031\n\nVi arrangerer kurs for våren i samarbeid med skolen.\n"
    assert spans(text) == [(date(2031, 3, 1), date(2031, 5, 31))]
