"""A PDF's tables as the Word reader writes them. pypdf's plain text loses a table's columns
('4. februar Fylkesstyremøte Fylkesstyret', or one cell a line when cells wrap); its layout text
keeps where each piece stands across the page. A table is a run of layout lines whose pieces
(text between gaps of two spaces or more) start at the same columns, from a line of three or
more pieces, with another such line or two of two pieces; a cell wrapped over several lines is put back together, and each row
becomes one line with its cells joined by " | " ('4. februar | Fylkesstyremøte |
Fylkesstyret'). Everything else on the page is the plain text, exactly as before: a page with
no table reads as it did."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

CELL_SEPARATOR = " | "  # as bot.importer.word joins a row's cells
PIECE = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces; two or more end a piece
MIN_PIECES = 3  # two wide gaps: a row of three columns
MIN_WIDE_ROWS = 2  # a header and a row of three pieces or more, or two such rows
MIN_GAPPED_ROWS = 3  # or that line and two of two pieces in its columns
SLACK = 1  # a column's pieces start within one character of each other


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    first: int  # index of its first layout line
    last: int  # index of its last layout line
    rows: tuple[str, ...]


def with_tables(plain: str, layout: str) -> str:
    """The page's plain text with each table found in its layout text written as rows."""
    lines = layout.split("\n")
    tables = find_tables(lines)
    if not tables:
        return plain
    return _merged(plain.split("\n"), lines, tables)


def find_tables(lines: list[str]) -> list[Table]:
    """The tables among the layout lines (see the module's docstring)."""
    pieces = [_pieces(line) for line in lines]
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        if len(pieces[index]) < MIN_PIECES:
            index += 1
            continue
        table = _table_from(pieces, index)
        if table is None:
            index += 1
            continue
        tables.append(table)
        index = table.last + 1
    return tables


def _pieces(line: str) -> list[Piece]:
    return [Piece(m.start(), m.end(), m.group()) for m in PIECE.finditer(line)]


def _column(columns: list[int], start: int) -> int | None:
    """The index of the column a piece starting at `start` stands in, if any."""
    return next((j for j, c in enumerate(columns) if abs(c - start) <= SLACK), None)


def _fits(columns: list[int], row: list[Piece]) -> bool:
    """Every piece starts at a column and ends before the next column starts."""
    for piece in row:
        j = _column(columns, piece.start)
        if j is None or (j + 1 < len(columns) and piece.end > columns[j + 1] - SLACK):
            return False
    return True


def _table_from(pieces: list[list[Piece]], first: int) -> Table | None:
    """The table whose first row of three or more pieces is line `first`, or None when too few
    lines below it stand in the same columns: another of three pieces, or two of two (the
    other cells of their rows wrapped onto lines above and below them)."""
    columns = [piece.start for piece in pieces[first]]
    gapped = [first]
    last = first
    index = first + 1
    while index < len(pieces):
        row = pieces[index]
        if row and not _fits(columns, row):
            break
        if len(row) >= 2:
            gapped.append(index)
        if row:
            last = index
        index += 1
    wide = sum(len(pieces[i]) >= MIN_PIECES for i in gapped)
    if wide < MIN_WIDE_ROWS and len(gapped) < MIN_GAPPED_ROWS:
        return None
    # a line holding only a first-column piece after the last row is the text below the table
    while last > gapped[-1] and _only_first(columns, pieces[last]):
        last -= 1
    while last > gapped[-1] and not pieces[last]:
        last -= 1
    return Table(first, last, tuple(_rows(columns, pieces[first : last + 1])))


def _only_first(columns: list[int], row: list[Piece]) -> bool:
    return all(_column(columns, piece.start) == 0 for piece in row)


def _rows(columns: list[int], lines: list[list[Piece]]) -> list[str]:
    """The table's rows. Where blank lines part groups of several lines, each group is a row
    (its cells on several lines, centred or at the top). Else (no blank lines, or one after
    every line) a line filling the first column and another, or every column but the first,
    starts a row, and the lines under it continue its cells."""
    bands: list[list[list[Piece]]] = [[]]
    for line in lines:
        if line:
            bands[-1].append(line)
        elif bands[-1]:
            bands.append([])
    bands = [band for band in bands if band]
    if any(len(band) > 1 for band in bands) and len(bands) > 1:
        return [_row(columns, band) for band in bands]
    rows: list[list[list[Piece]]] = []
    for line in (line for band in bands for line in band):
        filled = {_column(columns, piece.start) for piece in line}
        if not rows or (0 in filled and len(filled) > 1) or filled >= set(range(1, len(columns))):
            rows.append([])
        rows[-1].append(line)
    return [_row(columns, row) for row in rows]


def _row(columns: list[int], band: list[list[Piece]]) -> str:
    cells: list[list[str]] = [[] for _ in columns]
    for line in band:
        for piece in line:
            cells[_column(columns, piece.start) or 0].append(piece.text)
    return CELL_SEPARATOR.join(" ".join(cell) for cell in cells)


def _normal(line: str) -> str:
    return " ".join(line.split())


def _merged(plain: list[str], layout: list[str], tables: list[Table]) -> str:
    """The plain lines, where the layout lines of a table stand in their place: the two texts
    are lined up (the same words, spaced differently), and the plain lines that hold a table's
    words give way to its rows."""
    kept = [i for i, line in enumerate(layout) if line.strip()]
    table_of = {i: t for t in tables for i in range(t.first, t.last + 1)}
    matcher = difflib.SequenceMatcher(
        None, [_normal(layout[i]) for i in kept], [_normal(line) for line in plain], autojunk=False
    )
    out: list[str] = []
    written: set[int] = set()

    def write_table(table: Table) -> None:
        if table.first not in written:
            written.add(table.first)
            out.extend(table.rows)

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        span = [kept[i] for i in range(i1, i2)]
        in_tables = [table_of[i] for i in span if i in table_of]
        if not span:  # plain lines the layout text has elsewhere: inside a table, its words
            before = table_of.get(kept[i1 - 1]) if i1 else None
            after = table_of.get(kept[i1]) if i1 < len(kept) else None
            if before is None or before is not after:
                out.extend(plain[j1:j2])
            continue
        if not in_tables:
            out.extend(plain[j1:j2])
            continue
        for offset, i in enumerate(span):
            if i in table_of:
                write_table(table_of[i])
            elif tag == "equal":
                out.append(plain[j1 + offset])
            else:
                out.append(_normal(layout[i]))
    return "\n".join(out)
