"""Failure classes of issue 10, round three, each by a small text of its own: bullets under
month headings, words a copy ran together, the date a document was written, weekends and
series of weekdays, superseded and vague dates, and history."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.importer import ImportFileError, extract_events, import_text

TODAY = date(2026, 11, 30)


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year, today=TODAY)]


def test_each_bullet_under_a_month_heading_is_an_event_of_that_month() -> None:
    text = (
        "Årshjul for styret skoleåret 2023/24\n\nNovember:\n\n• Styremøte\n• Gjennomgang av "
        "årshjulet\n\nJanuar\n\n• Budsjettmøte\n• Frist for søknad er fredag 2. februar 2024\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.end) for e in events] == [
        ("Styremøte", date(2023, 11, 1), date(2023, 11, 30)),
        ("Gjennomgang av årshjulet", date(2023, 11, 1), date(2023, 11, 30)),
        ("Budsjettmøte", date(2024, 1, 1), date(2024, 1, 31)),
        ("Frist for søknad", date(2024, 2, 2), date(2024, 2, 2)),
    ]
    assert events[0].note.startswith("HEADING-DATED:")


def test_a_date_run_into_the_next_line_is_still_read() -> None:
    text = "Plan 2023\n\n• Julemarked 25. og 26. novemberJulemarked for de minste 2. desember\n"
    assert spans(text) == [
        ("day", date(2023, 11, 25), date(2023, 11, 26)),
        ("day", date(2023, 12, 2), date(2023, 12, 2)),
    ]


def test_a_byline_date_is_no_event_and_a_notice_from_november_dates_next_year() -> None:
    text = (
        "Ledermøte og årsmøte\n\nSkrevet av: Fylkeslaget / Publisert: 20.11.2024 / "
        "Oppdatert: 21.11.2024\n\nLokallagene holder årsmøter i februar.\n"
        "Innkallingen sendes senest 30. januar.\nStyremøte 10. desember.\n"
        "I september holdt vi medlemsmøte.\n"
    )
    assert spans(text) == [
        ("month", date(2025, 2, 1), date(2025, 2, 28)),
        ("day", date(2025, 1, 30), date(2025, 1, 30)),
        ("day", date(2024, 12, 10), date(2024, 12, 10)),
        ("month", date(2024, 9, 1), date(2024, 9, 30)),
    ]


def test_the_day_the_text_says_it_is_written_is_no_event() -> None:
    text = "I dag skriver vi 21. januar 2024. Årsmøtet blir torsdag 15. februar.\n"
    assert spans(text) == [("day", date(2024, 2, 15), date(2024, 2, 15))]


def test_a_letter_referred_to_and_a_date_given_up_are_no_events() -> None:
    text = (
        "Representantskapsmøte 25. oktober 2022\n\nFagforeningene er i brev av 10. oktober "
        "d.å. orientert om møtet.\nMøtet var først planlagt til 16. januar, men blir 23. januar.\n"
    )
    assert spans(text) == [
        ("day", date(2022, 10, 25), date(2022, 10, 25)),
        ("day", date(2023, 1, 23), date(2023, 1, 23)),  # a notice from October: next January
    ]


def test_a_walk_put_off_to_a_season_is_no_event_of_that_season() -> None:
    text = (
        "Møteplan 2023\n\n08.11 Vandring i marka. AVLYST. Kommer til våren\n"
        "Turen er utsatt til høsten.\nKurset blir på våren.\n"
    )
    assert spans(text) == [
        ("day", date(2023, 11, 8), date(2023, 11, 8)),
        ("season", date(2023, 3, 1), date(2023, 5, 31)),
    ]


def test_a_period_told_in_the_past_tense_is_history() -> None:
    text = (
        "Stem på årets lokallag 2023\n\nLandsmøte i Oslo 20.-21. april 2024.\nMot slutten av 2023 vart det opna for "
        "nominasjonar.\nI løpet av høsten 2024 blir det kurs.\n"
    )
    assert spans(text) == [
        ("day", date(2024, 4, 20), date(2024, 4, 21)),
        ("season", date(2024, 9, 1), date(2024, 11, 30)),
    ]


def test_a_numbered_weekend_of_a_month_is_its_days() -> None:
    text = (
        "Årsmøte 2023\n\nFredag, lørdag og søndag første helgen i februar samles vi i Tromsø.\n"
        "Seminar siste helga i mars.\n"
    )
    assert spans(text) == [
        ("day", date(2023, 2, 3), date(2023, 2, 5)),
        ("day", date(2023, 3, 25), date(2023, 3, 26)),
    ]


def test_a_weekday_of_several_months_is_one_day_in_each() -> None:
    text = "Plan 2024\n\nPensjonistkaffe siste mandag i januar, februar og april.\n"
    assert spans(text) == [
        ("day", date(2024, 1, 29), date(2024, 1, 29)),
        ("day", date(2024, 2, 26), date(2024, 2, 26)),
        ("day", date(2024, 4, 29), date(2024, 4, 29)),
    ]


def test_a_day_with_a_time_span_is_a_dated_line_not_a_table_header() -> None:
    text = "Program 2023\n\nFredag 3. februar kl 19.00 – 21.00\n\nLørdag 4. februar\n"
    assert spans(text) == [
        ("day", date(2023, 2, 3), date(2023, 2, 3)),
        ("day", date(2023, 2, 4), date(2023, 2, 4)),
    ]


def test_a_list_of_days_with_a_gap_is_one_event_per_run_of_days() -> None:
    assert spans("Plan 2023\n\nÅrsmøte 9., 11. og 12. februar – digitalt og fysisk\n") == [
        ("day", date(2023, 2, 9), date(2023, 2, 9)),
        ("day", date(2023, 2, 11), date(2023, 2, 12)),
    ]


def test_weekdays_told_of_a_list_of_days_place_a_notice_without_a_year() -> None:
    text = (
        "Hva skjer?\n\n26. november – Nominasjonsmøte, Drammen\n\n1. desember – "
        "Nominasjonsmøte, Sarpsborg\n\n9., 11. og 12. februar – Digitalt og tre steder\n\n"
        "Årsmøtet foregår digitalt på torsdagen, mens det på lørdagen og søndagen foregår "
        "fysisk.\n"
    )
    assert [s for _p, s, _e in spans(text)] == [
        date(2022, 11, 26),
        date(2022, 12, 1),
        date(2023, 2, 9),
        date(2023, 2, 11),
    ]


def test_a_deadline_said_after_the_meeting_does_not_turn_the_year() -> None:
    text = (
        "Årsmøtet\n\nVi samles lørdag 4. februar.\n\nFrister:\n\n• Forslag innen fredag "
        "20. januar.\n• Endringer innen onsdag 1. februar.\n"
    )
    assert [s for _p, s, _e in spans(text)] == [
        date(2023, 2, 4),
        date(2023, 1, 20),
        date(2023, 2, 1),
    ]


def test_days_in_brackets_after_a_week_say_exactly_when() -> None:
    assert spans("Møteplan 2023\n\nVinterferie: Uke 9 (27.02.-03.03.)\n") == [
        ("day", date(2023, 2, 27), date(2023, 3, 3))
    ]


def test_a_date_in_prose_and_again_in_the_list_with_the_definite_form_is_one_event() -> None:
    text = (
        "Plan for 2020\n\nÅrsmøtet er fastsatt til 20. februar. Da håper vi på orientering.\n\n"
        "Åpen dag\n\n20. februar Årsmøte\n\n12. mars Bankens dag\n"
    )
    assert [s for _p, s, _e in spans(text)] == [date(2020, 2, 20), date(2020, 3, 12)]


def test_two_gatherings_named_right_before_one_date_are_two_events() -> None:
    text = (
        "Møter 2025\n\nFylkeslaget avholder fylkesårsmøte og ledermøte 30. mars 2025.\n"
        "Innkalling til fylkesårsmøte og ledermøte sendes senest 30. januar.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events][:2] == [
        ("Fylkesårsmøte", date(2025, 3, 30)),
        ("Ledermøte", date(2025, 3, 30)),
    ]
    assert [e.start for e in events][2:] == [date(2025, 1, 30)]


def test_a_byline_is_no_heading_to_name_events_by() -> None:
    text = (
        "Skrevet av: Fylkeslaget / Publisert: 20.11.2024\n\nLokallagene velger sine delegater "
        "på de mange årsmøtene sine i februar.\n"
    )
    [event] = extract_events(text, today=TODAY)
    assert "Publisert" not in event.title and event.start == date(2025, 2, 1)


def test_the_day_after_a_named_day_is_that_day_plus_one() -> None:
    text = (
        "Styremøter 2024\n\nDen 17. april møter styret foreningene i Trondheim. Dagen etter "
        "holder styret sitt vårmøte. Dagen etter valget evaluerer vi.\n"
    )
    assert spans(text) == [
        ("day", date(2024, 4, 17), date(2024, 4, 17)),
        ("day", date(2024, 4, 18), date(2024, 4, 18)),
    ]


def test_an_undated_paragraph_under_a_month_heading_is_an_event_of_those_months() -> None:
    text = (
        "Viktige datoer høsten 2020\n\n5. september\nSommerfest i Kristiansand.\n\n"
        "Oktober – november\nAlle medlemmer inviteres til regionale innspillsmøter.\n\n"
        "21. november\nFylkesstyremøte.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.precision, e.start, e.end) for e in events] == [
        ("day", date(2020, 9, 5), date(2020, 9, 5)),
        ("month", date(2020, 10, 1), date(2020, 11, 30)),
        ("day", date(2020, 11, 21), date(2020, 11, 21)),
    ]
    assert events[1].title == "Alle medlemmer inviteres til regionale innspillsmøter"


def test_a_month_left_out_of_a_repetition_and_last_years_day_are_no_events() -> None:
    text = (
        "Aktivitetsplan 2025\n\nMedlemsmøte første tirsdag i hver måned, unntatt juli.\n"
        "Årsmøtet ble i fjor holdt 14. mars; i år blir det torsdag 13. mars.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.precision, e.start, e.recurrence) for e in events] == [
        ("recurring", None, "FREQ=MONTHLY;BYDAY=1TU"),
        ("day", date(2025, 3, 13), None),
    ]
    assert events[0].title == "Medlemsmøte"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Torsdag 5.9: Første FAU-møte", date(2024, 9, 5)),
        ("Foreldremøte 3.9 kl. 18", date(2024, 9, 3)),
        ("Styremøte 2025-01-14", date(2025, 1, 14)),
        ("Dugnad 12/4 kl 10", date(2025, 4, 12)),
        ("Møte torsdag 3/10 i kantina", date(2024, 10, 3)),
    ],
)
def test_short_numeric_dates_said_with_a_weekday_or_a_time_and_iso_dates(
    line: str, day: date
) -> None:
    assert spans(f"Møteplan skoleåret 2024/2025\n\n{line}\n") == [("day", day, day)]


def test_numbers_that_are_no_dates_stay_numbers() -> None:
    text = "Møteplan 2024\n\nDette gjelder 24/7 hele året, og 1.8 prosent av budsjettet.\n"
    assert spans(text) == []


def test_a_table_with_shortened_weekdays_and_a_nynorsk_who_column() -> None:
    text = (
        "Møteplan haust 2024\n\nDato | Kva | Kven\nons 11.9 | Styremøte | Styret\n"
        "tors 3. okt. | Medlemsmøte | Leiar\nTys 10/12 | Julemøte | Styret\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.responsible) for e in events] == [
        ("Styremøte", date(2024, 9, 11), "Styret"),
        ("Medlemsmøte", date(2024, 10, 3), "Leiar"),
        ("Julemøte", date(2024, 12, 10), "Styret"),
    ]


def test_each_date_of_a_sentence_is_named_by_its_own_clause() -> None:
    text = "Plan 2025\n\nÅrsmøtet blir 12. mars, og sommerfesten holdes i juni.\n"
    assert [e.title for e in extract_events(text, today=TODAY)] == ["Årsmøtet", "Sommerfesten"]


def test_a_day_years_before_the_plan_is_history_but_last_years_deadline_is_kept() -> None:
    text = (
        "Landsmøte 2019 – kunngjøring\n\nPartiet ble stiftet 12. mars 1985.\n"
        "Frist for forslag er 1. desember 2018.\nLandsmøtet er 4.–7. april 2019.\n"
    )
    assert [s for _p, s, _e in spans(text)] == [date(2018, 12, 1), date(2019, 4, 4)]


def test_a_part_of_a_month_is_dated_by_the_month_and_kept_out_of_the_title() -> None:
    text = (
        "Årshjul 2025\n\nÅrsmelding innen utgangen av februar.\nVerving i begynnelsen av mars.\n"
        "Regnskap til revisor senest 15. februar.\nStrategisamling helgen 7.–9. november.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events] == [
        ("Årsmelding", date(2025, 2, 1)),
        ("Verving", date(2025, 3, 1)),
        ("Regnskap til revisor", date(2025, 2, 15)),
        ("Strategisamling", date(2025, 11, 7)),
    ]


def test_updated_as_part_of_a_sentence_is_no_byline() -> None:
    text = "Arbeidsplan 2025\n\nPlanen blir oppdatert 3. mars på styremøtet.\n"
    assert spans(text) == [("day", date(2025, 3, 3), date(2025, 3, 3))]


def test_a_nested_bullet_under_a_month_heading_belongs_to_the_item_above() -> None:
    text = (
        "Årshjul 2025\n\nMars\n\n• 12. mars: Årsmøte\n    – valg av styre\n    – regnskap\n"
        "• Vervekampanje\n"
    )
    assert spans(text) == [
        ("day", date(2025, 3, 12), date(2025, 3, 12)),
        ("month", date(2025, 3, 1), date(2025, 3, 31)),
    ]


def test_next_year_counts_from_the_documents_own_year() -> None:
    text = (
        "Arbeidsplan 2025\n\nSamling for leiarar i januar neste år.\nSommerfest 20. juni neste "
        "år.\nJulemøte i desember – dato kjem.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events] == [
        ("Samling for leiarar", date(2026, 1, 1)),
        ("Sommerfest", date(2026, 6, 20)),
        ("Julemøte", date(2025, 12, 1)),
    ]


def test_a_bracketed_date_leaves_no_empty_brackets_in_the_title() -> None:
    text = "Kursplan 2025\n\nKurs uke 38 (15.–19. september) for nye tillitsvalgte\n"
    assert [e.title for e in extract_events(text, today=TODAY)] == ["Kurs for nye tillitsvalgte"]


def test_a_bracket_after_a_listed_date_names_that_date() -> None:
    text = (
        "Skoleåret 2024–2025\n\nFri: 1. mai, 29. mai (Kristi himmelfart) og 9. juni (2. pinsedag)\n"
    )
    assert [e.title for e in extract_events(text, today=TODAY)] == [
        "Fri",
        "Kristi himmelfart",
        "2. pinsedag",
    ]


def test_a_row_is_named_by_its_first_sentence_and_never_by_the_documents_title() -> None:
    text = (
        "Program våren 2025 – Ski historielag\n\nOnsdag 22. januar: Medlemsmøte. Ole Olsen "
        "forteller om gamle Ski.\nOnsdag 19. februar: Årsmøte. Saker til årsmøtet må være styret "
        "i hende innen 5. februar.\n"
    )
    assert [e.title for e in extract_events(text, today=TODAY)] == [
        "Medlemsmøte",
        "Årsmøte",
        "Saker til årsmøtet må være styret i hende",
    ]


@pytest.mark.parametrize("header", ["Utvalg | Jan | Feb | Mar", "Utvalg | Januar | Februar | Mars"])
def test_day_numbers_under_a_header_row_of_months_are_days_of_those_months(header: str) -> None:
    text = (
        f"Møteplan 2025\n\n{header}\nKommunestyret | 30 | | 13\nFormannskapet | 16 | 13 og 27 | 6\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events] == [
        ("Kommunestyret", date(2025, 1, 30)),
        ("Kommunestyret", date(2025, 3, 13)),
        ("Formannskapet", date(2025, 1, 16)),
        ("Formannskapet (13. februar)", date(2025, 2, 13)),
        ("Formannskapet (27. februar)", date(2025, 2, 27)),
        ("Formannskapet", date(2025, 3, 6)),
    ]


def test_shortened_month_headings_over_day_lines_and_a_lone_time_label() -> None:
    text = "Terminliste 2025\n\nJan\n11.–12.: Klubbrenn\nFeb\n8.: Karusell\n\nJul\n\n• Julebord\n"
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.end) for e in events][:2] == [
        ("Klubbrenn", date(2025, 1, 11), date(2025, 1, 12)),
        ("Karusell", date(2025, 2, 8), date(2025, 2, 8)),
    ]
    assert all(e.start is None or e.start.month != 7 for e in events)  # 'Jul' is Christmas
    notice = "Innkalling til medlemsmøte\n\nTid: tirsdag 14. januar 2025, kl. 18.00\n"
    assert [e.title for e in extract_events(notice, today=TODAY)] == ["Innkalling til medlemsmøte"]


def test_a_holidays_name_dates_nothing_beside_another_date() -> None:
    text = (
        "Plan 2023\n\n• 15.mai - 17.mai markering i barnehagen\n17. mai-komiteen møtes 3. mars\n"
        "17. mai-tog fra skolen\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.end) for e in events] == [
        ("17.mai markering i barnehagen", date(2023, 5, 15), date(2023, 5, 15)),
        ("17. mai-komiteen møtes", date(2023, 3, 3), date(2023, 3, 3)),
        ("17. mai-tog fra skolen", date(2023, 5, 17), date(2023, 5, 17)),
    ]


def test_a_calendar_day_cell_and_a_longer_span_on_its_row_are_both_kept() -> None:
    text = (
        "September 2022\n\n8.-9. | Plandag 1 og 2, 08.09.2022-10.09.2022, Storsamling.\n"
        "13. | Luciafeiring\n\nOktober – november\n\n21. november | Fylkesstyremøte\n"
    )
    assert sorted(spans(text), key=lambda s: (s[1] or date.min, s[2] or date.min)) == [
        ("day", date(2022, 9, 8), date(2022, 9, 9)),
        ("day", date(2022, 9, 8), date(2022, 9, 10)),
        ("day", date(2022, 9, 13), date(2022, 9, 13)),
        ("day", date(2022, 11, 21), date(2022, 11, 21)),
    ]


def test_a_notice_whose_title_names_its_meeting_titles_it_so() -> None:
    text = (
        "Fylkesårsmøte 2017\n\nFylkesårsmøtet avholdes søndag 15. januar på Elverum videregående "
        "skole, med lunsj og kaffe underveis.\n"
    )
    assert [e.title for e in extract_events(text, today=TODAY)] == ["Fylkesårsmøte 2017"]


def test_a_repetition_through_the_plans_own_season_is_kept() -> None:
    text = "Program våren 2025\n\nStrikkekafé annenhver onsdag gjennom våren.\n"
    [event] = extract_events(text, today=TODAY)
    assert (event.recurrence, event.start, event.end) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        date(2025, 3, 1),
        date(2025, 5, 31),
    )


def test_a_time_cell_is_a_time_and_the_rows_cells_read_as_one_title() -> None:
    text = (
        "Arrangementer høsten 2024\n\nLør 14. sep | 12:00 | Høstmarked | Storsteinnes\n"
        "Ons 2. okt | 19:00–21:00 | Kommunestyremøte\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.time) for e in events] == [
        ("Høstmarked – Storsteinnes", date(2024, 9, 14), time(12, 0)),
        ("Kommunestyremøte", date(2024, 10, 2), time(19, 0)),
    ]


def test_the_first_tuesday_of_every_month_without_i() -> None:
    text = "Møteplan 2025\n\nStyremøter holdes første tirsdag hver måned.\n"
    [event] = extract_events(text, today=TODAY)
    assert (event.title, event.recurrence) == ("Styremøter", "FREQ=MONTHLY;BYDAY=1TU")


def test_a_span_written_day_slash_month_and_a_slash_that_is_no_span() -> None:
    text = "Plan 2025\n\nHyttetur 13/3–15/3.\nJuleferie 23/12–2/1.\nDøgnåpent 24/7 – 1/2 pris.\n"
    assert spans(text) == [
        ("day", date(2025, 3, 13), date(2025, 3, 15)),
        ("day", date(2025, 12, 23), date(2026, 1, 2)),
    ]


def test_a_forwarded_e_mails_sent_date_is_the_date_it_was_written() -> None:
    text = (
        "Fra: Kari Nordmann\nSendt: 3. desember 2024 14:22\nEmne: Innkalling til årsmøte\n\n"
        "Årsmøtet holdes torsdag 13. februar kl. 18. Forslag sendes innen 20. januar.\n"
    )
    assert [s for _p, s, _e in spans(text)] == [date(2025, 2, 13), date(2025, 1, 20)]


def test_a_title_naming_one_month_dates_the_document_not_an_event() -> None:
    text = (
        "Nytt fra styret – desember 2024\n\nÅrsmøtet blir 13. februar. Julebordet var "
        "6. desember.\n"
    )
    assert [s for _p, s, _e in spans(text)] == [date(2025, 2, 13), date(2024, 12, 6)]


def test_a_day_column_then_a_month_column_is_one_date() -> None:
    text = "Møteplan 2025\n\nDag | Måned | Møte\n14 | januar | Styremøte\n11. | feb | Årsmøte\n"
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.precision) for e in events] == [
        ("Styremøte", date(2025, 1, 14), "day"),
        ("Årsmøte", date(2025, 2, 11), "day"),
    ]


def test_the_latest_update_of_a_page_places_its_year_less_dates() -> None:
    text = "Kurs\n\nPublisert 12.12.2023, oppdatert: 05.01.2025\n\nKurset holdes 12. februar.\n"
    assert spans(text) == [("day", date(2025, 2, 12), date(2025, 2, 12))]


def test_a_paragraph_saying_nothing_happens_is_no_event() -> None:
    text = (
        "Årshjul 2025\n\nJuli\nDet er ingen møter i fellesferien.\n\n"
        "August\nStyret planlegger høstens arbeid.\n\nDesember\n• Ikke styremøte\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start) for e in events] == [
        ("Styret planlegger høstens arbeid", date(2025, 8, 1))
    ]


def test_a_year_in_a_sentence_about_the_past_is_not_the_plans_year() -> None:
    text = (
        "Velkommen til årsmøte\n\nLaget ble stiftet i 1985 og har over 200 medlemmer.\n"
        "Årsmøtet blir torsdag 12. mars kl. 19.\n"
    )
    with pytest.raises(ImportFileError) as error:
        import_text(text, name="innkalling.txt", today=TODAY)
    assert error.value.code == "no_year"
    assert spans(text, year=2026) == [("day", date(2026, 3, 12), date(2026, 3, 12))]


def test_planned_or_fixed_for_stays_out_of_the_title() -> None:
    text = "Møteplan 2025\n\nNeste møte er planlagt til 10. juni.\nÅrsmøtet er fastsatt til 20. februar.\n"
    assert [e.title for e in extract_events(text, today=TODAY)] == ["Neste møte", "Årsmøtet"]
