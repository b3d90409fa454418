"""Issue 10, round seventeen: an explicit year is never moved by a goal or a title, and the
classes round sixteen's held-out set showed, each by a small text of its own (not a line of the
corpus) (tests/data/plans/SOURCES.md, "Round seventeen")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, found


def starts(text: str, year: int | None = None) -> list[tuple[date | None, date | None]]:
    return [(e.start, e.end) for e in found(text, year)]


# --- an explicit year is never moved; a budget's span of years is no one goal year -----------


def test_a_budgets_span_of_years_in_words_is_no_plan_year_and_a_written_day_stays() -> None:
    text = (
        "Økonomiplan 2031 til 2034\n\n"
        "Kommunedirektøren la fram forslaget 3. november 2031 og det var folkemøte 10. november.\n"
    )
    assert starts(text) == [day(2031, 11, 3), day(2031, 11, 10)]


def test_a_bare_day_after_an_explicit_date_in_its_sentence_takes_that_year() -> None:
    text = "Møteplan 2032\n\nFormannskapet møtes 3. desember 2031 og kommunestyret 15. desember.\n"
    assert starts(text) == [day(2031, 12, 3), day(2031, 12, 15)]


def test_a_day_written_with_its_year_in_a_told_sentence_dates_the_plan_over_a_budget_goal() -> None:
    text = (
        "Økonomiplan 2031-2034\n\n"
        "Forslaget ble lagt fram 3. november 2031.\n\n"
        "Kommunestyret vedtar budsjettet i uke 50.\n"
    )
    assert [e.start for e in found(text)] == [date(2031, 11, 3), date(2031, 12, 8)]


def test_a_budget_process_with_no_written_day_still_runs_the_autumn_before() -> None:
    text = (
        "Forslag til årsbudsjett 2031 og økonomiplan 2031 til 2034\n\n"
        "4. nov - formannskapet drøfter forslaget\n\n"
        "9. des - kommunestyret vedtar budsjettet\n"
    )
    assert starts(text) == [day(2030, 11, 4), day(2030, 12, 9)]


def test_an_explicit_day_long_before_a_titles_year_is_kept_as_written() -> None:
    text = "Møteplan 2034\n\nStyret møtes 3. november 2031 og 10. november.\n\nÅrsmøte 4. mars.\n"
    assert starts(text) == [day(2031, 11, 3), day(2031, 11, 10), day(2034, 3, 4)]


# --- a nomination for an election in year Y, its dates without a year, runs in Y-1 -----------


def test_a_nomination_to_the_election_list_named_by_its_year_runs_the_autumn_before() -> None:
    text = (
        "Nominasjon til fylkestingslista 2031\n\n"
        "• 01.06 Frist for forslag på kandidater\n"
        "• 14.10 Innstillingen offentliggjøres\n"
        "• 12.11 Nominasjonsmøte\n"
    )
    assert starts(text) == [day(2030, 6, 1), day(2030, 10, 14), day(2030, 11, 12)]


def test_a_nomination_for_the_term_the_election_opens_runs_the_autumn_before() -> None:
    text = (
        "Nominasjon for perioden 2031-2035\n\n"
        "Forslag på kandidater sendes innen 1.9. Nominasjonsmøtet holdes 20. november.\n"
    )
    assert starts(text) == [day(2030, 9, 1), day(2030, 11, 20)]


def test_a_board_elected_for_a_term_is_no_election_goal() -> None:
    text = "Årsmøte for perioden 2031-2033\n\nÅrsmøtet holdes 12. mars.\n"
    assert starts(text) == [day(2031, 3, 12)]


# --- a season told by its first and last day is one span -----------------------------------


def test_a_season_told_by_its_first_and_last_day_is_one_span() -> None:
    text = "Terminliste 2031\n\nHøstsesongen starter onsdag 6. august og avsluttes onsdag 24. september.\n"
    assert starts(text) == [(date(2031, 8, 6), date(2031, 9, 24))]


def test_two_days_joined_by_og_alone_stay_two_days() -> None:
    text = "Terminliste 2031\n\nKlubbmesterskap onsdag 6. august og onsdag 24. september.\n"
    assert starts(text) == [day(2031, 8, 6), day(2031, 9, 24)]


# --- a page's date above a heading naming its year alone: the plan is that year -------------


def test_a_pages_date_above_a_heading_of_its_year_leaves_the_spring_in_that_year() -> None:
    text = (
        "14. november 2031\n\n"
        "Kveldsløpene 2031\n\n"
        "  1. Fredag 2. mai: Skogen\n"
        "  2. Onsdag (!) 21. mai: Skolen\n"
        "  3. Fredag 13. juni: Vollen\n"
        "  4. Fredag 29. august: Lysløypa\n"
    )
    assert [e.start for e in found(text) if e.start != date(2031, 11, 14)] == [
        date(2031, 5, 2),
        date(2031, 5, 21),
        date(2031, 6, 13),
        date(2031, 8, 29),
    ]


def test_a_pages_date_with_no_year_below_it_still_puts_a_month_well_before_it_next_year() -> None:
    text = "14. november 2031\n\nNytt fra styret\n\nÅrsmøtet holdes 12. mars.\n"
    assert [e.start for e in found(text)][-1] == date(2032, 3, 12)


# --- a title of capitalised words naming a season and its year is the plan's period ---------


def test_a_title_of_capitalised_words_and_a_season_is_the_plans_period_not_an_event() -> None:
    text = (
        "FOREDRAG & TURER VÅREN 2031\n\n"
        "Velkommen til foredrag hver onsdag.\n\n"
        "Ons 15. jan. Foredrag om fugler\n"
    )
    assert [(e.precision, e.start) for e in found(text) if e.start] == [("day", date(2031, 1, 15))]


def test_a_repeated_page_title_with_a_comma_and_a_season_is_no_event() -> None:
    text = (
        "Trosopplæringstiltak, Våren 2031\n\n"
        "Trosopplæringstiltak, Våren 2031\n\n"
        "Lys våken: 22.03.2031\n"
    )
    assert [(e.precision, e.start) for e in found(text) if e.start] == [("day", date(2031, 3, 22))]


# --- a gathering of several days named again, in other words, is one event ------------------


def test_a_gathering_of_several_days_named_three_times_is_one_event() -> None:
    text = (
        "Landsmøte 2031\n\n"
        "Forbundets landsmøte arrangeres 4.-6. april 2031 i Tromsø.\n\n"
        "Påmeldingsfrist 1. mars.\n\n"
        "4.-6. april kommer 200 delegater fra hele landet til Tromsø.\n\n"
        "4. apr, kl. 12:00 — 6. apr, kl. 14:00, Kulturhuset\n"
    )
    assert starts(text) == [(date(2031, 4, 4), date(2031, 4, 6)), day(2031, 3, 1)]


def test_two_gatherings_on_one_weekend_in_one_list_stay_two() -> None:
    text = "Samlinger 2031\n\n• Lederkurs 4.-5. oktober\n• Ungdomssamling 4.-5. oktober\n"
    assert len(found(text)) == 2


# --- a plan's title naming days names the gathering its programme is for --------------------


def test_days_in_a_programmes_title_are_the_gathering_it_is_for() -> None:
    text = (
        "Program Fylkesårsmøte 7.-9. mars 2031\n\n"
        "Fredag 7. mars 2031:\n"
        "18.00 Registrering\n\n"
        "Lørdag 8. mars 2031:\n"
        "09.00 Årsmøtet opnar\n"
    )
    assert (date(2031, 3, 7), date(2031, 3, 9)) in starts(text)


def test_a_month_in_a_plans_title_is_its_period_not_an_event() -> None:
    text = "Møteplan mars 2031\n\nStyremøte 4. mars.\n"
    assert starts(text) == [day(2031, 3, 4)]


def test_a_councils_meeting_plan_for_the_term_is_no_election_goal() -> None:
    text = "Møteplan for valgperioden 2031-2035\n\nKommunestyret 16. oktober.\n"
    assert starts(text) == [day(2031, 10, 16)]


def test_a_term_named_alone_after_the_election_is_no_goal() -> None:
    text = "Valgperioden 2031-2035\n\nKonstituerende møte i kommunestyret 16. oktober.\n"
    assert starts(text) == [day(2031, 10, 16)]


def test_a_day_in_a_plans_title_that_names_no_gathering_is_no_event() -> None:
    text = "Møteplan 2031 – oppdatert 12. mars 2031\n\nStyremøte 4. april.\n"
    assert starts(text) == [day(2031, 4, 4)]


# --- two seasons in one sentence, with no year, tell what happens every year ----------------


def test_two_seasons_told_as_a_habit_are_no_events() -> None:
    text = (
        "Konfirmasjon 2031\n\n"
        "Vi har samlinger både på våren og på høsten.\n\n"
        "Kullet starter på høsten og konfirmeres om våren.\n\n"
        "Første samling 3. september.\n"
    )
    assert starts(text) == [day(2031, 9, 3)]


def test_one_season_of_the_plan_is_still_an_event() -> None:
    text = "Arbeidsplan 2031\n\nOppfølging av kommunepartiene på våren.\n"
    assert [e.precision for e in found(text)] == ["season"]


# --- the month or season the page is written in ('Nå er august her') is no event ------------


def test_the_month_or_season_the_page_is_written_in_is_no_event() -> None:
    text = (
        "Korpset høsten 2031\n\n"
        "Nå er august her, og vi ønsker velkommen tilbake.\n\n"
        "Nå i slutten av august har styret lagt planen.\n\n"
        "Mange har savnet dansen etter den lange pausen no i vår.\n\n"
        "Første øvelse blir tirsdag 19. august.\n"
    )
    assert starts(text) == [day(2031, 8, 19)]


def test_a_month_after_now_that_names_a_plan_item_with_a_day_keeps_the_day() -> None:
    text = "Program 2031\n\nNå i september starter vi opp igjen: første møte 9. september.\n"
    assert day(2031, 9, 9) in starts(text)


# --- a menu's link naming last year above the page's title naming this year ----------------


def test_a_link_naming_last_year_above_the_title_gives_way_to_the_title() -> None:
    text = (
        "Fylkesårsmøtet 2030\n\n"
        "Fylkesårsmøtene 2031\n\n"
        "I år starter det med Nordland 14.-15. februar.\n"
    )
    assert starts(text) == [(date(2031, 2, 14), date(2031, 2, 15))]


def test_a_title_above_a_link_naming_last_year_keeps_its_year() -> None:
    text = "Fylkesårsmøte Nordland 2031\n\nFylkesårsmøte 2030\n\nÅrsmøtet holdes 14.-15. februar.\n"
    assert starts(text) == [(date(2031, 2, 14), date(2031, 2, 15))]
