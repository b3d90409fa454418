"""Every written date form the importer must read, one realistic Norwegian line each."""

from __future__ import annotations

from datetime import date

import pytest

from bot.importer import FoundEvent, extract_events

D = date


def only(text: str, year: int = 2026) -> FoundEvent:
    """The single dated event in a line."""
    events = [e for e in extract_events(text, year=year) if e.precision != "year"]
    assert len(events) == 1, events
    return events[0]


def spans(text: str, year: int = 2026) -> list[tuple[str, date | None, date | None]]:
    """(precision, start, end) of every non-year event."""
    return [
        (e.precision, e.start, e.end)
        for e in extract_events(text, year=year)
        if e.precision != "year"
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "Forslagsfristen til landsmøtet er satt til 1. desember 2026.",
            D(2026, 12, 1),
            D(2026, 12, 1),
        ),
        ("Styremøte tirsdag 1. desember.", D(2026, 12, 1), D(2026, 12, 1)),
        ("Vi holder medlemsmøte den 3. mars.", D(2026, 3, 3), D(2026, 3, 3)),
        ("Vårkampanjen går fra 25. april til 10. mai.", D(2026, 4, 25), D(2026, 5, 10)),
        ("Høstkampanjen vil gå fra 12.-20.september.", D(2026, 9, 12), D(2026, 9, 20)),
        ("Verveuke 4. mai-16. mai", D(2026, 5, 4), D(2026, 5, 16)),
        ("26.-27. januar  Grunnskolering", D(2026, 1, 26), D(2026, 1, 27)),
        ("17-18. mars   Årsmøte fylkespartiet", D(2026, 3, 17), D(2026, 3, 18)),
        ("Samling 22.-23.02 på Finnsnes", D(2026, 2, 22), D(2026, 2, 23)),
        ("Frist for påmelding 10. 02", D(2026, 2, 10), D(2026, 2, 10)),
        ("Nominasjonskomiteen møtes 05.10.2026", D(2026, 10, 5), D(2026, 10, 5)),
        ("Lederforum 8. oktober – 9. oktober", D(2026, 10, 8), D(2026, 10, 9)),
        ("Fylkesstyret samles lørdag 14. og søndag 15. november", D(2026, 11, 14), D(2026, 11, 15)),
        ("Kontingentperioden 15. jan. - 15. feb. 2027", D(2027, 1, 15), D(2027, 2, 15)),
    ],
)
def test_days_and_spans(text: str, start: date, end: date) -> None:
    event = only(text)
    assert (event.precision, event.start, event.end) == ("day", start, end)


def test_span_over_new_year_rolls_the_year() -> None:
    event = only("Vinterkampanje 1.11 – 01.04")
    assert (event.start, event.end) == (D(2026, 11, 1), D(2027, 4, 1))


def test_span_over_new_year_with_month_names() -> None:
    event = only("Juleaksjon fra 28. desember til 3. januar")
    assert (event.start, event.end) == (D(2026, 12, 28), D(2027, 1, 3))


def test_line_break_inside_a_span() -> None:
    event = only("Skoleringen går fra 3. februar til\n5. februar i Harstad.")
    assert (event.start, event.end) == (D(2026, 2, 3), D(2026, 2, 5))
    assert event.line == 1


def test_explicit_year_in_the_sentence_wins() -> None:
    event = only("I 2027 vil vårkampanjen gå fra 24. april til 9. mai.")
    assert (event.start, event.end) == (D(2027, 4, 24), D(2027, 5, 9))


def test_week_list_gives_one_event_per_week() -> None:
    assert spans("Mulige datoer: Uke 13, 14, 19.", 2022) == [
        ("week", D(2022, 3, 28), D(2022, 4, 3)),
        ("week", D(2022, 4, 4), D(2022, 4, 10)),
        ("week", D(2022, 5, 9), D(2022, 5, 15)),
    ]


def test_week_range_is_one_event() -> None:
    assert spans("Intensiv valgkamp i uke 33-36.", 2027) == [
        ("week", D(2027, 8, 16), D(2027, 9, 12)),
    ]


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        (
            "I uke 37 vil det være ett år igjen til kommunevalget.",
            2018,
            D(2018, 9, 10),
            D(2018, 9, 16),
        ),
        ("Den fine starten: uke 42.", 2022, D(2022, 10, 17), D(2022, 10, 23)),
        ("Styreseminar uke 3 og uke 5", 2026, D(2026, 1, 12), D(2026, 1, 18)),
    ],
)
def test_single_weeks(text: str, year: int, start: date, end: date) -> None:
    assert spans(text, year)[0] == ("week", start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Årsmøtesesongen i kommunepartiene starter i januar.", D(2026, 1, 1), D(2026, 1, 31)),
        ("Landsstyret i februar 2027 oversender dokumentene.", D(2027, 2, 1), D(2027, 2, 28)),
        ("Programarbeid februar–mars", D(2026, 2, 1), D(2026, 3, 31)),
        ("Skoleringsfestival i månedsskiftet mai/juni", D(2026, 5, 1), D(2026, 6, 30)),
        ("Gjennomføres i løpet av april mnd.", D(2026, 4, 1), D(2026, 4, 30)),
        ("Ringekampanje fra november 2026 til januar 2027", D(2026, 11, 1), D(2027, 1, 31)),
    ],
)
def test_months_and_month_ranges(text: str, start: date, end: date) -> None:
    event = only(text)
    assert (event.precision, event.start, event.end) == ("month", start, end)


def test_month_list_gives_one_event_per_month() -> None:
    assert spans("I juni og i oktober vil det gjennomføres nasjonale verveuker.") == [
        ("month", D(2026, 6, 1), D(2026, 6, 30)),
        ("month", D(2026, 10, 1), D(2026, 10, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("Samling høsten 2026. Avklares etter dialog.", "season", D(2026, 9, 1), D(2026, 11, 30)),
        ("Digitalt eller fysisk. Vår 2027.", "season", D(2027, 3, 1), D(2027, 5, 31)),
        ("Kartleggingen gjennomføres igjennom vinteren.", "season", D(2026, 1, 1), D(2026, 2, 28)),
        ("Ringeperiode fra kommunepartiene på våren.", "season", D(2026, 3, 1), D(2026, 5, 31)),
        ("Sommeren 2026 står stands i fokus.", "season", D(2026, 6, 1), D(2026, 8, 31)),
        ("I løpet av vårhalvåret møtes ordførerne.", "season", D(2026, 1, 1), D(2026, 6, 30)),
        ("Høsthalvåret brukes til nominasjon.", "season", D(2026, 7, 1), D(2026, 12, 31)),
        (
            "Første halvår 2027 gjennomføres valgkampskolering.",
            "season",
            D(2027, 1, 1),
            D(2027, 6, 30),
        ),
        (
            "I løpet av første kvartal i 2026 gjennomføres det grunnskolering.",
            "quarter",
            D(2026, 1, 1),
            D(2026, 3, 31),
        ),
        ("Evaluering av valgkampen i 4. kvartal.", "quarter", D(2026, 10, 1), D(2026, 12, 31)),
        ("Prioriterte oppgaver i tredje kvartal.", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
        ("Strategien legges fram på starten av 2027.", "season", D(2027, 1, 1), D(2027, 2, 28)),
    ],
)
def test_seasons_halves_and_quarters(text: str, precision: str, start: date, end: date) -> None:
    event = only(text)
    assert (event.precision, event.start, event.end) == (precision, start, end)


def test_winter_in_a_leap_year_ends_29_february() -> None:
    assert only("Vinteren 2028 brukes til kartlegging.").end == D(2028, 2, 29)


def test_season_run_and_season_list() -> None:
    assert spans("Vinter/vår 2027: valgkampskolering.") == [
        ("season", D(2027, 1, 1), D(2027, 5, 31)),
    ]
    assert spans("Vinter 2027, vår 2027.") == [
        ("season", D(2027, 1, 1), D(2027, 2, 28)),
        ("season", D(2027, 3, 1), D(2027, 5, 31)),
    ]


def test_vaar_meaning_our_is_not_a_season() -> None:
    assert spans("Vår plan for Norge skal forankres i vår politikk.") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Fylkespartiet har teamsmøte med kommunepartilederne en gang hver måned.", "FREQ=MONTHLY"),
        ("Ellers innkalles de til månedlige teamsmøter.", "FREQ=MONTHLY"),
        ("Møteserien arrangeres fire ganger i året.", "FREQ=MONTHLY;INTERVAL=3"),
        ("Møtene arrangeres jevnlig og ca. en gang annenhver uke.", "FREQ=WEEKLY;INTERVAL=2"),
        ("En fysisk samling minst en gang i året.", "FREQ=YEARLY"),
        ("Digitalt lederforum hver uke.", "FREQ=WEEKLY"),
        ("Regionmøter to ganger i året.", "FREQ=MONTHLY;INTERVAL=6"),
        ("Gjennomføres minimum 1 gang pr. halvår.", "FREQ=MONTHLY;INTERVAL=6"),
        ("Kurset bør tilbys årlig.", "FREQ=YEARLY"),
        ("Styret møtes hver tirsdag.", "FREQ=WEEKLY;BYDAY=TU"),
        ("Medlemsmøte første torsdag i måneden.", "FREQ=MONTHLY;BYDAY=1TH"),
        ("Kontingentpurring annenhver måned.", "FREQ=MONTHLY;INTERVAL=2"),
    ],
)
def test_repetitions(text: str, rule: str) -> None:
    event = only(text)
    assert (event.precision, event.recurrence, event.start, event.end) == (
        "recurring",
        rule,
        None,
        None,
    )


def test_repetition_across_a_line_break() -> None:
    event = only("Fylkespartiet kjører oppsamlingskurs minimun en gang i\n\nåret.")
    assert event.recurrence == "FREQ=YEARLY"


def test_relative_deadline_stays_relative() -> None:
    event = only(
        "Skoleringen skal gjennomføres innen tre måneder etter at de er valgt på årsmøtet."
    )
    assert event.precision == "relative"
    assert (event.start, event.end) == (None, None)
    assert event.relative_anchor == "annual_meeting"
    assert event.relative_months == 3
    assert event.kind == "deadline"


def test_relative_offset_before_an_anchor_in_weeks() -> None:
    event = only("Listeforslaget sendes to uker før nominasjonsmøtet.")
    assert (event.relative_anchor, event.relative_days) == ("nomination", -14)


@pytest.mark.parametrize("text", ["Avklares senere", "Avklares.", "Tidspunkt avklares senere."])
def test_undated(text: str) -> None:
    event = only(text)
    assert (event.precision, event.start, event.end) == ("undated", None, None)


def test_avklares_next_to_a_date_is_not_a_second_event() -> None:
    assert spans("Samling høsten 2026. Avklares") == [("season", D(2026, 9, 1), D(2026, 11, 30))]


def test_clock_times() -> None:
    assert only("Fylkesårsmøte 17. mars 2027 kl. 10.00 i Tromsø.").time is not None
    event = only("Styremøte 3. mars kl 19:30")
    assert (event.time.hour, event.time.minute) == (19, 30)  # type: ignore[union-attr]
    assert event.start == D(2026, 3, 3)


def test_clock_time_is_not_read_as_a_date() -> None:
    assert spans("Møtet starter kl. 10.10 og slutter kl. 12.00.") == []


def test_numbers_that_are_not_dates() -> None:
    assert spans("Målet er 50.000 medlemmer og 5 representanter, kurset går over 2 dager.") == []
