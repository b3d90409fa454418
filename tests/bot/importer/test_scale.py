"""The parser's time grows linearly with the document (issue 14 item 6), and its input is bounded."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from bot.importer import ImportFileError, extract_events, import_text
from bot.importer.extract import MAX_TEXT_CHARS
from bot.services.imports import file_error_text

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from import_scale import baseline, plan_text


def seconds(function, *args) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


def test_extraction_stays_within_a_small_multiple_of_finding_the_dates() -> None:
    text = plan_text(3000)
    base = min(seconds(baseline, text) for _ in range(2))
    took = min(seconds(extract_events, text) for _ in range(2))
    # Quadratic parsing took 30× the baseline at 3,000 lines (80× at 20,000); linear 3-5×.
    assert took < 12 * base, (took, base)


def test_a_text_over_the_limit_is_refused_with_a_clear_answer() -> None:
    with pytest.raises(ImportFileError) as caught:
        import_text("Styremøte 1. mars 2027.\n" * (MAX_TEXT_CHARS // 20), name="plan.docx")
    assert caught.value.code == "too_long"
    text = file_error_text(caught.value, file="plan.docx", lang="nb")
    assert "for lang" in text and "500 000 tegn" in text
