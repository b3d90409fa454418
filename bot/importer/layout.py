"""What the layout of a plan says beside its words: a table whose first column is headed "Uke"
holds week numbers ("37-38 | Kanotur" is "uke 37-38 | Kanotur"); a month in one column and the
days in the next ("September | 8.-9. | Planleggingsdag", then " | 13. | Foreldremøte", which
inherits the month) is one date; a header row of months over rows of day numbers ("Utvalg | Jan |
Feb" then "Kommunestyret | 30 | 13") is a date per cell; a month and a count before a row's
remark ("Desember 15 20. desember: Siste skoledag") are no date (all rewritten before parsing);
and a column headed "Hvem" or
"Ansvarlig" says who is responsible (not part of the title). Two lines a copy ran together
("26. novemberJulemarked") are taken apart again."""

from __future__ import annotations

import re

from bot.importer.lexicon import MONTH_ABBREVIATIONS, MONTHS, month_number, words_pattern

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
    """Words a copy ran together across a lost line break get a space between them again, a
    day typed with its dot twice before its month ('29..mai') has one, and a shortened weekday
    typed against its date ('Onsd.26.4.') is set apart from it."""
    text = WEEKDAY_AGAINST_DATE.sub(". ", RUN_TOGETHER.sub(" ", text))
    return DOUBLED_DOT.sub("", text)


# '29..mai', '3.. juni': a day's dot typed twice (the month's name must follow)
DOUBLED_DOT = re.compile(
    rf"(?<=\d)(?<!\d\d\d)\.(?=\.\s?{words_pattern({**MONTHS, **MONTH_ABBREVIATIONS})}\b)",
    re.IGNORECASE,
)


# 'Onsd.26.4.', 'tirs.3.5.': a shortened weekday, its dot, then a numeric date with no space
WEEKDAY_AGAINST_DATE = re.compile(
    r"(?<![\w.])(?:man|mand|tir|tirs|tirsd|tys|ons|onsd|tor|tors|torsd|fre|fred|lør|laur|søn"
    r"|sønd|sun)\.(?=\d{1,2}\.\d)",
    re.IGNORECASE,
)


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
DAY_FIRST_CELL = re.compile(r"^\s*\d{1,2}\.?\s*$")  # '14 | januar | Styremøte'


def with_month_columns(text: str) -> str:
    """Rows '<month> | <days> | …' (or ' | <days> | …' under such a row) and '<day> | <month> |
    …' as '<days> <month> | …'."""
    lines = text.split("\n")
    month: str | None = None
    for index, line in enumerate(lines):
        parts = line.split("|")
        if len(parts) >= 3 and DAY_FIRST_CELL.match(parts[0]) and MONTH_CELL.match(parts[1]):
            day = parts[0].strip().rstrip(".")
            rest = (part.strip() for part in parts[2:])
            lines[index] = " | ".join([f"{day}. {parts[1].strip()}", *rest])
            continue
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


# 'August 12 15. august: Første skoledag', 'September 21': a flattened table row whose first
# cells are a month and a count (school days); a day comes after its month only in a table of
# meetings, where a month holds several rows ('Mars 3 Styret', 'Mars 17 Kontrollutvalet').
MONTH_COUNT_ROW = re.compile(
    rf"^(?P<indent>\s*)(?P<m>{words_pattern(MONTHS)})(?:\s+|(?P<bar>\s*\|\s*))(?P<n>\d{{1,3}})"
    r"(?=\s|$)(?P<rest>.*)$",
    re.IGNORECASE,
)


def with_month_counts_apart(text: str) -> str:
    """A row '<month> <count> <remark>' keeps the remark, which dates itself when it has a
    date ('20. desember: Siste skoledag før jul'), and else the month ('Mars Påskeferie'); a
    row with only the count says nothing. Where a month holds several rows of one table ('Mars
    3 Styret', 'Mars 17 Kontrollutvalet', as a PDF's text gives a table of meetings), the number
    is the day: 'Mars | 3. | Styret' — also when the row's cells are apart already ('Mars | 3 |
    Styret', as a Word table or a PDF's table gives it)."""
    lines = text.split("\n")
    rows = {index: MONTH_COUNT_ROW.match(line) for index, line in enumerate(lines)}
    for index, row in rows.items():
        if row is None:
            continue
        rest = row["rest"].strip().removeprefix("|").strip()
        if rest and int(row["n"]) <= MAX_DAY and _month_rows(rows, index, row["m"]) > 1:
            lines[index] = f"{row['indent']}{row['m']} | {row['n']}. | {rest}"
            continue
        if row["bar"]:
            continue  # 'August | 12 | Skolestart' in cells of their own: left to the table readers
        dated = re.search(r"\d", rest) is not None
        lines[index] = row["indent"] + (rest if dated or not rest else f"{row['m']} {rest}")
    return "\n".join(lines)


MAX_DAY = 31


def _month_rows(rows: dict[int, re.Match[str] | None], index: int, name: str) -> int:
    """How many rows of the table around `index` (rows next to each other) name its month."""
    month = month_number(name)
    count = 0
    for step in (-1, 1):
        at = index
        while (row := rows.get(at)) is not None:
            count += month_number(row["m"]) == month
            at += step
    return count - 1  # the row itself was counted both ways


# A cell of days in a month's column: '13 og 27', '26* / 27' (a mark for a footnote), '10-11'
# and '14.-15.' (a span), with a remark after them ('20 Utgår', '11.(Valgstyremøte)').
MATRIX_DAY = re.compile(r"(\d{1,2})\.?\**(?:\s*[-–]\s*(\d{1,2})\.?\**)?")
MATRIX_DAYS = re.compile(
    rf"^\s*(?P<days>{MATRIX_DAY.pattern}(?:\s*(?:,|og|&|/|\+)\s*{MATRIX_DAY.pattern})*)"
    r"\s*(?P<remark>\(?[^\W\d_][^\d|]*)?\s*$",
    re.IGNORECASE,
)
MIN_MONTH_COLUMNS = 2


def with_month_matrix(text: str) -> str:
    """Under a header row of months ('Utvalg | Jan | Feb | Mar'), the day numbers in a month's
    column are days of that month, each cell on a line of its own after the row's name (a
    remark in one cell is not the title of the next): 'Kommunestyret | 30 | 13 og 27' becomes
    'Kommunestyret | 30. januar' and 'Kommunestyret | 13. februar og 27. februar'."""
    lines = text.split("\n")
    months: dict[int, str] = {}
    for index, line in enumerate(lines):
        parts = line.split("|")
        header = {
            j: _month_name(cell)
            for j, cell in enumerate(parts)
            if j > 0 and MONTH_CELL.match(cell) and not cell.strip()[:1].isdigit()
        }
        if len(header) >= MIN_MONTH_COLUMNS and not MONTH_CELL.match(parts[0]):
            months = header
            continue
        if "|" not in line:
            if line.strip():
                months = {}
            continue
        cells = {
            j: _matrix_dates(cell, month)
            for j, month in months.items()
            if j < len(parts) and (cell := MATRIX_DAYS.match(parts[j])) is not None
        }
        if cells:
            rest = [part.strip() for j, part in enumerate(parts) if j and j not in cells]
            lines[index] = "\n".join(
                " | ".join([parts[0].strip(), dates, *filter(None, rest)])
                for dates in cells.values()
            )
    return "\n".join(lines)


def _matrix_dates(cell: re.Match[str], month: str) -> str:
    """A matrix cell's days written out in its month, between the words that joined them ('13
    og 27' under 'Feb': '13. februar og 27. februar'; '26* / 27': '26. mai / 27. mai', two
    meetings; '10-11': '10.-11. mai'), its remark kept after them in brackets ('20 Utgår':
    '20. januar (Utgår)')."""
    days = MATRIX_DAY.sub(
        lambda day: f"{day[1]}.-{day[2]}. {month}" if day[2] else f"{day[1]}. {month}",
        cell["days"],
    )
    remark = (cell["remark"] or "").strip()
    if remark and not remark.startswith("("):
        remark = f"({remark})"  # 'Utgår' is said of the cell's days, not the next cell's title
    return " ".join(filter(None, (days, remark)))


def _month_name(cell: str) -> str:
    """The full name of the month a header cell names ('Jan' -> 'januar')."""
    number = month_number(cell.split()[0])
    return next(name for name, n in MONTHS.items() if n == number)
