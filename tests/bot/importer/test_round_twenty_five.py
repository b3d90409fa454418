"""Issue 10, round twenty-five: classes of notation and layout, each by a small text of its own
(not a line of the corpus) (tests/data/plans/SOURCES.md, "Round twenty-five")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- three or more days in a row listed in one line ------------------------------------------


def test_days_in_a_row_each_with_its_weekday_are_one_span() -> None:
    text = (
        "Stevneplan 2031\n\n"
        "Juniorene bryter leir torsdag 4/9, fredag 5/9. og lørdag 6. september.\n"
        "Veteranene spiller mandag 8/9, tirsdag 9/9 og eventuelt onsdag 10. september.\n"
    )
    assert spans(text) == [
        (date(2031, 9, 4), date(2031, 9, 6)),
        (date(2031, 9, 8), date(2031, 9, 10)),
    ]


def test_numeric_days_in_a_row_in_a_list_are_one_span() -> None:
    text = "Barnehageåret 2031\n\nKursdager for personalet 11.08, 12.08 og 13.08.\n"
    assert spans(text) == [(date(2031, 8, 11), date(2031, 8, 13))]


def test_a_list_of_days_with_a_gap_stays_one_event_per_day() -> None:
    text = (
        "Fridager 2031\n\nStengt onsdag 7. mai, torsdag 8. mai, fredag 9. mai og mandag 12. mai.\n"
    )
    assert spans(text) == [day(2031, 5, 7), day(2031, 5, 8), day(2031, 5, 9), day(2031, 5, 12)]


def test_two_days_in_a_row_each_with_its_weekday_stay_two_events() -> None:
    text = "Fridager 2031\n\nStengt torsdag 29. mai, fredag 30. mai.\n"
    assert spans(text) == [day(2031, 5, 29), day(2031, 5, 30)]
