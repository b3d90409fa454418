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


# --- seasons in prose that are no event -------------------------------------------------------


def test_a_season_in_a_sentence_about_what_began_or_went_is_no_event() -> None:
    text = (
        "Årsplan 2031\n\n"
        "Vi inviterer de elevene som begynte i korpset i høst til en egen øvelse.\n"
        "Det meste av første halvår gikk med til flytting.\n"
        "Konsert 14. mai 2031\n"
    )
    assert spans(text) == [day(2031, 5, 14)]


def test_a_season_planned_in_prose_is_still_an_event() -> None:
    text = "Program 2031\n\nVi tar sikte på en felles tur i løpet av høsten.\n"
    assert spans(text) == [(date(2031, 9, 1), date(2031, 11, 30))]


def test_a_season_later_in_a_line_that_opens_with_its_week_speaks_of_that_item() -> None:
    text = (
        "Årsplan 2031\n\n"
        "  • Uke 35: Medlemsmøte i lokallaget. Vi rakk det ikke i vår. "
        "Derfor prøver vi igjen tidlig høst.\n"
        "  • Uke 38: Felles kurs for tillitsvalgte.\n"
    )
    assert spans(text) == [
        (date(2031, 8, 25), date(2031, 8, 31)),
        (date(2031, 9, 15), date(2031, 9, 21)),
    ]


def test_a_season_with_its_year_after_a_dated_label_stays() -> None:
    text = "Plan 2031\n\n  • 12. mars: Årsmøte. Så arrangerer vi en tur til Roma høsten 2031.\n"
    assert spans(text) == [day(2031, 3, 12), (date(2031, 9, 1), date(2031, 11, 30))]
