"""A deadline counted from a meeting the same plan dates ('seks uker før fylkesårsmøtet' beside
'Fylkesårsmøte 24. april 2027') falls on a day of its own: that meeting's day and the distance.
«årsmøtet» alone, in a county's plan to its municipal parties, is each unit's own meeting and stays
counted from it (relative), and so does a meeting the plan names but does not date once."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dateutil.relativedelta import relativedelta

from bot.importer.lexicon import RELATIVE_ANCHORS
from bot.importer.model import FoundEvent

# the word after the direction: 'før fylkesårsmøtet', 'i forkant av landsmøtet'
NAMED_AFTER = re.compile(r"\b(?:før|etter|i\s+forkant\s+av|i\s+etterkant\s+av)\s+(\w+)", re.I)
DEFINITE = re.compile(r"(?:ene|et|en|a|e)$")
# each unit's own: the anchor's word with nothing before it ('årsmøtet', 'styremøtet', 'valget')
UNITS_OWN = ("annual_meeting", "board_election", "nomination", "election", "council_term")


def _named_event(quote: str) -> str | None:
    """The meeting a relative deadline counts from, as its stem ('fylkesårsmøt'), or None when it
    is the unit's own ('årsmøtet') or names no anchor."""
    for match in NAMED_AFTER.finditer(quote):
        word = match[1].lower()
        anchor = next((a for stem, a in RELATIVE_ANCHORS if stem in word), None)
        if anchor is None:
            continue
        stem = next(s for s, a in RELATIVE_ANCHORS if a == anchor)
        if anchor in UNITS_OWN and word.startswith(stem):
            return None
        return DEFINITE.sub("", word)
    return None


def _the_day_of(stem: str, events: list[FoundEvent]) -> FoundEvent | None:
    """The one dated day among `events` whose title names `stem`, or None (none, or several)."""
    named = [
        e
        for e in events
        if e.precision == "day"
        and e.start is not None
        and not e.recurrence
        and any(w.startswith(stem) for w in re.findall(r"\w+", e.title.lower()))
    ]
    days = {e.start for e in named}
    return named[0] if len(days) == 1 else None


def dated_from_named_events(events: list[FoundEvent]) -> list[FoundEvent]:
    """`events` with each deadline counted from a meeting the plan dates once put on its day."""
    out: list[FoundEvent] = []
    for event in events:
        stem = _named_event(event.quote) if event.precision == "relative" else None
        meeting = _the_day_of(stem, events) if stem else None
        if (
            meeting is None
            or meeting.start is None
            or not (event.relative_months or event.relative_days)
        ):
            out.append(event)
            continue
        day: date = meeting.start + relativedelta(
            months=event.relative_months or 0, days=event.relative_days or 0
        )
        if any(e.line == event.line and e.start == day for e in events):
            continue  # '3 uker før landsmøtet, dvs. 17. februar': the line dates it already
        out.append(
            replace(
                event,
                precision="day",
                start=day,
                end=day,
                relative_anchor=None,
                relative_months=None,
                relative_days=None,
                year_source=meeting.year_source,
            )
        )
    return out
