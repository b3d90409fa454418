"""Headline facts of the real plans in ../shared/plans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.importer import FoundEvent, detect_plan_year, extract_events

PLANS = Path(__file__).resolve().parents[3] / ".." / "shared" / "plans"

pytestmark = pytest.mark.skipif(
    not PLANS.is_dir(), reason=f"shared plans not found at {PLANS} (../shared beside the repo)"
)


def events_of(name: str) -> list[FoundEvent]:
    """Events of one shared plan."""
    return extract_events((PLANS / name).read_text(encoding="utf-8"))


def spans(events: list[FoundEvent]) -> set[tuple[str, date | None, date | None]]:
    """(precision, start, end) of events."""
    return {(e.precision, e.start, e.end) for e in events}


def test_2018_plan_headline_dates() -> None:
    events = events_of("004_bb106ba8ca73f6ac.txt")
    found = spans(events)
    assert ("day", date(2018, 1, 26), date(2018, 1, 27)) in found
    assert ("day", date(2018, 2, 16), date(2018, 2, 17)) in found
    assert ("day", date(2018, 3, 17), date(2018, 3, 18)) in found
    assert ("week", date(2018, 9, 10), date(2018, 9, 16)) in found
    deadlines = [e for e in events if e.start == date(2018, 12, 1)]
    assert len(deadlines) == 2
    assert {e.kind for e in deadlines} == {"deadline"}
    annual = next(e for e in events if e.start == date(2018, 3, 17))
    assert annual.kind == "annual_meeting"
    trainings = [e for e in events if e.start in (date(2018, 1, 26), date(2018, 2, 16))]
    assert {e.kind for e in trainings} == {"training"}


def test_2026_plan_two_spring_trainings_worded_alike_stay_two() -> None:
    spring = (date(2026, 3, 1), date(2026, 5, 31))
    events = events_of("002_3c03a18c65f2a42e.txt")
    trainings = [e for e in events if (e.start, e.end) == spring and e.kind == "training"]
    assert [e.title for e in trainings] == [
        "Sentral lederskolering",
        "Sentral “Kvinne på topp”-skolering",
    ]


def test_2026_plan_proposal_deadline() -> None:
    events = events_of("002_3c03a18c65f2a42e.txt")
    deadline = next(e for e in events if e.start == date(2026, 12, 1))
    assert (deadline.precision, deadline.kind, deadline.line) == ("day", "deadline", 56)
    assert "1. desember 2026" in deadline.quote
    assert detect_plan_year((PLANS / "002_3c03a18c65f2a42e.txt").read_text()) == 2026


def test_2026_plan_repetitions_and_relative_deadline() -> None:
    events = events_of("002_3c03a18c65f2a42e.txt")
    rules = [e.recurrence for e in events if e.precision == "recurring"]
    assert "FREQ=MONTHLY" in rules
    assert "FREQ=MONTHLY;INTERVAL=3" in rules
    assert "FREQ=WEEKLY;INTERVAL=2" in rules
    relative = next(e for e in events if e.relative_months == 3)
    assert relative.relative_anchor == "annual_meeting"


def test_quotes_are_verbatim_lines_of_the_plans() -> None:
    for path in sorted(PLANS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for event in extract_events("\n".join(lines)):
            assert event.quote in lines[event.line - 1], (path.name, event)
