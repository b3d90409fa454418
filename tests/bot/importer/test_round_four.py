"""Failure classes of issue 10, round four, each by a small text of its own: years in
school-year plans, a year taken from the wrong line, and more."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year, today=TODAY)]


def test_months_after_new_year_under_an_autumn_month_heading_are_in_the_next_year() -> None:
    text = (
        "Årshjulet 2007/2008\n\nNovember:\nJulekonsert 27. nov.\n\n"
        "Konsert lørdag 2. mars kl. 17.00\n\nØving hele uke 22\n\nMusikalen 31. mai\n"
    )
    assert spans(text) == [
        ("day", date(2007, 11, 27), date(2007, 11, 27)),
        ("day", date(2008, 3, 2), date(2008, 3, 2)),
        ("week", date(2008, 5, 26), date(2008, 6, 1)),
        ("day", date(2008, 5, 31), date(2008, 5, 31)),
    ]


def test_a_caption_opening_with_a_year_is_not_the_plans_title() -> None:
    text = (
        "2021 Morgen med fullmåne, Akershus\n\nFylkesårsmøte 2022\n\n"
        "4.-5. mars arrangeres årsmøte i Akershus Sp.\n"
    )
    assert spans(text) == [("day", date(2022, 3, 4), date(2022, 3, 5))]


def test_a_month_with_its_year_in_prose_is_what_the_dates_lead_up_to() -> None:
    text = (
        "Velferdsprogram\n\nPå AUFs landsmøte i oktober 2022 skal vi vedta et program.\n\n"
        "Programkomitéen ferdigstiller sitt utkast 28. mars.\n\n"
        "12. juni: Frist for endringsforslag.\n"
    )
    assert spans(text) == [
        ("month", date(2022, 10, 1), date(2022, 10, 31)),
        ("day", date(2022, 3, 28), date(2022, 3, 28)),
        ("day", date(2022, 6, 12), date(2022, 6, 12)),
    ]


def test_a_date_alone_on_the_first_line_is_when_the_page_was_written() -> None:
    text = (
        "torsdag 31. desember 2009\n\nVel møtt til ny sesong\n\n"
        "Mandag 4. januar - Sangtime\nMandag 1. mars - Årsmøte\n"
    )
    assert spans(text)[-2:] == [
        ("day", date(2010, 1, 4), date(2010, 1, 4)),
        ("day", date(2010, 3, 1), date(2010, 3, 1)),
    ]


def test_a_school_calendar_of_two_years_runs_from_august_into_the_next_year() -> None:
    text = "Skolerute 2024 - 2025\n\n15. august: Første skoledag\n6.januar: Skolestart\n"
    assert spans(text) == [
        ("day", date(2024, 8, 15), date(2024, 8, 15)),
        ("day", date(2025, 1, 6), date(2025, 1, 6)),
    ]


def test_a_second_plan_on_the_page_has_the_years_of_its_own_title() -> None:
    text = (
        "Skolerute 2024 - 2025\n\n15. august: Første skoledag\n6.januar: Skolestart\n\n"
        "Skolerute 2023 - 2024\n\n17. august: Første skoledag\n3. januar: Skolestart\n"
    )
    assert spans(text)[2:] == [
        ("day", date(2023, 8, 17), date(2023, 8, 17)),
        ("day", date(2024, 1, 3), date(2024, 1, 3)),
    ]


def test_a_month_and_a_count_in_a_flattened_table_row_are_no_date() -> None:
    text = (
        "Skolerute 2024 - 2025\n\nMåned Skoledager Merknader\n"
        "August 12 15. august: Første skoledag\nSeptember 21\n"
        "Desember 15 20. desember: Siste skoledag før jul.\nMars 21 Påskeferie\n"
    )
    assert spans(text) == [
        ("day", date(2024, 8, 15), date(2024, 8, 15)),
        ("day", date(2024, 12, 20), date(2024, 12, 20)),
        ("month", date(2025, 3, 1), date(2025, 3, 31)),
    ]


def test_a_spring_plan_after_the_autumn_plan_on_one_page_keeps_its_own_year() -> None:
    text = (
        "Aktivitetsplan høst 2018\n\nDesember\n\n13. desember: Luciakonsert\n\n"
        "Aktivitetsplan vår 2018\n\nMars\n\nOnsdag 7/3: Årsmøte\n"
    )
    assert spans(text) == [
        ("day", date(2018, 12, 13), date(2018, 12, 13)),
        ("day", date(2018, 3, 7), date(2018, 3, 7)),
    ]


def test_a_weekday_and_a_slashed_date_before_a_colon_is_a_day() -> None:
    assert spans("Plan 2018\n\nTorsdag 22/2: Vinterferie\n") == [
        ("day", date(2018, 2, 22), date(2018, 2, 22))
    ]


def test_bullets_naming_a_weekday_are_those_days_of_the_week_above_them() -> None:
    text = (
        "Program 2021\n\nUken deretter (8. – 14. mars) har vi følgende arrangementer:\n\n"
        "  • Speidermøte tirsdag klokka 17.30 – 19.30\n"
        "  • Årsmøte søndag klokka 12.00 – 13.30\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.end) for e in events] == [
        ("Speidermøte", date(2021, 3, 9), date(2021, 3, 9)),
        ("Årsmøte", date(2021, 3, 14), date(2021, 3, 14)),
    ]


def test_two_bodies_by_their_abbreviations_on_one_dated_row_are_two_meetings() -> None:
    text = "Møteplan for 2025\n28.01 – US (D), UHKO (K)\n30.01 – Formannskapet\n"
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events] == [
        ("US (D)", date(2025, 1, 28)),
        ("UHKO (K)", date(2025, 1, 28)),
        ("Formannskapet", date(2025, 1, 30)),
    ]


def test_papers_already_sent_or_received_are_no_events() -> None:
    text = (
        "Representantskap 2023\n\nInnkalling ble sendt til lokallaga i uke 38.\n"
        "2. innkalling ble sendt ut 12. oktober.\nDet har kommet inn en uttalelse 19. oktober.\n"
        "Møtet er lørdag 21. oktober.\n"
    )
    assert spans(text) == [("day", date(2023, 10, 21), date(2023, 10, 21))]


def test_a_span_of_days_with_the_hours_it_starts_and_ends_is_one_span() -> None:
    text = "Fylkesårsmøte 2022\n\nfredag 04. mars 18:00 – lørdag 05. mars 16:00\n"
    assert spans(text) == [("day", date(2022, 3, 4), date(2022, 3, 5))]


def test_the_day_of_a_rule_for_every_year_is_no_event_of_this_year() -> None:
    text = "Årsmøte 2022\n\nÅrsmøtet vert vanlegvis avvikla innan 1. april kvart år.\n"
    events = extract_events(text, today=TODAY)
    assert [(e.precision, e.start, e.recurrence) for e in events] == [
        ("recurring", None, "FREQ=YEARLY")
    ]


def test_a_first_line_that_is_only_a_term_is_the_title_and_dates_what_follows() -> None:
    text = (
        "Høstsemesteret 2021.\n\nVi starter opp i august.\n\n"
        "Program for høsten 2021.\nVi setter den opp til konsert i desember.\n"
    )
    assert spans(text) == [
        ("month", date(2021, 8, 1), date(2021, 8, 31)),
        ("month", date(2021, 12, 1), date(2021, 12, 31)),
    ]


def test_a_month_label_opening_a_line_with_its_own_days_dates_nothing() -> None:
    text = (
        "Årshjulet 2007/2008\n\nDesember: Øvingshelg: 30. november – 2. desember\n\n"
        "Mars: Konsert på Barnas scene\n"
    )
    assert spans(text) == [
        ("day", date(2007, 11, 30), date(2007, 12, 2)),
        ("month", date(2008, 3, 1), date(2008, 3, 31)),
    ]


def test_a_meeting_that_starts_one_day_and_lasts_until_another_is_one_span() -> None:
    text = (
        "Fylkesårsmøte 2024\n\nMøtet starter fredag 16. februar og varer til lørdag "
        "17. februar 2024 på Sola.\n"
    )
    assert spans(text) == [("day", date(2024, 2, 16), date(2024, 2, 17))]


def test_the_national_day_written_with_a_hyphen_is_its_day() -> None:
    text = "Årshjulet 2007/2008\n\n17-mai arrangement på Festplassen\n"
    assert spans(text) == [("day", date(2008, 5, 17), date(2008, 5, 17))]


def test_a_posts_date_stamp_in_lower_case_is_no_event() -> None:
    text = (
        "torsdag 31. desember 2009\n\nProgram for kommende sesong:\n\n"
        "Mandag 4. januar - Sangtime\n\nmandag 14. desember 2009\n\nSISTE SAMLING I 2009\n"
    )
    assert spans(text) == [("day", date(2010, 1, 4), date(2010, 1, 4))]
