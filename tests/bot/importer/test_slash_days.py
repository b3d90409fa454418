"""A day written day/month is not the first day of a span or list that follows it: in 'lørdag
19/8. og søndag 20. august' the 8 is August, not the 8th."""

from __future__ import annotations

from tests.utils.reading import day, spans


def test_the_month_of_a_slashed_day_starts_no_span_of_days() -> None:
    text = "Cup 2031\n\nKampene spilles fredag 18/8, lørdag 19/8. og søndag 20. august.\n"
    assert spans(text) == [day(2031, 8, 18), day(2031, 8, 19), day(2031, 8, 20)]


def test_a_slashed_day_before_og_gives_no_day_of_its_month_number() -> None:
    text = "Cup 2031\n\nStyremøte 3/2 og 4. mars.\n"
    assert day(2031, 3, 2) not in spans(text)
