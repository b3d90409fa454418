"""The staff summary the day after a deadline names the units that did not do it as the summary
before it and the digest do: by name when few, «alle unntatt …» when most, none when nobody did."""

from __future__ import annotations

from schedules.render import Counts, after_words

UNITS = tuple(f"Lag {n:02d}" for n in range(1, 23))


def _counts(done: int) -> Counts:
    return Counts(done=done, open=22 - done, open_units=UNITS[done:], closed_units=UNITS[:done])


def test_few_missing_are_named() -> None:
    result, missing = after_words(_counts(19), "deliver", "nb")
    assert result == "19 av 22 kommunepartier leverte."
    assert missing == ["Ikke levert: Lag 20, Lag 21 og Lag 22"]


def test_most_missing_are_told_by_those_who_did_it() -> None:
    result, missing = after_words(_counts(2), "deliver", "nb")
    assert result == "2 av 22 kommunepartier leverte."
    assert missing == ["Ikke levert: alle unntatt Lag 01 og Lag 02"]


def test_none_did_it_and_the_sentence_says_so_without_a_list() -> None:
    result, missing = after_words(_counts(0), "deliver", "nb")
    assert result == "Ingen av de 22 kommunepartiene leverte."
    assert missing == []
