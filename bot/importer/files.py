"""One entry for every kind of import file: the reader is chosen by the file's suffix."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.dates import OSLO
from bot.importer.extract import import_document
from bot.importer.ics import read_ics
from bot.importer.items import ImportItem, items_from_found
from bot.importer.model import ImportFileError
from bot.importer.structured import read_csv, read_yaml

DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".docx", ".pdf", ""})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
ICS_SUFFIXES = frozenset({".ics", ".ical", ".icalendar"})


def read_import_file(
    *, path: Path, year: int | None = None, tz: ZoneInfo = OSLO, today: date | None = None
) -> list[ImportItem]:
    """The events of a plan document or a CSV/YAML/iCalendar file, chosen by the file's suffix
    (`today` places a plan that names no year by its weekdays).

    Raises ImportFileError (a file that cannot be used) or ImportRowsError (rows that cannot).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_csv(path)
    if suffix in YAML_SUFFIXES:
        return read_yaml(path)
    if suffix in ICS_SUFFIXES:
        return read_ics(path, tz=tz)
    if suffix not in DOCUMENT_SUFFIXES:
        raise ImportFileError("unknown_format", path.name)
    return items_from_found(import_document(path, year=year, today=today), document=path.name)
