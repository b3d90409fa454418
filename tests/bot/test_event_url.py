"""An event's optional link (a Teams meeting): checked once in the event service, read from imports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from bot.importer.structured import read_csv
from bot.models import EventKind, PlanEventCreate, PlanEventUpdate
from bot.services.events import BadEventUrl, clean_event_url, create_event, find_event, update_event
from bot.services.imports import ImportRowsError
from tests.conftest import oslo

NOW = oslo(2026, 11, 23, 9)
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjA%40thread.v2/0?context=%7b%22Tid%22%7d"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(TEAMS, TEAMS), ("  http://ap.no/troms ", "http://ap.no/troms"), ("", None)],
)
def test_an_http_link_is_kept_and_an_empty_one_is_none(typed: str, stored: str | None) -> None:
    assert clean_event_url(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "teams.microsoft.com/l/meetup-join/x",
        "ftp://ap.no/fil",
        "javascript:alert(1)",
        "https://",
        "https://ap.no/med mellomrom",
        "https://ap.no/<b>",
        "https://[::1",
        "https://ap.no/" + "x" * 2048,
    ],
)
def test_anything_but_a_whole_http_link_is_refused(typed: str) -> None:
    with pytest.raises(BadEventUrl):
        clean_event_url(typed)


def test_create_and_update_check_the_link_and_store_nothing_bad(session: Session) -> None:
    with pytest.raises(BadEventUrl):
        create_event(
            session=session,
            event_in=PlanEventCreate(title="Styremøte", start_date=date(2027, 1, 5), url="x"),
            actor="t",
            now=NOW,
        )
    session.rollback()
    event = find_event(session=session, query="teamsmøte")
    with pytest.raises(BadEventUrl):
        update_event(
            session=session,
            event=event,
            changes=PlanEventUpdate(url="teams.microsoft.com/x"),
            actor="t",
            now=NOW,
        )
    session.rollback()
    assert find_event(session=session, query="teamsmøte").url is None
    update_event(
        session=session, event=event, changes=PlanEventUpdate(url=TEAMS), actor="t", now=NOW
    )
    assert find_event(session=session, query="teamsmøte").url == TEAMS
    update_event(session=session, event=event, changes=PlanEventUpdate(url=""), actor="t", now=NOW)
    assert find_event(session=session, query="teamsmøte").url is None


def test_a_csv_column_url_is_read_and_a_bad_one_names_its_line(tmp_path: Path) -> None:
    good = tmp_path / "plan.csv"
    good.write_text(f"title,kind,start,url\nStyremøte,møte,2027-01-05,{TEAMS}\n", encoding="utf-8")
    [item] = read_csv(good)
    assert item.event.url == TEAMS and item.event.kind == EventKind.MEETING
    bad = tmp_path / "bad.csv"
    bad.write_text("title,start,url\nStyremøte,2027-01-05,www.ap.no\n", encoding="utf-8")
    with pytest.raises(ImportRowsError) as caught:
        read_csv(bad)
    [problem] = caught.value.problems
    assert (problem.row, problem.key) == (2, "import.row.bad_url")
    assert (
        problem.text("nb")
        == "«www.ap.no» er ikke en lenke; skriv hele lenken, som begynner med https://"
    )


def test_the_calendar_feed_carries_the_link_and_an_ics_import_reads_it(tmp_path: Path) -> None:
    from bot.calendar import plan_to_ics
    from bot.importer.ics import read_ics
    from bot.models import PlanEvent

    meeting = PlanEvent(
        id=1, title="Teamsmøte", kind=EventKind.MEETING, start_date=date(2027, 1, 12), url=TEAMS
    )
    ics = tmp_path / "plan.ics"
    ics.write_bytes(plan_to_ics(events=[meeting], now=NOW, name="Arbeidsplan"))
    [item] = read_ics(ics)
    assert item.event.url == TEAMS
    meeting.url = "ftp://ap.no/x"
    ics.write_bytes(plan_to_ics(events=[meeting], now=NOW, name="Arbeidsplan"))
    with pytest.raises(ImportRowsError) as caught:
        read_ics(ics)
    assert [p.key for p in caught.value.problems] == ["import.row.bad_url"]
