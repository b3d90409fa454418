"""Failure classes of issue 10, round eleven: the structure of a document (a notice that moves
an event, a list of days in one sentence, an item restated, a list running into the next year),
each rule by a small text of its own (not a line of the corpus), kept only where the fold by
organisation it was not found in gained or held (tests/data/plans/SOURCES.md, "Round eleven")."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def days(text: str, year: int | None = None) -> list[tuple[date | None, date | None]]:
    return [(e.start, e.end) for e in extract_events(text, year=year, today=TODAY) if e.start]


# --- the dates a notice moves an event from are no events ------------------------------------


def test_a_postponement_from_one_span_to_another_keeps_only_the_new_span() -> None:
    text = "Partiet utsetter årsmøtet fra 3.-4. mai 2026 til 17.-18. mai 2026.\n"
    assert days(text) == [(date(2026, 5, 17), date(2026, 5, 18))]


def test_a_date_moved_between_the_verb_and_til_is_no_event() -> None:
    text = "Derfor utsettes også landsstyret 6.-7. mars til 20.-21. mars 2026.\n"
    assert days(text) == [(date(2026, 3, 20), date(2026, 3, 21))]


def test_a_meeting_postponed_to_a_day_is_that_day() -> None:
    # the day after 'utsatt til' is the new one, not one given up
    assert days("Styremøtet er utsatt til 20. mars 2026.\n") == [
        (date(2026, 3, 20), date(2026, 3, 20))
    ]


# --- a bare list of days in one sentence -------------------------------------------------------


def test_closed_day_month_pairs_are_a_list_without_an_og() -> None:
    # a bracket interrupts the list before its 'og': the pairs before it are days too
    text = "Gruppemøtene er 29.1., 19.3., 7.5. (1.5 er fridag) 4.6. og 12.11.\n"
    assert days(text, year=2026) == [
        (date(2026, 1, 29), date(2026, 1, 29)),
        (date(2026, 3, 19), date(2026, 3, 19)),
        (date(2026, 5, 7), date(2026, 5, 7)),
        (date(2026, 6, 4), date(2026, 6, 4)),
        (date(2026, 11, 12), date(2026, 11, 12)),
    ]


def test_a_list_of_closed_pairs_ends_without_an_og_and_keeps_its_subject() -> None:
    events = extract_events("Møtedatoer: 30.1., 20.3., 4.4.\n", year=2026, today=TODAY)
    assert [(e.start, e.title) for e in events] == [
        (date(2026, 1, 30), "Møtedatoer (30. januar)"),
        (date(2026, 3, 20), "Møtedatoer (20. mars)"),
        (date(2026, 4, 4), "Møtedatoer (4. april)"),
    ]


def test_section_numbers_without_closing_dots_are_no_list() -> None:
    assert days("Se punkt 2.1, 2.2, 2.3 i vedtektene.\n", year=2026) == []


# --- an item restated by a line with no words of its own is one event --------------------------


def test_a_bare_list_item_restating_a_header_line_is_one_event() -> None:
    text = (
        "Neste: Styremøte tirsdag 28. april 2026\n\n"
        "Møteplan for 2026:\n\n"
        "  • tirsdag 28. april 19.00\n"
        "  • tirsdag 9. juni 19.00\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.start, e.title) for e in events] == [
        (date(2026, 4, 28), "Neste: Styremøte"),
        (date(2026, 6, 9), "Møteplan for 2026"),
    ]


def test_two_bare_days_under_different_subjects_stay_apart() -> None:
    # each date line has its subject on the line below: two things on one day
    text = (
        "11. mars\n\nVarsel til foreningene\n\n"
        "11. mars 2026\n\nSittende representanter tilskrives\n"
    )
    assert days(text) == [
        (date(2026, 3, 11), date(2026, 3, 11)),
        (date(2026, 3, 11), date(2026, 3, 11)),
    ]


# --- a list in date order that runs into the next year without saying so ------------------------


def test_a_month_after_the_autumn_before_a_later_year_is_in_that_year() -> None:
    text = (
        "Styremøte 16. mars 2026\n\n"
        "Møteplan for resten av året:\n\n"
        "  • tirsdag 28. april\n"
        "  • fredag 20. november\n"
        "  • Ett møte i slutten av januar\n"
        "  • Årsmøte 13. mars 2027\n"
    )
    assert days(text) == [
        (date(2026, 3, 16), date(2026, 3, 16)),
        (date(2026, 4, 28), date(2026, 4, 28)),
        (date(2026, 11, 20), date(2026, 11, 20)),
        (date(2027, 1, 1), date(2027, 1, 31)),
        (date(2027, 3, 13), date(2027, 3, 13)),
    ]


def test_a_list_out_of_order_with_no_later_year_written_keeps_the_plans_year() -> None:
    text = "Møteplan 2026\n\n  • fredag 20. november\n  • Medlemsmøte i januar\n"
    assert days(text) == [
        (date(2026, 11, 20), date(2026, 11, 20)),
        (date(2026, 1, 1), date(2026, 1, 31)),
    ]
