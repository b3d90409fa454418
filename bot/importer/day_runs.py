"""A list of three or more days in a row on one line ('fredag 1/9, lørdag 2/9 og søndag 3.
september', '18.08, 19.08 og 20.08'): one span from the first day to the last, as two days in a
row ('10. og 11. september') are. A list with a gap ('torsdag 9. mai, fredag 10. mai, torsdag
16. mai', '01.05, 09.05, 10.05') stays one event per day, even where two of its days follow each
other."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import timedelta

from bot.importer.grammar import WEEKDAY, WEEKDAY_SHORT, Expression
from bot.importer.repeats import Draft

MIN_RUN = 3
# what may stand between two days of one list: commas, a day's closing dot, 'og' or '&',
# 'eventuelt', and the next day's weekday
LIST_JOIN = re.compile(
    rf"[\s.,]*(?:(?:og|&)\b[\s]*)?(?:(?:eventuelt|evt\.?)[\s]*)?"
    rf"(?:(?:{WEEKDAY}|{WEEKDAY_SHORT})[\s]*(?:den\b[\s]*)?)?",
    re.IGNORECASE,
)
ELLER = re.compile(r"\beller\b", re.IGNORECASE)  # '27., 28. eller 29. mai': one of three days


def _one_day(draft: Draft) -> bool:
    event = draft.event
    return (
        event.precision == "day"
        and event.start is not None
        and event.start == event.end
        and not draft.superseded
    )


def join_day_runs(text: str, expressions: list[Expression], drafts: list[Draft]) -> list[Draft]:
    """The drafts of one line with each list of `MIN_RUN` or more days that follow each other
    without a gap made one span (the first day's draft, ending on the last day)."""
    members: list[tuple[int, Draft | None]] = []  # (expression position, day or None)
    for position in range(len(expressions)):
        own = sorted((d for d in drafts if d.order[1] == position), key=lambda d: d.order)
        if not own:
            continue
        choice = ELLER.search(text, expressions[position].start, expressions[position].end)
        if (
            all(_one_day(d) for d in own)
            and len({d.event.start for d in own}) == len(own)
            and choice is None
        ):
            members.extend((position, d) for d in own)
        else:
            members.append((position, None))  # not a day: it breaks a list
    lists: list[list[Draft]] = []
    previous: int | None = None
    for position, draft in members:
        if draft is None:
            lists.append([])
        elif (
            previous is not None
            and lists
            and lists[-1]
            and (
                previous == position
                or LIST_JOIN.fullmatch(
                    text[expressions[previous].end : expressions[position].start]
                )
            )
        ):
            lists[-1].append(draft)
        else:
            lists.append([draft])
        previous = position
    dropped: set[int] = set()
    for days in lists:
        if len(days) < MIN_RUN:
            continue
        starts = [d.event.start for d in days if d.event.start is not None]
        if any(b != a + timedelta(days=1) for a, b in itertools.pairwise(starts)):
            continue  # a list with a gap: one event per day
        first = days[0]
        first.event = replace(first.event, end=days[-1].event.end)
        dropped.update(id(d) for d in days[1:])
    return [d for d in drafts if id(d) not in dropped]
