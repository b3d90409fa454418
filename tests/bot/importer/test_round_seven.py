"""Failure classes of issue 10, round seven: general rules, each by a small text of its own (not
a line of the corpus)."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def days(text: str, year: int | None = None) -> list[tuple[date | None, str]]:
    return [(e.start, e.title) for e in extract_events(text, year=year, today=TODAY) if e.start]


# --- days whose weekdays fall in the year next to the guessed one ----------------------------


def test_days_whose_weekdays_fit_the_next_year_move_there() -> None:
    # the page names only the coming election; 13 Jan and 10 Feb are Tuesdays in 2026, not 2027
    text = (
        "Lokallaget fram mot valget i 2027\n\n"
        "Tirsdag 13. januar: Styremøte\n"
        "Tirsdag 10. februar: Medlemsmøte\n"
    )
    assert days(text) == [
        (date(2026, 1, 13), "Styremøte"),
        (date(2026, 2, 10), "Medlemsmøte"),
    ]


def test_one_weekday_that_fits_another_year_is_a_slip() -> None:
    # 17 May 2026 is a Sunday; 'Lørdag' fits 2025 only, and one day alone does not move the year
    text = "Vårprogram 2026\n\nTirsdag 14. april: Styremøte\nLørdag 17. mai: Tog\n"
    assert [start for start, _title in days(text)] == [date(2026, 4, 14), date(2026, 5, 17)]


def test_a_year_given_by_the_person_is_kept_whatever_the_weekdays() -> None:
    text = "Møteplan\n\nTirsdag 13. januar: Styremøte\nTirsdag 10. februar: Medlemsmøte\n"
    assert [start for start, _title in days(text, year=2027)] == [
        date(2027, 1, 13),
        date(2027, 2, 10),
    ]


# --- an event told again on another line ---------------------------------------------------


def test_a_list_the_page_repeats_is_one_event_per_day() -> None:
    text = (
        "Planleggingsdager 2026:\n"
        "Fredag 14. august\n"
        "Fredag 13. november\n"
        "Barnehagen er stengt disse dagene.\n"
        "Planleggingsdager 2026:\n"
        "Fredag 14. august\n"
        "Fredag 13. november\n"
    )
    assert [start for start, _title in days(text)] == [date(2026, 8, 14), date(2026, 11, 13)]


def test_an_event_named_again_in_its_own_words_is_one_event() -> None:
    text = (
        "Vårprogram 2026\n\n"
        "Uken etter (9. – 15. mars) har vi følgende arrangementer:\n"
        "• Gudstjeneste søndag klokka 11.00 – 12.00\n"
        "• Årsmøte lørdag klokka 12.00 – 13.30\n\n"
        "Lørdag 14. mars klokka 12.00 blir det årsmøte.\n"
    )
    assert days(text) == [(date(2026, 3, 15), "Gudstjeneste"), (date(2026, 3, 14), "Årsmøte")]


def test_two_meetings_on_one_day_on_their_own_lines_stay_apart() -> None:
    text = "Møteplan 2026\n\nFormannskap 10. mars\nKontrollutvalg 10. mars\n"
    assert days(text) == [
        (date(2026, 3, 10), "Formannskap"),
        (date(2026, 3, 10), "Kontrollutvalg"),
    ]


# --- one word shared by two ('Styre- og gruppemøte') --------------------------------------


def test_two_words_sharing_their_last_part_name_one_meeting() -> None:
    text = "Høstprogram 2026\n\nMan. 14. september: Styre- og gruppemøte\n"
    assert days(text) == [(date(2026, 9, 14), "Styre- og gruppemøte")]


def test_two_events_joined_by_og_stay_two() -> None:
    text = "Landsmøte 2026\n\n1. mars: Nominasjonsfrist og forslagsfrist til landsmøtet\n"
    assert len(days(text)) == 2
