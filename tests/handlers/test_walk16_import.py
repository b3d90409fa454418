"""walk16 in Slack: the county office sends its 2027 work plan (Word, built in
tests/utils/plan_2027.py) to Planbot in a DM on 3 December 2026, through the local Slack stand-in
with signed requests; a leader sends the same file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from bot.models import Obligation, PlanEvent
from bot.runtime import Runtime
from handlers.blocks_import import CHOICES_ACTION, CHOICES_BLOCK, SAVE_ACTION
from planbot.testing.slack_standin import Call, SlackStandIn
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.slack import SlackClientSim
from tests.utils.plan_2027 import plan_2027_docx


def send_file(
    slack: SlackClientSim,
    standin: SlackStandIn,
    data: bytes,
    user: str,
    name: str = "arbeidsplan-2027.docx",
) -> str:
    """`user` sends the plan to Planbot in their DM; the DM's channel id."""
    info = standin.add_file(name, data)
    channel = f"D0{user}"
    slack.event(
        {
            "type": "file_shared",
            "file_id": info["id"],
            "user_id": user,
            "file": {"id": info["id"]},
            "channel_id": channel,
            "event_ts": "1800000000.1",
        }
    )
    return channel


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.payload.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def first_post(standin: SlackStandIn, channel: str) -> Call:
    calls = standin.wait_for(
        lambda calls: any(c.method == "chat.postMessage" and c.channel == channel for c in calls)
    )
    return next(c for c in calls if c.method == "chat.postMessage" and c.channel == channel)


def press_save(slack: SlackClientSim, shown: Call, channel: str, state: dict[str, Any]) -> None:
    """Staff press *Lagre* under the preview `shown`, with the boxes' `state` as Slack sends it."""
    blocks = blocks_of(shown)
    draft = next(
        e["value"]
        for b in blocks
        for e in b.get("elements", [])
        if isinstance(e, dict) and e.get("action_id") == SAVE_ACTION
    )
    slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": STAFF},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.click",
            "container": {"type": "message", "channel_id": channel, "message_ts": shown.ts},
            "channel": {"id": channel},
            "message": {"ts": shown.ts, "text": shown.text, "blocks": blocks},
            "state": state,
            "actions": [
                {
                    "type": "button",
                    "action_id": SAVE_ACTION,
                    "block_id": "planbot_import_actions",
                    "value": draft,
                    "action_ts": "1800000000.2",
                }
            ],
        }
    )


def save(slack: SlackClientSim, shown: Call, channel: str, ticked: list[dict[str, Any]]) -> None:
    """*Lagre* with these per-unit and change boxes ticked."""
    selected = {"type": "checkboxes", "selected_options": ticked}
    press_save(slack, shown, channel, {"values": {CHOICES_BLOCK: {CHOICES_ACTION: selected}}})


def test_a_deadline_the_municipal_parties_owe_can_be_made_per_unit_in_slack(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, tmp_path: Path
) -> None:
    """The table says «1. desember | Forslagsfrist til fylkesårsmøtet | Kommunepartiene». In the
    CLI staff make it one task per municipal party with --per-unit; the Slack preview offered no
    box for it (only for deadlines whose sentence says «alle kommunepartiene»), so it could only
    be saved as one event for the office. Now every new dated deadline has its box, unticked:
    nothing becomes per unit unless ticked."""
    runtime.clock.set(oslo(2026, 12, 3, 10, 0))
    channel = send_file(
        slack, standin, plan_2027_docx(tmp_path / "plan.docx").read_bytes(), user=STAFF
    )
    shown = first_post(standin, channel)
    [choices] = [b for b in blocks_of(shown) if b.get("block_id") == CHOICES_BLOCK]
    options = choices["accessory"]["options"]
    per_unit = [o for o in options if o["value"].startswith("per_unit:")]
    assert [o["text"]["text"] for o in per_unit] == [
        "#9 Én oppgave for hvert kommuneparti: Forslagsfrist til fylkesårsmøtet"
    ]
    assert "initial_options" not in choices["accessory"]
    with runtime.session() as session:
        before = session.exec(select(func.count()).select_from(Obligation)).one()
    save(slack, shown, channel, per_unit)
    standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    with runtime.session() as session:
        [event] = session.exec(
            select(PlanEvent).where(PlanEvent.title == "Forslagsfrist til fylkesårsmøtet")
        ).all()
        assert event.per_unit
        stored = session.exec(
            select(PlanEvent).where(PlanEvent.source_document == "arbeidsplan-2027.docx")
        ).all()
        assert [e.title for e in stored if e.per_unit] == ["Forslagsfrist til fylkesårsmøtet"]
        after = session.exec(select(func.count()).select_from(Obligation)).one()
    assert after == before + 22


def test_a_leader_sending_the_plan_after_the_forslagsfrist_is_told_who_imports_plans(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, leader: str, tmp_path: Path
) -> None:
    """Tromsø's leader sends the 2027 plan to Planbot on 3 December. The forslagsfrist ran out on
    1 December and takes no late hand-ins, yet Planbot offered *Lever* for it (a button that
    only refuses when pressed) and never said that plans are imported by the county office. Now
    a deadline the leader can no longer hand in for is not offered, and with nothing left the
    leader gets the polite no that names who imports plans."""
    runtime.clock.set(oslo(2026, 12, 3, 19, 0))
    data = plan_2027_docx(tmp_path / "plan.docx").read_bytes()
    channel = send_file(slack, standin, data, user=LEADER)
    said = first_post(standin, channel)
    assert "Lever" not in json.dumps(blocks_of(said), ensure_ascii=False)
    assert said.text.startswith(
        "Beklager, det er bare fylkespartikontoret som kan importere planer."
    )
    with runtime.session() as session:
        assert not session.exec(
            select(PlanEvent).where(PlanEvent.source_document == "arbeidsplan-2027.docx")
        ).all()
    # before the deadline the same file is offered for it, as before
    standin.clear()
    runtime.clock.set(oslo(2026, 11, 30, 19, 0))
    channel = send_file(slack, standin, data, user=LEADER)
    offered = first_post(standin, channel)
    assert "Forslagsfrist til landsmøtet 2027 (Tromsø)" in json.dumps(
        blocks_of(offered), ensure_ascii=False
    )
