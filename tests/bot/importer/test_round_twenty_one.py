"""Issue 10, round twenty-one: the classes the round-twenty held-out set showed and the plain
misreadings left from earlier rounds, each by a small text of its own (not a line of the
corpus) (tests/data/plans/SOURCES.md, "Round twenty-one")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- the month before its day ----------------------------------------------------------------


def test_a_month_before_its_day_at_the_start_of_a_line_is_that_day() -> None:
    text = (
        "Møteplan høsten 2031\n\n"
        "September 9. Kveldstur til utsiktspunktet\n"
        "Oktober. 14. Foredrag om fuglelivet ved vannet\n"
        "November 11. til 12. Helgetur med overnatting\n"
    )
    assert spans(text) == [
        day(2031, 9, 9),
        day(2031, 10, 14),
        (date(2031, 11, 11), date(2031, 11, 12)),
    ]


def test_a_month_with_a_number_and_no_dot_stays_a_month() -> None:
    # a month over its count of school days ('Oktober 18') is no day of it
    text = "Skoleruta 2031-32\n\nOktober 18 Høstferie uke 41\n"
    assert day(2031, 10, 18) not in spans(text)


# --- a span whose first day is greater than its last, with one month --------------------------


def test_a_first_day_greater_than_the_last_is_of_the_month_before() -> None:
    text = "Skoleruta 2031\n\nVinterferie: (mandag 24. – mandag 3. mars)\n"
    assert spans(text) == [(date(2031, 2, 24), date(2031, 3, 3))]


def test_two_days_joined_by_og_keep_their_month() -> None:
    # 'og' joins two days of one month, whatever their order; only a span turns back
    text = "Program 2031\n\nKonsert 21. og 7. juni i kirka\n"
    assert date(2031, 5, 21) not in [s for s, _ in spans(text)]


# --- a day of birth ----------------------------------------------------------------------------


def test_a_day_of_birth_is_no_event() -> None:
    text = (
        "Treningstider 2031\n\n"
        "Sommerleir 14. juni.\n"
        "Kontingent for junior (født etter 1.1.2016): 150 kr\n"
        "Kontingent for de fødde før 1. september 2014: 200 kr\n"
    )
    assert spans(text) == [day(2031, 6, 14)]


# --- a season after 'fram til' or 'frem mot' -----------------------------------------------------


def test_a_season_after_fram_til_is_the_point_placed_by() -> None:
    text = (
        "Turplan våren 2031\n\n"
        "Vi har lagt opp flere turer fram til sommeren 2031.\n"
        "Frem mot høsten holder vi på med kartet.\n"
        "Fjelltur 12. april.\n"
    )
    assert spans(text) == [day(2031, 4, 12)]


def test_a_season_itself_stays_an_event() -> None:
    text = "Turplan 2031\n\nVi tar en langtur til fjells i sommer.\n"
    assert len(spans(text)) == 1
