"""A time written with a colon right after a day is its time also where it ends the sentence or a
clause ('Styremøte 3. mars 19:00.', 'Møtet er 6. mars 18:30, i kantina'); a number that goes on, or
a dotted pair that may be a date ('10.11.'), is left alone."""

from __future__ import annotations

from datetime import time

from bot.importer import import_text, items_from_found


def times(text: str) -> list[tuple[str, time | None]]:
    found = import_text("Møteplan 2027\n\n" + text, name="plan.txt")
    items = items_from_found(found, document="plan.txt")
    return [(str(i.event.start_date), i.event.start_time) for i in items]


def test_a_colon_time_ending_its_sentence_or_clause_is_the_events_time() -> None:
    assert times("Styremøte 3. mars 19:00.\nMøtet er 6. mars 18:30, i kantina.\n") == [
        ("2027-03-03", time(19, 0)),
        ("2027-03-06", time(18, 30)),
    ]


def test_a_dotted_pair_after_a_day_that_may_be_a_date_is_no_time() -> None:
    said = times("Styremøte 3. mars 10.11.\n")
    assert ("2027-03-03", time(10, 11)) not in said
