"""Failure classes of issue 10, round three, each by a small text of its own: bullets under
month headings, words a copy ran together, the date a document was written, weekends and
series of weekdays, superseded and vague dates, and history."""

from __future__ import annotations

from datetime import date

from bot.importer import extract_events

TODAY = date(2026, 11, 30)


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year, today=TODAY)]


def test_each_bullet_under_a_month_heading_is_an_event_of_that_month() -> None:
    text = (
        "Årshjul for styret skoleåret 2023/24\n\nNovember:\n\n• Styremøte\n• Gjennomgang av "
        "årshjulet\n\nJanuar\n\n• Budsjettmøte\n• Frist for søknad er fredag 2. februar 2024\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.title, e.start, e.end) for e in events] == [
        ("Styremøte", date(2023, 11, 1), date(2023, 11, 30)),
        ("Gjennomgang av årshjulet", date(2023, 11, 1), date(2023, 11, 30)),
        ("Budsjettmøte", date(2024, 1, 1), date(2024, 1, 31)),
        ("Frist for søknad", date(2024, 2, 2), date(2024, 2, 2)),
    ]
    assert events[0].note.startswith("HEADING-DATED:")


def test_a_date_run_into_the_next_line_is_still_read() -> None:
    text = "Plan 2023\n\n• Julemarked 25. og 26. novemberJulemarked for de minste 2. desember\n"
    assert spans(text) == [
        ("day", date(2023, 11, 25), date(2023, 11, 26)),
        ("day", date(2023, 12, 2), date(2023, 12, 2)),
    ]
