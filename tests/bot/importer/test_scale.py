"""The parser's input is bounded (issue 14 item 6); its linear time is measured by
bench/import_scale.py, not asserted here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.importer import ImportFileError, import_text
from bot.importer.extract import MAX_TEXT_CHARS
from bot.services.imports import file_error_text

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))


def test_a_text_over_the_limit_is_refused_with_a_clear_answer() -> None:
    with pytest.raises(ImportFileError) as caught:
        import_text("Styremøte 1. mars 2027.\n" * (MAX_TEXT_CHARS // 20), name="plan.docx")
    assert caught.value.code == "too_long"
    text = file_error_text(caught.value, file="plan.docx", lang="nb")
    assert "for lang" in text and "500 000 tegn" in text
