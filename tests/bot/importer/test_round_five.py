"""Failure classes of issue 10, round five: classes seen in at least three documents of
different organisations, each by a small text of its own (not a line of the corpus)."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year, today=TODAY)]


# --- a week written beside a day restates it -------------------------------------------------


def test_a_week_right_after_or_before_a_day_restates_it_and_the_day_wins() -> None:
    text = (
        "Terminliste 2025\n\n"
        "Cupfinale lørdag 13. september uke 37\n"
        "Uke 41 – Onsdag 8. oktober: Styremøte\n"
        "Julebord: fredag 5. til lørdag 6. desember (i uke 49)\n"
        "Sesongslutt 14. desember Uke 52\n"  # disagrees: the written day still wins
    )
    assert spans(text) == [
        ("day", date(2025, 9, 13), date(2025, 9, 13)),
        ("day", date(2025, 10, 8), date(2025, 10, 8)),
        ("day", date(2025, 12, 5), date(2025, 12, 6)),
        ("day", date(2025, 12, 14), date(2025, 12, 14)),
    ]


def test_a_week_with_words_of_its_own_between_it_and_a_day_stays_an_event() -> None:
    text = "Terminliste 2025\n\nUke 40 | Høstferie, og foreldremøte 2. oktober\n"
    assert spans(text) == [
        ("week", date(2025, 9, 29), date(2025, 10, 5)),
        ("day", date(2025, 10, 2), date(2025, 10, 2)),
    ]


# --- a yearly rule names when in every year, not a date of this year -------------------------


def test_a_yearly_rule_with_a_month_is_a_series_without_a_date_of_its_own() -> None:
    text = (
        "Aktivitetsplan 2025\n\n"
        "Laget holder medlemsmøte hvert år i oktober.\n"
        "Styret legger fram budsjettet innen utgangen av november hvert år.\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.precision, e.start, e.recurrence) for e in events] == [
        ("recurring", None, "FREQ=YEARLY;BYMONTH=10"),
        ("recurring", None, "FREQ=YEARLY;BYMONTH=11"),
    ]


def test_a_repetition_within_a_season_is_still_bounded_by_it() -> None:
    (event,) = extract_events("Plan 2025\n\nØving annenhver uke gjennom våren.\n", today=TODAY)
    assert (event.start, event.end) == (date(2025, 3, 1), date(2025, 5, 31))


# --- a two-year plan whose dates start in the autumn is a school or season year ---------------


def test_two_years_over_dates_starting_in_the_autumn_put_the_spring_in_the_second() -> None:
    text = (
        "2030-2031\n\n"
        "Oppstart mandag 19. august\n"
        "Julekonsert 12. desember\n"
        "Vinterferie uke 9\n"
        "Avslutning 19. juni\n"
    )
    assert spans(text) == [
        ("day", date(2030, 8, 19), date(2030, 8, 19)),
        ("day", date(2030, 12, 12), date(2030, 12, 12)),
        ("week", date(2031, 2, 24), date(2031, 3, 2)),
        ("day", date(2031, 6, 19), date(2031, 6, 19)),
    ]


def test_two_years_over_dates_starting_in_the_winter_keep_their_january() -> None:
    text = "Handlingsplan 2030 - 2031\n\nÅrsmøte 20. februar\nValgkamp fra 1. august\n"
    assert spans(text) == [
        ("day", date(2030, 2, 20), date(2030, 2, 20)),
        ("day", date(2030, 8, 1), date(2030, 8, 1)),
    ]


def test_a_half_year_or_season_with_its_year_dates_the_days_after_it_in_its_sentence() -> None:
    text = (
        "Kursdager Høsthalvåret 2031: mandag 6. oktober og tirsdag 2. desember "
        "Vårhalvåret 2032: onsdag 14. januar og fredag 7. mai"
    )
    assert spans(text) == [
        ("day", date(2031, 10, 6), date(2031, 10, 6)),
        ("day", date(2031, 12, 2), date(2031, 12, 2)),
        ("day", date(2032, 1, 14), date(2032, 1, 14)),
        ("day", date(2032, 5, 7), date(2032, 5, 7)),
    ]


def test_a_yearless_calendar_starting_in_the_autumn_puts_its_spring_after_the_given_year() -> None:
    text = (
        "September | Foreldremøte: tirsdag 9. september |\n"
        "November | Ingen fridager |\n"
        "Januar | Første dag etter jul: mandag 5. januar |\n"
        "Mai | Fridag: lørdag 15. mai |\n"
    )
    assert [s for s in spans(text, year=2031) if s[0] == "day"] == [
        ("day", date(2031, 9, 9), date(2031, 9, 9)),
        ("day", date(2032, 1, 5), date(2032, 1, 5)),
        ("day", date(2032, 5, 15), date(2032, 5, 15)),
    ]


def test_a_yearless_page_starting_in_the_spring_keeps_the_given_year() -> None:
    text = "Årsmøte mandag 10. mars\nSommerfest fredag 20. juni\n"
    assert spans(text, year=2031) == [
        ("day", date(2031, 3, 10), date(2031, 3, 10)),
        ("day", date(2031, 6, 20), date(2031, 6, 20)),
    ]


# --- days of one month joined: pairs, alternatives, lists without commas ----------------------


def test_days_of_one_month_joined_by_og_eller_or_listed_without_commas() -> None:
    text = (
        "Plan 2031\n\n"
        "3. og 4.09: Kursdager\n"  # two days that follow each other: one span
        "Innlevering: tirsdag 14. eller torsdag 16. oktober\n"  # alternatives: two days
        "Fridager i mai: 1. 16. 17. og 29. mai\n"  # a list without commas
    )
    assert spans(text) == [
        ("day", date(2031, 9, 3), date(2031, 9, 4)),
        ("day", date(2031, 10, 14), date(2031, 10, 14)),
        ("day", date(2031, 10, 16), date(2031, 10, 16)),
        ("day", date(2031, 5, 1), date(2031, 5, 1)),
        ("day", date(2031, 5, 16), date(2031, 5, 17)),
        ("day", date(2031, 5, 29), date(2031, 5, 29)),
    ]


def test_a_season_with_its_year_turns_the_year_for_a_month_after_new_year() -> None:
    text = "Høsten 2031 blir det kurs 3. oktober og 5. januar.\n"
    assert spans(text) == [
        ("day", date(2031, 10, 3), date(2031, 10, 3)),
        ("day", date(2032, 1, 5), date(2032, 1, 5)),
    ]
