"""Titles a staff member reads in the import preview of their own next year's plan: each says what
happens, with nothing left dangling where the date was cut out."""

from __future__ import annotations

from tests.utils.reading import found

PLAN = """Fylkespartiet
Arbeidsplan 2031

4. Valgkamp 2031
Aksjonsuke: uke 35.

Frist for innspill til neste års arbeidsplan: 1. november.
Styreskolering i uke 13 og 14 (digitalt).
Teams-møte med lederne første mandag i hver måned kl. 19.00 (ikke juli).
"""


def _titles() -> dict[str, str]:
    return {e.quote: e.title for e in found(PLAN)}


def test_a_long_label_before_its_date_is_the_title_not_the_section_heading() -> None:
    titles = [e.title for e in found(PLAN) if e.start and e.start.month == 11]
    assert titles == ["Frist for innspill til neste års arbeidsplan"]


def test_a_preposition_left_before_an_aside_by_the_cut_week_is_dropped() -> None:
    titles = [e.title for e in found(PLAN) if e.precision == "week" and "kolering" in e.title]
    assert titles == ["Styreskolering (digitalt) (uke 13)", "Styreskolering (digitalt) (uke 14)"]


def test_an_aside_left_with_only_its_negation_by_the_cut_month_is_dropped() -> None:
    (meeting,) = [e for e in found(PLAN) if "Teams" in e.title]
    assert meeting.title == "Teams-møte med lederne"
