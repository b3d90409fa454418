"""The text of a Word (.docx) document as the date parser reads it: page headers first (the
year is often only there), then paragraphs and table rows in order; content controls opened,
list paragraphs and Symbol-font bullets (U+F0B7) as "• ", each table row one line with its cells
joined by " | ", and a nested table's rows on the lines after its row."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from bot.importer.model import ImportFileError

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "•", "\uf076": "•", "\uf0d8": "•"})
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx_bytes(data: bytes) -> str:
    """The document's text (see the module's docstring); ImportFileError when it is no .docx."""
    try:
        import docx

        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportFileError("too_large", f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
        document = docx.Document(io.BytesIO(data))
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFileError("unreadable", f"not a Word document: {exc}") from exc
    except Exception as exc:  # python-docx raises assorted errors on broken packages
        raise ImportFileError("unreadable", f"cannot open Word document: {exc}") from exc
    lines: list[str] = []
    for section in document.sections:
        for part in (section.first_page_header, section.header):
            header = [line for line in _block_lines(part._element, part) if line.strip()]
            lines += [line for line in header if line not in lines]
    lines += _block_lines(document.element.body, document)
    return "\n".join(line.translate(SYMBOL_BULLETS) for line in lines)


def _block_lines(container: Any, parent: Any) -> list[str]:
    """Paragraphs and table rows of a body, header or cell, content controls included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in _blocks(container):
        if child.tag == f"{W}p":
            paragraph = Paragraph(child, parent)
            bullet = "• " if _is_list_item(paragraph) and paragraph.text.strip() else ""
            lines.append(bullet + paragraph.text)
        elif child.tag == f"{W}tbl":
            lines += _table_lines(Table(child, parent))
    return lines


def _blocks(container: Any) -> Iterator[Any]:
    """Block children in order, looking inside content controls (w:sdt / w:sdtContent)."""
    for child in container.iterchildren():
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        else:
            yield child


def _is_list_item(paragraph: Any) -> bool:
    """A paragraph of a bulleted or numbered list (numbering, or a list style)."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = getattr(paragraph.style, "name", "") or ""
    return style.startswith(("List Bullet", "List Number", "Listeavsnitt", "List Paragraph"))


def _table_lines(table: Any) -> list[str]:
    """Each row as one line (merged cells once, a cell's lines joined), then nested tables."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        nested: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is listed once per column it spans
            seen.add(id(cell._tc))
            texts: list[str] = []
            for child in _blocks(cell._tc):
                if child.tag == f"{W}p":
                    texts.append(Paragraph(child, cell).text)
                elif child.tag == f"{W}tbl":
                    nested += _table_lines(Table(child, cell))
            cells.append(" ".join(" ".join(texts).split()))
        lines.append(" | ".join(cells))
        lines += nested
    return lines
