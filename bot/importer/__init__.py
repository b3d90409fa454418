"""Import plan documents: find every planned, dated event in a Norwegian work plan."""

from bot.importer.document import detect_plan_year, read_document
from bot.importer.extract import extract_events, import_document
from bot.importer.model import FoundEvent, ImportFileError

__all__ = [
    "FoundEvent",
    "ImportFileError",
    "detect_plan_year",
    "extract_events",
    "import_document",
    "read_document",
]
