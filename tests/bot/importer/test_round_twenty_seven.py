"""Issue 10, round twenty-seven: classes of notation and layout, each by a small text of its own
(not a line of the corpus) (tests/data/plans/SOURCES.md, "Round twenty-seven")."""

from __future__ import annotations

from datetime import date

from bot.importer.layout import with_words_apart
from tests.utils.reading import day, found, spans

# --- a month heading that repeats the table's column names ----------------------------------


def test_a_month_heading_with_the_column_names_dates_its_rows_and_is_no_event() -> None:
    text = (
        "Turprogram 2031\n\n"
        "MAI Dato Sted Tema\n"
        "Onsdag\n7. mai\nkl. 18\nSkaugum\nVårtur i skogen\n\n"
        "JUNI Dato Sted Tema\n"
        "Søndag\n15. juni\nkl. 11\nTorvmyra\nMyrvandring\n"
    )
    assert spans(text) == [day(2031, 5, 7), day(2031, 6, 15)]


def test_the_text_under_a_day_of_the_month_is_that_days_not_a_month_event() -> None:
    text = (
        "Hagelaget 2031\n\n"
        "APRIL\n\n"
        "Tirsdag 8. – Biblioteket kl 18\n\n"
        "Såkurs for nybegynnere\n\n"
        "Ta med egne frø om du har.\n"
    )
    assert spans(text) == [day(2031, 4, 8)]


def test_a_month_with_an_event_named_in_capitals_stays_a_month_event() -> None:
    # guard: only column names after the month make it a heading; 'MARS Styremøte Kirkenes'
    # is an event of that month
    text = "Årshjul 2031\n\nMARS Styremøte Kirkenes\nAPRIL Årsmøte\n"
    assert spans(text) == [
        (date(2031, 3, 1), date(2031, 3, 31)),
        (date(2031, 4, 1), date(2031, 4, 30)),
    ]


def test_a_section_under_a_month_after_a_day_with_its_text_is_still_the_months() -> None:
    # guard: 'Skolestart: onsdag 3.' holds its text; the section below is an event of the month
    events = found(
        "Kulturskolen 2031\n\nJanuar\n\nSkolestart: Onsdag 8.\nBandtreff på huset\n\n12.00 – 15.00\n"
    )
    assert sorted((e.start, e.end) for e in events) == [
        (date(2031, 1, 1), date(2031, 1, 31)),
        day(2031, 1, 8),
    ]


# --- a flattened table whose day number and month stand on lines of their own ---------------


def test_a_day_number_and_its_month_on_lines_of_their_own_are_one_date() -> None:
    text = (
        "Soppturer 2031\n\n"
        "Lørdag\n\n6.\n\nseptember\n\n11.00\n\nTur til Lonevatnet\n\n"
        "Tirsdag\n\n16.\n\nseptember\n\n18.30\n\nKveldsmøte med soppkontroll\n"
    )
    assert spans(text) == [day(2031, 9, 6), day(2031, 9, 16)]


def test_a_number_without_its_dot_above_a_month_heading_is_no_day() -> None:
    # guard: a page number '4' over the heading 'Oktober' leaves the heading a month
    text = "Hagelaget 2031\n\n4\n\nOktober\n\n• Dugnad i parken\n"
    assert spans(text) == [(date(2031, 10, 1), date(2031, 10, 31))]


# --- a month | what table flattened to lines, its date cells left empty ---------------------


def test_each_line_under_a_month_whose_date_cell_is_empty_is_an_event_of_the_month() -> None:
    text = (
        "Aktivitetsplan 2031\n\n"
        "Måned\n\nHva skjer?\n\n"
        "Oktober\n\n\n\n\nHøstmarked på tunet\n\n\n\nBesøk på brannstasjonen\n\n"
        "November\n\n\n\n\nForeldresamtaler\n\n"
        "Desember\n\n\n\n\nLuciatog i barnehagen\n\n12.\n\nJulefrokost\n"
    )
    assert spans(text) == [
        (date(2031, 10, 1), date(2031, 10, 31)),
        (date(2031, 10, 1), date(2031, 10, 31)),
        (date(2031, 11, 1), date(2031, 11, 30)),
        (date(2031, 12, 1), date(2031, 12, 31)),
        day(2031, 12, 12),
    ]


def test_the_cells_of_a_row_right_under_a_month_are_not_each_an_event() -> None:
    # guard: 'Mars' with its row's cells right below ('Vårdugnad', 'Ta med rive', 'Styret') is
    # not three events of March
    text = "Årsplan 2031\n\nMars\n\nVårdugnad\n\nTa med rive\n\nStyret\n\nApril\n\nTirsdag 8.4. Årsmøte\n"
    assert len([e for e in found(text) if e.start == date(2031, 3, 1)]) <= 1


# --- a day's dot typed twice, and an ordinal glued to its word -------------------------------


def test_a_day_with_its_dot_typed_twice_before_the_month_is_that_day() -> None:
    text = "Studieåret 2031\n\nEksamensfri: 2. og 23..juni\n"
    assert spans(text) == [day(2031, 6, 2), day(2031, 6, 23)]


def test_an_ordinal_glued_to_its_word_under_a_month_heading_is_no_day() -> None:
    text = "Studieåret 2031\n\nAugust\n\n- 2.års elever møter tirsdag 19. august.\n"
    assert spans(text) == [day(2031, 8, 19)]


def test_a_day_glued_to_a_capitalised_title_under_a_month_heading_is_still_a_day() -> None:
    # guard: '4.Foreldremøte' under 'MARS' is the 4th (only a lower-case word makes an ordinal),
    # and '2023..mai' (a year) or '1..2' are left as written
    text = "Årshjul 2031\n\nMARS\n\n4.Foreldremøte\n"
    assert spans(text) == [day(2031, 3, 4)]
    assert with_words_apart("Se vedlegg 2023..mai, pkt. 1..2") == "Se vedlegg 2023..mai, pkt. 1..2"


# --- a week that labels the days on the line below -------------------------------------------


def test_a_week_ending_in_a_colon_over_its_days_is_not_a_second_event() -> None:
    text = "Skoleruta 2031-32\n\nHøstferie uke 41:\n6. - 10. oktober\nJuleferie fra 19. desember\n"
    assert spans(text) == [(date(2031, 10, 6), date(2031, 10, 10)), day(2031, 12, 19)]


def test_a_labelled_week_over_days_of_another_week_stays() -> None:
    # guard: 'Prosjektuke uke 41:' over a day of the week after is two events
    text = "Skoleruta 2031-32\n\nProsjektuke uke 41:\nFremvisning 14. oktober\n"
    assert spans(text) == [(date(2031, 10, 6), date(2031, 10, 12)), day(2031, 10, 14)]


# --- a week with its days in brackets, without their month -----------------------------------


def test_the_days_in_brackets_after_a_week_are_the_event() -> None:
    text = "Skoleruta 2031-32\n\nHøstferie: Uke 41 (mandag 6.- fredag 10.)\n"
    assert spans(text) == [(date(2031, 10, 6), date(2031, 10, 10))]


def test_days_in_brackets_that_are_not_in_the_week_leave_the_week() -> None:
    # guard: 'Uke 41 (20.-24.)' cannot be days of week 41 in 2031; the week is what is said
    text = "Skoleruta 2031-32\n\nHøstferie: Uke 41 (20.-24.)\n"
    assert spans(text) == [(date(2031, 10, 6), date(2031, 10, 12))]


# --- a row's weekday cell above its date is no title ----------------------------------------


def test_two_rows_on_one_day_under_their_weekday_cells_stay_two_events() -> None:
    text = (
        "Foredrag 2031\n\n"
        "Onsdag\n12. mars\nkl. 19\nBjørnemyr\nVelhuset\n\n"
        "Onsdag\n12. mars\nkl. 18\nTangen\nBiblioteket\n"
    )
    events = found(text)
    assert sorted((e.start, e.end) for e in events) == [day(2031, 3, 12), day(2031, 3, 12)]
    assert {e.title for e in events} == {"Bjørnemyr", "Tangen"}


def test_a_heading_above_a_bare_date_still_names_it() -> None:
    # guard: only a weekday alone gives way to the row below; 'Årsmøte' over '12. mars' is
    # the event's name
    events = found("Årshjul 2031\n\nÅrsmøte\n12. mars\nkl. 19\nVelhuset\n")
    assert [(e.title, e.start) for e in events] == [("Årsmøte", date(2031, 3, 12))]


# --- dates alone on their line with their text below -----------------------------------------


def test_dates_alone_under_a_heading_take_the_text_below_them() -> None:
    text = (
        "Viktige datoer\n\nHØSTEN 2031\n\n"
        "03.09\n\nFrist for semesteravgift\n\n"
        "17.09\n\nFrist for oppmelding til eksamen\n\n"
        "-\n\nEksamener - se egen oversikt\n\n"
        "19.12\n\nSiste undervisningsdag\n"
    )
    titles = [(e.start, e.title) for e in found(text)]
    assert titles == [
        (date(2031, 9, 3), "Frist for semesteravgift"),
        (date(2031, 9, 17), "Frist for oppmelding til eksamen"),
        (date(2031, 12, 19), "Siste undervisningsdag"),
    ]


def test_dates_under_their_text_keep_the_text_above() -> None:
    # guard: when the run begins with a text, each date's text is the line above it
    text = (
        "Viktige datoer\n\nHØSTEN 2031\n\n"
        "Frist for semesteravgift\n\n03.09\n\n"
        "Frist for oppmelding til eksamen\n\n17.09\n\n"
        "Siste undervisningsdag\n\n19.12\n"
    )
    titles = [(e.start, e.title) for e in found(text)]
    assert titles == [
        (date(2031, 9, 3), "Frist for semesteravgift"),
        (date(2031, 9, 17), "Frist for oppmelding til eksamen"),
        (date(2031, 12, 19), "Siste undervisningsdag"),
    ]


# --- a sub-heading naming a repetition ends the month's list -----------------------------------


def test_a_sub_heading_with_a_repetition_ends_the_list_of_the_month_above() -> None:
    text = (
        "Korplan 2031\n\n"
        "Juni\n\n"
        "  • Uke 23: Øving 4. juni\n"
        "  • Uke 24: Sommeravslutning 11. juni\n\n"
        "Ukentlig øving i gymsalen\n\n"
        "  • Oppmøte kl. 18, vi slutter kl. 20.\n"
        "  • Husk noter og blyant.\n"
    )
    dated = sorted((e.start, e.end) for e in found(text) if e.start is not None)
    assert dated == [day(2031, 6, 4), day(2031, 6, 11)]


def test_bullets_under_a_month_heading_without_dates_are_still_its_events() -> None:
    # guard: with no sub-heading between, the month's bullets are events of the month
    text = "Korplan 2031\n\nJuni\n\n  • Øving 4. juni\n  • Konsert på torget\n"
    assert spans(text) == [(date(2031, 6, 1), date(2031, 6, 30)), day(2031, 6, 4)]


# --- two dates alone on their lines, one day, different rows -----------------------------------


def test_two_rows_of_one_day_with_their_texts_below_are_two_events() -> None:
    text = (
        "Viktige datoer\n\nHØSTEN 2031\n\n"
        "02.09\n\nÅpning av studieåret\n\n"
        "15.09\n\nFrist for å melde seg opp til eksamen i emner\n\n"
        "15.09\n\nFrist for å melde seg opp til utsatt eksamen\n\n"
        "01.12\n\nSøknadsfrist for utveksling\n"
    )
    assert spans(text) == [day(2031, 9, 2), day(2031, 9, 15), day(2031, 9, 15), day(2031, 12, 1)]


def test_the_same_row_said_again_is_one_event() -> None:
    # guard: the same date and text in a second list restate the first
    text = (
        "Viktige datoer\n\nHØSTEN 2031\n\n"
        "02.09\n\nÅpning av studieåret\n\n"
        "15.09\n\nFrist for betaling av semesteravgift\n\n"
        "Påminnelse\n\n"
        "15.09\n\nFrist for betaling av semesteravgift\n"
    )
    assert spans(text) == [day(2031, 9, 2), day(2031, 9, 15)]


# --- a deadline over the lines of the tasks due by it ------------------------------------------


def test_each_line_under_a_deadline_ending_in_a_dash_is_a_task_of_that_day() -> None:
    text = (
        "Valget 2031\n\n"
        "Innen 1. mars 2031 –\n"
        "Lokallagene melder inn sine kandidater.\n"
        "Valgkomiteen sender ut sitt forslag.\n\n"
        "Innen 15. april 2031 –\n"
        "Årsmøtene er holdt.\n"
        "Protokollene sendes fylkeskontoret.\n"
    )
    events = found(text)
    assert (
        sorted((e.start, e.end) for e in events) == [day(2031, 3, 1)] * 2 + [day(2031, 4, 15)] * 2
    )
    assert {e.title for e in events if e.start == date(2031, 3, 1)} == {
        "Lokallagene melder inn sine kandidater",
        "Valgkomiteen sender ut sitt forslag",
    }


def test_a_programme_under_its_day_is_not_a_list_of_tasks() -> None:
    # guard: 'Lørdag 5. april:' over the day's programme ('Kl. 10 Åpning', …) is one event
    text = "Landsmøtet 2031\n\nLørdag 5. april:\nKl. 10 Åpning\nKl. 12 Lunsj\nKl. 13 Debatt\n"
    assert spans(text) == [day(2031, 4, 5)]


def test_a_rows_time_cell_is_not_its_title() -> None:
    text = "Soppturer 2031\n\nLørdag\n\n6.\n\nseptember\n\n11.00\n\n\n\nv/Lonevatnet\n\nSopptur\n"
    assert [(e.start, e.title) for e in found(text)] == [(date(2031, 9, 6), "V/Lonevatnet")]
