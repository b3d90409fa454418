"""What the layout of a plan says beside its words: a table whose first column is headed "Uke"
holds week numbers ("37-38 | Kanotur" is "uke 37-38 | Kanotur"); a month in one column and the
days in the next ("September | 8.-9. | Planleggingsdag", then " | 13. | Foreldremøte", which
inherits the month) is one date (both rewritten before parsing); and a column headed "Hvem" or
"Ansvarlig" says who is responsible (not part of the title). Two lines a copy ran together
("26. novemberJulemarked") are taken apart again."""

from __future__ import annotations

import re

from bot.importer.lexicon import MONTH_ABBREVIATIONS, MONTHS, words_pattern

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


# 'novemberJulemarked': a lower-case word running straight into a capitalised one.
RUN_TOGETHER = re.compile(r"(?<=[a-zæøå]{2})(?=[A-ZÆØÅ][a-zæøå]{2})")


def with_words_apart(text: str) -> str:
    """Words a copy ran together across a lost line break get a space between them again."""
    return RUN_TOGETHER.sub(" ", text)


WHO_HEADERS = (
    "hvem",
    "kven",
    "ansvarlig",
    "ansvarleg",
    "ansvar",
    "arrangør",
    "arrangor",
    "kontaktperson",
    "who",
)


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


MONTH_CELL = re.compile(
    rf"^\s*(?P<m>{words_pattern({**MONTHS, **MONTH_ABBREVIATIONS})})\b\.?(?:\s+(?P<y>(?:19|20)\d\d))?\s*$",
    re.IGNORECASE,
)
DAY_CELL = re.compile(r"^\s*\d{1,2}\.(?:\s*[-–]\s*\d{1,2}\.?)?\s*$")


def with_month_columns(text: str) -> str:
    """Rows '<month> | <days> | …' (or ' | <days> | …' under such a row) as '<days> <month> | …'."""
    lines = text.split("\n")
    month: str | None = None
    for index, line in enumerate(lines):
        parts = line.split("|")
        if len(parts) < 3 or not DAY_CELL.match(parts[1]):
            if line.strip() and "|" not in line:
                month = None
            continue
        cell = MONTH_CELL.match(parts[0])
        if cell is not None:
            month = " ".join(filter(None, (cell["m"].rstrip("."), cell["y"])))
        elif parts[0].strip() or month is None:
            continue
        days = parts[1].strip()
        lines[index] = " | ".join([f"{days} {month}", *(part.strip() for part in parts[2:])])
    return "\n".join(lines)
