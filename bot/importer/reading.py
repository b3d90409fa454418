"""Reading plan files into text: plain text (by byte-order mark, UTF-8 or Windows-1252, strictly),
Word (bot.importer.word) and text-based PDF (its tables' rows
as the Word reader writes them, bot.importer.pdf_tables); refusing what is empty, binary or too large."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Any

from bot.importer.model import ImportFileError
from bot.importer.pdf_tables import with_tables
from bot.importer.word import read_docx_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",  # legacy .doc / .xls
    b"Rar!",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"\x7fELF",
    b"MZ",
)


def read_document(path: Path) -> str:
    """The plain text of a .txt/.md, .docx or text-based .pdf document."""
    path = Path(path)
    data = read_file_bytes(path)
    if not data.strip():
        raise ImportFileError("empty", path.name)
    if data.startswith(b"%PDF"):
        return _non_empty(read_pdf_bytes(data), path)
    if data.startswith(b"PK\x03\x04"):
        return _non_empty(read_docx_bytes(data), path)
    if data.startswith(BINARY_MAGIC):
        raise ImportFileError("unknown_format", path.name)
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx"):
        raise ImportFileError("unreadable", f"{path.name} is not a valid {suffix} file")
    return _non_empty(decode_text(data, path.name), path)


def read_text_file(path: Path) -> str:
    """A text file's text (see `decode_text`); ImportFileError for empty, binary or unreadable."""
    path = Path(path)
    data = read_file_bytes(path)
    if not data.strip():
        raise ImportFileError("empty", path.name)
    return decode_text(data, path.name)


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, refusing files over MAX_FILE_BYTES before reading them."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError("too_large", f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileError("unreadable", f"{path.name}: {exc.strerror or exc}") from exc


def _non_empty(text: str, path: Path) -> str:
    """The text, or ImportFileError('empty') if there is nothing but whitespace."""
    if not text.strip():
        raise ImportFileError("empty", path.name)
    return text


def decode_text(data: bytes, name: str) -> str:
    """Text with a byte-order mark (UTF-8, UTF-16), else UTF-8, else Windows-1252 — strictly:
    'encoding' for bytes no such encoding defines, 'binary' for data that is not text."""
    for bom, encoding in TEXT_BOMS:
        if data.startswith(bom):
            text = _strict_decode(data[len(bom) :], encoding, name)
            break
    else:
        if b"\x00" in data:
            raise ImportFileError("binary", name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _strict_decode(data, "cp1252", name)
    if not _looks_like_text(text):
        raise ImportFileError("binary", name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict_decode(data: bytes, encoding: str, name: str) -> str:
    """`data` decoded, or ImportFileError('encoding') naming the line of the first bad byte."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError("encoding", str(line)) from exc


def _looks_like_text(text: str) -> bool:
    """Few control characters besides whitespace."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls <= max(2, len(text) // 100)


def read_pdf_bytes(data: bytes) -> str:
    """The text layer of a PDF, page by page."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportFileError("unreadable", "the PDF is encrypted")
        pages = [_page_text(page) for page in reader.pages]
    except ImportFileError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise ImportFileError("unreadable", f"cannot read PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ImportFileError("unreadable", "the PDF has no text layer (scanned?)")
    return text


def _page_text(page: Any) -> str:
    """A page's plain text, its tables' rows with their cells apart (see `pdf_tables`). The
    layout text is a second reading: where pypdf cannot give it, the plain text stands."""
    plain = page.extract_text() or ""
    if not plain.strip():
        return plain
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # pypdf's layout mode is experimental: any failure keeps the plain text
        return plain
    return with_tables(plain, layout)
