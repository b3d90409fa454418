"""Issue 10, round twenty: the classes the round-nineteen held-out set showed and the false
positives that recur across organisations, each by a small text of its own (not a line of the
corpus) (tests/data/plans/SOURCES.md, "Round twenty")."""

from __future__ import annotations

from datetime import date

from bot.importer import detect_plan_year
from tests.utils.reading import day, found, spans

# --- a name with its year dates its own sentence ---------------------------------------------


def test_a_name_with_its_year_dates_the_days_of_its_own_line() -> None:
    text = (
        "Sangerstevnet 2031\n\n"
        "Stevnet ble holdt 5.–7. juni på Hamar.\n\n"
        "Kommende stevner\n\n"
        "Sangerstevnet 2033: 2.–4. juni\n\n"
        "Sangerstevnet 2035: 30. mai–1. juni\n"
    )
    assert spans(text) == [
        (date(2031, 6, 5), date(2031, 6, 7)),
        (date(2033, 6, 2), date(2033, 6, 4)),
        (date(2035, 5, 30), date(2035, 6, 1)),
    ]


def test_a_name_with_its_year_and_a_verb_dates_its_day() -> None:
    text = "Medlemsnytt 2031\n\nKretsmøtet 2032 blir lørdag 14. februar kl. 11.\n"
    assert spans(text) == [day(2032, 2, 14)]


def test_a_name_with_its_year_dates_a_day_several_words_later_in_its_sentence() -> None:
    text = (
        "Medlemsnytt 2031\n\n"
        "Kretsstemnet 2032 blir arrangert av Nordbygda skyttarlag på Skulebakken 24.-25. april.\n"
    )
    assert spans(text) == [(date(2032, 4, 24), date(2032, 4, 25))]


def test_a_budget_named_with_its_year_does_not_date_its_treatment() -> None:
    # the budget for 2032 is adopted in the December before
    text = "Møteplan 2031\n\nBudsjett 2032: vedtas 16. desember\n"
    assert spans(text) == [day(2031, 12, 16)]


# --- a day of the month heading at the end of its line -----------------------------------------


def test_a_day_after_a_label_and_its_weekday_is_a_day_of_the_month_heading() -> None:
    text = (
        "Korets halvår 2031\n\n"
        "SEPTEMBER\n\n"
        "Oppstart: Tirsdag 2.\n\n"
        "Loppemarked på skolen – 20. og 21.\n\n"
        "OKTOBER\n\n"
        "Seminar lørdag 11.\n"
    )
    assert spans(text) == [
        day(2031, 9, 2),
        (date(2031, 9, 20), date(2031, 9, 21)),
        day(2031, 10, 11),
    ]


def test_a_number_after_a_label_without_a_colon_dash_or_weekday_is_no_day() -> None:
    text = "Korets halvår 2031\n\nSEPTEMBER\n\n12. Oppstart\n\nSamspill uke 38.\n"
    assert spans(text) == [day(2031, 9, 12), (date(2031, 9, 15), date(2031, 9, 21))]


# --- 'og' inside one step's words is no second event -------------------------------------------


def test_a_step_whose_words_join_two_things_with_og_is_one_event() -> None:
    text = (
        "Tidsplan for årsmøtet 2031\n\n"
        "3. mars: Frist for å melde inn saker til styret og valgkomiteen.\n"
        "9. april: Styret går gjennom sakene, og sender innstilling til årsmøtet.\n"
    )
    assert [(e.start, e.title) for e in found(text)] == [
        (date(2031, 3, 3), "Frist for å melde inn saker til styret og valgkomiteen"),
        (date(2031, 4, 9), "Styret går gjennom sakene, og sender innstilling til årsmøtet"),
    ]


def test_two_events_named_by_a_word_each_stay_two() -> None:
    text = "Tidsplan for årsmøtet 2031\n\n3. mars: Søknadsfrist og påmeldingsfrist til kurset\n"
    assert [e.start for e in found(text)] == [date(2031, 3, 3), date(2031, 3, 3)]


# --- a season after 'før' or 'etter' places something, it is no event ---------------------------


def test_a_season_after_etter_or_for_is_no_event() -> None:
    text = (
        "Korpsnytt høsten 2031\n\n"
        "Første øvelse etter sommeren blir tirsdag 19. august.\n"
        "Styret har bestemt å flytte turen til før sommeren 2032.\n"
    )
    assert spans(text) == [day(2031, 8, 19)]


def test_a_season_after_i_stays_an_event() -> None:
    text = "Korpsnytt 2031\n\nVi planlegger seminar i sommer, og vårkonsert i mai.\n"
    assert spans(text) == [
        (date(2031, 5, 1), date(2031, 5, 31)),
        (date(2031, 6, 1), date(2031, 8, 31)),
    ]


def test_the_season_at_hand_is_no_event_but_its_days_are() -> None:
    text = (
        "Nytt fra styret 2031\n\n"
        "Vi skal snakke om hva troppen skal gjøre denne våren.\n"
        "Denne våren har vi to dugnader, 22. mars og 26. april.\n"
    )
    assert spans(text) == [day(2031, 3, 22), day(2031, 4, 26)]


# --- a weekly series bounded by two days is written out one day each ----------------------------


def test_every_weekday_from_one_day_to_another_is_one_event_a_day_but_the_exceptions() -> None:
    text = (
        "Klubbkvelder høsten 2031\n\n"
        "Klubbkvelder: Alle tirsdager fra 2. september t.o.m. 30. september, unntatt 16. september.\n"
    )
    events = found(text)
    assert sorted((e.start, e.title) for e in events) == [
        (date(2031, 9, 2), "Klubbkvelder: Alle tirsdager"),
        (date(2031, 9, 9), "Klubbkvelder: Alle tirsdager"),
        (date(2031, 9, 16), "Unntatt"),
        (date(2031, 9, 23), "Klubbkvelder: Alle tirsdager"),
        (date(2031, 9, 30), "Klubbkvelder: Alle tirsdager"),
    ]


def test_a_first_day_and_a_weekday_compound_until_the_last_day_is_a_series() -> None:
    text = (
        "Løpskalender 2031\n\n"
        "Første løp blir onsdag 3. september, og deretter er det onsdagsløp fram til 24. september.\n"
    )
    assert spans(text) == [day(2031, 9, 3), day(2031, 9, 10), day(2031, 9, 17), day(2031, 9, 24)]


def test_a_weekday_series_without_two_days_or_off_its_weekday_is_left_as_it_was() -> None:
    text = (
        "Korplan høsten 2031\n\n"
        "Vi øver hver mandag fram til konserten i desember.\n"
        "Alle torsdager fra 2. september til 30. september er salen stengt.\n"
        "Onsdagsturen går fra onsdag 1. oktober til søndag 19. oktober.\n"
    )
    assert spans(text) == [
        (date(2031, 9, 2), date(2031, 9, 30)),
        (date(2031, 10, 1), date(2031, 10, 19)),
        (date(2031, 12, 1), date(2031, 12, 31)),
    ]


# --- a day followed by a case number is where a decision was made ------------------------------


def test_a_day_followed_by_its_case_number_is_no_event() -> None:
    text = (
        "Møteplan 2031\n\n"
        "Styret har i møte 14. januar i sak 3/31 vedtatt denne møteplanen.\n"
        "Valgkomiteen ble oppnevnt 28. januar, i sak 7/31.\n\n"
        "Styremøte 12. februar.\n"
    )
    assert spans(text) == [day(2031, 2, 12)]


# --- a clock time in four digits is no year -------------------------------------------------------


def test_a_clock_time_in_four_digits_does_not_give_the_plan_its_year() -> None:
    text = (
        "Jul med korpset\n\n"
        "Nyttårsfest: Mandag 5. januar er det fest. Festen starter 1800 og varer til ca 2000.\n"
        "Øvelse kl 1900 tirsdag 13. januar.\n"
        "Konsert onsdag 21. januar.\n"
    )
    assert detect_plan_year(text) is None
    assert {e.start.year for e in found(text) if e.start} == {2026}


def test_a_name_with_a_school_year_dates_its_day_by_the_month() -> None:
    text = (
        "Skolerute 2031-32\n\n"
        "Høstferie uke 40\n"
        "Skolestart 2032/2033 tirsdag 17. august\n"
        "Vinterferie 2032/2033 uke 8\n"
    )
    assert spans(text) == [
        (date(2031, 9, 29), date(2031, 10, 5)),
        day(2032, 8, 17),
        (date(2033, 2, 21), date(2033, 2, 27)),
    ]


# --- dates before the first year written turn back over New Year -------------------------------

# lines about the organisation, so that the year is written below the page's first lines
ABOUT = "".join(f"Forbundet har {n} lokallag i fylke nummer {n}.\n" for n in range(12))


def test_dates_before_the_first_year_written_that_turn_into_it_are_in_the_year_before() -> None:
    text = (
        "Samlinger i forbundet\n\n"
        "Styremøte 6.-7. desember\n\n"
        "Ledersamling 24.-25. januar\n\n" + ABOUT + "Årsmøtet i 2032 blir i april.\n"
    )
    assert spans(text) == [
        (date(2031, 12, 6), date(2031, 12, 7)),
        (date(2032, 1, 24), date(2032, 1, 25)),
        (date(2032, 4, 1), date(2032, 4, 30)),
    ]


def test_dates_before_the_first_year_written_without_a_turn_keep_it() -> None:
    text = (
        "Samlinger i forbundet\n\n"
        "Ledersamling 24.-25. januar\n\n"
        "Styremøte 6.-7. mars\n\n" + ABOUT + "Årsmøtet i 2032 blir i april.\n"
    )
    assert spans(text) == [
        (date(2032, 1, 24), date(2032, 1, 25)),
        (date(2032, 3, 6), date(2032, 3, 7)),
        (date(2032, 4, 1), date(2032, 4, 30)),
    ]


# --- Christmas Eve in nynorsk --------------------------------------------------------------------


def test_christmas_eve_written_in_nynorsk_is_24_december() -> None:
    text = "Jula 2031\n\nMusikklaget spelar i kyrkja jolaftan.\n\nJulafta:\n\nKl. 14.00 Kyrkja\n"
    assert spans(text) == [day(2031, 12, 24), day(2031, 12, 24)]


# --- a day over bullets that each set a deadline ------------------------------------------------


def test_a_day_over_bullets_that_each_set_a_deadline_is_one_event_a_bullet() -> None:
    text = (
        "Frister for årsmøtet 2031\n\n"
        "2. mars:\n\n"
        " • Frist for forslag til vedtektene.\n"
        " • Påmeldingsfrist for delegater.\n\n"
        "9. mars:\n\n"
        " • Sakspapirene sendes ut.\n"
    )
    assert [(e.start, e.title) for e in found(text)] == [
        (date(2031, 3, 2), "Frist for forslag til vedtektene"),
        (date(2031, 3, 2), "Påmeldingsfrist for delegater"),
        (date(2031, 3, 9), "Frister for årsmøtet 2031"),
    ]


def test_a_programme_day_over_its_bullets_stays_one_event() -> None:
    text = "Program for årsmøtet 2031\n\nLørdag 15. mars 2031\n\n • 10:00 Åpning\n • 13:00 Lunsj\n"
    assert spans(text) == [day(2031, 3, 15)]
