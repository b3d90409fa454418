"""A list numbered 1, 2, 3 … on lines that follow each other is a list of points (an annual
meeting's agenda), not days of the month heading above it."""

from __future__ import annotations

from tests.utils.reading import day, spans

AGENDA = """Kurs 2031

Januar
12. Vevkurs
26. Spinnekurs

Innkalling til årsmøte
Saksliste:
1. Val av møteleiar.
2. Godkjenning av møteinnkalling.
3. Godkjenning av årsmelding.
4. Innkomne saker
"""


def test_an_agenda_under_a_month_heading_gives_no_days() -> None:
    found = spans(AGENDA)
    assert day(2031, 1, 12) in found and day(2031, 1, 26) in found
    assert not [d for d in (1, 2, 3, 4) if day(2031, 1, d) in found]


def test_days_of_a_month_heading_that_follow_each_other_from_the_first_are_still_days() -> None:
    text = "Kurs 2031\n\nJanuar\n1. Nyttårskonsert\n5. Styremøte\n"
    assert spans(text) == [day(2031, 1, 1), day(2031, 1, 5)]
