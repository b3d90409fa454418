"""Days as lists and tables give them: one per bullet ('- Onsdag 14 september' over '- Fredag 18
november') they are separate days, the next bullet's dash no 'til' (a span said over a line break
with a word, 'til 18. november', is still a span); in a table's date cell the month may come first
('Februar 11. | Kveldsmøte')."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import day, spans


def test_days_one_per_dash_bullet_are_separate_days() -> None:
    text = "Planleggingsdager 2031\n\n- Onsdag 14 september\n\n- Fredag 18 november\n\n- Mandag 2 januar\n"
    assert spans(text) == [day(2031, 1, 2), day(2031, 9, 14), day(2031, 11, 18)]


def test_days_one_per_dash_bullet_without_blank_lines_are_separate_days() -> None:
    assert spans("Plan 2031\n\n- 14. september\n- 18. november\n") == [
        day(2031, 9, 14),
        day(2031, 11, 18),
    ]


def test_a_span_told_over_a_line_break_with_a_word_is_still_a_span() -> None:
    text = "Plan 2031\n\nKurs 14. september\ntil 18. november\n"
    assert spans(text) == [(date(2031, 9, 14), date(2031, 11, 18))]


def test_the_month_before_its_day_in_a_table_s_date_cell_is_that_day() -> None:
    text = "Program 2031\n\nDato | Tema |\n---|---|\nFebruar 11. | Kveldsmøte |\nMars 10. | Årsmøte |\n"
    assert spans(text) == [day(2031, 2, 11), day(2031, 3, 10)]
