"""A sentence that leads a list of dated lines: 'Det blir følgende seminarer høsten 2022:',
'Møtekalenderen for vårsemesteret:', 'Det er planlagt 6 renn i løpet av vinteren:'. It ends
its line with a colon, names no finer time than a season or a half-year, and the next line with
text has a date of its own: the items say when things happen, and the season they fall in is
no event of its own (a lead line over undated items still dates them; 'Sist i juni:' names a
month and 'I 2026 er prioriterte oppgaver:' a year, which stay)."""

from __future__ import annotations

import re
from collections.abc import Container

from bot.importer.document import Lines, sentence_bounds
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


# 'Planleggingsdager 2024:': words, then a year alone, then a colon that ends the line
YEAR_LABEL = re.compile(rf"^(?P<words>[^\W\d_][^\d|]*?)[ \t]+(?P<year>{YEAR})[ \t]*:$")


def label_year(lines: Lines, index: int) -> int | None:
    """The year of the label that leads the list line `index` stands in ('Planleggingsdager
    2024:' over '26. januar og 21. juni'): a line ending in a colon that names a year and no
    other time, up to a blank line above; None when the nearest label names something else."""
    for above in range(index - 1, max(-1, index - LOOKBACK_LINES - 1), -1):
        line = lines.lines[above].strip()
        if not line:
            return None
        if not line.endswith(":"):
            continue
        label = YEAR_LABEL.match(line)
        if label is None or find_expressions(label["words"]):
            return None
        return int(label["year"])
    return None
