"""Importing plan events (parser results, CSV, YAML, iCalendar) and exporting the plan as iCalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.calendar import event_uid, plan_to_ics
from bot.clock import FixedClock
from bot.importer import FoundEvent, ImportFileError, read_import_file
from bot.importer.ics import read_ics
from bot.importer.items import (
    ImportItem,
    ImportRowsError,
    is_for_every_unit,
    item_from_found,
    items_from_found,
)
from bot.importer.structured import read_csv, read_yaml
from bot.models import EventState, Obligation, PlanEvent
from bot.report import relative_text
from bot.services.imports import (
    ImportChoices,
    describe_when,
    file_error_text,
    rows_error_text,
    store_found_events,
    store_items,
)
from bot.services.status import RelativeDue

DOC = "arbeidsplan-2027.docx"


def found(
    title: str = "Grunnskolering",
    *,
    kind: str = "training",
    precision: str = "day",
    start: date | None = date(2027, 1, 26),
    end: date | None = date(2027, 1, 27),
    recurrence: str | None = None,
    quote: str | None = None,
    line: int = 7,
    **extra: object,
) -> FoundEvent:
    return FoundEvent(
        title=title,
        kind=kind,
        precision=precision,
        start=start,
        end=end,
        recurrence=recurrence,
        locations=tuple(extra.pop("locations", ())),  # type: ignore[arg-type]
        quote=quote or f"{title} {start}",
        line=line,
        **extra,  # type: ignore[arg-type]
    )


def count_events(session: Session) -> int:
    return session.exec(select(func.count(col(PlanEvent.id)))).one()


def store(session: Session, clock: FixedClock, events: list[FoundEvent]):
    return store_found_events(
        session=session, found=events, document=DOC, actor="test", now=clock.now()
    )


# --- storing what the parser found --------------------------------------------------------


def test_found_events_are_stored_tentative_with_their_source(
    session: Session, clock: FixedClock
) -> None:
    summary = store(
        session,
        clock,
        [found(quote="26.-27. januar  Grunnskolering", locations=("Tromsø", "Harstad"))],
    )
    [event] = summary.added
    assert (event.start_date, event.end_date, event.precision) == (
        date(2027, 1, 26),
        date(2027, 1, 27),
        "day",
    )
    assert event.state == EventState.TENTATIVE
    assert (event.source_document, event.source_quote) == (DOC, "26.-27. januar  Grunnskolering")
    assert event.locations == ["Tromsø", "Harstad"] and event.kind == "training"
    assert not event.per_unit


def test_reimport_does_not_double_and_says_why(session: Session, clock: FixedClock) -> None:
    events = [
        found(),
        found(
            "Årsmøte fylkespartiet",
            kind="annual_meeting",
            start=date(2027, 3, 17),
            end=date(2027, 3, 18),
        ),
    ]
    store(session, clock, events)
    before = count_events(session)
    again = store(
        session,
        clock,
        [
            found(" GRUNNSKOLERING "),
            *events[1:],
            found(start=date(2027, 2, 16), end=date(2027, 2, 17)),
        ],
    )
    assert count_events(session) == before + 1
    assert [e.start_date for e in again.added] == [date(2027, 2, 16)]
    assert [(s.title.strip(), s.reason) for s in again.skipped] == [
        ("GRUNNSKOLERING", "already_stored"),
        ("Årsmøte fylkespartiet", "already_stored"),
    ]
    assert all(s.existing_id for s in again.skipped)


def test_the_same_event_twice_in_one_file_is_stored_once(
    session: Session, clock: FixedClock
) -> None:
    summary = store(session, clock, [found(line=3), found(line=40)])
    assert len(summary.added) == 1
    assert [s.reason for s in summary.skipped] == ["repeated"]


def test_two_deadlines_after_the_same_meeting_are_not_one_said_twice(
    session: Session, clock: FixedClock
) -> None:
    """'innen tre uker etter årsmøtet' and 'innen tre måneder etter årsmøtet' under one title."""

    def after_meeting(line: int, **offset: int) -> FoundEvent:
        return found(
            "Vaffelkomiteen",
            kind="deadline",
            precision="relative",
            start=None,
            end=None,
            relative_anchor="annual_meeting",
            line=line,
            **offset,
        )

    summary = store(
        session, clock, [after_meeting(3, relative_days=21), after_meeting(4, relative_months=3)]
    )
    assert len(summary.added) == 2 and not summary.skipped


def test_relative_deadline_keeps_its_relation_and_no_dates(
    session: Session, clock: FixedClock
) -> None:
    relative = found(
        "Oppdatere medlemsregisteret",
        kind="deadline",
        precision="relative",
        start=None,
        end=None,
        relative_anchor="annual_meeting",
        relative_months=3,
        quote="Innen tre måneder etter årsmøtet skal medlemsregisteret være oppdatert.",
    )
    [event] = store(session, clock, [relative]).added
    assert (event.start_date, event.end_date) == (None, None)
    assert (event.relative_anchor, event.relative_months, event.relative_days) == (
        "annual_meeting",
        3,
        None,
    )
    assert event.precision == "day"


def test_recurring_with_a_span_repeats_until_its_end(session: Session, clock: FixedClock) -> None:
    monthly = found(
        "Medlemsmøte i Harstad",
        kind="meeting",
        precision="recurring",
        start=date(2027, 1, 1),
        end=date(2027, 12, 31),
        recurrence="FREQ=MONTHLY",
    )
    [event] = store(session, clock, [monthly]).added
    assert (event.start_date, event.end_date, event.recurrence_until) == (
        date(2027, 1, 1),
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert event.recurrence == "FREQ=MONTHLY"


def test_recurring_without_a_start_and_avklares_are_undated(
    session: Session, clock: FixedClock
) -> None:
    summary = store(
        session,
        clock,
        [
            found(
                "Medlemsmøte på nett",
                kind="meeting",
                precision="recurring",
                start=None,
                end=None,
                recurrence="FREQ=MONTHLY;INTERVAL=3",
            ),
            found("Trinn 2", precision="undated", start=None, end=None, quote="Trinn 2: Avklares"),
        ],
    )
    series, later = summary.added
    assert (series.start_date, series.recurrence) == (None, "FREQ=MONTHLY;INTERVAL=3")
    assert (later.start_date, later.end_date, later.recurrence) == (None, None, None)


@pytest.mark.parametrize(
    ("kind", "quote", "expected"),
    [
        ("deadline", "Kommunepartiene sender sine forslag innen 1. desember", True),
        ("deadline", "Frist for alle kommunepartier: 1. mars", True),
        ("deadline", "Hvert kommuneparti må levere innen 15. februar", True),
        ("deadline", "Forslagsfristen til landsmøtet er 1. desember", False),
        ("meeting", "Møte for alle kommunepartiene i januar", False),
    ],
)
def test_per_unit_only_when_the_passage_says_every_unit(kind, quote, expected) -> None:
    assert is_for_every_unit(kind=kind, quote=quote) is expected


def test_a_deadline_for_every_unit_is_only_suggested_as_per_unit(
    session: Session, clock: FixedClock
) -> None:
    frist = found(
        "Forslagsfrist",
        kind="deadline",
        start=date(2027, 12, 1),
        end=date(2027, 12, 1),
        quote="Kommunepartiene sender forslag innen 1. desember",
    )
    [item] = items_from_found([frist], document=DOC)
    assert item.suggest_per_unit and not item.event.per_unit
    [event] = store(session, clock, [frist]).added
    assert not event.per_unit
    assert not session.exec(select(Obligation).where(Obligation.event_id == event.id)).all()


def test_a_deadline_is_per_unit_only_when_the_person_chooses_it(
    session: Session, clock: FixedClock
) -> None:
    frist = found(
        "Forslagsfrist",
        kind="deadline",
        start=date(2027, 12, 1),
        end=date(2027, 12, 1),
        quote="Kommunepartiene sender forslag innen 1. desember",
    )
    items = items_from_found([frist, found()], document=DOC)
    summary = store_items(
        session=session,
        items=items,
        document=DOC,
        actor="test",
        now=clock.now(),
        choices=ImportChoices(per_unit=frozenset({1})),
    )
    event, training = summary.added
    assert event.per_unit and not training.per_unit
    obligations = session.exec(select(Obligation).where(Obligation.event_id == event.id)).all()
    assert len(obligations) == 22


def test_a_found_event_that_cannot_be_stored_names_its_line_and_nothing_is_stored(
    session: Session, clock: FixedClock
) -> None:
    before = count_events(session)
    with pytest.raises(ImportRowsError) as caught:
        store(
            session,
            clock,
            [found(), found("Møte", precision="recurring", recurrence="hver måned", line=12)],
        )
    assert [p.row for p in caught.value.problems] == [12]
    assert count_events(session) == before


def test_when_is_described_in_the_words_of_its_precision() -> None:
    def when(event: FoundEvent, lang: str = "nb") -> str:
        return describe_when(item_from_found(event, document=DOC), lang)

    assert (
        when(found(precision="week", start=date(2018, 9, 10), end=date(2018, 9, 16)))
        == "uke 37 2018"
    )
    assert when(found(precision="undated", start=None, end=None)) == "Avklares"
    assert (
        when(
            found(precision="recurring", start=None, end=None, recurrence="FREQ=WEEKLY;INTERVAL=2")
        )
        == "annenhver uke"
    )
    relative = found(
        precision="relative",
        start=None,
        end=None,
        relative_anchor="annual_meeting",
        relative_months=3,
    )
    assert when(relative) == "innen tre måneder etter årsmøtet"
    assert when(relative, "en") == "within three months after the annual meeting"


@pytest.mark.parametrize(("months", "days"), [(3, 0), (1, 0), (0, 14), (0, -21), (-2, 0)])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_import_preview_words_a_relative_deadline_as_the_plan_views_do(
    months: int, days: int, lang: str
) -> None:
    event = found(
        precision="relative",
        start=None,
        end=None,
        relative_anchor="annual_meeting",
        relative_months=months or None,
        relative_days=days or None,
    )
    preview = describe_when(item_from_found(event, document=DOC), lang)
    assert preview == relative_text(RelativeDue("annual_meeting", months, days), lang)


# --- CSV and YAML -------------------------------------------------------------------------

CSV_GOOD = """title,kind,start,end,precision,time,recurrence,locations,audience,description,state,per_unit
Grunnskolering,training,2027-01-26,2027-01-27,day,,,Tromsø;Harstad,leader,Helg,,
Forslagsfrist til landsmøtet,Frist,01.12.2027,,,,,,leader,,confirmed,ja
Verveuke,campaign,2027-06-07,,week,,,,,,,
Teamsmøte,meeting,2027-01-12,,,19:00,FREQ=MONTHLY;BYDAY=2TU,Teams,leader;mayor,,,nei
Fysisk samling,meeting,,,,,,,,,,
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_become_events(tmp_path: Path, session: Session, clock: FixedClock) -> None:
    items = read_csv(write(tmp_path, "plan.csv", CSV_GOOD))
    by_title = {i.event.title: i for i in items}
    kurs = by_title["Grunnskolering"].event
    assert (kurs.start_date, kurs.end_date, kurs.locations) == (
        date(2027, 1, 26),
        date(2027, 1, 27),
        ["Tromsø", "Harstad"],
    )
    assert kurs.state == EventState.TENTATIVE and kurs.source_document == "plan.csv"
    frist = by_title["Forslagsfrist til landsmøtet"].event
    assert (frist.kind, frist.start_date, frist.per_unit, frist.state) == (
        "deadline",
        date(2027, 12, 1),
        True,
        EventState.CONFIRMED,
    )
    week = by_title["Verveuke"]
    assert (week.event.start_date, week.event.end_date) == (date(2027, 6, 7), date(2027, 6, 13))
    meeting = by_title["Teamsmøte"].event
    assert (meeting.start_time, meeting.recurrence, meeting.audience) == (
        time(19, 0),
        "FREQ=MONTHLY;BYDAY=2TU",
        ["leader", "mayor"],
    )
    assert by_title["Fysisk samling"].precision == "undated"
    assert [i.line for i in items] == [2, 3, 4, 5, 6]
    summary = store_items(
        session=session, items=items, document="plan.csv", actor="t", now=clock.now()
    )
    assert [e.title for e in summary.added] == [
        "Grunnskolering",
        "Forslagsfrist til landsmøtet",
        "Fysisk samling",
    ]
    assert summary.added[1].per_unit  # the file's own per_unit column is the person's choice
    assert [(s.title, s.reason, s.existing_title) for s in summary.skipped] == [
        ("Verveuke", "change", "Nasjonal verveuke (juni)"),  # a week inside its month
        (
            "Teamsmøte",
            "already_stored",
            "Teamsmøte med kommunepartilederne, ordførerne og gruppelederne",
        ),
    ]


def test_semicolon_separated_csv_from_excel(tmp_path: Path) -> None:
    text = "Title;Kind;Start;End\r\nÅrsmøte;årsmøte;17.03.2027;18.03.2027\r\n"
    [item] = read_csv(write(tmp_path, "excel.csv", text.encode("cp1252")))
    assert (item.event.title, item.event.kind, item.event.end_date) == (
        "Årsmøte",
        "annual_meeting",
        date(2027, 3, 18),
    )


def test_bad_csv_rows_are_all_named_with_their_line_numbers(tmp_path: Path) -> None:
    text = (
        "title,kind,start,end,precision,time,per_unit\n"
        "Grunnskolering,training,2027-01-26,2027-01-27,day,,\n"
        ",training,2027-02-01,,,,\n"
        "Samling,fest,2027-13-01,,,25:00,kanskje\n"
        "# a comment line is skipped\n"
        "Årsmøte,annual_meeting,2027-03-18,2027-03-17,,,\n"
        "Vår,other,2027-03-01,,season,,\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        read_csv(write(tmp_path, "bad.csv", text))
    problems = caught.value.problems
    assert sorted({p.row for p in problems}) == [3, 4, 6, 7]
    message = rows_error_text(caught.value, file="bad.csv", lang="nb")
    assert "bad.csv: 4 linjer kan ikke leses, så ingenting er lagret" in message
    assert "linje 3: tittel mangler" in message
    assert "linje 4: «fest» er ikke en type" in message
    assert "linje 4: «2027-13-01» i «start» er ikke en dato" in message
    assert "linje 4: «25:00» er ikke et klokkeslett" in message
    assert "linje 4: «kanskje» i «per_unit» må være ja eller nei" in message
    assert "linje 6: Sluttdatoen 2027-03-17 er før startdatoen 2027-03-18" in message
    assert "linje 7: presisjonen «season» trenger både start og end" in message
    assert "line 3: the title is missing" in rows_error_text(
        caught.value, file="bad.csv", lang="en"
    )


def test_csv_with_an_unknown_column_or_no_title_column(tmp_path: Path) -> None:
    with pytest.raises(ImportRowsError) as caught:
        read_csv(write(tmp_path, "typo.csv", "title,strat\nMøte,2027-01-01\n"))
    assert [(p.row, p.values["column"]) for p in caught.value.problems] == [(1, "strat")]
    with pytest.raises(ImportFileError) as no_title:
        read_csv(write(tmp_path, "nohead.csv", "Møte,2027-01-01\n"))
    assert no_title.value.code == "csv_header"


YAML_GOOD = """document: Arbeidsplan 2027
events:
  - title: Grunnskolering
    kind: training
    start: 2027-01-26
    end: 2027-01-27
    locations: [Tromsø, Harstad]
  - title: Teamsmøte
    kind: meeting
    start: 2027-01-12
    time: 19:00
    duration_minutes: 60
    recurrence: FREQ=MONTHLY;BYDAY=2TU
    until: 2027-12-31
    audience: leader; mayor
  - title: Høstkampanje
    kind: campaign
    start: 2027-09-01
    end: 2027-11-30
    precision: season
"""


def test_yaml_events(tmp_path: Path) -> None:
    items = read_yaml(write(tmp_path, "plan.yaml", YAML_GOOD))
    kurs, meeting, autumn = (i.event for i in items)
    assert kurs.locations == ["Tromsø", "Harstad"] and kurs.source_document == "Arbeidsplan 2027"
    assert (meeting.start_time, meeting.recurrence_until, meeting.audience) == (
        time(19, 0),
        date(2027, 12, 31),
        ["leader", "mayor"],
    )
    assert autumn.precision == "season"
    assert [i.line for i in items] == [3, 8, 16]


def test_bad_yaml_entries_are_named_by_line(tmp_path: Path) -> None:
    text = "- title: Grunnskolering\n  start: 2027-01-26\n- just a string\n- title: Møte\n  start: i morgen\n  kind: party\n"
    with pytest.raises(ImportRowsError) as caught:
        read_yaml(write(tmp_path, "bad.yml", text))
    assert sorted({p.row for p in caught.value.problems}) == [3, 4]
    with pytest.raises(ImportFileError) as syntax:
        read_yaml(write(tmp_path, "broken.yaml", "events:\n  - title: [unclosed\n"))
    assert syntax.value.code == "yaml_syntax"
    assert "ikke gyldig YAML" in file_error_text(syntax.value, file="broken.yaml", lang="nb")
    with pytest.raises(ImportFileError) as shape:
        read_yaml(write(tmp_path, "shape.yaml", "title: just one mapping\n"))
    assert shape.value.code == "yaml_shape"


# --- iCalendar import -----------------------------------------------------------------------

ICS_IN = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:a@test
DTSTAMP:20261101T000000Z
SUMMARY:Grunnskolering
DTSTART;VALUE=DATE:20270126
DTEND;VALUE=DATE:20270128
LOCATION:Tromsø
DESCRIPTION:Helgesamling
END:VEVENT
BEGIN:VEVENT
UID:b@test
DTSTAMP:20261101T000000Z
SUMMARY:Teamsmøte
DTSTART:20270112T180000Z
DTEND:20270112T190000Z
RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231T225959Z
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
UID:c@test
DTSTAMP:20261101T000000Z
SUMMARY:Sommerfest
DTSTART;TZID=America/New_York:20270701T120000
DURATION:PT2H
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:d@test
DTSTAMP:20261101T000000Z
SUMMARY:Forslagsfrist
DTSTART;VALUE=DATE:20271201
END:VEVENT
END:VCALENDAR
"""


def test_ics_events_are_read_with_exclusive_end_and_local_times(tmp_path: Path) -> None:
    kurs, meeting, party, frist = (i.event for i in read_ics(write(tmp_path, "in.ics", ICS_IN)))
    assert (kurs.start_date, kurs.end_date, kurs.locations, kurs.description) == (
        date(2027, 1, 26),
        date(2027, 1, 27),
        ["Tromsø"],
        "Helgesamling",
    )
    assert kurs.state == EventState.TENTATIVE
    assert (meeting.start_date, meeting.start_time, meeting.duration_minutes) == (
        date(2027, 1, 12),
        time(19, 0),
        60,
    )
    assert (meeting.recurrence, meeting.recurrence_until, meeting.state) == (
        "FREQ=MONTHLY;BYDAY=2TU",
        date(2027, 12, 31),
        EventState.CONFIRMED,
    )
    assert (party.start_time, party.duration_minutes, party.state) == (
        time(18, 0),
        120,
        EventState.CANCELLED,
    )
    assert (frist.start_date, frist.end_date) == (date(2027, 12, 1), date(2027, 12, 1))


def test_ics_without_dtstart_names_the_event(tmp_path: Path) -> None:
    text = ICS_IN.replace("DTSTART;VALUE=DATE:20271201\n", "")
    with pytest.raises(ImportRowsError) as caught:
        read_ics(write(tmp_path, "nostart.ics", text))
    assert [p.row for p in caught.value.problems] == [4]


# --- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code", "advice"),
    [
        ("plan.txt", b"", "empty", "er tom"),
        ("plan.csv", b"  \n", "empty", "er tom"),
        ("plan.txt", b"\x00\x01\x02binary\x00" * 20, "binary", "Lagre planen som .docx"),
        (
            "plan.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "unknown_format",
            "Lagre planen som .docx",
        ),
        ("plan.xlsx", b"PK\x03\x04whatever", "unknown_format", "kan ikke lese"),
        ("plan.ics", b"BEGIN:VCALENDAR\nthis is not ical\n", "ics", "ikke en gyldig iCalendar-fil"),
        (
            "plan.txt",
            "Referat fra styremøtet.\nVi snakket om mye.\n".encode(),
            "no_dates",
            "Fant ingen datoer",
        ),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path: Path, name, content, code, advice) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(ImportFileError) as caught:
        read_import_file(path=path)
    assert caught.value.code == code
    assert advice in file_error_text(caught.value, file=name, lang="nb")
    assert file_error_text(caught.value, file=name, lang="en") != file_error_text(
        caught.value, file=name, lang="nb"
    )


# --- iCalendar export -----------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def plan_event(event_id: int, title: str, **fields: object) -> PlanEvent:
    return PlanEvent(id=event_id, title=title, **fields)  # type: ignore[arg-type]


EXPORTED = [
    plan_event(
        1,
        "Forslagsfrist til landsmøtet",
        kind="deadline",
        start_date=date(2026, 12, 1),
        end_date=date(2026, 12, 1),
    ),
    plan_event(
        2,
        "Grunnskolering",
        kind="training",
        start_date=date(2027, 1, 26),
        end_date=date(2027, 1, 27),
        locations=["Tromsø", "Harstad"],
        state="tentative",
    ),
    plan_event(
        3,
        "Høstkampanje",
        kind="campaign",
        start_date=date(2018, 9, 10),
        end_date=date(2018, 9, 16),
        precision="week",
    ),
    plan_event(
        4,
        "Teamsmøte",
        kind="meeting",
        start_date=date(2026, 12, 8),
        end_date=date(2026, 12, 8),
        start_time=time(19, 0),
        duration_minutes=60,
        recurrence="FREQ=MONTHLY;BYDAY=2TU",
        recurrence_until=date(2027, 12, 31),
    ),
    plan_event(
        5,
        "Sommermøte",
        kind="meeting",
        start_date=date(2027, 6, 15),
        end_date=date(2027, 6, 15),
        start_time=time(19, 0),
        duration_minutes=90,
    ),
    plan_event(
        6,
        "Avlyst samling",
        kind="meeting",
        start_date=date(2027, 2, 1),
        end_date=date(2027, 2, 1),
        state="cancelled",
    ),
    plan_event(
        7,
        "Praktisk styrearbeid",
        kind="deadline",
        relative_anchor="annual_meeting",
        relative_months=3,
    ),
    plan_event(
        8,
        "Kontingentringing",
        kind="campaign",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 5, 31),
        precision="season",
    ),
    plan_event(
        9,
        "Verveuker",
        kind="campaign",
        start_date=date(2027, 6, 7),
        end_date=date(2027, 6, 13),
        precision="week",
        recurrence="FREQ=YEARLY",
        recurrence_until=date(2029, 12, 31),
    ),
]


def exported() -> dict[str, object]:
    calendar = Calendar.from_ical(plan_to_ics(events=EXPORTED, now=NOW, name="Arbeidsplan"))
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_ics_export_all_day_events_have_an_exclusive_end() -> None:
    events = exported()
    frist = events["Forslagsfrist til landsmøtet"]
    assert frist.decoded("DTSTART") == date(2026, 12, 1)
    assert frist.decoded("DTEND") == date(2026, 12, 2)
    kurs = events["Grunnskolering"]
    assert (kurs.decoded("DTSTART"), kurs.decoded("DTEND")) == (
        date(2027, 1, 26),
        date(2027, 1, 28),
    )
    assert str(kurs["STATUS"]) == "TENTATIVE" and str(kurs["LOCATION"]) == "Tromsø, Harstad"
    assert str(frist["UID"]) == event_uid(EXPORTED[0]) and frist.decoded("DTSTAMP") == NOW


def test_ics_export_week_and_season_are_all_day_ranges_with_their_precision() -> None:
    events = exported()
    week = events["Høstkampanje"]
    assert (week.decoded("DTSTART"), week.decoded("DTEND")) == (
        date(2018, 9, 10),
        date(2018, 9, 17),
    )
    assert str(week["X-PLANBOT-PRECISION"]) == "week"
    assert "uke 37 2018" in str(week["DESCRIPTION"])
    season = events["Kontingentringing"]
    assert season.decoded("DTEND") == date(2027, 6, 1) and "våren 2027" in str(
        season["DESCRIPTION"]
    )


def test_ics_export_timed_events_are_in_oslo_time_across_dst() -> None:
    events = exported()
    winter, summer = events["Teamsmøte"], events["Sommermøte"]
    start = winter.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Oslo" and winter["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert start.astimezone(UTC) == datetime(2026, 12, 8, 18, 0, tzinfo=UTC)
    assert summer.decoded("DTSTART").astimezone(UTC) == datetime(2027, 6, 15, 17, 0, tzinfo=UTC)
    assert summer.decoded("DTEND") - summer.decoded("DTSTART") == timedelta(minutes=90)
    calendar = Calendar.from_ical(plan_to_ics(events=EXPORTED, now=NOW, name="x"))
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_ics_export_recurrences_become_rrules_with_until() -> None:
    events = exported()
    rule = events["Teamsmøte"]["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["BYDAY"] == ["2TU"]
    assert rule["UNTIL"][0].astimezone(UTC).date() == date(2027, 12, 31)
    yearly = events["Verveuker"]["RRULE"]
    assert yearly["UNTIL"] == [date(2029, 12, 31)]


def test_ics_export_marks_cancelled_and_leaves_out_undated() -> None:
    events = exported()
    assert str(events["Avlyst samling"]["STATUS"]) == "CANCELLED"
    assert str(events["Forslagsfrist til landsmøtet"]["STATUS"]) == "CONFIRMED"
    assert "Praktisk styrearbeid" not in events
    assert len(events) == len(EXPORTED) - 1


def test_ics_export_is_stable_and_reads_back(tmp_path: Path) -> None:
    first = plan_to_ics(events=EXPORTED, now=NOW, name="Arbeidsplan")
    assert first == plan_to_ics(events=EXPORTED, now=NOW, name="Arbeidsplan")
    items: list[ImportItem] = read_ics(write(tmp_path, "out.ics", first))
    back = {i.event.title: i.event for i in items}
    for original in EXPORTED:
        if original.start_date is None:
            continue
        again = back[original.title]
        assert (again.start_date, again.end_date, again.start_time, again.precision) == (
            original.start_date,
            original.end_date,
            original.start_time,
            original.precision,
        ), original.title
        assert again.kind == original.kind
        assert again.recurrence_until == original.recurrence_until


def test_a_sheet_with_norwegian_column_names_is_read(tmp_path: Path) -> None:
    """Staff write their own sheet in Norwegian ('Tittel;Dato;Type;Ansvarlig;Per kommuneparti'):
    it is read as the documented columns (it was refused: 'ukjent kolonne «tittel»')."""
    text = (
        "Tittel;Dato;Til dato;Type;Tid;Sted;Ansvarlig;Per kommuneparti\n"
        "Forslagsfrist;01.12.2026;;frist;;;Fylkessekretær;ja\n"
        "Vårkampanje;25.04.2027;10.05.2027;kampanje;;;;nei\n"
        "Styremøte;12.01.2027;;møte;18:00;Folkets hus;;\n"
    )
    deadline, campaign, meeting = read_csv(write(tmp_path, "plan.csv", text))
    assert (deadline.event.title, deadline.event.kind) == ("Forslagsfrist", "deadline")
    assert deadline.event.start_date == date(2026, 12, 1) and deadline.event.per_unit
    assert deadline.event.responsible == "Fylkessekretær"
    assert (campaign.event.start_date, campaign.event.end_date) == (
        date(2027, 4, 25),
        date(2027, 5, 10),
    )
    assert meeting.event.start_time == time(18, 0) and meeting.event.locations == ["Folkets hus"]
    yaml_text = (
        "- Tittel: Årsmøte\n  Dato: 2027-02-06\n  Type: årsmøte\n  Beskrivelse: Husk sakliste\n"
    )
    [annual] = read_yaml(write(tmp_path, "plan.yaml", yaml_text))
    assert annual.event.kind == "annual_meeting" and annual.event.description == "Husk sakliste"


def test_a_column_nobody_knows_is_still_named_in_the_answer(tmp_path: Path) -> None:
    with pytest.raises(ImportRowsError) as error:
        read_csv(write(tmp_path, "plan.csv", "Tittel;Dato;Farge\nMøte;01.12.2026;blå\n"))
    assert [p.values["column"] for p in error.value.problems] == ["farge"]
