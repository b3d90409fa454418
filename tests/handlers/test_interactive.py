"""Buttons on nudges, staff modals and the Home tab, through signed HTTP requests."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from sqlmodel import select

from bot.messages import ACTION_DONE, ACTION_EXEMPT, ACTION_SNOOZE, NudgeMessage
from bot.models import (
    AuditEntry,
    Nudge,
    NudgeState,
    Obligation,
    ObligationState,
    PlanEvent,
    Role,
    Unit,
)
from bot.services.events import find_event
from bot.services.units import find_unit, user_ids_with_role
from handlers.blocks import ButtonValue, nudge_blocks
from tests.conftest import LEADER, OUTSIDER, STAFF
from tests.utils.obligations import mark_as

# These tests are about marking done itself: the forslagsfrist is a plain tick here.
pytestmark = pytest.mark.usefixtures("tick_only")


def obligation_id(runtime, unit: str = "tromso") -> int:
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        found = find_unit(session=session, ref=unit)
        row = session.exec(
            select(Obligation).where(
                Obligation.event_id == event.id, Obligation.unit_id == found.id
            )
        ).one()
        return row.id or 0


def sent_nudge(runtime, oid: int | None, *, target: str = "C0TROMSO") -> int:
    """A sent nudge row in the outbox for the obligation (None: a staff summary), its id."""
    with runtime.session() as session:
        obligation = session.get(Obligation, oid) if oid else None
        row = Nudge(
            key=f"test:{oid}:{target}",
            rule="d7",
            event_id=obligation.event_id if obligation else None,
            unit_id=obligation.unit_id if obligation else None,
            obligation_id=oid,
            target=target,
            state=NudgeState.SENT,
            due_at=runtime.clock.now(),
            payload={"origin": "plan", "spec": None, "message": {}},
        )
        session.add(row)
        session.flush()
        return row.id or 0


def post_nudge(standin, runtime, *, nudge_id: int | None = None, unit: str = "tromso") -> dict:
    """A nudge for the unit's forslagsfrist posted in Slack, with its own outbox row by default."""
    if nudge_id is None:
        nudge_id = sent_nudge(runtime, obligation_id(runtime, unit))
    message = NudgeMessage(
        idempotency_key="k",
        rule="before-7d",
        language="nb",
        event_id=1,
        event_title="Forslagsfrist til landsmøtet 2027",
        event_kind="deadline",
        when_text="tirsdag 1. desember 2026",
        headline="Forslagsfrist til landsmøtet 2027 er om 7 dager",
        nudge_id=nudge_id,
        unit_name="Tromsø",
        obligation_id=obligation_id(runtime, unit),
        buttons=(ACTION_DONE, ACTION_SNOOZE, ACTION_EXEMPT),
    )
    blocks = nudge_blocks(message)
    posted = WebClient(token="xoxb-test", base_url=standin.api_url).chat_postMessage(
        channel="C0TROMSO", text=message.headline, blocks=blocks
    )
    return {"type": "message", "ts": posted["ts"], "blocks": blocks, "text": message.headline}


def state_of(runtime, oid: int) -> str:
    with runtime.session() as session:
        return session.get(Obligation, oid).state


def value_of(message: dict) -> str:
    return next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]["value"]


def test_leader_presses_ferdig_and_the_message_is_updated_in_place(slack, standin, runtime) -> None:
    message = post_nudge(standin, runtime)
    answer = slack.click(ACTION_DONE, value_of(message), user=LEADER, message=message)
    assert answer.status == 200
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    assert update.payload["ts"] == message["ts"] and update.payload["channel"] == "C0TROMSO"
    blocks = update.payload["blocks"]
    (undo,) = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert undo["text"]["text"] == "Angre" and undo["value"] == value_of(message)
    assert (
        f"<@{LEADER}> meldte «Forslagsfrist til landsmøtet 2027» ferdig for Tromsø"
        in json.dumps(blocks, ensure_ascii=False)
    )
    assert state_of(runtime, ButtonValue.decode(value_of(message)).obligation_id) == "done"
    answered = {**message, "blocks": blocks}
    undone = slack.click(undo["action_id"], undo["value"], user=LEADER, message=answered)
    (reply,) = undone.replies()
    assert reply.payload["replace_original"] is True
    text = json.dumps(reply.payload["blocks"], ensure_ascii=False)
    assert f"<@{LEADER}> angret: «Forslagsfrist til landsmøtet 2027» gjenstår igjen" in text
    assert "meldte «Forslagsfrist" in text and '"actions"' not in text
    assert state_of(runtime, ButtonValue.decode(value_of(message)).obligation_id) == "open"


def test_someone_else_pressing_ferdig_is_refused_and_nothing_changes(
    slack, standin, runtime
) -> None:
    message = post_nudge(standin, runtime)
    answer = slack.click(ACTION_DONE, value_of(message), user=OUTSIDER, message=message)
    (reply,) = answer.replies()
    assert reply.payload["replace_original"] is False
    assert (
        "bare lederen av Tromsø" in reply.payload["text"]
        and f"<@{LEADER}>" in reply.payload["text"]
    )
    assert standin.calls("chat.update") == []
    assert state_of(runtime, obligation_id(runtime)) == "open"


def test_leader_of_another_unit_cannot_answer_for_tromso(slack, standin, runtime) -> None:
    message = post_nudge(standin, runtime, unit="harstad")
    answer = slack.click(ACTION_DONE, value_of(message), user=LEADER, message=message)
    assert "bare lederen av Harstad" in answer.replies()[0].payload["text"]
    assert state_of(runtime, obligation_id(runtime, "harstad")) == "open"


@pytest.mark.parametrize("user", [LEADER, OUTSIDER])
def test_exempt_is_for_staff_only(slack, standin, runtime, user: str) -> None:
    message = post_nudge(standin, runtime)
    answer = slack.click(ACTION_EXEMPT, value_of(message), user=user, message=message)
    assert "bare fylkespartikontoret" in answer.replies()[0].payload["text"]
    assert state_of(runtime, obligation_id(runtime)) == "open"


def test_staff_marks_exempt(slack, standin, runtime) -> None:
    message = post_nudge(standin, runtime)
    slack.click(ACTION_EXEMPT, value_of(message), user=STAFF, message=message)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    assert "ikke aktuelt for Tromsø" in json.dumps(update.payload["blocks"], ensure_ascii=False)
    assert state_of(runtime, obligation_id(runtime)) == "exempt"


def test_a_leaders_ferdig_after_ikke_aktuelt_shows_no_angre_they_cannot_use(
    slack, standin, runtime
) -> None:
    message = post_nudge(standin, runtime)
    slack.click(ACTION_EXEMPT, value_of(message), user=STAFF, message=message)
    standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    standin.clear()
    slack.click(ACTION_DONE, value_of(message), user=LEADER, message=message)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    blocks = next(c for c in calls if c.method == "chat.update").payload["blocks"]
    update = json.dumps(blocks, ensure_ascii=False)
    assert "til ikke aktuelt for Tromsø" in update
    assert "planbot_ferdig_undo" not in update
    assert state_of(runtime, obligation_id(runtime)) == "exempt"


def test_snooze_of_a_nudge_that_is_not_in_the_outbox_is_answered_politely(
    slack, standin, runtime
) -> None:
    message = post_nudge(standin, runtime, nudge_id=99999)
    answer = slack.click(ACTION_SNOOZE, value_of(message), user=LEADER, message=message)
    assert "Fant ikke denne oppgaven" in answer.replies()[0].payload["text"]


@pytest.mark.parametrize("whose", ["staff summary", "harstad", "tromso, another deadline"])
def test_a_leader_cannot_snooze_a_nudge_that_is_not_their_units(
    slack, standin, runtime, whose: str
) -> None:
    own = obligation_id(runtime)
    if whose == "staff summary":
        foreign = sent_nudge(runtime, None, target="CSTAFF")
    elif whose == "harstad":
        foreign = sent_nudge(runtime, obligation_id(runtime, "harstad"), target="C0HARSTAD")
    else:
        with runtime.session() as session:
            other = session.exec(
                select(Obligation).where(
                    Obligation.unit_id == find_unit(session=session, ref="tromso").id,
                    Obligation.id != own,
                )
            ).first()
        foreign = sent_nudge(runtime, other.id, target="C0TROMSO")
    message = post_nudge(standin, runtime)
    forged = ButtonValue(own, foreign).encode()
    for action in (ACTION_SNOOZE, ACTION_DONE):
        answer = slack.click(action, forged, user=LEADER, message=message)
        assert "Fant ikke denne oppgaven" in answer.replies()[0].payload["text"]
    assert standin.calls("chat.update") == []
    assert state_of(runtime, own) == "open"
    with runtime.session() as session:
        assert not session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).all()


def test_snooze_asks_the_nudge_engine_for_tomorrow(slack, standin, runtime) -> None:
    outbox = pytest.importorskip("schedules.outbox")
    from bot.models import Nudge

    oid = obligation_id(runtime)
    with runtime.session() as session:
        outbox.sync_outbox(session=session, now=runtime.clock.now(), settings=runtime.settings)
        row = session.exec(select(Nudge).where(Nudge.obligation_id == oid)).first()
    if row is None:
        pytest.skip("the nudge engine plans no nudge for this obligation now")
    message = post_nudge(standin, runtime, nudge_id=row.id)
    answer = slack.click(ACTION_SNOOZE, value_of(message), user=LEADER, message=message)
    assert "minner dere på det igjen i morgen" in answer.replies()[0].payload["text"]
    update = next(c for c in standin.calls("chat.update"))
    assert [b for b in update.payload["blocks"] if b["type"] == "actions"]
    with runtime.session() as session:
        assert session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).first()


def test_an_old_ferdig_button_does_not_undo_what_staff_set_not_applicable(
    slack, standin, runtime
) -> None:
    """The nudge went out; staff then set Tromsø «ikke aktuelt» (CLI). The leader's later press on
    the old nudge leaves it exempt, as /ferdig and the Teams link do, and the nudge says so."""
    message = post_nudge(standin, runtime)
    oid = obligation_id(runtime)
    mark_as(runtime, oid, ObligationState.EXEMPT)
    slack.click(ACTION_DONE, value_of(message), user=LEADER, message=message)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    text = json.dumps(update.payload["blocks"], ensure_ascii=False)
    assert "ikke aktuelt for Tromsø" in text and "fylkespartikontoret" in text
    assert f"<@{LEADER}> meldte" not in text
    assert state_of(runtime, oid) == "exempt"


def test_clicking_twice_shows_who_did_it_first(slack, standin, runtime) -> None:
    message = post_nudge(standin, runtime)
    slack.click(ACTION_DONE, value_of(message), user=LEADER, message=message)
    standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    slack.click(ACTION_DONE, value_of(message), user=STAFF, message=message)
    standin.wait_for(lambda calls: len([c for c in calls if c.method == "chat.update"]) >= 2)
    second = standin.calls("chat.update")[-1]
    assert f"<@{LEADER}> meldte" in json.dumps(second.payload["blocks"], ensure_ascii=False)


# --- modals --------------------------------------------------------------------------------


def opened_view(standin) -> dict:
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    return next(c for c in calls if c.method == "views.open").payload["view"]


def event_values(
    title: str = "Lagbyggersamling i Senja", start: str = "2026-12-10", end: str | None = None
) -> dict:
    return {
        "title": {"value": {"type": "plain_text_input", "value": title}},
        "kind": {"value": {"type": "static_select", "selected_option": {"value": "training"}}},
        "start": {"value": {"type": "datepicker", "selected_date": start}},
        "end": {"value": {"type": "datepicker", "selected_date": end}},
        "time": {"value": {"type": "timepicker", "selected_time": "18:00"}},
        "locations": {"value": {"type": "plain_text_input", "value": "Finnsnes, Tromsø"}},
        "description": {"value": {"type": "plain_text_input", "value": None}},
        "per_unit": {"value": {"type": "checkboxes", "selected_options": []}},
    }


def test_staff_adds_an_event_through_the_modal_with_validation(slack, standin, runtime) -> None:
    slack.command("/plan", "ny", user=STAFF)
    view = opened_view(standin)
    assert view["callback_id"] == "planbot_event_new" and view["title"]["text"] == "Ny hendelse"
    bad = slack.submit(view, event_values(end="2026-12-09"), user=STAFF)
    assert bad.status == 200
    assert json.loads(bad.body) == {
        "response_action": "errors",
        "errors": {
            "end": "Sluttdatoen 9. desember 2026 er før startdatoen 10. desember 2026. "
            "Sluttdatoen må være samme dag eller senere."
        },
    }
    empty = slack.submit(view, event_values(title=" "), user=STAFF)
    assert "title" in json.loads(empty.body)["errors"]
    good = slack.submit(view, event_values(), user=STAFF)
    assert good.status == 200 and good.body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="Lagbyggersamling i Senja")
        assert (event.kind, str(event.start_date), event.locations) == (
            "training",
            "2026-12-10",
            ["Finnsnes", "Tromsø"],
        )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
    confirm = next(c for c in calls if c.method == "chat.postEphemeral")
    assert "La til «Lagbyggersamling i Senja»" in confirm.text and confirm.payload["user"] == STAFF


def test_a_forged_submission_from_a_non_staff_user_changes_nothing(slack, standin, runtime) -> None:
    slack.command("/plan", "ny", user=STAFF)
    view = opened_view(standin)
    answer = slack.submit(view, event_values(), user=OUTSIDER)
    assert "bare fylkespartikontoret" in json.loads(answer.body)["errors"]["title"]
    with runtime.session() as session:
        assert not session.exec(
            select(PlanEvent).where(PlanEvent.title == "Lagbyggersamling i Senja")
        ).all()


def test_staff_edits_and_cancels_an_event(slack, standin, runtime) -> None:
    slack.command("/plan", "endre teamsmøte", user=STAFF)
    view = opened_view(standin)
    values = {
        "title": {"value": {"value": "Teamsmøte med kommunepartilederne"}},
        "kind": {"value": {"selected_option": {"value": "meeting"}}},
        "start": {"value": {"selected_date": "2026-12-08"}},
        "time": {"value": {"selected_time": "19:30"}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="teamsmøte")
        assert event.title == "Teamsmøte med kommunepartilederne"
        assert str(event.start_time) == "19:30:00" and event.recurrence
    standin.clear()
    slack.command("/plan", "avlys teamsmøte", user=STAFF)
    view = opened_view(standin)
    assert view["callback_id"] == "planbot_event_cancel"
    assert slack.submit(view, {}, user=STAFF).status == 200
    with runtime.session() as session:
        assert session.get(PlanEvent, event.id).state == "cancelled"
        actions = [
            a.action
            for a in session.exec(
                select(AuditEntry).where(
                    AuditEntry.entity_id == event.id, AuditEntry.entity == "event"
                )
            )
        ]
        assert actions.count("update") == 2


def test_a_new_date_in_the_modal_makes_a_month_event_a_day_event(slack, standin, runtime) -> None:
    slack.command("/plan", "endre lagbyggersamling", user=STAFF)
    view = opened_view(standin)
    values = {
        "title": {"value": {"value": "Lagbyggersamling/toppkandidatskolering"}},
        "kind": {"value": {"selected_option": {"value": "training"}}},
        "start": {"value": {"selected_date": "2027-01-01"}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""  # the date as it was: still a month
    with runtime.session() as session:
        assert find_event(session=session, query="lagbyggersamling").precision == "month"
    values["start"] = {"value": {"selected_date": "2027-01-14"}}
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="lagbyggersamling")
        assert (str(event.start_date), str(event.end_date), event.precision) == (
            "2027-01-14",
            "2027-01-14",
            "day",
        )
    values["end"] = {"value": {"selected_date": "2027-01-13"}}
    refused = json.loads(slack.submit(view, values, user=STAFF).body)
    assert "er før startdatoen" in refused["errors"]["end"]


def test_staff_sets_a_units_leaders_and_channel(slack, standin, runtime) -> None:
    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    assert view["callback_id"] == "planbot_unit"
    leaders_block = next(b for b in view["blocks"] if b.get("block_id") == "leaders")
    assert leaders_block["element"]["initial_users"] == [LEADER]
    for bad_channel in ("ikke en kanal", "#ap-tromso"):
        bad = slack.submit(view, {"channel": {"value": {"value": bad_channel}}}, user=STAFF)
        assert "er ikke en Slack-kanal-ID" in json.loads(bad.body)["errors"]["channel"]
    values = {
        "leaders": {"value": {"selected_users": ["UNEWLEADER"]}},
        "channel": {"value": {"value": "C0APTROMSO"}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        unit = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        assert unit.slack_channel == "C0APTROMSO"
        assert user_ids_with_role(session=session, unit=unit, role=Role.LEADER) == ["UNEWLEADER"]


# --- App Home ------------------------------------------------------------------------------


def published(standin) -> str:
    calls = standin.wait_for(lambda calls: any(c.method == "views.publish" for c in calls))
    call = next(c for c in calls if c.method == "views.publish")
    return json.dumps(call.payload, ensure_ascii=False)


def test_home_for_staff_has_the_coming_days_and_the_overview(slack, standin) -> None:
    status, _, _ = slack.event({"type": "app_home_opened", "user": STAFF, "tab": "home"})
    assert status == 200
    view = published(standin)
    assert "De neste 30 dagene" in view and "Teamsmøte" in view
    assert "Status for fristene" in view and "0 av 22 kommunepartier ferdig" in view


def test_home_for_a_leader_has_their_units_open_deadlines(slack, standin) -> None:
    slack.event({"type": "app_home_opened", "user": LEADER, "tab": "home"})
    view = published(standin)
    assert "Åpne frister for Tromsø" in view and "Forslagsfrist til landsmøtet 2027" in view
    assert "Status for fristene" not in view


# --- small holes: replays, huge numbers, damaged metadata (issue 14 item 9) -----------------


def test_a_replayed_submission_stores_the_event_once(slack, standin, runtime) -> None:
    slack.command("/plan", "ny", user=STAFF)
    view = opened_view(standin)
    first = slack.submit(view, event_values(), user=STAFF)
    replay = slack.submit(view, event_values(), user=STAFF)
    assert (first.status, replay.status) == (200, 200)
    with runtime.session() as session:
        stored = session.exec(
            select(PlanEvent).where(PlanEvent.title == "Lagbyggersamling i Senja")
        ).all()
    assert len(stored) == 1


@pytest.mark.parametrize(
    ("callback_id", "metadata"),
    [
        ("planbot_event_cancel", "{ikke json"),
        ("planbot_event_cancel", json.dumps({"event_id": 10**30, "channel_id": ["x"]})),
        ("planbot_unit", json.dumps({"unit_id": "finnes-ikke"})),
        ("planbot_unit", "[1, 2]"),
    ],
)
def test_damaged_private_metadata_in_a_staff_modal_is_answered_politely(
    slack, standin, runtime, callback_id: str, metadata: str
) -> None:
    view = {"callback_id": callback_id, "private_metadata": metadata, "type": "modal"}
    answer = slack.submit(view, {}, user=STAFF)
    assert answer.status == 200
    calls = standin.wait_for(
        lambda calls: any(c.method in ("chat.postMessage", "chat.postEphemeral") for c in calls)
    )
    told = [c for c in calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
    assert "Skjemaet var utdatert eller skadet" in told[0].text


def test_a_huge_number_in_status_is_no_match(slack) -> None:
    answer = slack.command("/status", "#" + "9" * 40, user=STAFF)
    assert answer.status == 200
    assert "Fant ingen frist som passer" in answer.reply


def test_a_button_with_huge_ids_is_answered_politely(slack, standin, runtime) -> None:
    message = post_nudge(standin, runtime)
    value = json.dumps({"o": 10**30, "n": 2**70})
    for action in (ACTION_DONE, ACTION_SNOOZE):
        answer = slack.click(action, value, user=STAFF, message=message)
        assert answer.status == 200
        assert "Fant ikke denne oppgaven lenger" in answer.reply


def test_the_new_event_modal_takes_a_precision_as_the_cli_does(slack, standin, runtime) -> None:
    """`/plan ny` with «uke» and 29 March 2027 is week 13, as `planbot event add --date 2027-03-29
    --precision uke` is; a precision that is none is refused in the modal and nothing is stored."""
    slack.command("/plan", "ny", user=STAFF)
    view = opened_view(standin)
    field = next(b for b in view["blocks"] if b.get("block_id") == "precision")
    assert field["label"]["text"] == "Hvor nøyaktig er datoen?"
    assert [o["text"]["text"] for o in field["element"]["options"]] == [
        "dag",
        "uke",
        "måned",
        "sesong",
        "kvartal",
        "år",
    ]
    assert field["element"]["initial_option"]["value"] == "day"
    values = event_values(title="Verveuke", start="2027-03-29")
    values["precision"] = {
        "value": {"type": "static_select", "selected_option": {"value": "fortnight"}}
    }
    refused = json.loads(slack.submit(view, values, user=STAFF).body)
    assert refused["errors"]["precision"].startswith("«fortnight» er ikke et gyldig valg")
    with runtime.session() as session:
        assert not session.exec(select(PlanEvent).where(PlanEvent.title == "Verveuke")).all()
    values["precision"] = {"value": {"type": "static_select", "selected_option": {"value": "week"}}}
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="Verveuke")
        assert (str(event.start_date), str(event.end_date), event.precision) == (
            "2027-03-29",
            "2027-04-04",
            "week",
        )


def test_the_edit_modal_shows_the_precision_and_a_new_one_is_kept(slack, standin, runtime) -> None:
    """The modal shows «måned» for the January gathering; choosing «uke» with the date 14 January
    makes it that week; the date alone with the precision left as it was makes it a day."""
    slack.command("/plan", "endre lagbyggersamling", user=STAFF)
    view = opened_view(standin)
    field = next(b for b in view["blocks"] if b.get("block_id") == "precision")
    assert field["element"]["initial_option"]["value"] == "month"
    values = {
        "title": {"value": {"value": "Lagbyggersamling/toppkandidatskolering"}},
        "kind": {"value": {"selected_option": {"value": "training"}}},
        "start": {"value": {"selected_date": "2027-01-14"}},
        "end": {"value": {"selected_date": "2027-01-31"}},  # as the modal showed it
        "precision": {"value": {"selected_option": {"value": "week"}}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="lagbyggersamling")
        assert (str(event.start_date), str(event.end_date), event.precision) == (
            "2027-01-11",
            "2027-01-17",
            "week",
        )
