"""Rows of a list where each date stands alone on its line with its text on the next
('01.08' / 'Søknadsfrist' / '20.08' / 'Åpning av studieåret'), told from the layout where
the text comes first ('Søknadsfrist' / '01.08' / …) by how the run of pairs begins: right
under a heading (or the top of the page) with a date, the text of each date is below it."""

from __future__ import annotations

from collections.abc import Callable

MIN_PAIRS = 2  # a run of this many date / text pairs at least


def text_below(
    lines: list[str],
    index: int,
    is_bare_date: Callable[[int], bool],
    is_boundary: Callable[[int], bool],
) -> int | None:
    """The line holding the text of the bare date on line `index`, when the run of date / text
    pairs it stands in begins with a date: the next line with text below it; else None."""
    below = _next_text(lines, index, 1)
    if below is None or is_bare_date(below) or is_boundary(below):
        return None
    top, pairs = index, 1
    while True:
        text = _next_text(lines, top, -1)
        if text is None or is_boundary(text):
            break  # the run begins with a date, under a heading or the top of the page
        if is_bare_date(text):
            return None  # two dates in a row: no pairs
        date_above = _next_text(lines, text, -1)
        if date_above is None or not is_bare_date(date_above):
            return None  # the text above opens the run: each date's text is above it
        top, pairs = date_above, pairs + 1
    if pairs < MIN_PAIRS and not _pairs_follow(lines, index, below, is_bare_date):
        return None
    return below


def _pairs_follow(
    lines: list[str], index: int, below: int, is_bare_date: Callable[[int], bool]
) -> bool:
    """Whether another bare date and its text follow the first pair."""
    after = _next_text(lines, below, 1)
    return after is not None and is_bare_date(after)


def _next_text(lines: list[str], index: int, step: int) -> int | None:
    """The nearest line with text from `index` in direction `step`."""
    i = index + step
    while 0 <= i < len(lines):
        if lines[i].strip():
            return i
        i += step
    return None
