"""Slash commands end to end: signed HTTP requests to the real app, replies recorded by the stand-in."""

from __future__ import annotations

import json
import time

import pytest
from sqlmodel import select

from bot.clock import SystemClock
from bot.models import AuditEntry, Obligation, PlanEvent
from bot.services.events import find_event
from bot.services.units import find_unit
from tests.conftest import LEADER, OUTSIDER, STAFF
from tests.handlers.slack import sign

# These tests are about marking done itself: the forslagsfrist is a plain tick here.
pytestmark = pytest.mark.usefixtures("tick_only")

NB_DIALOGUE = [
    # (command, text, user, a fragment the reply must contain)
    (
        "/status",
        "",
        STAFF,
        "Forslagsfrist til landsmøtet 2027, tirsdag 1. desember 2026: 0 av 22 kommunepartier ferdig, 22 gjenstår",
    ),
    ("/status", "forslagsfrist", STAFF, "Balsfjord: gjenstår"),
    ("/status", "«Forslagsfristen»", STAFF, "Balsfjord: gjenstår"),
    ("/status", "forslagsfrist", LEADER, "Tromsø: gjenstår"),
    ("/status", "", LEADER, "Ditt kommuneparti, Tromsø"),
    ("/status", "hjelp", OUTSIDER, "/status forslagsfrist"),
    ("/status", "finnesikke", STAFF, "Fant ingen frist som passer «finnesikke»"),
    (
        "/plan",
        "",
        OUTSIDER,
        "Nærmeste frist: Forslagsfrist til landsmøtet 2027, tirsdag 1. desember 2026 (om 8 dager)",
    ),
    ("/plan", "", OUTSIDER, "Uke 49"),
    ("/plan", "måned", OUTSIDER, "Teamsmøte med kommunepartilederne"),
    ("/plan", "måned", OUTSIDER, "tirsdag 8. desember 2026 kl. 19:00"),
    ("/plan", "uke", OUTSIDER, "Planen 23. november 2026 – 29. november 2026"),
    ("/plan", "60 dager", OUTSIDER, "Planen 23. november 2026 – 21. januar 2027"),
    ("/plan", "neste uke", OUTSIDER, "Planen 30. november 2026 – 6. desember 2026"),
    ("/plan", "«Neste uke»", OUTSIDER, "Planen 30. november 2026 – 6. desember 2026"),
    ("/plan", "denne uka", OUTSIDER, "Planen 23. november 2026 – 29. november 2026"),
    ("/plan", "denne uken", OUTSIDER, "Planen 23. november 2026 – 29. november 2026"),
    ("/plan", "mars", OUTSIDER, "Planen 1. mars 2027 – 31. mars 2027"),
    ("/plan", "mars 2027", OUTSIDER, "Vårkampanje — våren 2027"),
    ("/plan", "uke 13", OUTSIDER, "Planen 29. mars 2027 – 4. april 2027"),
    ("/plan", "neste uke frister", OUTSIDER, "Forslagsfrist til landsmøtet 2027"),
    ("/plan", "uke 53 2027", OUTSIDER, "Den uken finnes ikke"),
    ("/plan", "hjelp", OUTSIDER, "/plan neste uke"),
    ("/plan", "frister", OUTSIDER, "Skolering i praktisk styrearbeid"),
    ("/plan", "møter 30 dager", OUTSIDER, "Teamsmøte"),
    ("/plan", "hjelp", OUTSIDER, "/plan endre <hendelse>"),
    ("/plan", "tull og tøys", OUTSIDER, "Jeg forstod ikke «tull og tøys»"),
    (
        "/plan",
        "9999 dager",
        OUTSIDER,
        "Skriv et antall dager fra 1 til 366, f.eks. /plan 60 dager.",
    ),
    ("/ferdig", "hjelp", LEADER, "/ferdig forslagsfrist"),
    ("/ferdig", "", LEADER, "Åpne frister for Tromsø – trykk på knappen ved den som er ferdig"),
    ("/ferdig", "", OUTSIDER, "Du står ikke som leder for noe kommuneparti"),
    (
        "/ferdig",
        "forslagsfrist",
        LEADER,
        "Takk! Tromsø har meldt «Forslagsfrist til landsmøtet 2027» ferdig.",
    ),
    (
        "/ferdig",
        "forslagsfrist | Vi sendte to forslag",
        LEADER,
        "med merknaden «Vi sendte to forslag»",
    ),
    ("/ferdig", "valgkamp", LEADER, "Fant ingen åpen frist for Tromsø som passer «valgkamp»"),
]

EN_DIALOGUE = [
    (
        "/status",
        "",
        STAFF,
        "Forslagsfrist til landsmøtet 2027, Tuesday 1 December 2026: 0 of 22 municipal parties done, 22 open",
    ),
    ("/status", "forslagsfrist", STAFF, "Balsfjord: open"),
    ("/status", "help", OUTSIDER, "how the deadlines are going"),
    ("/plan", "", OUTSIDER, "Next deadline: Forslagsfrist til landsmøtet 2027"),
    ("/plan", "month", OUTSIDER, "Tuesday 8 December 2026 at 19:00"),
    ("/plan", "next week", OUTSIDER, "The plan 30 November 2026 – 6 December 2026"),
    ("/plan", "march", OUTSIDER, "May fall in this period"),
    ("/plan", "help", OUTSIDER, "/plan edit <event>"),
    ("/plan", "nonsense", OUTSIDER, "I did not understand “nonsense”"),
    ("/plan", "new", OUTSIDER, "Sorry, only the county party office can add events to the plan"),
    ("/ferdig", "help", LEADER, "report that your municipal party has met a deadline"),
    ("/ferdig", "", OUTSIDER, "You are not registered as the leader"),
    (
        "/ferdig",
        "forslagsfrist",
        LEADER,
        "Thank you! Tromsø has reported “Forslagsfrist til landsmøtet 2027” done.",
    ),
]


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize(("command", "text", "user", "expected"), NB_DIALOGUE)
def test_norwegian_dialogue(slack, command: str, text: str, user: str, expected: str) -> None:
    answer = slack.command(command, text, user=user)
    assert answer.status == 200 and answer.seconds < 3
    assert expected in unescape(answer.reply)


@pytest.mark.parametrize(("command", "text", "user", "expected"), EN_DIALOGUE)
def test_english_dialogue(slack_en, command: str, text: str, user: str, expected: str) -> None:
    answer = slack_en.command(command, text, user=user)
    assert answer.status == 200
    assert expected in unescape(answer.reply)


def test_long_events_are_listed_once_in_their_own_section_not_under_a_week(slack) -> None:
    reply = unescape(slack.command("/plan", "60 dager", user=OUTSIDER).reply)
    text = json.loads(reply.split("\n", 1)[1])
    body = "\n".join(block["text"]["text"] for block in text)
    weeks, _, long = body.partition("I løpet av perioden")
    for title in (
        "Landsmøtet 2027 — 2027",
        "Årsmøtesesongen i kommunepartiene starter — januar 2027",
        "Lagbyggersamling/toppkandidatskolering — januar 2027",
    ):
        assert body.count(title) == 1 and title in long and title not in weeks
    assert "Forslagsfrist til landsmøtet 2027 — tirsdag 1. desember 2026" in weeks


def test_replies_are_ephemeral_and_come_after_an_empty_ack(slack) -> None:
    answer = slack.command("/status", "", user=STAFF)
    assert answer.status == 200 and answer.body == ""
    (reply,) = answer.replies()
    assert reply.payload["response_type"] == "ephemeral" and reply.payload["blocks"]


def test_status_counts_what_leaders_marked_and_names_who(slack, runtime) -> None:
    assert "Takk!" in slack.command("/ferdig", "forslagsfrist", user=LEADER).reply
    staff_view = unescape(slack.command("/status", "forslagsfrist", user=STAFF).reply)
    assert "1 av 22 kommunepartier ferdig, 21 gjenstår" in staff_view
    assert f"Tromsø: ferdig (av <@{LEADER}>, 23. november)" in staff_view
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        unit = find_unit(session=session, ref="tromso")
        obligation = session.exec(
            select(Obligation).where(Obligation.event_id == event.id, Obligation.unit_id == unit.id)
        ).one()
        assert (obligation.state, obligation.changed_by) == ("done", LEADER)
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "obligation")).all()
        assert [a.actor for a in audit] == [LEADER]


def test_the_per_unit_list_names_its_deadline_once(slack) -> None:
    """The list starts with the deadline and its date, then the counts, not the title again."""
    reply = unescape(slack.command("/status", "forslagsfrist", user=STAFF).reply)
    blocks = json.loads(reply.split("\n", 1)[1])
    reply = "\n".join(block["text"]["text"] for block in blocks if block["type"] == "section")
    assert reply.count("Forslagsfrist til landsmøtet 2027") == 1
    assert "Forslagsfrist til landsmøtet 2027 — tirsdag 1. desember 2026" in reply
    assert "0 av 22 kommunepartier ferdig, 22 gjenstår" in reply


def test_staff_ferdig_with_a_deadline_that_does_not_exist_says_so_and_marks_nothing(slack) -> None:
    reply = unescape(slack.command("/ferdig", "blabla", user=STAFF).reply)
    assert "Fant ingen frist som passer «blabla»" in reply
    assert "Skriv hvilket kommuneparti du melder for" in reply
    named = unescape(slack.command("/ferdig", "forslagsfrist", user=STAFF).reply)
    assert "Fant ingen frist" not in named and "Skriv hvilket kommuneparti" in named
    assert "0 av 22" in unescape(slack.command("/status", "forslagsfrist", user=STAFF).reply)


def test_a_leader_sees_only_their_own_unit_in_the_per_unit_list(slack) -> None:
    reply = unescape(slack.command("/status", "forslagsfrist", user=LEADER).reply)
    assert "Tromsø: gjenstår" in reply and "Balsfjord" not in reply
    outsider = unescape(slack.command("/status", "forslagsfrist", user=OUTSIDER).reply)
    assert "0 av 22" in outsider and "Tromsø" not in outsider


def test_ferdig_twice_says_it_already_was(slack) -> None:
    slack.command("/ferdig", "forslagsfrist", user=LEADER).replies()
    again = unescape(slack.command("/ferdig", "forslagsfrist", user=LEADER).reply)
    assert "er allerede meldt ferdig for Tromsø av <@ULEADER01> mandag 23. november" in again


@pytest.mark.parametrize(
    "text", ["ny", "legg til", "endre forslagsfrist", "avlys forslagsfrist", "enhet tromsø"]
)
@pytest.mark.parametrize("user", [LEADER, OUTSIDER])
def test_staff_actions_are_refused_politely_and_change_nothing(
    slack, standin, runtime, text: str, user: str
) -> None:
    with runtime.session() as session:
        before = session.exec(select(AuditEntry)).all()
    reply = unescape(slack.command("/plan", text, user=user).reply)
    assert "Beklager, det er bare fylkespartikontoret" in reply and f"<@{STAFF}>" in reply
    assert standin.calls("views.open") == []
    with runtime.session() as session:
        assert len(session.exec(select(AuditEntry)).all()) == len(before)
        assert session.exec(select(PlanEvent).where(PlanEvent.state == "cancelled")).all() == []


def test_forged_signature_is_refused_with_401(slack, standin) -> None:
    answer = slack.command("/status", "", user=STAFF, headers=sign("another body"))
    assert answer.status == 401
    time.sleep(0.2)
    assert standin.responses() == []


def test_request_older_than_five_minutes_is_refused_with_401(slack) -> None:
    from urllib.parse import urlencode

    body = urlencode({"command": "/status", "text": "", "user_id": STAFF, "response_url": "x"})
    stale = sign(body, timestamp=int(SystemClock().now().timestamp()) - 6 * 60)
    status, _, _ = slack.post(body, content_type="application/x-www-form-urlencoded", headers=stale)
    assert status == 401


def test_unsigned_request_is_refused(slack) -> None:
    status, _, _ = slack.post(
        "command=%2Fstatus", content_type="application/x-www-form-urlencoded", headers={}
    )
    assert status == 401


def test_plan_for_a_week_does_not_list_what_the_plan_places_only_by_year_as_in_it(slack) -> None:
    """`/plan uke 13`: Landsmøtet 2027 (the plan says only «2027») and the spring campaign («våren
    2027») may fall in that week or not, so they are listed apart, not «I løpet av perioden»;
    `/plan 60 dager` still lists January's events, a month shorter than the window, as in it."""
    week = unescape(slack.command("/plan", "uke 13", user=OUTSIDER).reply)
    assert "I løpet av perioden" not in week
    _, _, apart = week.partition("Kan falle i perioden (planen sier bare måned, sesong eller år)")
    assert "Landsmøtet 2027 — 2027" in apart and "Vårkampanje — våren 2027" in apart
    sixty = unescape(slack.command("/plan", "60 dager", user=OUTSIDER).reply)
    during, _, apart = sixty.partition("Kan falle i perioden")
    assert "Årsmøtesesongen i kommunepartiene starter — januar 2027" in during
    assert "Landsmøtet 2027 — 2027" in apart and "Landsmøtet 2027" not in during
