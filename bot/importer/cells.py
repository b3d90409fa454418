"""A table flattened one cell per line, as a web page copied or a PDF's text gives it:
"Januar" / "|" / "14" / "|" / "Planutval" / "|" / "Januar" / "|" / "20" / … (cells between
lines holding only "|"), or "Januar" / "14" / "Planutval" / "Januar" / "20" / … (one cell a line).
The row length is where the first column repeats (a month or a date every third cell); each row
is put back on one line, "Januar 14 | Planutval", so the table readers of `layout.py` see a
row (`with_month_counts_apart` tells a day beside its month from a count). Where the cells do not
repeat at one length (a grid whose empty cells were lost) the lines are left as they were. A day
number and its month a cell apart ("3." / "" / "oktober") are one date again: "3. oktober"."""

from __future__ import annotations

import re

from bot.importer.layout import MONTH_CELL

SEPARATOR = re.compile(r"^\s*\|\s*$")
DATE_CELL = re.compile(r"^\s*\d{1,2}\.\s?\d{1,2}\.(?:\s?(?:\d{4}|\d{2}))?\s*$")
BARE_DAY = re.compile(r"^\s*(\d{1,2})\.?\s*$")
MAX_CELL_LINES = 3  # a cell wrapped over a few lines ('16. og 17. august' / '(18. august …)')
MIN_ROWS = 3
DAY_CELL = re.compile(r"^\s*(\d{1,2})\.\s*$")  # '3.': a day with its dot (a bare '3' may be a page)
MAX_BLANKS_BETWEEN = 3
ROW_LENGTHS = range(2, 7)


def with_cells_in_rows(text: str) -> str:
    """Every flattened table in the text with its rows on one line each."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        rows = None
        if _key(lines[index]):
            end, cells = _separated_cells(lines, index)
            if not cells:
                end, cells = _line_cells(lines, index)
            rows = _rows(cells)
        if rows is None:
            out.append(lines[index])
            index += 1
            continue
        out.extend(rows)
        index = end
    return "\n".join(out)


def _separated_cells(lines: list[str], start: int) -> tuple[int, list[str]]:
    """From a cell line followed by a "|" line: the cells up to the last "|" chain's end."""
    if start + 1 >= len(lines) or not lines[start].strip() or not SEPARATOR.match(lines[start + 1]):
        return start, []
    cells = [lines[start].strip()]
    index = start + 1
    while index < len(lines) and SEPARATOR.match(lines[index]):
        cell: list[str] = []
        index += 1
        while (
            index < len(lines)
            and lines[index].strip()
            and not SEPARATOR.match(lines[index])
            and len(cell) < MAX_CELL_LINES
        ):
            cell.append(lines[index].strip())
            index += 1
        if not cell:
            break
        if index < len(lines) and lines[index].strip() and not SEPARATOR.match(lines[index]):
            return start, []  # a cell longer than a table cell: not a flattened table
        cells.append(" ".join(cell))
    return index, cells


def _line_cells(lines: list[str], start: int) -> tuple[int, list[str]]:
    """A run of non-blank lines from `start`, one cell each."""
    index = start
    while index < len(lines) and lines[index].strip() and "|" not in lines[index]:
        index += 1
    return index, [line.strip() for line in lines[start:index]]


def _key(cell: str) -> bool:
    return bool(MONTH_CELL.match(cell) or DATE_CELL.match(cell))


def _rows(cells: list[str]) -> list[str] | None:
    """The cells as rows, when they start at a key cell repeating every n cells and each row
    needs the others to be dated: a month beside a bare day number, or a date. Cells after the
    last row (a remark below the table) stay lines of their own."""
    keys = [i for i, cell in enumerate(cells) if _key(cell)]
    if not keys or keys[0] != 0:
        return None
    length = next(
        (
            n
            for n in ROW_LENGTHS
            if keys[-1] // n + 1 >= MIN_ROWS
            and all(_key(cells[i]) for i in range(0, keys[-1] + 1, n))
            and all(i % n == 0 for i in keys)
        ),
        None,
    )
    if length is None:
        return None
    end = keys[-1] + length
    rows = [cells[i : i + length] for i in range(0, min(end, len(cells)), length)]
    if not all(DATE_CELL.match(row[0]) or BARE_DAY.match(row[1]) for row in rows if len(row) > 1):
        return None  # 'August' / '16. og 17. august' / …: each cell dates itself already
    return [_row(row) for row in rows] + cells[end:]


def _row(row: list[str]) -> str:
    """'Januar', '14', 'Planutval' as 'Januar 14 | Planutval': a month and the number beside it
    are read by `with_month_counts_apart` (a day, or a count of school days); other rows as
    'cell | cell | …'."""
    if len(row) > 1 and MONTH_CELL.match(row[0]) and BARE_DAY.match(row[1]):
        return " | ".join([f"{row[0]} {row[1].rstrip('.')}", *row[2:]])
    return " | ".join(row)


def with_days_by_their_month(text: str) -> str:
    """A day number alone on its line ('3.') whose next line with text is a month alone
    ('september'): the date of one table cell split over two lines, put back on the day's line
    ('3. september'); the month's line is left empty, so no line moves."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        day = DAY_CELL.match(line)
        if day is None:
            continue
        after = index + 1
        while (
            after < len(lines) and after - index <= MAX_BLANKS_BETWEEN and not lines[after].strip()
        ):
            after += 1
        if after < len(lines) and after - index <= MAX_BLANKS_BETWEEN + 1:
            month = MONTH_CELL.match(lines[after])
            if month is not None and month["y"] is None:
                lines[index] = f"{day[1]}. {lines[after].strip()}"
                lines[after] = ""
    return "\n".join(lines)
