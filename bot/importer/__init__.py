"""Import plans: the readers of every file format (plan documents, CSV/YAML, iCalendar) and
the items they hand over. Documents go through the Norwegian date parser."""

from bot.importer.document import detect_plan_year
from bot.importer.extract import extract_events, import_document, import_text
from bot.importer.files import read_import_file
from bot.importer.items import ImportItem, ImportRowsError, ItemProblem, items_from_found
from bot.importer.model import FoundEvent, ImportFileError
from bot.importer.reading import read_document

__all__ = [
    "FoundEvent",
    "ImportFileError",
    "ImportItem",
    "ImportRowsError",
    "ItemProblem",
    "detect_plan_year",
    "extract_events",
    "import_document",
    "import_text",
    "items_from_found",
    "read_document",
    "read_import_file",
]
