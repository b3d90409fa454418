"""A sentence that leads a list of dated lines: 'Det blir følgende seminarer høsten 2022:',
'Møtekalenderen for vårsemesteret:', 'Det er planlagt 6 renn i løpet av vinteren:'. It ends
its line with a colon, names no finer time than a season or a half-year, and the next line with
text has a date of its own: the items say when things happen, and the season they fall in is
no event of its own (a lead line over undated items still dates them; 'Sist i juni:' names a
month and 'I 2026 er prioriterte oppgaver:' a year, which stay). A label or heading that names
a year or a school year ('Planleggingsdager 2024:', 'Skoleåret 2022-2023') gives that year to
the days of the list under it."""

from __future__ import annotations

import re
from collections.abc import Container

from bot.importer.document import (
    AUTUMN_START_MONTH,
    Lines,
    is_bullet,
    is_heading,
    sentence_bounds,
)
from bot.importer.grammar import YEAR, Expression, find_expressions
from bot.importer.headings import LOOKBACK_LINES

LEAD_PRECISIONS = frozenset({"season", "quarter"})


def without_lead(
    lines: Lines, index: int, expressions: list[Expression], dated: Container[int]
) -> list[Expression]:
    """The expressions of line `index` without those of a last sentence that leads the dated
    lines after it (`dated` holds the indexes of the lines with dates of their own)."""
    line = lines.lines[index].rstrip()
    if not line.endswith(":"):
        return expressions
    start = sentence_bounds(line, len(line) - 1)[0]
    lead = [e for e in expressions if lines.column_of(e.start) >= start]
    items = [i for e in lead for i in e.items if i.precision != "time"]
    if not items or any(i.precision not in LEAD_PRECISIONS for i in items):
        return expressions
    following = next((i for i in range(index + 1, len(lines.lines)) if not lines.is_blank(i)), None)
    if following is None or following not in dated:
        return expressions
    return [e for e in expressions if e not in lead]


# 'Planleggingsdager 2024:', 'Resterende oppdrag før sommerferien 2023', 'Skoleåret 2022-2023':
# words, then a year alone or a school year, then the end of the line (a colon or none)
YEAR_LABEL = re.compile(
    rf"^(?P<words>[^\W\d_][^\d|]*?)[ \t]+(?P<year>{YEAR})"
    rf"(?:[ \t]*[-–/][ \t]*(?P<second>{YEAR}))?[ \t]*:?$"
)
LIST_PRECISIONS = frozenset({"day", "week", "month", "season", "quarter", "time"})


def label_year(lines: Lines, index: int, month: int) -> int | None:
    """The year the label over a list gives an item of month `month` on line `index`
    ('Planleggingsdager 2024:' over '26. januar og 21. juni'; 'Skoleåret 2022-2023' over '-
    Vinterferie uke 9': a school year's months from August in its first year): the nearest
    line above, in the same block, that ends in a colon or is a heading and names a year or a
    school year and no other time; None when that line names something else."""
    for above in range(index - 1, max(-1, index - LOOKBACK_LINES - 1), -1):
        line = lines.lines[above].strip()
        if not line:
            return None
        if _is_list_item(line):
            continue
        if not line.endswith(":") and not is_heading(line, lines.lines[above + 1]):
            continue
        label = YEAR_LABEL.match(line)
        if label is None or find_expressions(label["words"]):
            return None
        first, second = int(label["year"]), label["second"]
        if second is None:
            return first
        if int(second) != first + 1:
            return None
        return first if month >= AUTUMN_START_MONTH else first + 1
    return None


def _is_list_item(line: str) -> bool:
    """A bullet, or a line that names a day, week, month or season (an item of the list)."""
    return is_bullet(line) or any(
        item.precision in LIST_PRECISIONS for e in find_expressions(line) for item in e.items
    )
