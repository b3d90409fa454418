"""Issue 10, round twenty-six: classes of notation and layout, each by a small text of its own
(not a line of the corpus) (tests/data/plans/SOURCES.md, "Round twenty-six")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- a list of days whose month is written only with the last day -----------------------------


def test_days_without_their_dot_before_the_last_day_of_a_list_are_read() -> None:
    text = "Korøvelser 2031\n\nEkstraøvelser 4, 11 og 25. mars i gymsalen.\n"
    assert spans(text) == [day(2031, 3, 4), day(2031, 3, 11), day(2031, 3, 25)]


def test_a_comma_before_og_in_a_list_of_days_keeps_every_day() -> None:
    text = "Barnehageruta 2031\n\nStengt 9.,10., og 14. april (påske).\n"
    assert spans(text) == [(date(2031, 4, 9), date(2031, 4, 10)), day(2031, 4, 14)]


def test_a_list_of_days_with_a_numeric_month_on_the_last_is_one_list() -> None:
    text = (
        "Barnehageåret 2031\n\n"
        "Romjul: åpent 29, 30 og 31.12\n"
        "Vinterferie: redusert åpningstid 3., 5. og 6.3.2031\n"
    )
    assert spans(text) == [
        day(2031, 3, 3),
        (date(2031, 3, 5), date(2031, 3, 6)),
        (date(2031, 12, 29), date(2031, 12, 31)),
    ]


def test_dated_pairs_and_shares_are_not_read_as_a_list_of_days() -> None:
    # guard: '14.08, 2.09 og 7.10' are three dates (day.month), and '2, 3 og 4.5 prosent' are
    # numbers; neither is a list of days with the month on the last
    text = (
        "Styremøter 2031\n\n"
        "Styremøter 14.08, 2.09 og 7.10.\n"
        "Kontingenten økes med 2, 3 og 4.5 prosent de neste årene.\n"
    )
    assert spans(text) == [day(2031, 8, 14), day(2031, 9, 2), day(2031, 10, 7)]


# --- a school's or a club's term ('vårsemesteret') is no event -----------------------------------


def test_a_term_named_in_a_sentence_is_no_event() -> None:
    text = (
        "Øvingsplan 2031\n\n"
        "Alle øvelser i vårsemesteret er på onsdager.\n"
        "Konsert i aulaen 14. mai.\n"
        "Timeplanen for høstsemesteret 2031 kommer før sommeren.\n"
    )
    assert spans(text) == [day(2031, 5, 14)]


def test_a_term_heading_still_gives_its_year_and_a_season_is_still_an_event() -> None:
    # guard: a heading 'VÅRSEMESTERET 2032' dates the days under it, and 'våren 2031' (a season,
    # not a term) stays an event
    text = (
        "Kurskalender 2031–2032\n\n"
        "Grunnkurs i svømming våren 2031.\n\n"
        "VÅRSEMESTERET 2032\n\n"
        "Oppstart 12.01\n"
        "Avslutning 14.06\n"
    )
    assert spans(text) == [
        (date(2031, 3, 1), date(2031, 5, 31)),
        day(2032, 1, 12),
        day(2032, 6, 14),
    ]


# --- two deadlines on one day for different things ---------------------------------------------


def test_two_deadlines_on_one_day_for_different_things_stay_two() -> None:
    text = (
        "Fylkesårsmøte 2031\n\n"
        "Frist for å melde inn saker: 3. mars\n\n"
        "Årsmøtet holdes på Hamar 21. mars.\n\n"
        "Hvert lag betaler for sine utsendinger. Frist for påmelding er 3. mars.\n"
    )
    assert spans(text) == [day(2031, 3, 3), day(2031, 3, 3), day(2031, 3, 21)]


def test_one_deadline_said_twice_with_its_subject_stays_one() -> None:
    # guard: both lines name the same thing that is due (the registration), so the later one
    # says the first again
    text = (
        "Fylkesårsmøte 2031\n\n"
        "Frist for påmelding av utsendinger: 3. mars\n\n"
        "Årsmøtet holdes på Hamar 21. mars.\n\n"
        "Husk påmelding av utsendinger innen 3. mars.\n"
    )
    assert spans(text) == [day(2031, 3, 3), day(2031, 3, 21)]


# --- a span of numeric dates with 'til og med' and the last day's weekday -----------------------


def test_numeric_days_joined_by_til_og_med_with_weekdays_are_one_span() -> None:
    text = (
        "Barnehageruta 2031–2032\n\n"
        "Juleferie fra mandag 22.12.31 til og med fredag 02.01.32\n"
        "Vinterferie fra mandag 23.02.32 til fredag 27.02.32\n"
    )
    assert spans(text) == [
        (date(2031, 12, 22), date(2032, 1, 2)),
        (date(2032, 2, 23), date(2032, 2, 27)),
    ]


def test_two_numeric_days_joined_by_og_with_a_weekday_stay_two() -> None:
    # 'og' between two days that do not follow each other is two days, weekday or not
    text = "Møteplan 2031\n\nStyremøter 3.3 og onsdag 5.3.\n"
    assert spans(text) == [day(2031, 3, 3), day(2031, 3, 5)]


def test_numeric_days_parted_by_a_comma_are_no_span() -> None:
    # guard: a comma joins no span, with or without the weekday
    text = "Møteplan 2031\n\nKurskvelder mandag 3.3.31, onsdag 5.3.31\n"
    assert spans(text) == [day(2031, 3, 3), day(2031, 3, 5)]


# --- a number opening a line under a month heading, when the line dates itself elsewhere --------


def test_a_number_before_a_line_dated_in_another_month_is_no_day_of_the_heading() -> None:
    text = "Årshjul 2031\n\nOKTOBER\n\n3. samling for tillitsvalde 26.-28.09\n14. Styremøte\n"
    assert spans(text) == [(date(2031, 9, 26), date(2031, 9, 28)), day(2031, 10, 14)]


def test_a_day_of_the_heading_on_a_line_dated_in_its_own_month_is_kept() -> None:
    # guard: '8.-9. | Plandagar, 08.10.2031-10.10.2031' under OKTOBER names the heading's days
    # beside the line's own span, as before
    text = "Årshjul 2031\n\nOKTOBER\n\n8.-9. | Plandagar, 08.10.2031-10.10.2031\n14. | Styremøte\n"
    assert spans(text) == [
        (date(2031, 10, 8), date(2031, 10, 9)),
        (date(2031, 10, 8), date(2031, 10, 10)),
        day(2031, 10, 14),
    ]


# --- a month, a colon and its days on one line -------------------------------------------------


def test_a_month_and_the_list_of_its_days_are_those_days() -> None:
    text = "Kveldsrenn 2031\n\nRennene går på onsdager.\nJanuar:  8, 15 og 29.\nFebruar: 5 og 12.\n"
    assert spans(text) == [
        day(2031, 1, 8),
        day(2031, 1, 15),
        day(2031, 1, 29),
        day(2031, 2, 5),
        day(2031, 2, 12),
    ]


def test_a_month_label_before_a_sentence_with_numbers_is_no_list_of_days() -> None:
    # guard: 'Mars: 2 og 3 plasser igjen' goes on after the numbers; the month stays a month
    text = "Kurs 2031\n\nMars: 2 og 3 plasser igjen på kursene.\n"
    assert spans(text) == [(date(2031, 3, 1), date(2031, 3, 31))]


# --- days of a month calendar with their weekdays typed close or on both days ------------------


def test_calendar_days_with_a_glued_weekday_or_two_weekdays_are_read() -> None:
    text = (
        "Årsprogram 2031\n\n"
        "FEBRUAR\n\n"
        "Onsdag12. Medlemsmøte i kantina\n\n"
        "MARS\n\n"
        "Lørdag 8 – søndag 9. – Medlemstur til Lofoten\n"
    )
    assert spans(text) == [day(2031, 2, 12), (date(2031, 3, 8), date(2031, 3, 9))]


def test_a_count_with_a_dash_under_a_month_heading_is_no_day() -> None:
    # guard: '6 – 8 deltakere' has no weekday after its dash and no day's dot: a count
    text = "Årsprogram 2031\n\nMARS\n\n12. Kurs i beskjæring\n6 – 8 deltakere på hvert kurs\n"
    assert spans(text) == [day(2031, 3, 12)]


# --- 'Dato:' fields under different headings on one day ---------------------------------------


def test_date_fields_on_one_day_under_different_headings_are_two_events() -> None:
    text = (
        "Nominasjonsmøter 2031\n\n"
        "Agder\n\n"
        "Dato: 18.oktober\n\n"
        "Sted: Kristiansand\n\n"
        "Rogaland\n\n"
        "Dato: 18.oktober\n\n"
        "Sted: Sandnes\n"
    )
    assert spans(text) == [day(2031, 10, 18), day(2031, 10, 18)]


def test_a_date_field_greeted_again_in_the_text_stays_one_event() -> None:
    # guard: the invitation's 'Tid:' field, then the line welcoming people that day
    text = (
        "Oppstart høsten 2031\n\n"
        "Tid: mandag 25. august kl 19\n\n"
        "Vel møtt 25. august til første øvelse!\n"
    )
    assert spans(text) == [day(2031, 8, 25)]
