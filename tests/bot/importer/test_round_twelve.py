"""Failure classes of issue 10, round twelve: tables flattened one cell per line, each rule by a
small text of its own (not a line of the corpus), kept only where the fold by organisation it was
not found in gained or held (tests/data/plans/SOURCES.md, "Round twelve")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF

from bot.importer import extract_events, import_document
from bot.importer.cells import with_cells_in_rows

TODAY = date(2026, 11, 30)


def events(text: str, year: int | None = None) -> list[tuple[date | None, str]]:
    return [(e.start, e.title) for e in extract_events(text, year=year, today=TODAY) if e.start]


def flattened(rows: list[list[str]], separator: bool = True) -> str:
    cells = [cell for row in rows for cell in row]
    return ("\n|\n" if separator else "\n").join(cells) + "\n"


COUNCIL = [
    ["Mars", "3", "Styret"],
    ["Mars", "3", "Valnemnda"],
    ["Mars", "17", "Kontrollutvalet"],
    ["April", "7", "Styret"],
    ["April", "28", "Årsmøte"],
]


# --- a table flattened one cell per line -------------------------------------------------------


def test_cells_between_bar_lines_are_put_back_into_rows() -> None:
    text = "Møteplan våren 2027\n\n" + flattened(COUNCIL)
    assert with_cells_in_rows(text).split("\n")[2:4] == [
        "Mars 3 | Styret",
        "Mars 3 | Valnemnda",
    ]
    assert events(text) == [
        (date(2027, 3, 3), "Styret"),
        (date(2027, 3, 3), "Valnemnda"),
        (date(2027, 3, 17), "Kontrollutvalet"),
        (date(2027, 4, 7), "Styret"),
        (date(2027, 4, 28), "Årsmøte"),
    ]


def test_a_remark_right_below_a_flattened_table_stays_a_line_of_its_own() -> None:
    text = "Møteplan 2027\n\n" + flattened(COUNCIL) + "|\nEndringar kan kome.\n"
    assert with_cells_in_rows(text).split("\n")[2:] == [
        "Mars 3 | Styret",
        "Mars 3 | Valnemnda",
        "Mars 17 | Kontrollutvalet",
        "April 7 | Styret",
        "April 28 | Årsmøte",
        "Endringar kan kome.",
        "",
    ]


def test_a_flattened_table_naming_no_year_is_read_with_the_year_typed() -> None:
    found = events(flattened(COUNCIL), year=2027)
    assert (date(2027, 3, 17), "Kontrollutvalet") in found
    assert len(found) == len(COUNCIL)


def test_a_flattened_table_keyed_by_dates_keeps_each_title_on_its_own_date() -> None:
    # without the rows, each title went to the date after it ('Styret' on 17 March)
    rows = [["03.03.2027", "18:00", "Styret"], ["17.03.2027", "18:00", "Kontrollutvalet"]]
    rows += [["07.04.2027", "19:00", "Årsmøte"]]
    assert events(flattened(rows)) == [
        (date(2027, 3, 3), "Styret"),
        (date(2027, 3, 17), "Kontrollutvalet"),
        (date(2027, 4, 7), "Årsmøte"),
    ]


def test_one_cell_a_line_without_bars_is_a_table_when_a_day_column_repeats() -> None:
    text = "Møteplan 2027\n\n" + flattened(COUNCIL, separator=False)
    assert (date(2027, 4, 28), "Årsmøte") in events(text)
    assert with_cells_in_rows(text).split("\n")[2] == "Mars 3 | Styret"


def test_a_list_of_months_over_their_items_is_no_table() -> None:
    # one cell a line with no day column: month headings over items, left as they were
    text = "Mars\nStyremøte 3. mars\nApril\nÅrsmøte 28. april\nMai\nTur 12. mai\n"
    assert with_cells_in_rows(text) == text


def test_cells_that_date_themselves_are_left_on_their_lines() -> None:
    # 'August' / '16. august' / 'Planleggingsdag': the day cell names its month, read as it is
    rows = [["August 2027", "16. august", "Planleggingsdag"], ["September", "-", "-"]]
    rows += [["Oktober", "4. oktober", "Planleggingsdag"]]
    text = flattened(rows)
    assert with_cells_in_rows(text) == text


def test_a_grid_whose_empty_cells_were_lost_is_left_alone() -> None:
    # months by committees, empty cells dropped: the row length does not repeat, so no guess
    text = "Jan\n|\nFeb\n|\nMars\n|\nStyret\n|\n11\n|\n18\n|\nRådet\n|\n29\n|\nJan\n|\n3\n"
    assert with_cells_in_rows(text) == text


def test_a_count_beside_a_month_standing_once_is_no_day() -> None:
    # 'August' / '12' / … : school days counted per month, each month once
    rows = [["August", "12", "Skolestart"], ["September", "21", "-"], ["Oktober", "17", "-"]]
    text = "Skoleruta 2027\n\n" + flattened(rows)
    assert with_cells_in_rows(text).split("\n")[2] == "August 12 | Skolestart"
    assert all(start != date(2027, 8, 12) for start, _ in events(text))


# --- a table row as a PDF's text gives it: '<month> <day> <title>' ----------------------------


def test_rows_of_a_month_a_day_and_a_title_are_days_when_the_month_holds_several() -> None:
    text = (
        "Møteplan 2027\nMars 3 Styret\nMars 17 Kontrollutvalet\nApril 7 Styret\nApril 28 Årsmøte\n"
    )
    assert events(text) == [
        (date(2027, 3, 3), "Styret"),
        (date(2027, 3, 17), "Kontrollutvalet"),
        (date(2027, 4, 7), "Styret"),
        (date(2027, 4, 28), "Årsmøte"),
    ]


def test_a_table_of_meetings_in_a_pdf_gives_its_days(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 10, "Moteplan 2027", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for month, day, title in COUNCIL:
            row = table.row()
            for cell in (month, day, title.replace("Å", "A").replace("ø", "o")):
                row.cell(cell)
    pdf.output(str(tmp_path / "moteplan.pdf"))
    found = import_document(tmp_path / "moteplan.pdf", today=TODAY)
    assert [(e.start, e.precision) for e in found][:3] == [
        (date(2027, 3, 3), "day"),
        (date(2027, 3, 3), "day"),
        (date(2027, 3, 17), "day"),
    ]


def test_a_month_and_a_count_standing_once_keep_the_month() -> None:
    # a school calendar: 'September 21 Haustferie' is September, 21 school days
    text = "Skoleruta 2027\nAugust 12 Skolestart\nSeptember 21 Haustferie\n"
    assert all(start is not None and start.day == 1 for start, _ in events(text))


# --- rows of one table on one day are all events --------------------------------------------


def test_two_rows_of_a_table_on_one_day_are_two_events() -> None:
    text = "Møteplan 2027\n\n3. mars | Styret\n3. mars | Styret for ungdomslaget\n"
    assert events(text) == [
        (date(2027, 3, 3), "Styret"),
        (date(2027, 3, 3), "Styret for ungdomslaget"),
    ]
