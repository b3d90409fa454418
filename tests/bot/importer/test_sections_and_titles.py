"""Bare period headings as section context, years made redundant by a finer date, repetitions
bounded by their period, and titles that keep the subject but not the date, places or fillers."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events
from bot.importer.grammar import find_expressions
from bot.importer.titles import choose_title, find_locations

NORDLAND_PLAN = """Handlingsplan for Nordland Arbeiderparti 2028

JANUAR
Fylkesstyremøte tirsdag 11. januar kl. 18.00 på Teams.
Frist for innsending av årsmeldinger: 31. januar.

FEBRUAR–MARS
Årsmøtene i lokallagene avholdes i løpet av februar og mars.
Skolering av nye styrer i uke 9 og 10, i Bodø, Mo i Rana og Narvik.

Vår 2028
Vårkampanjen går fra 20.04 til 5.05.
Landsmøtet 2028 avholdes 27.–29. april på Gardermoen.

Høst
Nominasjonskomiteen legger fram innstilling innen 15. oktober.
Verveuke i uke 41.
Medlemsmøter arrangeres annenhver uke gjennom høsten.
Julemøte: avklares senere.
"""


def test_unseen_plan_end_to_end() -> None:
    events = extract_events(NORDLAND_PLAN)
    rows = [(e.line, e.title, e.precision, e.start, e.end) for e in events]
    assert rows == [
        (4, "Fylkesstyremøte på Teams", "day", date(2028, 1, 11), date(2028, 1, 11)),
        (5, "Frist for innsending av årsmeldinger", "day", date(2028, 1, 31), date(2028, 1, 31)),
        (8, "Årsmøtene i lokallagene (februar)", "month", date(2028, 2, 1), date(2028, 2, 29)),
        (8, "Årsmøtene i lokallagene (mars)", "month", date(2028, 3, 1), date(2028, 3, 31)),
        (9, "Skolering av nye styrer (uke 9)", "week", date(2028, 2, 28), date(2028, 3, 5)),
        (9, "Skolering av nye styrer (uke 10)", "week", date(2028, 3, 6), date(2028, 3, 12)),
        (12, "Vårkampanjen", "day", date(2028, 4, 20), date(2028, 5, 5)),
        (13, "Landsmøtet", "day", date(2028, 4, 27), date(2028, 4, 29)),
        (
            16,
            "Nominasjonskomiteen legger fram innstilling",
            "day",
            date(2028, 10, 15),
            date(2028, 10, 15),
        ),
        (17, "Verveuke", "week", date(2028, 10, 9), date(2028, 10, 15)),
        (18, "Medlemsmøter", "recurring", date(2028, 9, 1), date(2028, 11, 30)),
        (19, "Julemøte", "undated", None, None),
    ]
    by_line = {e.line: e for e in events}
    assert by_line[4].time is not None and by_line[4].time.hour == 18
    assert by_line[9].locations == ("Bodø", "Mo i Rana", "Narvik")
    assert by_line[13].locations == ("Gardermoen",)
    assert by_line[18].recurrence == "FREQ=WEEKLY;INTERVAL=2"
    # A dated line does not borrow the places of the dated line below it.
    assert by_line[8].locations == ()
    assert by_line[12].locations == ()


# --- 1. a heading that is only a period dates the lines below it -----------------------------


def test_bare_month_headings_are_context_not_events() -> None:
    text = (
        "Årsplan for Troms Arbeiderparti 2027\n\n"
        "MARS\nStyremøte onsdag 10. mars.\n\n"
        "APRIL–MAI\nVervekampanje med stands i sentrum.\nKontingentringing 20. april.\n"
    )
    events = extract_events(text)
    assert [(e.title, e.start) for e in events] == [
        ("Styremøte", date(2027, 3, 10)),
        ("Kontingentringing", date(2027, 4, 20)),
    ]
    assert all(e.quote not in ("MARS", "APRIL–MAI") for e in events)
    assert all(e.note == "Year from the heading." for e in events)


def test_bare_heading_after_december_is_next_january() -> None:
    text = (
        "Arbeidsplan 2026\n\nDESEMBER\nJulemøte i styret 8. desember.\n\n"
        "JANUAR\nÅrsmøte i kommunepartiet 23. januar.\n"
    )
    starts = [e.start for e in extract_events(text)]
    assert starts == [date(2026, 12, 8), date(2027, 1, 23)]


def test_bare_month_heading_over_a_day_calendar() -> None:
    text = "Møteplan for Senja Arbeiderparti 2027\n\nFEBRUAR\n\n3. Styremøte\n17. Medlemsmøte\n"
    events = extract_events(text)
    assert [(e.title, e.start) for e in events] == [
        ("Styremøte", date(2027, 2, 3)),
        ("Medlemsmøte", date(2027, 2, 17)),
    ]


def test_bare_season_heading_dates_an_undated_section() -> None:
    text = (
        "Handlingsplan 2027\n\nHøst\n\nDør-til-dør-aksjoner\n"
        "Kommunepartiene banker på dører i sentrum og i distriktene.\n"
    )
    (event,) = extract_events(text)
    assert (event.title, event.precision) == ("Dør-til-dør-aksjoner", "season")
    assert (event.start, event.end) == (date(2027, 9, 1), date(2027, 11, 30))
    assert event.note.startswith("HEADING-DATED:")


def test_a_season_word_alone_on_a_line_is_a_season_but_not_in_a_sentence() -> None:
    (heading,) = find_expressions("Plan\nVår:\nTekst")
    assert heading.items[0].precision == "season"
    assert find_expressions("Vi skal styrke vår politikk i kommunene.") == []


# --- 2. a year that only says which year a finer date is in -----------------------------------


def test_year_of_a_finer_date_in_the_same_sentence_is_no_event() -> None:
    text = "Arbeidsplan 2026–2027\n\nLandsmøtet 2027 holdes 22.–24. april i Oslo.\n"
    (event,) = extract_events(text)
    assert (event.precision, event.start, event.end) == (
        "day",
        date(2027, 4, 22),
        date(2027, 4, 24),
    )
    assert event.note == "Year from the sentence."
    assert event.title == "Landsmøtet"
    assert event.locations == ("Oslo",)


def test_a_year_by_itself_dates_no_event() -> None:
    text = "Arbeidsplan 2026\n\nVi skal vinne valget i 2027.\nStyremøte 4. mai.\n"
    assert [(e.precision, e.start) for e in extract_events(text)] == [
        ("day", date(2026, 5, 4)),
    ]


def test_named_year_keeps_its_noun_in_the_text() -> None:
    (expression,) = find_expressions("Forberedelser til landsmøtet 2027 starter nå")
    assert expression.items[0].label == "2027"
    assert "Forberedelser til landsmøtet 2027 starter nå"[expression.start :].startswith("2027")


# --- 3. places are not part of the title --------------------------------------------------------


def test_place_list_with_a_two_word_place_leaves_the_title() -> None:
    text = "Plan for 2027\n\nRegionale samlinger i uke 36 og 37, i Harstad, Bø i Vesterålen og Sortland.\n"
    events = extract_events(text)
    assert [e.title for e in events] == [
        "Regionale samlinger (uke 36)",
        "Regionale samlinger (uke 37)",
    ]
    assert events[0].locations == ("Harstad", "Bø i Vesterålen", "Sortland")


def test_find_locations_with_i_inside_and_between_names() -> None:
    assert find_locations("Kurs i Mo i Rana") == ("Mo i Rana",)
    assert find_locations("Samling på Youngstorget i Oslo") == ("Youngstorget", "Oslo")
    assert find_locations("Møte i Styret i Harstad") == ("Harstad",)


def test_choose_title_drops_places_and_dangling_fillers() -> None:
    assert choose_title("Kommunevalgkonferanse        på Gardermoen.", None, None, "") == (
        "Kommunevalgkonferanse"
    )
    assert choose_title("Årsmøtene i kommunepartiene avholdes innen     .", None, None, "") == (
        "Årsmøtene i kommunepartiene"
    )
    assert choose_title("Ringedugnad gjennomføres gjennom      .", None, None, "") == "Ringedugnad"


# --- 4. a weekday belongs to its date ----------------------------------------------------------


def test_weekday_and_den_go_with_the_date() -> None:
    text = (
        "Arbeidsplan 2027\n\nStyremøte onsdag 3. mars kl. 19.00 på Teams.\n"
        "Medlemsmøte den 14. april om budsjettet.\n"
    )
    assert [e.title for e in extract_events(text)] == [
        "Styremøte på Teams",
        "Medlemsmøte om budsjettet",
    ]
    (expression, _time) = find_expressions("Styremøte onsdag 3. mars kl. 19.00")
    assert "Styremøte onsdag 3. mars"[expression.start : expression.end] == "onsdag 3. mars"


# --- 5. a repetition bounded by the period its sentence names -----------------------------------


def test_repetition_bounded_by_a_month() -> None:
    (event,) = extract_events("Arbeidsplan 2027\n\nStudiesirkler holdes hver tirsdag i mars.\n")
    assert (event.precision, event.recurrence) == ("recurring", "FREQ=WEEKLY;BYDAY=TU")
    assert (event.start, event.end) == (date(2027, 3, 1), date(2027, 3, 31))
    assert event.title == "Studiesirkler"


def test_repetition_bounded_by_a_season_with_year() -> None:
    (event,) = extract_events("Arbeidsplan 2026\n\nRingedugnad annenhver uke gjennom våren 2027.\n")
    assert (event.precision, event.recurrence) == ("recurring", "FREQ=WEEKLY;INTERVAL=2")
    assert (event.start, event.end) == (date(2027, 3, 1), date(2027, 5, 31))
    assert event.title == "Ringedugnad"


def test_repetition_without_a_period_stays_open() -> None:
    (event,) = extract_events("Arbeidsplan 2026\n\nTeamsmøte med lederne en gang hver måned.\n")
    assert (event.recurrence, event.start, event.end) == ("FREQ=MONTHLY", None, None)


def test_repetition_and_a_single_day_stay_apart() -> None:
    text = "Arbeidsplan 2026\n\nMedlemsmøte hver måned, første gang 5. februar.\n"
    precisions = sorted(e.precision for e in extract_events(text))
    assert precisions == ["day", "recurring"]


def test_titles_without_list_numbers_labels_or_hedges() -> None:
    from bot.importer.titles import clean_label

    assert clean_label("1. Regjeringsprosjektet skal være et organisasjonsprosjekt") == (
        "Regjeringsprosjektet skal være et organisasjonsprosjekt"
    )
    assert clean_label("Hensikt: Gi medlemmene kunnskap") == "Gi medlemmene kunnskap"
    assert clean_label("• Skoleringsfestival    Trolig") == "Skoleringsfestival"
