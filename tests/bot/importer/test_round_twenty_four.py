"""Issue 10, round twenty-four: classes of notation and layout, each by a small text of its own
(not a line of the corpus) (tests/data/plans/SOURCES.md, "Round twenty-four")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans

# --- a week labelling a line, restated by the day of its item --------------------------------


def test_a_week_label_over_an_item_with_a_day_in_that_week_is_the_day() -> None:
    text = (
        "Seminarplan høsten 2031\n\n"
        "  • Uke 37: Felles samling for nye medlemmer 10. september\n"
        "  • Veke 38 – Dugnad på hytta laurdag 20. september\n"
    )
    assert spans(text) == [day(2031, 9, 10), day(2031, 9, 20)]


def test_a_week_label_with_a_day_outside_it_is_still_its_own_event() -> None:
    text = "Tidsplan 2031\n\nUke 4: Styret vedtar framdriftsplan fram mot valgmøtet 16. oktober\n"
    assert spans(text) == [
        (date(2031, 1, 20), date(2031, 1, 26)),
        day(2031, 10, 16),
    ]


def test_a_week_label_with_no_day_is_the_week() -> None:
    text = "Plan våren 2031\n\n  • Uke 16: Påskeferie, ingen øving\n  • Uke 17: Øving 23. april\n"
    assert spans(text) == [(date(2031, 4, 14), date(2031, 4, 20)), day(2031, 4, 23)]
