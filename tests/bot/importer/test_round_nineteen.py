"""Issue 10, round nineteen: the false positives and misses that recur across the corpus, each
by a small text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md, "Round
nineteen")."""

from __future__ import annotations

from tests.utils.reading import day, spans

# --- the page's own date alone among its first lines ---------------------------------------


def test_a_numeric_date_alone_under_the_title_is_the_page_date() -> None:
    text = (
        "Sommerplanen for korpset 2031\n\n"
        "14.02.2031\n\n"
        "Vi øver i Samfunnshuset tirsdag 10. juni 2031.\n"
    )
    assert spans(text) == [day(2031, 6, 10)]


def test_a_written_date_with_a_clock_time_alone_at_the_top_is_the_page_date() -> None:
    text = (
        "Innkalling til årsmøtet\n\n"
        "3. mars 2031 09:12:45\n\n"
        "Årsmøtet holdes lørdag 12. april 2031 på Bygdetunet.\n"
    )
    assert spans(text) == [day(2031, 4, 12)]


def test_dates_alone_on_several_lines_are_a_list_of_events() -> None:
    text = "Fridager 2031\n\nPlanleggingsdager\n\n6. januar 2031\n\n2. mai 2031\n"
    assert spans(text) == [day(2031, 1, 6), day(2031, 5, 2)]


def test_a_date_alone_far_down_the_page_stays_an_event() -> None:
    text = (
        "Møteplan for styret\n\n"
        "Styret har vedtatt disse møtene.\n\n"
        "Vi møtes på kontoret.\n\n"
        "Alle er velkomne.\n\n"
        "9. oktober 2031\n"
    )
    assert spans(text) == [day(2031, 10, 9)]
