"""A table with one column per year ('Kirke 2024 2025 2026', or the years alone after an empty
corner cell) over one row per place or body whose cells are days without a year ('5/5', '12/5
og 1/6', '4. og 5. mai', 'Lørdag 3. mai'), flattened with single spaces between the cells: each
cell takes the year of its column. Every row whose cells fill the columns is written out as one
line per cell, its days with their year ('Torpo 5/5 3/5' under '2019 2020' becomes 'Torpo: 5.
mai 2019' and 'Torpo: 3. mai 2020'); a row with fewer cells than years has lost its places and
is left as it was."""

from __future__ import annotations

import itertools
import re

from bot.importer.grammar import DAYNUM, MONTH_FULL, NUMMONTH, WEEKDAY, YEAR
from bot.importer.lexicon import MONTHS

MIN_YEAR_COLUMNS = 2
MAX_CORNER_WORDS = 3
HEADER = re.compile(
    rf"^[ \t]*(?:[^\W\d_]+[ \t]+){{0,{MAX_CORNER_WORDS}}}"
    rf"(?P<years>{YEAR}(?:[ \t]+{YEAR})+)\s*$"
)
# a day and its month: '5/5', '12. mai', '8.mai', '4. og 5. mai' (two days of one month)
SLASH_DAY = rf"(?P<day>{DAYNUM})/(?P<month>{NUMMONTH})(?![/\d])"
WRITTEN_DAY = rf"{DAYNUM}\.(?:[ \t]*og[ \t]+{DAYNUM}\.)?[ \t]*{MONTH_FULL}"
ONE_DATE = re.compile(rf"{SLASH_DAY}|{WRITTEN_DAY}", re.IGNORECASE)
CELL = rf"(?:{WEEKDAY}[ \t]+)?(?:{DAYNUM}/{NUMMONTH}(?![/\d])|{WRITTEN_DAY})"
CELL_DAYS = re.compile(rf"{CELL}(?:[ \t]+og[ \t]+{CELL})*", re.IGNORECASE)
NAME = re.compile(r"^[^\W\d_][^\d|:]*$")


def with_year_columns(text: str) -> str:
    """Every table with one column per year in the text with its cells dated by their column."""
    lines = text.split("\n")
    out: list[str] = []
    years: list[int] = []
    for line in lines:
        header = HEADER.match(line)
        if header and _consecutive(found := [int(y) for y in header["years"].split()]):
            years = found
            out.append(line)
            continue
        if not line.strip():
            years = []
        cells = _row_cells(line) if years else None
        if cells is None or len(cells[1]) != len(years):
            out.append(line)
            continue
        name, row = cells
        out.extend(
            f"{name}: {_with_year(cell, year)}" for cell, year in zip(row, years, strict=True)
        )
    return "\n".join(out)


def _consecutive(years: list[int]) -> bool:
    """Years one after the other ('2019 2020 2021'), not a list of dates' years."""
    return len(years) >= MIN_YEAR_COLUMNS and all(b == a + 1 for a, b in itertools.pairwise(years))


def _row_cells(line: str) -> tuple[str, list[str]] | None:
    """A row's name (words) and the cells after it, joined by single spaces; None unless every
    word after the name belongs to a cell of days."""
    words = line.strip().split(" ")
    for split in range(1, len(words)):
        name = " ".join(words[:split])
        if not NAME.match(name):
            return None
        cells = _cells(" ".join(words[split:]))
        if cells:
            return name.strip(), cells
    return None


def _cells(rest: str) -> list[str]:
    """The cells of days that make up `rest`, one space apart; empty unless they make it up."""
    cells: list[str] = []
    position = 0
    while position < len(rest):
        cell = CELL_DAYS.match(rest, position)
        if cell is None:
            return []
        cells.append(cell[0])
        position = cell.end()
        if position < len(rest):
            if rest[position] != " ":
                return []
            position += 1
    return cells


def _with_year(cell: str, year: int) -> str:
    """A cell's days written out with its column's year ('12/5 og 1/6' in 2019: '12. mai 2019
    og 1. juni 2019')."""

    def dated(day: re.Match[str]) -> str:
        if day["day"]:
            month = next(name for name, n in MONTHS.items() if n == int(day["month"]))
            return f"{int(day['day'])}. {month} {year}"
        return f"{day[0]} {year}"

    return ONE_DATE.sub(dated, cell)
