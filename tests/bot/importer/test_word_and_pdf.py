"""Word and PDF plans give the same events as their text (issue 10): two .docx files built
with python-docx (headings, bullets, a when/what/who table, the year only in the page header,
a content control, a nested table, a Symbol-font bullet, a multi-line cell) and a PDF made from
the first with fpdf2."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from fpdf import FPDF

from bot.importer import FoundEvent, import_document


@dataclass(frozen=True)
class Plan:
    """A plan as blocks: ('header', text), ('heading', text), ('bullet', text),
    ('paragraph', text), ('table', rows)."""

    blocks: tuple[tuple[str, object], ...]


ARBEIDSPLAN = Plan(
    (
        ("header", "Troms Arbeiderparti – arbeidsplan 2027"),
        ("heading", "JANUAR"),
        ("bullet", "26.-27. januar: Grunnskolering i Tromsø"),
        ("bullet", "Medlemsmøte om programmet 3. februar"),
        ("heading", "Kampanjer"),
        ("paragraph", "Vårkampanjen går fra 25. april til 10. mai."),
        ("paragraph", "Høstkampanjen gjennomføres i uke 37."),
        (
            "table",
            (
                ("Når", "Hva", "Hvem"),
                ("12. mars", "Styremøte", "Styret"),
                (
                    "1. desember",
                    "Forslagsfrist til landsmøtet",
                    "Kommunepartiene\nvia fylkespartiet",
                ),
            ),
        ),
    )
)
MOTEPLAN = Plan(
    (
        ("header", "Møteplan 2028"),
        ("heading", "Styret"),
        ("paragraph", "Styret møtes 14. januar i Harstad."),
        (
            "table",
            (
                ("Dato", "Møte", "Ansvarlig"),
                ("8. mars", "Årsmøte i fylkespartiet", "Fylkesstyret"),
                ("uke 42", "Verveuke", "Alle kommunepartier"),
            ),
        ),
        ("heading", "Skolering"),
        ("bullet", "Lederskolering 22.-23. september"),
    )
)


def as_text(plan: Plan) -> str:
    """The plan as a person would paste it: header first, bullets with "• ", rows with " | "."""
    lines: list[str] = []
    for kind, value in plan.blocks:
        if kind == "table":
            lines += [" | ".join(" ".join(c.split()) for c in row) for row in value]  # type: ignore[attr-defined]
        else:
            lines.append(f"• {value}" if kind == "bullet" else str(value))
    return "\n".join(lines) + "\n"


def as_docx(plan: Plan, path: Path, *, nested: bool = False) -> Path:
    """The plan as Word: the header in the page header only, a content control around the
    first paragraph, one bullet typed with the Symbol-font glyph, optionally the table nested
    inside a one-cell layout table."""
    document = docx.Document()
    first_bullet = True
    for kind, value in plan.blocks:
        if kind == "header":
            document.sections[0].header.paragraphs[0].text = str(value)
        elif kind == "heading":
            document.add_heading(str(value), level=1)
        elif kind == "bullet":
            if first_bullet:
                document.add_paragraph(f"\uf0b7\t{value}")  # pasted with the Symbol-font bullet
                first_bullet = False
            else:
                document.add_paragraph(str(value), style="List Bullet")
        elif kind == "paragraph":
            paragraph = document.add_paragraph(str(value))
            if "Vårkampanjen" in str(value) or "møtes" in str(value):
                _wrap_in_content_control(paragraph._p)
        else:
            rows = value  # type: ignore[assignment]
            holder = document.add_table(rows=1, cols=1) if nested else None
            target = holder.cell(0, 0) if holder is not None else document
            table = target.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type,union-attr]
            for r, row in enumerate(rows):  # type: ignore[arg-type]
                for c, cell in enumerate(row):
                    parts = cell.split("\n")
                    table.cell(r, c).text = parts[0]
                    for part in parts[1:]:
                        table.cell(r, c).add_paragraph(part)
    document.save(str(path))
    return path


def _wrap_in_content_control(p: object) -> None:
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    sdt.append(content)
    p.addprevious(sdt)  # type: ignore[attr-defined]
    content.append(deepcopy(p))
    p.getparent().remove(p)  # type: ignore[attr-defined]


def as_pdf(plan: Plan, path: Path) -> Path:
    """The plan as a PDF: the header line repeated on every page, bullets as '-', a table."""
    header_text = next(str(v) for k, v in plan.blocks if k == "header")

    class Document(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=9)
            self.cell(0, 8, header_text.replace("–", "-"), new_x="LMARGIN", new_y="NEXT")

    pdf = Document()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for kind, value in plan.blocks:
        if kind == "header":
            continue
        if kind == "table":
            with pdf.table() as table:
                for row in value:  # type: ignore[attr-defined]
                    cells = table.row()
                    for cell in row:
                        cells.cell(" ".join(cell.split()))
            continue
        text = f"- {value}" if kind == "bullet" else str(value)
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def dated(events: list[FoundEvent]) -> list[tuple[str, date | None, date | None]]:
    return sorted((e.precision, e.start, e.end) for e in events if e.start)  # type: ignore[misc]


def described(events: list[FoundEvent]) -> list[tuple[object, ...]]:
    return sorted((e.precision, e.start, e.end, e.title, e.kind) for e in events if e.start)  # type: ignore[arg-type]


@pytest.mark.parametrize(("plan", "nested"), [(ARBEIDSPLAN, False), (MOTEPLAN, True)])
def test_word_gives_the_same_events_as_its_text(tmp_path: Path, plan: Plan, nested: bool) -> None:
    text = tmp_path / "plan.txt"
    text.write_text(as_text(plan), encoding="utf-8")
    from_text = import_document(text)
    from_word = import_document(as_docx(plan, tmp_path / "plan.docx", nested=nested))
    assert described(from_word) == described(from_text)
    assert len(dated(from_text)) >= 4


def test_the_year_in_the_page_header_dates_the_word_plan(tmp_path: Path) -> None:
    events = import_document(as_docx(ARBEIDSPLAN, tmp_path / "plan.docx"))
    assert (date(2027, 1, 26), date(2027, 1, 27)) in {(e.start, e.end) for e in events}
    assert (date(2027, 12, 1), date(2027, 12, 1)) in {(e.start, e.end) for e in events}
    assert not any("\uf0b7" in e.title or e.title.startswith("•") for e in events)


def test_pdf_gives_the_same_dates_as_its_text(tmp_path: Path) -> None:
    text = tmp_path / "plan.txt"
    text.write_text(as_text(ARBEIDSPLAN), encoding="utf-8")
    from_pdf = import_document(as_pdf(ARBEIDSPLAN, tmp_path / "plan.pdf"))
    assert dated(from_pdf) == dated(import_document(text))
