"""The hand-written gold of the import corpus (tests/data/plans/gold) keeps its own rules: what the
scores rest on must not contradict the text it was written from, nor its own notes."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

PLANS = Path(__file__).resolve().parents[2] / "data" / "plans"
GOLD = sorted((PLANS / "gold").glob("*.json"))
PRECISIONS = {"day", "week", "month", "season", "quarter", "half", "year", "relative", "recurring"}
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# "Thursday 8 Jan 2015", "Sat 7 Feb 2015": a day the note checked against its weekday.
CHECKED_DAY = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s+(\d{1,2})\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})"
)


def _events(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["events"])


def test_the_corpus_has_gold_for_every_text() -> None:
    texts = {p.stem for p in PLANS.glob("*.txt")}
    assert texts == {p.stem for p in GOLD}


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_gold_dates_are_real_and_in_order(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data.get("split") in ("tune", "heldout")
    assert isinstance(data.get("plan_year"), int)
    for event in _events(path):
        if not event.get("start"):
            continue
        start = date.fromisoformat(str(event["start"]))
        end = date.fromisoformat(str(event.get("end") or event["start"]))
        assert start <= end, event["quote"]


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_a_day_the_gold_note_checked_by_its_weekday_is_the_day_the_event_has(path: Path) -> None:
    """A note that says "Thursday 22 Jan 2015" while the event reads 2014-01-22 is a slip of the
    pen that makes the importer look wrong where it is right (round nine, Akershus Venstre)."""
    for event in _events(path):
        if not event.get("start") or not event.get("note"):
            continue
        start = date.fromisoformat(str(event["start"]))
        end = date.fromisoformat(str(event.get("end") or event["start"]))
        for weekday, day, month, year in CHECKED_DAY.findall(str(event["note"])):
            try:
                named = date(int(year), MONTHS.index(month.lower()[:3]) + 1, int(day))
            except ValueError:
                continue
            if named.weekday() != WEEKDAYS.index(weekday.lower()[:3]):
                continue  # a weekday the note quotes as wrong in the text
            # The note may name another day (a restatement, the day a span is counted from); a
            # year apart from the event's own dates is the slip this looks for.
            assert abs((named - start).days) < 300 or start <= named <= end, (
                f"{event['quote']!r}: the note says {weekday} {day} {month} {year}, "
                f"the event is {start}..{end}"
            )
