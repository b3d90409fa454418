"""A weekly series bounded by two days of its weekday in one sentence: 'Klubbkvelder: alle
tirsdager fra 2. september t.o.m. 25. november, unntatt 16. september', 'Første løp blir onsdag
16. april og med unntak av 1. mai er det onsdagsløp fram til 25. juni'. Its days can be worked
out, so each is an event (the corpus lists such a series once per day: SOURCES.md, "How
the gold was made"): every such weekday from the first day to the last, but the days the
sentence names otherwise (the days excepted are events of their own, 'no club night')."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from bot.importer.lexicon import WEEKDAYS
from bot.importer.repeats import Draft

WEEKDAY_NAMES = list(WEEKDAYS)
WEEKDAY_INDEX = {code: i for i, code in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))}
# 'alle tirsdager', 'hver onsdag', 'kvar måndag', 'onsdagsløp', 'tirsdagskveldene'
SERIES = re.compile(
    rf"\b(?:(?:alle|hver|kvar)\s+(?P<every>{'|'.join(WEEKDAY_NAMES)})(?:er|ar|ane|ene)?\b"
    rf"|(?P<compound>{'|'.join(WEEKDAY_NAMES)})s[^\W\d_]{{3,}})",
    re.IGNORECASE,
)
# the last day is given by 'til', 't.o.m.', 'til og med', 'fram/frem til'
UNTIL = re.compile(r"\b(?:til|t\.\s?o\.\s?m\.?|tom)\s", re.IGNORECASE)
WEEK = timedelta(days=7)
MIN_SERIES_DAYS = 14  # three such weekdays at least
MAX_SERIES_DAYS = 200  # a term at most; a longer run is no series of one sentence


def with_series_days(drafts: list[Draft]) -> list[Draft]:
    """The drafts with each weekly series bounded by two days of its sentence written out one
    day each (a span from the first day to the last becomes its days)."""
    by_sentence: dict[tuple[int, str], list[Draft]] = {}
    for draft in drafts:
        by_sentence.setdefault((draft.index, draft.event.quote), []).append(draft)
    spans: list[Draft] = []
    added: list[Draft] = []
    for (_index, quote), group in by_sentence.items():
        days = _series_days(quote, group)
        if days is None:
            continue
        first, last, span = days
        named = {d.event.start for d in group if d is not span}
        model = span or max(group, key=lambda d: d.event.end or first)  # 'onsdagsløp … til'
        if span is not None:
            spans.append(span)
        day = first
        while day <= last:
            if day not in named:
                added.append(replace(model, event=replace(model.event, start=day, end=day)))
            day += WEEK
    return [d for d in drafts if not any(d is s for s in spans)] + added


def _series_days(quote: str, group: list[Draft]) -> tuple[date, date, Draft | None] | None:
    """The series' first and last day and the draft of the span they are written as (None when
    they are two days), or None when the sentence tells no weekly series bounded by its days."""
    said = SERIES.search(quote)
    if said is None or not UNTIL.search(quote, said.start() if said["compound"] else 0):
        return None
    weekday = WEEKDAY_INDEX[WEEKDAYS[(said["every"] or said["compound"]).lower()]]
    dated = [d for d in group if d.event.precision == "day" and d.event.start is not None]
    if len(dated) < 2 and not any(d.event.end != d.event.start for d in dated):
        return None
    first = min(d.event.start for d in dated if d.event.start is not None)
    last = max(d.event.end for d in dated if d.event.end is not None)
    if weekday != first.weekday() or weekday != last.weekday():
        return None  # 'onsdagskveld 3. april til søndag 7. april': a trip, no series
    if not MIN_SERIES_DAYS <= (last - first).days <= MAX_SERIES_DAYS:
        return None
    span = next((d for d in dated if (d.event.start, d.event.end) == (first, last)), None)
    return first, last, span
