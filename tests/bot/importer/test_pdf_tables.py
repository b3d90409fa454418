"""A PDF's when/what/who table reads as the same table in Word does (issue 10, "Word and PDF"):
its rows come out with their cells apart, so the who-column is the responsible, not the end of
the title; cells wrapped over two lines are one cell; a page of prose reads exactly as before."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def test_a_word_table_of_meetings_gives_its_days() -> None:
    # 'Mars | 3 | Styret' as a Word table (or a PDF's table) gives it: the month holds several
    # rows, so the number is the day, as it is for 'Mars 3 Styret'
    text = "Møteplan 2027\nMars | 3 | Styret\nMars | 17 | Kontrollutvalet\nApril | 7 | Styret\n"
    text += "April | 28 | Årsmøte\n"
    found = [(e.start, e.precision, e.title) for e in extract_events(text, today=TODAY)]
    assert found == [
        (date(2027, 3, 3), "day", "Styret"),
        (date(2027, 3, 17), "day", "Kontrollutvalet"),
        (date(2027, 4, 7), "day", "Styret"),
        (date(2027, 4, 28), "day", "Årsmøte"),
    ]


def test_a_count_beside_a_month_in_its_own_cell_is_no_day() -> None:
    # a school calendar, each month once: 12 is a count of school days
    text = "Skoleruta 2027\nAugust | 12 | Skolestart\nSeptember | 21 | Haustferie\n"
    assert all(e.start is None or e.start.day == 1 for e in extract_events(text, today=TODAY))
