"""Days as people type them: a day written day/month is not the first day of a span or list that
follows it ('lørdag 19/8. og søndag 20. august': the 8 is August, not the 8th), and a year joined
to its month by a hyphen ('16.januar-2031') is that day's year."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans


def test_the_month_of_a_slashed_day_starts_no_span_of_days() -> None:
    text = "Cup 2031\n\nKampene spilles fredag 18/8, lørdag 19/8. og søndag 20. august.\n"
    # three days in a row listed in one line are one span (round twenty-five)
    assert spans(text) == [(date(2031, 8, 18), date(2031, 8, 20))]


def test_a_slashed_day_before_og_gives_no_day_of_its_month_number() -> None:
    text = "Cup 2031\n\nStyremøte 3/2 og 4. mars.\n"
    assert day(2031, 3, 2) not in spans(text)


def test_a_year_joined_to_its_month_by_a_hyphen_is_that_date_s_year() -> None:
    text = "Årsmøte 2030\n\nSaker må vere styret i hende før 16.januar-2031.\n"
    assert spans(text) == [day(2031, 1, 16)]
