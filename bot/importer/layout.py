"""Layouts that carry part of a date in their structure, rewritten into the date language
before parsing: a table whose first column is headed "Uke" holds week numbers ("37-38 | Kanotur"
is "uke 37-38 | Kanotur")."""

from __future__ import annotations

import re

WEEK_HEADER = re.compile(r"^\s*(?:uke|veke|week|uke\s*nr\.?|ukenr\.?)\s*(?:\||$)", re.IGNORECASE)
WEEK_CELL = re.compile(r"^(\s*)(\d{1,2}(?:\s*(?:[-–+,&/]|og)\s*\d{1,2})*)(?=\s*\||\s+[^\W\d_])")


def with_week_columns(text: str) -> str:
    """Rows under a "Uke | …" header whose first cell is week numbers get the word "uke"."""
    lines = text.split("\n")
    in_table = False
    for index, line in enumerate(lines):
        if WEEK_HEADER.match(line):
            in_table = True
            continue
        if not in_table:
            continue
        match = WEEK_CELL.match(line)
        if match is None:
            in_table = bool(
                not line.strip() and index + 1 < len(lines) and WEEK_CELL.match(lines[index + 1])
            )
            continue
        lines[index] = f"{match[1]}uke {match[2]}{line[match.end() :]}"
    return "\n".join(lines)
