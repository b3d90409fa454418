"""Planbot asks what it needs: each leader's annual-meeting date, before the season (issue 11)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.messages import ACTION_ANNUAL_MEETING
from bot.models import Nudge, Obligation, PlanEvent, Unit
from bot.runtime import Runtime
from bot.services.questions import season_asked_about
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.dispatcher import Dispatcher
from schedules.jobs import run_dispatch_tick
from schedules.transports import SlackTransport, slack_client
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.slack import SlackClientSim


@pytest.fixture
def bot(runtime: Runtime, standin: SlackStandIn) -> Runtime:
    runtime.settings = replace(
        runtime.settings, slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    return runtime


def tick(runtime: Runtime) -> None:
    transport = SlackTransport(client=slack_client(runtime.settings), blocks=outbox_blocks)
    dispatcher = Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports={"slack": transport},
        clock=runtime.clock,
        settle_seconds=0,
    )
    try:
        run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()


def blocks_of(call: Any) -> list[dict[str, Any]]:
    blocks = call.payload.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def pick_date(slack: SlackClientSim, call: Any, day: str, *, user: str) -> None:
    blocks = blocks_of(call)
    [block] = [
        b
        for b in blocks
        for e in b.get("elements", [])
        if e.get("action_id") == ACTION_ANNUAL_MEETING
    ]
    slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": user},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.pick",
            "container": {"type": "message", "channel_id": call.channel, "message_ts": call.ts},
            "channel": {"id": call.channel},
            "message": {"ts": call.ts, "text": call.text, "blocks": blocks},
            "actions": [
                {
                    "type": "datepicker",
                    "action_id": ACTION_ANNUAL_MEETING,
                    "block_id": block["block_id"],
                    "selected_date": day,
                    "action_ts": "1800000000.2",
                }
            ],
        }
    )


@pytest.mark.parametrize(
    ("today", "season"),
    [("2026-11-30", None), ("2026-12-01", 2027), ("2026-12-20", 2027), ("2027-01-02", None)],
)
def test_the_asking_period_runs_from_1_december_until_the_season(today, season) -> None:
    from datetime import date

    assert season_asked_about(date.fromisoformat(today), (12, 1)) == season


def test_on_1_december_the_leader_is_asked_and_the_answer_dates_styrearbeid(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    clock.set(oslo(2026, 11, 30, 9, 0))
    tick(bot)
    assert not [p for p in standin.posts() if "årsmøtet?" in p.text]  # not before the period
    clock.set(oslo(2026, 12, 1, 9, 0))
    tick(bot)
    tick(bot)  # asked once, not again on the next tick
    asked = [p for p in standin.posts() if p.text.startswith("Når holder dere årsmøtet?")]
    assert [p.channel for p in asked] == ["DLEADER01"]  # Tromsø's leader, by DM
    shown = json.dumps(blocks_of(asked[0]), ensure_ascii=False)
    assert "Svar innen torsdag 31. desember 2026" in shown and "datepicker" in shown

    pick_date(slack, asked[0], "2027-02-10", user="UOTHER01")  # not the unit's leader
    refusals = standin.wait_for(lambda calls: any(c.method == "response_url" for c in calls))
    assert any("Tromsø" in c.text for c in refusals if c.method == "response_url")

    pick_date(slack, asked[0], "2027-02-10", user=LEADER)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    answer = next(c for c in calls if c.method == "chat.update").text
    assert "Tromsø: årsmøtet er onsdag 10. februar 2027." in answer
    assert (
        "Skolering i praktisk styrearbeid for det nye styret: frist mandag 10. mai 2027" in answer
    )

    with bot.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        assert (
            tromso.annual_meeting is not None and tromso.annual_meeting.isoformat() == "2027-02-10"
        )
        question = session.exec(
            select(Obligation)
            .join(PlanEvent, PlanEvent.id == Obligation.event_id)  # type: ignore[arg-type]
            .where(PlanEvent.key == "question-annual-meeting-2027", Obligation.unit_id == tromso.id)
        ).one()
        assert (question.state, question.changed_by) == ("done", LEADER)

    [reply] = slack.command("/status", "styrearbeid", user=STAFF).replies()
    status = json.dumps(reply.payload, ensure_ascii=False)
    assert "Tromsø" in status and "10. mai 2027" in status, status
    [reply] = slack.command("/status", user=STAFF).replies()
    assert "Dato for årsmøtet 2027" in json.dumps(reply.payload, ensure_ascii=False)


def test_a_date_outside_the_season_is_refused_and_nothing_changes(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    clock.set(oslo(2026, 12, 1, 9, 0))
    tick(bot)
    [asked] = [p for p in standin.posts() if p.text.startswith("Når holder dere årsmøtet?")]
    pick_date(slack, asked, "2028-02-10", user=LEADER)
    calls = standin.wait_for(lambda calls: any(c.method == "response_url" for c in calls))
    reply = next(c for c in calls if c.method == "response_url").text
    assert "hører ikke til årsmøtesesongen 2027" in reply
    with bot.session() as session:
        assert session.exec(select(Unit).where(Unit.slug == "tromso")).one().annual_meeting is None
        assert session.exec(select(Nudge).where(Nudge.rule == "ask.annual_meeting")).all()
