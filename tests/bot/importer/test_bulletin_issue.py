"""A member bulletin's issue line ('Nr 4 / Desember 2030') is when the issue came out: it does not
set the year of the plan the bulletin carries ('KURS vår 2031')."""

from __future__ import annotations

from tests.utils.reading import day, found

BULLETIN = "MEDLEMSBLAD FOR HUSFLIDSLAGET\nNr 4 / Desember 2030\nKURS vår 2031\n\nVevkurs 26. jan\n"


def test_the_issue_date_does_not_set_the_plan_s_year() -> None:
    days = [(e.start, e.end) for e in found(BULLETIN) if e.precision == "day"]
    assert days == [day(2031, 1, 26)]


def test_the_issue_date_is_no_event() -> None:
    assert not [e for e in found(BULLETIN) if e.start and e.start.year == 2030]


def test_a_meeting_s_number_and_a_slash_before_its_day_keeps_the_day() -> None:
    text = "Møteplan 2031\n\nMøte nr. 3 / 12. mars\n"
    assert [(e.start, e.end) for e in found(text)] == [day(2031, 3, 12)]
