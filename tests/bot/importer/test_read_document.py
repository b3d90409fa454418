"""Reading .txt, .docx and .pdf plans, and refusing files that are not plans."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from bot.importer import ImportFileError, import_document, read_document


def test_reads_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Arbeidsplan for 2026\nForslagsfrist 1. desember.\n", encoding="utf-8")
    assert "Forslagsfrist 1. desember." in read_document(path)


def test_reads_cp1252_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_bytes("Årsmøte i mars på Finnsnes".encode("cp1252"))
    assert read_document(path) == "Årsmøte i mars på Finnsnes"


def test_reads_docx_paragraphs_and_table_rows_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Arbeidsplan for 2026")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Grunnskolering"
    table.cell(0, 1).text = "26.-27. januar"
    table.cell(1, 0).text = "Årsmøte"
    table.cell(1, 1).text = "17.-18. mars"
    document.add_paragraph("Forslagsfrist 1. desember.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    text = read_document(path)
    assert text.splitlines() == [
        "Arbeidsplan for 2026",
        "Grunnskolering | 26.-27. januar",
        "Årsmøte | 17.-18. mars",
        "Forslagsfrist 1. desember.",
    ]
    events = import_document(path)
    assert [(e.title, e.start) for e in events] == [
        ("Grunnskolering", date(2026, 1, 26)),
        ("Årsmøte", date(2026, 3, 17)),
        ("Forslagsfrist", date(2026, 12, 1)),
    ]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose content stream writes `lines` in Helvetica."""
    text_ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text_ops.append(f"({escaped}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_reads_a_text_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(
        minimal_pdf(["Handlingsplan for 2018", "Datoplan", "1. desember Nominasjonsfrist"])
    )
    assert "Handlingsplan" in (PdfReader(str(path)).pages[0].extract_text() or "")
    text = read_document(path)
    assert "1. desember Nominasjonsfrist" in text
    (event,) = import_document(path)
    assert (event.start, event.kind) == (date(2018, 12, 1), "deadline")


def test_format_is_detected_by_content_not_suffix(tmp_path: Path) -> None:
    path = tmp_path / "plan.bin"
    path.write_bytes(minimal_pdf(["Styremote 3. mars 2026"]))
    assert "3. mars 2026" in read_document(path)


def error_code(path: Path) -> str:
    """The code of the ImportFileError raised by import_document."""
    with pytest.raises(ImportFileError) as caught:
        import_document(path)
    return caught.value.code


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert error_code(path) == "empty"
    path.write_bytes(b"  \n\n ")
    assert error_code(path) == "empty"


def test_binary_files(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"Plan\x00\x00\x01\x02 1. mars")
    assert error_code(path) == "binary"
    path.write_bytes(os.urandom(4096))
    assert error_code(path) in {"binary", "unknown_format"}


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "bilde.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert error_code(path) == "unknown_format"


def test_broken_docx_and_pdf_are_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip file")
    assert error_code(path) == "unreadable"
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage without objects")
    assert error_code(path) == "unreadable"


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    assert error_code(tmp_path / "finnes-ikke.txt") == "unreadable"


def test_text_without_dates(tmp_path: Path) -> None:
    path = tmp_path / "notat.txt"
    path.write_text("Vi skal bygge organisasjonen og styrke kontakten med medlemmene.\n")
    assert error_code(path) == "no_dates"


def test_error_carries_code_and_detail() -> None:
    error = ImportFileError("binary", "data.txt")
    assert (error.code, error.detail) == ("binary", "data.txt")
