"""A day of the month heading above written at the end of its line, after a label and a colon
or a dash or after its weekday ('Skolestart: Mandag 21.', 'Dugnad på tomta – 18. og 19.' under
'MAI'): the day of that month, as '21. Skolestart' at the start of a line is. A number after a
label without either ('Samspill uke 43.', 'Rom 26.') is no day."""

from __future__ import annotations

import re

from bot.importer.grammar import DAYNUM, S1, WEEKDAY, WEEKDAY_SHORT

WEEKDAY_BEFORE = rf"(?:{WEEKDAY}|{WEEKDAY_SHORT}){S1}(?:den{S1})?"
# the label (no digits), then a colon or a dash, or a weekday, then the day (and a second one
# after a dash, 'og' or '&'), each with its dot, and nothing after
DAY_AT_END = re.compile(
    rf"^\s*(?:[•·●▪◦*][ \t]*)?(?P<rest>[^\W\d_][^\d:–-]*?)[ \t]*"
    rf"(?:[:–-][ \t]*(?:{WEEKDAY_BEFORE})?|[ \t](?={WEEKDAY_BEFORE}){WEEKDAY_BEFORE})"
    rf"(?P<d>{DAYNUM})\.(?:\s*(?P<sep>[-–&]|og\b)\s*(?:{WEEKDAY_BEFORE})?(?P<d2>{DAYNUM})\.)?\s*$",
    re.IGNORECASE,
)


def day_at_end(line: str) -> re.Match[str] | None:
    """The day a line under a month heading ends with, after its label (groups `rest`, `d`,
    `sep`, `d2` as `CALENDAR_DAY`'s), or None."""
    return DAY_AT_END.match(line)
