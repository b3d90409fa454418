"""What the layout of a plan says beside its words: a table whose first column is headed "Uke"
holds week numbers ("37-38 | Kanotur" is "uke 37-38 | Kanotur", rewritten before parsing), and a
column headed "Hvem" or "Ansvarlig" says who is responsible (not part of the title)."""

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


WHO_HEADERS = ("hvem", "ansvarlig", "ansvar", "arrangør", "arrangor", "kontaktperson", "who")


def who_cells(lines: list[str]) -> dict[int, tuple[int, int]]:
    """For each row of a " | " table with a who-column, that cell's (start, end) columns."""
    cells: dict[int, tuple[int, int]] = {}
    column: int | None = None
    for index, line in enumerate(lines):
        if "|" not in line:
            if line.strip():
                column = None
            continue
        parts = line.split("|")
        names = [part.strip().lower() for part in parts]
        header = next((i for i, n in enumerate(names) if n.startswith(WHO_HEADERS)), None)
        if header is not None and header > 0:
            column = header
            continue
        if column is not None and column < len(parts) and parts[column].strip():
            start = sum(len(part) + 1 for part in parts[:column])
            cells[index] = (start, start + len(parts[column]))
    return cells
