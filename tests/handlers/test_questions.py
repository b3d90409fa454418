"""Planbot asks what it needs: each leader's annual-meeting date, before the season (issue 11)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.messages import ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER, ACTION_SAME_LEADER
from bot.models import AuditEntry, Nudge, Obligation, PlanEvent, Unit
from bot.runtime import Runtime
from bot.services.questions import (
    record_annual_meeting,
    season_asked_about,
    season_asked_late,
)
from bot.services.units import user_ids_with_role
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.dispatcher import Dispatcher
from schedules.jobs import run_dispatch_tick
from schedules.transports import SlackTransport, slack_client
from tests.conftest import LEADER, OSLO, STAFF, oslo
from tests.handlers.slack import SlackClientSim


@pytest.fixture
def bot(runtime: Runtime, standin: SlackStandIn) -> Runtime:
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
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
    assert season_asked_about(date.fromisoformat(today), (12, 1)) == season


@pytest.mark.parametrize(
    ("today", "season"),
    [("2027-01-01", 2027), ("2027-03-31", 2027), ("2027-04-01", None), ("2026-11-30", None)],
)
def test_a_season_under_way_is_asked_about_late_until_the_end_of_march(today, season) -> None:
    assert season_asked_late(date.fromisoformat(today)) == season


def test_a_county_set_up_after_new_year_asks_at_once_due_in_two_weeks(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    """Nobody was asked in December (the database is new in January): the leaders are asked at
    once about the season under way, with two weeks to answer, not a deadline already past."""
    clock.set(oslo(2027, 1, 10, 8, 0))
    tick(bot)  # the dispatcher's first tick takes the lock
    clock.set(oslo(2027, 1, 10, 9, 0))
    tick(bot)
    tick(bot)  # asked once, not again on the next tick
    asked = [p for p in standin.posts() if p.text.startswith("Når holder dere årsmøtet?")]
    assert [p.channel for p in asked] == ["DLEADER01"]
    shown = json.dumps(blocks_of(asked[0]), ensure_ascii=False)
    assert "Svar innen søndag 24. januar 2027" in shown
    assert "årsmøtet 2027 under" in shown and "2028" not in shown
    with bot.session() as session:
        question = session.exec(
            select(PlanEvent).where(PlanEvent.key == "question-annual-meeting-2027")
        ).one()
        assert question.title == "Dato for årsmøtet 2027"
        assert question.start_date is not None and question.start_date.isoformat() == "2027-01-24"


def test_a_question_asked_in_december_is_not_asked_again_in_january(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    clock.set(oslo(2026, 11, 30, 9, 0))
    tick(bot)  # the dispatcher's first tick takes the lock
    clock.set(oslo(2026, 12, 1, 9, 0))
    tick(bot)
    clock.set(oslo(2027, 1, 4, 9, 0))
    tick(bot)
    tick(bot)
    asked = [p for p in standin.posts() if p.text.startswith("Når holder dere årsmøtet?")]
    assert [p.channel for p in asked] == ["DLEADER01"]
    assert "Svar innen torsdag 31. desember 2026" in json.dumps(
        blocks_of(asked[0]), ensure_ascii=False
    )


def test_after_march_a_season_never_asked_about_is_not_asked(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    clock.set(oslo(2027, 4, 2, 8, 0))
    tick(bot)
    clock.set(oslo(2027, 4, 2, 9, 0))
    tick(bot)
    tick(bot)
    assert not [p for p in standin.posts() if "årsmøtet?" in p.text]


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


def pick_leader(slack: SlackClientSim, call: Any, *, user: str, new: str | None) -> None:
    blocks = blocks_of(call)
    [block] = [b for b in blocks if str(b.get("block_id", "")).startswith("planbot_question:")]
    same = next(e for e in block["elements"] if e.get("action_id") == ACTION_SAME_LEADER)
    action = (
        {"type": "users_select", "action_id": ACTION_NEW_LEADER, "selected_user": new}
        if new
        else {"type": "button", "action_id": ACTION_SAME_LEADER, "value": same["value"]}
    )
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
            "actions": [{**action, "block_id": block["block_id"], "action_ts": "1800000000.3"}],
        }
    )


def after_the_meeting(bot: Runtime, clock: FixedClock, standin: SlackStandIn) -> Any:
    """Tromsø held its annual meeting on 10 February 2027; the next morning its leader is asked."""
    with bot.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        record_annual_meeting(
            session=session,
            unit=tromso,
            on=date(2027, 2, 10),
            actor=STAFF,
            now=clock.now(),
            today=clock.now().astimezone(OSLO).date(),
        )
    clock.set(oslo(2027, 2, 10, 9, 0))
    tick(bot)
    assert not [p for p in standin.posts() if p.text.startswith("Hvem er ny leder")]
    clock.set(oslo(2027, 2, 11, 9, 0))
    tick(bot)
    tick(bot)
    asked = [p for p in standin.posts() if p.text.startswith("Hvem er ny leder")]
    assert [p.channel for p in asked] == ["DLEADER01"]
    return asked[0]


def leaders_of_tromso(bot: Runtime) -> list[str]:
    with bot.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        return user_ids_with_role(session=session, unit=tromso)


def test_after_the_meeting_the_new_leader_takes_over_and_the_old_is_told_once(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    asked = after_the_meeting(bot, clock, standin)
    pick_leader(slack, asked, user=LEADER, new="UNEWLEAD1")
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    assert (
        "Tromsø: <@UNEWLEAD1> er leder." in next(c for c in calls if c.method == "chat.update").text
    )
    assert leaders_of_tromso(bot) == ["UNEWLEAD1"]
    with bot.session() as session:
        changes = session.exec(select(AuditEntry).where(AuditEntry.entity == "membership")).all()
        assert {(a.action, a.actor) for a in changes[-2:]} == {
            ("delete", LEADER),
            ("create", LEADER),
        }
    tick(bot)
    tick(bot)
    told = [p for p in standin.posts() if "har fått ny leder" in p.text]
    assert [p.channel for p in told] == ["DLEADER01"] and "<@UNEWLEAD1>" in told[0].text
    # The old leader may no longer answer for the unit.
    pick_leader(slack, asked, user=LEADER, new="UOTHER01")
    refusal = standin.wait_for(lambda calls: any(c.method == "response_url" for c in calls))
    assert any(c.method == "response_url" for c in refusal)
    assert leaders_of_tromso(bot) == ["UNEWLEAD1"]


def test_same_leader_keeps_the_leader_and_answers_the_question(
    bot: Runtime, standin: SlackStandIn, slack: SlackClientSim, clock: FixedClock
) -> None:
    asked = after_the_meeting(bot, clock, standin)
    pick_leader(slack, asked, user=LEADER, new=None)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    assert (
        "Tromsø: <@ULEADER01> er leder." in next(c for c in calls if c.method == "chat.update").text
    )
    assert leaders_of_tromso(bot) == [LEADER]
    tick(bot)
    assert not [p for p in standin.posts() if "har fått ny leder" in p.text]
    with bot.session() as session:
        question = session.exec(
            select(Obligation)
            .join(PlanEvent, PlanEvent.id == Obligation.event_id)  # type: ignore[arg-type]
            .where(PlanEvent.key == "question-new-leader-2027")
        ).all()
        assert [o.state for o in question if o.changed_by == LEADER] == ["done"]


def test_without_slack_nobody_is_asked_with_a_picker_they_cannot_see(
    runtime: Runtime, clock: FixedClock
) -> None:
    clock.set(oslo(2026, 12, 1, 9, 0))
    dispatcher = Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports={},
        clock=runtime.clock,
        settle_seconds=0,
    )
    try:
        run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    with runtime.session() as session:
        assert not session.exec(select(Nudge).where(Nudge.rule == "ask.annual_meeting")).all()
