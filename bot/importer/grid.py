"""A table with the months as columns and the bodies as rows ('Utvalg', 'Jan', 'Feb' … over
'Kommunestyret', '', '11', '18' …), flattened so that every cell keeps its place: one cell a
paragraph (a blank line between cells, an empty cell an empty paragraph), or a header of months
on one line over rows whose cells are joined by single spaces (an empty cell is a space: '26.*
11.   5. 3.', '  3. 22.** 19. 17.'). Each row is put back on one line, ' | ' between its cells,
under a header row of the months, so `with_month_matrix` reads a day number as a day of its
column's month. A row whose cells are not all days or empty, or whose cells are not followed by
the next row's name, has lost its places and is left as it was."""

from __future__ import annotations

import re

from bot.importer.layout import MATRIX_DAYS, MONTH_CELL

MIN_GRID_MONTHS = 4
PARAGRAPH = "\n\n"
DROPPED = "\x00"  # a line joined to the row below it
MAX_NAME_PARTS = 2  # a row's name wrapped over two paragraphs ('Rådet for likestilling av')


def with_grid_rows(text: str) -> str:
    """Every flattened month grid in the text with its rows on one line each."""
    return _with_line_grids(_with_paragraph_grids(text))


def _is_month(cell: str) -> bool:
    return bool(cell.strip()) and bool(MONTH_CELL.match(cell)) and not cell.strip()[0].isdigit()


def _is_days(cell: str) -> bool:
    return bool(MATRIX_DAYS.match(cell))


def _is_name(cell: str) -> bool:
    """A row's name: words, neither a month nor a cell of days."""
    return bool(re.search(r"[^\W\d_]", cell)) and not _is_month(cell) and not _is_days(cell)


def _with_paragraph_grids(text: str) -> str:
    """Grids flattened one cell a paragraph, each row on a line under its months."""
    chunks = text.split(PARAGRAPH)
    out: list[str] = []
    index = 0
    while index < len(chunks):
        count = 0
        while index + count < len(chunks) and _is_month(chunks[index + count]):
            count += 1
        if count < MIN_GRID_MONTHS:
            out.append(chunks[index])
            index += 1
            continue
        corner = out[-1] if out and _is_name(out[-1]) else ""
        header = " | ".join([corner.strip(), *(c.strip() for c in chunks[index : index + count])])
        end, table = _paragraph_rows(chunks, index + count, count, header)
        if len(table) == 1:  # no row under the months: no grid
            out.append(chunks[index])
            index += 1
            continue
        if corner:
            out.pop()
        out.append("\n".join(table))
        index = end
    return PARAGRAPH.join(out)


def _paragraph_rows(
    chunks: list[str], index: int, width: int, header: str
) -> tuple[int, list[str]]:
    """The rows after a header of `width` months, as lines under that header, and where they
    end; where a row has lost its places, its paragraphs as they were and the header again
    after them. Only the header when no row fits."""
    lines = [header]
    rows = 0
    while True:
        start = index
        while index < len(chunks) and not chunks[index].strip():
            index += 1
        name: list[str] = []
        while index < len(chunks) and len(name) < MAX_NAME_PARTS and _is_name(chunks[index]):
            name.append(chunks[index].strip())
            index += 1
        cells = chunks[index : index + width]
        if not name or len(cells) < width or not all(_is_days(c) or not c.strip() for c in cells):
            if lines[-1] == header:
                lines.pop()
            return start, lines if rows else [header]
        after = index + width
        while after < len(chunks) and not chunks[after].strip():
            after += 1
        if after == len(chunks) or _is_name(chunks[after]):
            lines.append(" | ".join([" ".join(name), *(c.strip() for c in cells)]))
            rows += 1
            index += width
            continue
        # the row's cells do not end where the next row begins: skip to the next name
        while index < len(chunks) and not _is_name(chunks[index]):
            index += 1
        lines.append(PARAGRAPH.join(chunks[start:index]).strip("\n"))
        lines.append(header)


def _with_line_grids(text: str) -> str:
    """Grids whose months head one line and whose cells are joined by spaces, as ' | ' rows."""
    lines = text.split("\n")
    months = 0
    header_at = -1
    for index, line in enumerate(lines):
        words = line.split()
        if len(words) >= MIN_GRID_MONTHS and all(_is_month(word) for word in words):
            months = len(words)
            header_at = index
            continue
        if not line.strip():
            months = 0
        if not months:
            continue
        row = _line_row(line, months)
        if row is None:
            continue
        if header_at >= 0:
            corner = lines[header_at - 1] if header_at and _is_name(lines[header_at - 1]) else ""
            if corner:
                lines[header_at - 1] = DROPPED
            lines[header_at] = " | ".join([corner.strip(), *lines[header_at].split()])
            header_at = -1
        name, cells = row
        if not name and index and _is_name(lines[index - 1]) and "|" not in lines[index - 1]:
            name, lines[index - 1] = lines[index - 1].strip(), DROPPED
        lines[index] = " | ".join([name, *cells])
    return "\n".join(line for line in lines if line is not DROPPED)


def _line_row(line: str, width: int) -> tuple[str, list[str]] | None:
    """A row's name and cells from a line whose cells are joined by single spaces and whose
    empty cells are a space each (two more spaces in the run between the cells around it);
    None when the line is no such row."""
    tokens = line.rstrip().split(" ")
    first = next((i for i, token in enumerate(tokens) if token and _is_days(token)), None)
    if first is None:
        return None
    name_end = max((i + 1 for i, token in enumerate(tokens[:first]) if token), default=0)
    name = " ".join(token for token in tokens[:name_end] if token)
    cells: list[str] = []
    empties = 0
    for token in tokens[name_end:]:
        if not token:
            empties += 1
            continue
        if empties % 2 or not _is_days(token):
            return None
        cells.extend([""] * (empties // 2))
        cells.append(token)
        empties = 0
    return (name, cells) if len(cells) <= width else None
