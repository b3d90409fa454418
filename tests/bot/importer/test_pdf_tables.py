"""A PDF's when/what/who table reads as the same table in Word does (issue 10, "Word and PDF"):
its rows come out with their cells apart, so the who-column is the responsible, not the end of
the title; cells wrapped over two lines are one cell; a page of prose reads exactly as before."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader

from bot.importer import FoundEvent, extract_events, import_document
from bot.importer.reading import read_pdf_bytes
from tests.utils.plan_2027 import plan_2027_docx, plan_2027_pdf

TODAY = date(2026, 11, 30)


def test_a_word_table_of_meetings_gives_its_days() -> None:
    # 'Mars | 3 | Styret' as a Word table (or a PDF's table) gives it: the month holds several
    # rows, so the number is the day, as it is for 'Mars 3 Styret'
    text = "Møteplan 2027\nMars | 3 | Styret\nMars | 17 | Kontrollutvalet\nApril | 7 | Styret\n"
    text += "April | 28 | Årsmøte\n"
    found = [(e.start, e.precision, e.title) for e in extract_events(text, today=TODAY)]
    assert found == [
        (date(2027, 3, 3), "day", "Styret"),
        (date(2027, 3, 17), "day", "Kontrollutvalet"),
        (date(2027, 4, 7), "day", "Styret"),
        (date(2027, 4, 28), "day", "Årsmøte"),
    ]


def test_a_count_beside_a_month_in_its_own_cell_is_no_day() -> None:
    # a school calendar, each month once: 12 is a count of school days
    text = "Skoleruta 2027\nAugust | 12 | Skolestart\nSeptember | 21 | Haustferie\n"
    assert all(e.start is None or e.start.day == 1 for e in extract_events(text, today=TODAY))


# --- a PDF's table as Word's ----------------------------------------------------------------


def essentials(events: list[FoundEvent]) -> list[tuple[object, ...]]:
    return sorted(
        ((e.start, e.end, e.title, e.responsible) for e in events if e.start),
        key=repr,
    )


def test_the_2027_plan_as_pdf_gives_the_events_of_its_word_file(tmp_path: Path) -> None:
    from_word = import_document(plan_2027_docx(tmp_path / "plan.docx"), today=TODAY)
    from_pdf = import_document(plan_2027_pdf(tmp_path / "plan.pdf"), today=TODAY)
    assert essentials(from_pdf) == essentials(from_word)
    assert (date(2027, 2, 4), date(2027, 2, 4), "Fylkesstyremøte", "Fylkesstyret") in essentials(
        from_pdf
    )


HEADER = "Møteplan 2028 - Fylkeslaget"  # the year only in the page header
ROWS = (
    ("Dato", "Møte", "Ansvarlig"),
    ("8. mars", "Årsmøte i fylkeslaget med valg av nytt styre", "Fylkesstyret"),
    ("16. og 17. august", "Sommerleir", "Alle"),
    ("uke 42", "Verveuke", "Alle kommunepartiene"),
    ("3. november", "Budsjettmøte", "Fylkesstyret og kontrollkomiteen"),
)
PROSE = (
    "Styret møtes 14. januar i Harstad.",
    "- Lederskolering 22.-23. september",
)


def wrapped_table_docx(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    document.add_paragraph(PROSE[0])
    table = document.add_table(rows=len(ROWS), cols=3)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    document.add_paragraph(PROSE[1])
    document.save(str(path))
    return path


def wrapped_table_pdf(path: Path, v_align: str) -> Path:
    """The plan with a narrow table, so that dates, titles and names wrap in their cells."""

    class Document(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=9)
            self.cell(0, 8, HEADER, new_x="LMARGIN", new_y="NEXT")

    pdf = Document()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 7, PROSE[0], new_x="LMARGIN", new_y="NEXT")
    with pdf.table(width=110, col_widths=(25, 50, 35), text_align="LEFT", v_align=v_align) as t:
        for row in ROWS:
            cells = t.row()
            for cell in row:
                cells.cell(cell)
    pdf.multi_cell(0, 7, PROSE[1], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("v_align", ["MIDDLE", "TOP"])
def test_a_pdf_table_whose_cells_wrap_gives_the_events_of_its_word_table(
    tmp_path: Path, v_align: str
) -> None:
    pdf = wrapped_table_pdf(tmp_path / "plan.pdf", v_align)
    text = read_pdf_bytes(pdf.read_bytes())
    assert "8. mars | Årsmøte i fylkeslaget med valg av nytt styre | Fylkesstyret" in text
    from_word = import_document(wrapped_table_docx(tmp_path / "plan.docx"), today=TODAY)
    from_pdf = import_document(pdf, today=TODAY)
    assert essentials(from_pdf) == essentials(from_word)
    assert (
        date(2028, 11, 3),
        date(2028, 11, 3),
        "Budsjettmøte",
        "Fylkesstyret og kontrollkomiteen",
    ) in essentials(from_pdf)


def test_a_pdf_of_prose_and_bullets_reads_as_its_plain_text(tmp_path: Path) -> None:
    # justified lines have wide gaps too, but they do not stand in columns
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 8, "Arbeidsplan 2027", new_x="LMARGIN", new_y="NEXT")
    for text in (
        "Fylkespartiet har teamsmøte med kommunepartilederne en gang hver måned, og alle "
        "kommunepartistyrer gjennomfører skolering i praktisk styrearbeid innen tre måneder "
        "etter årsmøtet. Vårkampanjen går fra 24. april til 9. mai, og høstkampanjen i uke 37.",
        "- Lagbyggersamling 15.-16. januar i Tromsø",
        "- Grunnskolering for nye tillitsvalgte i uke 13, 14",
        "- Forslagsfrist til fylkesårsmøtet 1. desember",
    ):
        pdf.multi_cell(0, 7, text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "prose.pdf"))
    data = (tmp_path / "prose.pdf").read_bytes()
    plain = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert read_pdf_bytes(data) == plain
