"""Years from titles and headings, titles, kinds, places and quotes."""

from __future__ import annotations

from datetime import date

from bot.importer import detect_plan_year, extract_events

CALENDAR = """Årsplan for Harstad Arbeiderparti

JANUAR 2021

12. Styremøte
tirsdag 19. Medlemsmøte om budsjettet

FEBRUAR 2021

Uke 6: Verveuke
Årsmøte 20. februar kl. 12.00
"""


def test_heading_year_calendar() -> None:
    events = extract_events(CALENDAR)
    found = {(e.title, e.precision, e.start, e.end) for e in events}
    assert ("Styremøte", "day", date(2021, 1, 12), date(2021, 1, 12)) in found
    assert ("Medlemsmøte om budsjettet", "day", date(2021, 1, 19), date(2021, 1, 19)) in found
    week = next(e for e in events if e.precision == "week")
    assert (week.start, week.end) == (date(2021, 2, 8), date(2021, 2, 14))
    assert week.kind == "campaign"
    meeting = next(e for e in events if e.kind == "annual_meeting")
    assert meeting.start == date(2021, 2, 20)
    assert meeting.time is not None and meeting.time.hour == 12


TWO_YEAR_PLAN = """Arbeidsplan oktober 2026 – september 2027

Kommunepartiene gjennomfører årsmøter i februar.
Nominasjonsmøtet holdes 15. november.
Valgkampen starter i uke 33.
"""


def test_plan_spanning_two_years_puts_early_months_in_the_later_year() -> None:
    events = extract_events(TWO_YEAR_PLAN)
    by_precision = {e.precision: e for e in events}
    assert by_precision["month"].start == date(2027, 2, 1)
    assert by_precision["day"].start == date(2026, 11, 15)
    assert by_precision["week"].start == date(2027, 8, 16)


def test_plan_title_with_short_end_month() -> None:
    text = "Arbeidsplan 2022 – sept 2023\n\nDigital samling i februar for digitalansvarlige.\n"
    assert detect_plan_year(text) == 2022
    (event,) = [e for e in extract_events(text) if e.precision == "month"]
    assert event.start == date(2022, 2, 1)


def test_title_period_is_not_an_event() -> None:
    text = "Arbeidsplan 2022-sept 2023\n\nStyremøte 3. mars.\n"
    assert [e.start for e in extract_events(text)] == [date(2022, 3, 3)]


def test_period_heading_dates_the_lines_below_it() -> None:
    text = "Handlingsplan for 2018\n\nHøst 2018\n\nDatoplan\n1. desember  Nominasjonsfrist\n"
    (event,) = [e for e in extract_events(text) if e.precision == "day"]
    assert event.start == date(2018, 12, 1)
    assert event.kind == "deadline"
    assert event.title == "Nominasjonsfrist"


def test_heading_dated_sections() -> None:
    text = (
        "Handlingsplan for 2018\n\nVår 2018\n\nRegionale kvinnesamlinger\n"
        "Det arrangeres regionale samlinger for kvinnelige ordførere.\n\n"
        "Årsmøter\nVi arrangerer fylkesårsmøtet i mars.\n"
    )
    events = extract_events(text)
    heading_dated = [e for e in events if e.note.startswith("HEADING-DATED:")]
    assert [(e.title, e.start, e.end) for e in heading_dated] == [
        ("Regionale kvinnesamlinger", date(2018, 3, 1), date(2018, 5, 31))
    ]
    assert heading_dated[0].quote == "Vår 2018"


def test_dated_line_over_a_bullet_list_gives_one_event_per_bullet() -> None:
    text = (
        "Plan for 2026\n\nPrioriterte oppgaver i første kvartal\n\n"
        "• Grunnskolering fase 1\n\n• Årsmøter i kommunepartiene\n\nNeste avsnitt.\n"
    )
    events = [e for e in extract_events(text) if e.precision == "quarter"]
    assert [(e.title, e.kind) for e in events] == [
        ("Grunnskolering fase 1", "training"),
        ("Årsmøter i kommunepartiene", "annual_meeting"),
    ]


def test_year_argument_overrides_the_title() -> None:
    text = "Arbeidsplan for 2026\n\nStyremøte 3. mars.\n"
    assert extract_events(text, year=2030)[0].start == date(2030, 3, 3)


def test_detect_plan_year() -> None:
    assert (
        detect_plan_year("Årsmøtesak 4/2026\nTroms Arbeiderparti sin arbeidsplan\nfor 2026-2027")
        == 2026
    )
    assert detect_plan_year(" Partiets handlingsplan for 2018 \n") == 2018
    assert detect_plan_year("Ingen årstall her.") is None


def test_past_mentions_are_left_out() -> None:
    text = "Arbeidsplan for 2026\n\nErfaringene fra høsten 2023 viser dette. Samling 4. mai.\n"
    assert [(e.precision, e.start) for e in extract_events(text)] == [("day", date(2026, 5, 4))]


def test_title_kind_locations_quote_and_line() -> None:
    text = (
        "Arbeidsplan for 2026\n\nGrunnskolering\n"
        "I løpet av første kvartal i 2026 gjennomføres det grunnskolering. Skoleringene legges\n"
        "ut digitalt, og som fysiske samlinger i Nordreisa, Tromsø, Finnsnes og Harstad.\n"
    )
    (event,) = extract_events(text)
    assert event.kind == "training"
    assert event.locations == ("Nordreisa", "Tromsø", "Finnsnes", "Harstad")
    assert event.quote == "I løpet av første kvartal i 2026 gjennomføres det grunnskolering."
    assert event.line == 4
    assert event.quote in text.splitlines()[event.line - 1]


def test_two_deadlines_on_one_datoplan_row() -> None:
    events = extract_events(
        "1. desember  Nominasjonsfrist og forslagsfrist til landsmøtet", year=2026
    )
    assert [e.title for e in events] == ["Nominasjonsfrist", "Forslagsfrist til landsmøtet"]
    assert {e.kind for e in events} == {"deadline"}


def test_kind_keywords() -> None:
    def kind(text: str) -> str:
        return extract_events(text, year=2026)[0].kind

    assert kind("Verveuke 4. mai-16. mai") == "campaign"
    assert kind("Lederkurs 3. mars") == "training"
    assert kind("Landsmøtet 20. april") == "conference"
    assert kind("Fylkesstyremøte 3. mars") == "meeting"
    assert kind("Fylkesårsmøte 3. mars") == "annual_meeting"
    assert kind("Sommerfest 20. juni") == "other"


def test_repeated_mention_in_a_summary_table_is_merged() -> None:
    text = (
        "Plan for 2022\n\nDigitale verktøy\nKurs for digitalansvarlige.\nUke 13, 19.\n\n"
        "Fremdrift\n\nDigitale verktøy\n(digitalansvarlige)\nUke 13, 19.\n"
    )
    weeks = [e for e in extract_events(text) if e.precision == "week"]
    assert [e.line for e in weeks] == [5, 5]


def test_every_quote_is_verbatim_from_its_line() -> None:
    for text in (CALENDAR, TWO_YEAR_PLAN):
        lines = text.splitlines()
        for event in extract_events(text):
            assert event.quote in lines[event.line - 1]
