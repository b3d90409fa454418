"""Failure classes of issue 10, round thirteen: over-reading and under-reading in the documents
still below 0.7 with the year answered, each rule by a small text of its own (not a line of the
corpus), kept only where the fold by organisation it was not found in gained or held
(tests/data/plans/SOURCES.md, "Round thirteen")."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def events(text: str, year: int | None = None) -> list[tuple[date | None, date | None, str]]:
    found = extract_events(text, year=year, today=TODAY)
    return [(e.start, e.end, e.title) for e in found if e.start]


# --- a bullet dated by itself is no lead line for the bullets after it ------------------------


def test_sibling_bullets_each_dated_by_themselves_are_not_items_of_the_first() -> None:
    text = (
        "Terminliste 2027\n\n- Sesongstart uke 2\n- Klubbmesterskap uke 5\n- Avslutning 14. mars\n"
    )
    assert events(text) == [
        (date(2027, 1, 11), date(2027, 1, 17), "Sesongstart"),
        (date(2027, 2, 1), date(2027, 2, 7), "Klubbmesterskap"),
        (date(2027, 3, 14), date(2027, 3, 14), "Avslutning"),
    ]


def test_a_branch_with_only_a_month_is_one_event_among_its_siblings() -> None:
    text = (
        "Årsmøter i lokallagene 2027\n\n"
        " • Nordlaget: Mars\n"
        " • Sørlaget: 12. februar\n"
        " • Vestlaget: 4. mars\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 3, 1), date(2027, 3, 31)),
        (date(2027, 2, 12), date(2027, 2, 12)),
        (date(2027, 3, 4), date(2027, 3, 4)),
    ]


def test_bullets_nested_under_a_dated_bullet_are_its_items() -> None:
    text = (
        "Plan 2027\n\n"
        "- Vårkampanje i mars\n"
        "    - Stand på torget\n"
        "    - Dør-til-dør\n"
        "- Sommeravslutning 20. juni\n"
    )
    assert events(text) == [
        (date(2027, 3, 1), date(2027, 3, 31), "Stand på torget"),
        (date(2027, 3, 1), date(2027, 3, 31), "Dør-til-dør"),
        (date(2027, 6, 20), date(2027, 6, 20), "Sommeravslutning"),
    ]


# --- the lines under a day of its own are that day's entry, not undated sections --------------


def test_headings_under_a_full_date_are_that_days_entry_not_month_events() -> None:
    text = (
        "Årsplan 2027\n\n"
        "Mars\n\n"
        "Lørdag\n\n"
        "13.03.2027\n\n"
        "VÅRMØTE\n\n"
        "Foredrag om hagebruk og kaffe.\n\n"
        "Servering\n\n"
        "Styret og alle medlemmer hjelper til.\n\n"
        "April\n\n"
        "Søke om kulturmidler\n"
        "Få inn midler til drift.\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 3, 13), date(2027, 3, 13)),
        (date(2027, 4, 1), date(2027, 4, 30)),
    ]


def test_a_row_after_a_day_of_the_month_heading_is_still_dated_by_the_month() -> None:
    text = (
        "Årsplan 2027\n\n"
        "Mars\n\n"
        "1.\n\n"
        "Frist for prosjektvalg\n\n\n\n"
        "Instruktørkurs del 3\n"
        "Holdes i Bodø for hele fylket.\n\n"
        "April\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 3, 1), date(2027, 3, 1)),
        (date(2027, 3, 1), date(2027, 3, 31)),
    ]


# --- an annual meeting named with its year dates the programme -------------------------------


def test_the_county_annual_meeting_named_with_its_year_gives_the_programme_its_year() -> None:
    text = (
        "Fylkesårsmøte 6.-7. mars på hotellet.\n\n"
        "Saksliste:\n" + "".join(f"{n}. Sak nummer {n}.\n" for n in range(1, 13)) + "\nProgram:\n\n"
        "6. mars:\n"
        "11.00 Opning av fylkesårsmøtet 2025.\n"
        "13.00 Lunsj.\n"
    )
    assert (date(2025, 3, 6), date(2025, 3, 7)) in [(s, e) for s, e, _t in events(text)]


# --- days named rather than numbered, dated by the holidays library ---------------------------


def test_named_days_take_their_date_in_the_plans_year_from_the_holiday_calendar() -> None:
    text = (
        "Barnehageruta 2027\n\n"
        "• Skjærtorsdag: stengt\n"
        "• Stengt 2. påskedag\n"
        "• Kr. himmelfartsdag – fri\n"
        "• 2.pinsedag: stengt\n"
        "• Julaften: stengt\n"
    )
    assert [s for s, _e, _t in events(text)] == [
        date(2027, 3, 25),
        date(2027, 3, 29),
        date(2027, 5, 6),
        date(2027, 5, 17),
        date(2027, 12, 24),
    ]


def test_a_named_day_beside_its_date_or_counted_from_is_no_day_of_its_own() -> None:
    text = (
        "Skolerute 2027\n\n"
        "• 2. pinsedag mandag 17. mai\n"
        "• Stengt onsdag før skjærtorsdag\n"
        "• Pinsetur med telt 14.-16. mai\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 5, 17), date(2027, 5, 17)),
        (date(2027, 5, 14), date(2027, 5, 16)),
    ]


# --- a number joined to the one before it by a dash starts no span of days --------------------


def test_a_law_section_before_a_date_is_no_first_day_of_a_span() -> None:
    text = (
        "Valgfrister 2027\n\n"
        "• Klage over valget ref valgloven § 13-2 – 16. september\n"
        "• Tilbakekalling av listeforslag ref valgloven §6-8 – 7. juni\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 9, 16), date(2027, 9, 16)),
        (date(2027, 6, 7), date(2027, 6, 7)),
    ]


def test_hours_after_a_day_are_no_first_day_of_a_span_to_the_next_date() -> None:
    text = "Program 2027\n\nKurs onsdag 24. februar 19-20 og tirsdag 2. mars 12-13.\n"
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 2, 24), date(2027, 2, 24)),
        (date(2027, 3, 2), date(2027, 3, 2)),
    ]


# --- a count at the turn of the year is for the year after it --------------------------------


def test_a_count_at_31_december_dates_the_page_in_the_year_after() -> None:
    text = (
        "Landsmøte\n\n"
        "Landsmøtet avholdes 23.–25. oktober i Oslo.\n"
        "Utsendingene fordeles etter antall betalende medlemmer per 31. desember 2025.\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [(date(2026, 10, 23), date(2026, 10, 25))]


# --- a half-year with its year is the plan's term, not an event -------------------------------


def test_a_half_year_with_its_year_is_the_term_of_the_plan_not_an_event() -> None:
    text = (
        "Følgende møtedatoer er fastsatt for 1. halvår 2027:\n\n"
        "• Styremøte 12. januar\n"
        "• Årsmøte 9. mars\n\n"
        "Planlegging av høsthalvåret 2027.\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 1, 12), date(2027, 1, 12)),
        (date(2027, 3, 9), date(2027, 3, 9)),
    ]


def test_a_half_year_named_without_a_year_in_a_sentence_is_still_a_time_of_the_plan() -> None:
    text = "Arbeidsplan 2027\n\nI løpet av vårhalvåret møtes ordførerne og fylkesstyret.\n"
    assert [(s, e) for s, e, _t in events(text)] == [(date(2027, 1, 1), date(2027, 6, 30))]


# --- a trip from the day it leaves to the day it is back ---------------------------------------


def test_departure_and_return_are_one_trip() -> None:
    text = (
        "Program 2027\n\n"
        "Sommerens tur går til Røros. Avreise fra Tromsø den 10. august – retur den 14.\n"
        "Fjelltur: avreise 3. september og retur 5. september.\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2027, 8, 10), date(2027, 8, 14)),
        (date(2027, 9, 3), date(2027, 9, 5)),
    ]


# --- a gathering named in the title by its month is what the page leads up to -----------------


def test_a_title_naming_a_gatherings_month_keeps_the_months_before_it_in_its_year() -> None:
    text = (
        "Landsmøte i november 2025\n\n"
        "Landsmøtet arrangeres 3.-7. november.\n"
        "Forslag til kandidater sendes via en løsning som åpner i løpet av mars.\n"
    )
    assert [(s, e) for s, e, _t in events(text)] == [
        (date(2025, 11, 3), date(2025, 11, 7)),
        (date(2025, 3, 1), date(2025, 3, 31)),
    ]
