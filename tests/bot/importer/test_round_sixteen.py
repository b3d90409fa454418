"""Issue 10, round sixteen: classes of the documents still below 0.7 with the year answered,
each by a small text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md,
"Round sixteen")."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events
from bot.importer.model import FoundEvent

TODAY = date(2026, 11, 30)


def found(text: str, year: int | None = None) -> list[FoundEvent]:
    return extract_events(text, year=year, today=TODAY)


# --- the year a budget is for is what its treatment leads up to ------------------------------


def test_a_budget_years_title_puts_its_autumn_treatment_in_the_year_before() -> None:
    text = (
        "Kommunedirektørens forslag til årsbudsjett 2030 og økonomiplan 2030-2033\n\n"
        "Politisk behandling:\n\n"
        "4. nov - formannskapet drøfter forslaget\n\n"
        "9. des - kommunestyret vedtar budsjettet\n"
    )
    assert [e.start for e in found(text)] == [date(2029, 11, 4), date(2029, 12, 9)]


def test_a_plan_of_the_economy_named_last_dates_the_steps_above_it_the_year_before() -> None:
    text = (
        "Slik blir budsjettet behandlet:\n\n"
        "Budsjettseminar for kommunestyret  6. november\n"
        "Formannskapets innstilling  20. november\n"
        "Kommunestyrets behandling 11. desember\n\n"
        "Handlingsprogram 2030 - 2033\n"
    )
    assert [e.start for e in found(text)] == [
        date(2029, 11, 6),
        date(2029, 11, 20),
        date(2029, 12, 11),
    ]


def test_a_budget_set_at_the_years_first_meetings_stays_in_its_year() -> None:
    text = "Saker til årsmøtet: budsjett 2030 og valg.\n\nÅrsmøtet holdes 12. mars.\n"
    assert [e.start for e in found(text)] == [date(2030, 3, 12)]
