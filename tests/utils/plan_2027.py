"""Troms Arbeiderparti's work plan for 2027 as its office would send it in December 2026: a Word
document (python-docx) with headings, bullets and a når/hva/hvem table, the year only in the page
header; some lines the same as the 2026 plan in force, some new, one changed date, a deadline
counted from each unit's annual meeting, "uke 13, 14" and the monthly Teams meeting. A PDF of it
is made with fpdf2 (the way the importer's own tests make PDFs)."""

from __future__ import annotations

from pathlib import Path

import docx
from fpdf import FPDF

HEADER = "Troms Arbeiderparti – arbeidsplan 2027"
BLOCKS: tuple[tuple[str, object], ...] = (
    ("heading", "Organisasjon"),
    ("bullet", "Fylkespartiet har teamsmøte med kommunepartilederne en gang hver måned."),
    ("bullet", "Årsmøtesesongen i kommunepartiene starter i januar."),
    (
        "bullet",
        "Alle kommunepartistyrer gjennomfører skolering i praktisk styrearbeid innen tre måneder "
        "etter årsmøtet.",
    ),
    ("bullet", "Lagbyggersamling/toppkandidatskolering 15.-16. januar i Tromsø."),
    ("heading", "Kampanjer"),
    ("paragraph", "Vårkampanjen går fra 24. april til 9. mai."),
    ("paragraph", "Høstkampanjen gjennomføres i uke 37."),
    ("heading", "Skolering"),
    ("paragraph", "Grunnskolering for nye tillitsvalgte i uke 13, 14."),
    (
        "table",
        (
            ("Når", "Hva", "Hvem"),
            ("1. desember", "Forslagsfrist til fylkesårsmøtet", "Kommunepartiene"),
            ("4. februar", "Fylkesstyremøte", "Fylkesstyret"),
            ("12. mars", "Fylkesstyremøte", "Fylkesstyret"),
            ("9. desember", "Julemøte i fylkesstyret", "Fylkesstyret"),
            ("13. september", "Kommune- og fylkestingsvalget", "Alle"),
        ),
    ),
)


def plan_2027_docx(path: Path) -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    for kind, value in BLOCKS:
        if kind == "heading":
            document.add_heading(str(value), level=1)
        elif kind == "bullet":
            document.add_paragraph(str(value), style="List Bullet")
        elif kind == "paragraph":
            document.add_paragraph(str(value))
        else:
            rows: tuple[tuple[str, ...], ...] = value  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    document.save(str(path))
    return path


def plan_2027_pdf(path: Path) -> Path:
    """The same plan as a PDF: the header line on every page, bullets as '-', the table."""

    class Document(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=9)
            self.cell(0, 8, HEADER.replace("–", "-"), new_x="LMARGIN", new_y="NEXT")

    pdf = Document()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for kind, value in BLOCKS:
        if kind == "table":
            with pdf.table() as table:
                for row in value:  # type: ignore[attr-defined]
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            continue
        text = f"- {value}" if kind == "bullet" else str(value)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path
