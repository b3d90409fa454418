"""The kind the importer gives an event decides which reminders it gets: a line that says a thing
must be done by a date is a deadline, and a council body's sitting is a meeting."""

from __future__ import annotations

from tests.utils.reading import found


def _kinds(text: str) -> list[str]:
    return [e.kind for e in found(text)]


def test_a_thing_to_be_done_by_a_date_is_a_deadline_whatever_it_names() -> None:
    assert _kinds("Arbeidsplan 2031\n\nÅrsmøtene i lagene holdes innen 15. februar.\n") == [
        "deadline"
    ]
    assert _kinds("Plan 2031\n\nKurset må være gjennomført seinast 3. mai.\n") == ["deadline"]


def test_an_annual_meeting_on_its_day_stays_an_annual_meeting() -> None:
    assert _kinds("Arbeidsplan 2031\n\nÅrsmøte i laget 15. februar.\n") == ["annual_meeting"]


def test_a_council_body_sitting_is_a_meeting() -> None:
    text = "Kalender 2031\n\nFormannskapet: 12. mars\nHovudutval for kultur: 3. april\nFylkestinget 7. mai\n"
    assert _kinds(text) == ["meeting", "meeting", "meeting"]


def test_an_event_under_a_course_section_is_training_though_its_own_heading_says_nothing() -> None:
    text = (
        "Arbeidsplan 2031\n\nGenerelle organisasjonskurs\n\nKvinne på topp\n\n"
        "Målgruppe: kvinner som er aktuelle for verv.\n\n"
        "Gjennomføring: uke 13 og uke 19.\n"
    )
    assert set(_kinds(text)) == {"training"}


def test_a_section_heading_that_names_no_kind_leaves_other() -> None:
    text = "Arbeidsplan 2031\n\nSommer\n\nGrillkveld\n\nVi griller 12. juni.\n"
    assert _kinds(text) == ["other"]
