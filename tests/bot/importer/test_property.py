"""extract_events never raises, whatever the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.importer import extract_events
from bot.importer.lexicon import MONTHS

FRAGMENTS = st.sampled_from(
    [
        *MONTHS,
        "uke",
        "1.",
        "31.",
        "-",
        "–",
        "til",
        "og",
        "2026",
        "kl.",
        "18.00",
        "høsten",
        "vår",
        "kvartal",
        "gang",
        "i året",
        "avklares",
        "\n",
        " ",
        ",",
        "13",
        "02",
        ".",
        "/",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    extract_events(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(FRAGMENTS, max_size=30).map(" ".join), st.one_of(st.none(), st.integers(1900, 2100))
)
def test_never_raises_on_date_like_noise(text: str, year: int | None) -> None:
    for event in extract_events(text, year=year):
        assert event.line >= 1
        if event.start is not None and event.end is not None:
            assert event.start <= event.end


@pytest.mark.parametrize(
    "text", ["til februar 2026 - januar 2026", "fra mars 2026 til januar 2026"]
)
def test_a_span_that_ends_before_it_starts_is_not_an_event(text: str) -> None:
    assert extract_events(text) == []
