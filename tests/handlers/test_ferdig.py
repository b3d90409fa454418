"""/ferdig as dialogues through the real Bolt app (signed HTTP, Slack stand-in): it marks only a
deadline its text names, offers buttons otherwise, takes notes explicitly, and every confirmation
can be undone by whoever did it (or staff)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from bot.models import AuditEntry, Obligation, Role
from bot.services.events import find_event
from bot.services.units import assign_role, find_unit
from tests.conftest import LEADER, OUTSIDER, STAFF
from tests.handlers.slack import Answer, SlackClientSim

# These tests are about marking done itself: the forslagsfrist is a plain tick here.
pytestmark = pytest.mark.usefixtures("tick_only")

FORSLAGSFRIST = "Forslagsfrist til landsmøtet 2027"
STYREARBEID = "Skolering i praktisk styrearbeid for det nye styret"
CO_LEADER = "UCOLEADER"
HARSTAD_LEADER = "UHARSTAD"


def text_of(answer: Answer, index: int = 0) -> str:
    payload = answer.replies(index + 1)[index].payload
    blocks = json.dumps(payload.get("blocks"), ensure_ascii=False)
    raw = str(payload.get("text", "")) + "\n" + blocks
    return raw.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def buttons(answer: Answer, index: int = 0) -> list[dict[str, Any]]:
    """Every button in a reply: in sections (accessory) and in actions blocks."""
    found = []
    for block in answer.replies(index + 1)[index].payload.get("blocks") or []:
        if block.get("accessory", {}).get("type") == "button":
            found.append(block["accessory"])
        found += [e for e in block.get("elements", []) if e.get("type") == "button"]
    return found


def press(slack: SlackClientSim, answer: Answer, label: str, *, user: str, nth: int = 0) -> Answer:
    """Click the nth button with this label in the reply, as Slack sends it for that message."""
    blocks = answer.replies()[0].payload.get("blocks") or []
    button = [b for b in buttons(answer) if b["text"]["text"] == label][nth]
    message = {"type": "message", "ts": "1800000000.000100", "blocks": blocks}
    return slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": user},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.press",
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": "C0GENERAL",
                "is_ephemeral": True,
            },
            "channel": {"id": "C0GENERAL"},
            "message": message,
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b",
                    "value": button["value"],
                    "action_ts": "1800000000.2",
                }
            ],
        }
    )


def states(runtime, unit: str = "tromso") -> dict[str, str]:
    """The unit's obligations: title -> state (and note when there is one)."""
    with runtime.session() as session:
        found = find_unit(session=session, ref=unit)
        out = {}
        for row in session.exec(select(Obligation).where(Obligation.unit_id == found.id)):
            title = find_event(session=session, query=str(row.event_id)).title
            out[title] = row.state + (f": {row.note}" if row.note else "")
        return out


def audit(runtime) -> list[tuple[str, str]]:
    with runtime.session() as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.entity == "obligation")).all()
        return [(a.actor, a.action) for a in rows]


def lead(runtime, user: str, unit: str) -> None:
    with runtime.session() as session:
        assign_role(
            session=session,
            slack_user_id=user,
            role=Role.LEADER,
            unit=find_unit(session=session, ref=unit),
            actor=STAFF,
            now=runtime.clock.now(),
        )


OPEN = {FORSLAGSFRIST: "open", STYREARBEID: "open"}


def test_the_issue_a_definite_form_after_the_deadline_is_done_marks_nothing(slack, runtime) -> None:
    first = slack.command("/ferdig", "forslagsfrist", user=LEADER)
    assert f"Takk! Tromsø har meldt «{FORSLAGSFRIST}» ferdig." in text_of(first)
    again = slack.command("/ferdig", "forslagsfristen", user=LEADER)
    assert f"«{FORSLAGSFRIST}» er allerede meldt ferdig for Tromsø" in text_of(again)
    assert "Ingenting er endret" in text_of(again)
    assert states(runtime) == {FORSLAGSFRIST: "done", STYREARBEID: "open"}
    assert audit(runtime) == [(LEADER, "mark_done")]


@pytest.mark.parametrize("text", ["blablabla", "valgkamp", "forslagsfrist Vi sendte to forslag"])
def test_text_that_names_no_open_deadline_marks_nothing_and_offers_buttons(
    slack, runtime, text: str
) -> None:
    answer = slack.command("/ferdig", text, user=LEADER)
    reply = text_of(answer)
    assert f"Fant ingen åpen frist for Tromsø som passer «{text}», så ingenting er meldt." in reply
    assert [b["text"]["text"] for b in buttons(answer)] == ["Meld ferdig", "Meld ferdig"]
    assert f"{FORSLAGSFRIST} (tirsdag 1. desember 2026)" in reply
    assert f"{STYREARBEID} (innen tre måneder etter årsmøtet, mangler dato for årsmøtet)" in reply
    assert states(runtime) == OPEN and audit(runtime) == []
    if len(text.split()) > 1:
        assert "/ferdig forslagsfrist | Gjort på styremøtet 12. mars" in reply


@pytest.mark.parametrize(
    "text", ["«FORSLAGSFRISTEN»", '"forslagsfrist"', "Forslagsfrist til landsmøtet", "frist"]
)
def test_quotes_case_and_definite_forms_never_matter(slack, runtime, text: str) -> None:
    slack.command("/ferdig", text, user=LEADER).replies()
    assert states(runtime) == {FORSLAGSFRIST: "done", STYREARBEID: "open"}


def test_pressing_a_listed_deadline_marks_it_and_the_confirmation_can_be_undone(
    slack, runtime
) -> None:
    listed = slack.command("/ferdig", "", user=LEADER)
    assert "Åpne frister for Tromsø" in text_of(listed) and states(runtime) == OPEN
    marked = press(slack, listed, "Meld ferdig", user=LEADER, nth=1)
    confirmation = marked.replies()[0].payload
    assert confirmation["replace_original"] is True
    assert f"Takk! Tromsø har meldt «{STYREARBEID}» ferdig." in text_of(marked)
    assert [b["text"]["text"] for b in buttons(marked)] == ["Angre", "Legg til merknad"]
    assert states(runtime) == {FORSLAGSFRIST: "open", STYREARBEID: "done"}
    undone = press(slack, marked, "Angre", user=LEADER)
    assert f"<@{LEADER}> angret: «{STYREARBEID}» gjenstår igjen for Tromsø" in text_of(undone)
    assert buttons(undone) == []
    assert states(runtime) == OPEN
    assert audit(runtime) == [(LEADER, "mark_done"), (LEADER, "mark_open")]


def test_a_note_without_a_deadline_marks_nothing_and_says_how(slack, runtime) -> None:
    slack.command("/ferdig", "praktisk styrearbeid", user=LEADER).replies()
    answer = slack.command("/ferdig", "| Vi har ingen forslag", user=LEADER)
    assert (
        "Skriv også hvilken frist merknaden gjelder, f.eks. /ferdig forslagsfrist | Vi har ingen forslag"
        in text_of(answer)
    )
    assert [b["text"]["text"] for b in buttons(answer)] == ["Meld ferdig"]
    assert states(runtime)[FORSLAGSFRIST] == "open"


def test_with_one_open_deadline_it_asks_before_marking(slack, runtime) -> None:
    slack.command("/ferdig", "praktisk styrearbeid", user=LEADER).replies()
    asked = slack.command("/ferdig", "", user=LEADER)
    assert (
        f"Tromsø har én åpen frist: «{FORSLAGSFRIST}» (tirsdag 1. desember 2026). Er den ferdig?"
        in text_of(asked)
    )
    assert [b["text"]["text"] for b in buttons(asked)] == ["Ja, meld ferdig", "Med merknad …"]
    assert states(runtime)[FORSLAGSFRIST] == "open"
    press(slack, asked, "Ja, meld ferdig", user=LEADER).replies()
    assert states(runtime)[FORSLAGSFRIST] == "done"


def test_only_whoever_marked_it_or_staff_can_press_angre(slack, runtime) -> None:
    lead(runtime, CO_LEADER, "tromso")
    marked = slack.command("/ferdig", "forslagsfrist", user=LEADER)
    refused = press(slack, marked, "Angre", user=CO_LEADER)
    reply = refused.replies()[0].payload
    assert reply["replace_original"] is False
    assert "bare den som meldte dette, eller fylkespartikontoret, kan angre" in reply["text"]
    stranger = press(slack, marked, "Angre", user=OUTSIDER)
    assert "bare lederen av Tromsø" in stranger.replies()[0].payload["text"]
    assert states(runtime)[FORSLAGSFRIST] == "done"
    press(slack, marked, "Angre", user=STAFF).replies()
    assert states(runtime)[FORSLAGSFRIST] == "open"


def test_a_leader_reopens_their_own_units_deadline_with_ferdig_angre(slack, runtime) -> None:
    lead(runtime, CO_LEADER, "tromso")
    slack.command("/ferdig", "forslagsfrist", user=LEADER).replies()
    still_open = slack.command("/ferdig", "angre styrearbeid", user=CO_LEADER)
    assert f"«{STYREARBEID}» gjenstår allerede for Tromsø" in text_of(still_open)
    nothing = slack.command("/ferdig", "angre blablabla", user=CO_LEADER)
    assert "Fant ingen frist som er meldt ferdig for Tromsø og passer «blablabla»" in text_of(
        nothing
    )
    assert [b["text"]["text"] for b in buttons(nothing)] == ["Angre"]
    reopened = slack.command("/ferdig", "angre «forslagsfristen»", user=CO_LEADER)
    assert f"angret: «{FORSLAGSFRIST}» gjenstår igjen for Tromsø" in text_of(reopened)
    assert states(runtime) == OPEN
    assert audit(runtime) == [(LEADER, "mark_done"), (CO_LEADER, "mark_open")]
    empty = slack.command("/ferdig", "angre", user=CO_LEADER)
    assert "Tromsø har ingen frist som er meldt ferdig nå" in text_of(empty)


def test_leaders_never_act_for_another_unit(slack, runtime) -> None:
    lead(runtime, HARSTAD_LEADER, "harstad")
    refused = slack.command("/ferdig", "forslagsfrist Tromsø", user=HARSTAD_LEADER)
    assert "bare lederen av Tromsø eller fylkespartikontoret" in text_of(refused)
    slack.command("/ferdig", "forslagsfrist", user=LEADER).replies()
    undo = slack.command("/ferdig", "angre forslagsfrist tromsø", user=HARSTAD_LEADER)
    assert "bare lederen av Tromsø" in text_of(undo)
    assert states(runtime)[FORSLAGSFRIST] == "done"
    assert states(runtime, "harstad")[FORSLAGSFRIST] == "open"


def test_staff_name_the_unit_and_are_told_how_when_they_do_not(slack, runtime) -> None:
    how = slack.command("/ferdig", "forslagsfrist", user=STAFF)
    assert (
        "Skriv hvilket kommuneparti du melder for, f.eks. /ferdig forslagsfrist Balsfjord"
        in text_of(how)
    )
    assert "Spør" not in text_of(how) and audit(runtime) == []
    done = slack.command("/ferdig", "forslagsfrist Tromsø | Sendt på e-post", user=STAFF)
    # the office marked for Tromsø: said as that, not as Tromsø thanked for reporting
    assert f"Meldt ferdig for Tromsø: «{FORSLAGSFRIST}», med merknaden" in text_of(done)
    assert "Takk!" not in text_of(done)
    assert states(runtime)[FORSLAGSFRIST] == "done: Sendt på e-post"
    assert audit(runtime) == [(STAFF, "mark_done")]


def test_staff_mark_a_unit_from_the_status_list(slack, runtime) -> None:
    listed = slack.command("/status", "«forslagsfrist»", user=STAFF)
    assert "Meld ferdig for et kommuneparti (trykk på navnet)" in text_of(listed)
    names = [b["text"]["text"] for b in buttons(listed)]
    assert names[:2] == ["Balsfjord", "Bardu"] and len(names) == 22
    confirmed = press(slack, listed, "Balsfjord", user=STAFF)
    reply = confirmed.replies()[0].payload
    assert reply["replace_original"] is False
    assert f"Meldt ferdig for Balsfjord: «{FORSLAGSFRIST}»." in text_of(confirmed)
    assert states(runtime, "balsfjord")[FORSLAGSFRIST] == "done"
    assert "Meld ferdig for et kommuneparti" not in text_of(
        slack.command("/status", "forslagsfrist", user=LEADER)
    )


def test_a_forged_status_button_from_a_leader_marks_nothing_for_another_unit(
    slack, runtime
) -> None:
    listed = slack.command("/status", "forslagsfrist", user=STAFF)
    refused = press(slack, listed, "Balsfjord", user=LEADER)
    assert "bare lederen av Balsfjord" in text_of(refused)
    assert states(runtime, "balsfjord")[FORSLAGSFRIST] == "open"


def opened_view(standin) -> dict[str, Any]:
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    return next(c for c in calls if c.method == "views.open").payload["view"]


def note(text: str) -> dict[str, Any]:
    return {"note": {"value": {"type": "plain_text_input", "value": text}}}


def test_a_note_is_given_in_the_modal_and_replaces_the_question(slack, standin, runtime) -> None:
    slack.command("/ferdig", "styrearbeid", user=LEADER).replies()
    asked = slack.command("/ferdig", "", user=LEADER)
    press(slack, asked, "Med merknad …", user=LEADER)
    view = opened_view(standin)
    assert view["callback_id"] == "planbot_ferdig_note" and FORSLAGSFRIST in json.dumps(
        view, ensure_ascii=False
    )
    empty = slack.submit(view, note("  "), user=LEADER)
    assert json.loads(empty.body)["errors"] == {"note": "Skriv en merknad på høyst 500 tegn."}
    assert states(runtime)[FORSLAGSFRIST] == "open"
    forged = slack.submit(view, note("Vi har ingen forslag"), user=OUTSIDER)
    assert "bare lederen av Tromsø" in json.loads(forged.body)["errors"]["note"]
    saved = slack.submit(view, note("Vi har ingen forslag i år"), user=LEADER)
    assert saved.status == 200 and saved.body == ""
    assert states(runtime)[FORSLAGSFRIST] == "done: Vi har ingen forslag i år"
    metadata = json.loads(view["private_metadata"])
    name = metadata["r"].rsplit("/", 1)[-1]
    standin.wait_for(lambda _: bool(standin.responses(name)))
    (replaced,) = standin.responses(name)
    assert replaced.payload["replace_original"] is True
    assert "med merknaden «Vi har ingen forslag i år»" in replaced.text


def test_english(slack_en, runtime) -> None:
    answer = slack_en.command("/ferdig", "blablabla", user=LEADER)
    assert "No open deadline of Tromsø matches “blablabla”, so nothing was reported." in text_of(
        answer
    )
    assert [b["text"]["text"] for b in buttons(answer)] == ["Report done", "Report done"]
    assert states(runtime) == OPEN


def test_undo_brings_the_units_reminders_back(slack, runtime) -> None:
    from bot.models import Nudge, NudgeState
    from schedules.outbox import sync_outbox

    def pending() -> int:
        with runtime.session() as session:
            sync_outbox(session=session, now=runtime.clock.now(), settings=runtime.settings)
            oid = (
                session.exec(
                    select(Obligation).where(
                        Obligation.unit_id == find_unit(session=session, ref="tromso").id,
                        Obligation.event_id
                        == find_event(session=session, query="forslagsfrist").id,
                    )
                )
                .one()
                .id
            )
            rows = session.exec(select(Nudge).where(Nudge.obligation_id == oid)).all()
            return sum(1 for row in rows if row.state == NudgeState.PENDING)

    before = pending()
    assert before > 0
    marked = slack.command("/ferdig", "forslagsfrist", user=LEADER)
    assert "Takk!" in text_of(marked) and pending() == 0
    press(slack, marked, "Angre", user=LEADER).replies()
    assert pending() == before
