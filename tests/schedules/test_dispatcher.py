"""The dispatcher against the Slack stand-in: metadata on every post, DMs, permanent and transient
errors, 429 with Retry-After, lost responses, recovery after a crash, late and dropped nudges,
quiet hours, and the single-dispatcher rule on SQLite."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlmodel import col, select

from bot.clock import FixedClock
from bot.messages import METADATA_EVENT_TYPE
from bot.models import Nudge, NudgeState, ObligationState, Role
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation, set_obligation_state
from bot.services.units import assign_role, find_unit, update_unit
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.digest import load_digest, render_digest_text
from schedules.dispatcher import Dispatcher, DispatcherBusy
from schedules.jobs import run_dispatch_tick
from schedules.outbox import sync_outbox
from schedules.transports import SlackTransport, slack_client
from tests.conftest import oslo
from tests.schedules.factories import add_deadline, add_units, queue_wave

DUE = oslo(2026, 11, 24, 9, 0)


@pytest.fixture
def slack_runtime(runtime: Runtime, standin: SlackStandIn) -> Runtime:
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    return runtime


def dispatcher_for(runtime: Runtime, *, timeout: int = 5, workers: int = 4) -> Dispatcher:
    transport = SlackTransport(
        client=slack_client(runtime.settings, timeout=timeout), blocks=outbox_blocks
    )
    return Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports={"slack": transport},
        clock=runtime.clock,
        workers=workers,
        settle_seconds=0,
    )


def keys_posted(standin: SlackStandIn) -> Counter[str]:
    return Counter(c.metadata["event_payload"]["key"] for c in standin.posts() if c.metadata)


def states(runtime: Runtime) -> Counter[str]:
    with runtime.session() as session:
        return Counter(r.state for r in session.exec(select(Nudge)))


def wave(runtime: Runtime, units: int, *, per_unit: int = 1) -> list[str]:
    with runtime.session() as session:
        made = add_units(session=session, count=units)
        event = add_deadline(session=session, title="Bølgefrist", on=date(2026, 12, 1), now=DUE)
        return [
            r.key
            for r in queue_wave(
                session=session, event=event, units=made, due_at=DUE, per_unit=per_unit
            )
        ]


def test_the_forslagsfrist_morning_reaches_channels_dms_and_staff(
    slack_runtime, standin, clock
) -> None:
    now = clock.now()
    with slack_runtime.session() as session:
        update_unit(
            session=session,
            unit=find_unit(session=session, ref="tromso"),
            actor="t",
            now=now,
            slack_channel="CTROMSO",
        )
        assign_role(
            session=session,
            slack_user_id="ULEADER01",
            role=Role.LEADER,
            unit=find_unit(session=session, ref="harstad"),
            actor="t",
            now=now,
        )
    clock.set(oslo(2026, 11, 24, 9, 0, 30))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = run_dispatch_tick(runtime=slack_runtime, dispatcher=dispatcher)
        assert run_dispatch_tick(runtime=slack_runtime, dispatcher=dispatcher).sent == 0
    finally:
        dispatcher.close()
    assert result.sent == 3
    posts = standin.posts()
    assert sorted(p.channel for p in posts) == ["CSTAFF", "CTROMSO", "DLEADER01"]
    tromso = next(p for p in posts if p.channel == "CTROMSO")
    assert tromso.metadata["event_type"] == METADATA_EVENT_TYPE
    assert tromso.metadata["event_payload"]["key"].endswith("deadline.before_7d:unit:tromso")
    assert tromso.text.startswith(
        "⏰ Forslagsfrist til landsmøtet 2027: fristen går ut om 7 dager, tirsdag 1. desember 2026."
    )
    assert any(b.get("type") == "actions" for b in tromso.payload["blocks"])
    with slack_runtime.session() as session:
        row = session.exec(
            select(Nudge).where(Nudge.target == "CTROMSO", Nudge.state == NudgeState.SENT)
        ).one()
        assert row.ts and row.channel == "CTROMSO" and row.sent_at is not None


def test_a_unit_marked_done_after_planning_is_not_nudged(slack_runtime, standin, clock) -> None:
    now = clock.now()
    with slack_runtime.session() as session:
        unit = find_unit(session=session, ref="tromso")
        update_unit(session=session, unit=unit, actor="t", now=now, slack_channel="CTROMSO")
        sync_outbox(session=session, now=now, settings=slack_runtime.settings)
        event = find_event(session=session, query="forslagsfrist")
        obligation = get_obligation(session=session, event=event, unit=unit)
        # Marked done without anyone cancelling the nudges: the claim-time check catches it.
        set_obligation_state(
            session=session,
            obligation=obligation,
            state=ObligationState.DONE,
            actor="ULEADER01",
            now=now,
        )
    clock.set(oslo(2026, 11, 24, 9, 1))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert [p.channel for p in standin.posts()] == ["CSTAFF"]
    assert result.cancelled == 1


def test_permanent_errors_fail_once_and_staff_are_told_once(slack_runtime, standin, clock) -> None:
    wave(slack_runtime, 3)
    standin.set_channel_error("CWAVE0001", "channel_not_found")
    clock.set(DUE)
    dispatcher = dispatcher_for(slack_runtime)
    try:
        for _ in range(3):
            dispatcher.tick()
            clock.advance(timedelta(hours=1))
    finally:
        dispatcher.close()
    assert states(slack_runtime) == Counter({NudgeState.SENT: 3, NudgeState.FAILED: 1})
    attempts = [c for c in standin.calls("chat.postMessage") if c.channel == "CWAVE0001"]
    assert len(attempts) == 1
    [notice] = [p for p in standin.posts() if p.channel == "CSTAFF"]
    assert "channel_not_found" in notice.text and "unit:wave-0001" in notice.text
    with slack_runtime.session() as session:
        text = render_digest_text(
            load_digest(session=session, now=clock.now(), settings=slack_runtime.settings), "nb"
        )
    assert "Påminnelser som ikke kom fram" in text and "channel_not_found" in text


def test_429_5xx_and_timeouts_for_a_while_then_everything_once(
    slack_runtime, standin, clock
) -> None:
    keys = wave(slack_runtime, 30)
    standin.fail("chat.postMessage", 429, count=4, retry_after=1)
    standin.fail("chat.postMessage", 500, count=6)
    standin.fail("chat.postMessage", 503, count=3)
    standin.fail("chat.postMessage", 500, count=2, delay=2.5)  # answered after the client gave up
    clock.set(DUE)
    dispatcher = dispatcher_for(slack_runtime, timeout=1)
    try:
        for _ in range(12):
            dispatcher.tick()
            if states(slack_runtime) == Counter({NudgeState.SENT: 30}):
                break
            clock.advance(timedelta(minutes=10))
    finally:
        dispatcher.close()
    assert states(slack_runtime) == Counter({NudgeState.SENT: 30})
    assert keys_posted(standin) == Counter(set(keys))
    assert any(c.status == 429 for c in standin.calls("chat.postMessage"))


def test_a_lost_response_is_found_in_history_not_posted_twice(
    slack_runtime, standin, clock
) -> None:
    keys = wave(slack_runtime, 5)
    # Slack posts the first two messages but the answers never arrive in time.
    standin.fail("chat.postMessage", 500, count=2, delay=2.0, post_first=True)
    clock.set(DUE)
    dispatcher = dispatcher_for(slack_runtime, timeout=1, workers=1)
    try:
        dispatcher.tick()
        clock.advance(timedelta(minutes=5))
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert states(slack_runtime) == Counter({NudgeState.SENT: 5})
    assert keys_posted(standin) == Counter(set(keys))
    assert result.already_sent >= 1
    assert standin.calls("conversations.history")


def test_a_500_after_slack_stored_the_post_is_not_posted_again(
    slack_runtime, standin, clock
) -> None:
    keys = wave(slack_runtime, 3)
    # Slack stores the messages but answers 500 at once (no timeout on our side).
    standin.fail("chat.postMessage", 500, count=3, post_first=True)
    clock.set(DUE)
    dispatcher = dispatcher_for(slack_runtime, workers=1)
    try:
        dispatcher.tick()
        clock.advance(timedelta(minutes=5))
        dispatcher.tick()
    finally:
        dispatcher.close()
    assert keys_posted(standin) == Counter(set(keys))
    assert states(slack_runtime) == Counter({NudgeState.SENT: 3})


def test_after_a_crash_a_sending_row_is_checked_against_history(
    slack_runtime, standin, clock
) -> None:
    [posted, unposted] = wave(slack_runtime, 2)
    clock.set(DUE)
    with slack_runtime.session() as session:
        for row in session.exec(select(Nudge)):
            row.state, row.claimed_by, row.claimed_at, row.attempts = (
                NudgeState.SENDING,
                "dead-1",
                DUE,
                1,
            )
            row.channel = row.target
            session.add(row)
    # The dead dispatcher got the first one into Slack before it died.
    transport = SlackTransport(client=slack_client(slack_runtime.settings), blocks=outbox_blocks)
    transport.client.chat_postMessage(
        channel="CWAVE0000",
        text="x",
        metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": posted}},
    )
    clock.advance(timedelta(seconds=30))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert (result.recovered, result.sent) == (1, 1)
    assert keys_posted(standin) == Counter({posted: 1, unposted: 1})


def test_after_downtime_late_within_grace_is_sent_and_beyond_is_dropped(
    slack_runtime, standin, clock
) -> None:
    keys = wave(slack_runtime, 2)
    with slack_runtime.session() as session:
        late = session.exec(select(Nudge).where(Nudge.key == keys[1])).one()
        late.due_at = late.next_attempt_at = DUE - timedelta(hours=30)
        session.add(late)
    clock.set(DUE + timedelta(hours=3))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert (result.sent, result.cancelled) == (1, 1)
    assert list(keys_posted(standin)) == [keys[0]]
    with slack_runtime.session() as session:
        dropped = session.exec(select(Nudge).where(Nudge.key == keys[1])).one()
        assert dropped.state == NudgeState.CANCELLED and dropped.reason.startswith("too late")
        text = render_digest_text(
            load_digest(session=session, now=clock.now(), settings=slack_runtime.settings), "nb"
        )
    # Named as staff say it, not by the stored label «unit:wave-0001».
    assert "Bølgefrist (skulle gått 23. nov.): Unit 0001" in text and "unit:wave" not in text


def test_nothing_goes_out_in_quiet_hours(slack_runtime, standin, clock) -> None:
    wave(slack_runtime, 2)
    clock.set(oslo(2026, 11, 24, 21, 0))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        assert dispatcher.tick().deferred == 2
        assert standin.posts() == []
        with slack_runtime.session() as session:
            assert {r.next_attempt_at for r in session.exec(select(Nudge))} == {
                oslo(2026, 11, 25, 8, 0)
            }
        clock.set(oslo(2026, 11, 25, 8, 0))
        assert dispatcher.tick().sent == 2
    finally:
        dispatcher.close()


def test_a_second_dispatcher_on_the_same_sqlite_file_refuses(slack_runtime) -> None:
    first = dispatcher_for(slack_runtime)
    try:
        with pytest.raises(DispatcherBusy, match="SQLite"):
            dispatcher_for(slack_runtime)
    finally:
        first.close()
    dispatcher_for(slack_runtime).close()  # free again once the first one stopped


def test_pacing_keeps_one_post_per_second_per_channel(slack_runtime, clock) -> None:
    from schedules.transports import slack_transport

    with SlackStandIn(per_channel_interval=1.0, workspace_per_minute=600) as limited:
        settings = slack_runtime.settings.with_changes(slack_api_url=limited.api_url.rstrip("/"))
        keys = wave(slack_runtime, 2, per_unit=3)
        clock.set(DUE)
        dispatcher = Dispatcher(
            engine=slack_runtime.engine,
            settings=settings,
            transports={"slack": slack_transport(settings, blocks=outbox_blocks)},
            clock=FixedClock(DUE),
        )
        try:
            dispatcher.tick()
        finally:
            dispatcher.close()
        assert keys_posted(limited) == Counter(set(keys))
        assert limited.state.rate_limited == 0
        for channel in ("CWAVE0000", "CWAVE0001"):
            at = [p.at for p in limited.posts() if p.channel == channel]
            assert all(b - a >= 0.95 for a, b in pairwise(at))


# --- recovery reads each channel's history once; channels given by name (issue 14 item 8) ---


def orphan_everything(runtime: Runtime) -> None:
    """What a SIGKILL leaves: every row `sending`, claimed by a dead dispatcher."""
    with runtime.session() as session:
        for row in session.exec(select(Nudge)):
            row.state, row.claimed_by, row.claimed_at, row.attempts = (
                NudgeState.SENDING,
                "dead-1",
                DUE,
                1,
            )
            row.verify_before_send = True
            row.channel = row.target
            session.add(row)


def test_recovery_reads_each_channels_history_once(slack_runtime, standin, clock) -> None:
    keys = wave(slack_runtime, 2, per_unit=4)
    clock.set(DUE)
    orphan_everything(slack_runtime)
    already = keys[0]  # the dead dispatcher got this one into Slack
    SlackTransport(
        client=slack_client(slack_runtime.settings), blocks=outbox_blocks
    ).client.chat_postMessage(
        channel="CWAVE0000",
        text="x",
        metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": already}},
    )
    clock.advance(timedelta(seconds=30))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert len(standin.calls("conversations.history")) == 2  # two channels, eight orphans
    assert (result.recovered, result.sent) == (1, 7)
    assert keys_posted(standin) == Counter(set(keys))


def test_a_channel_given_by_name_is_resolved_once(slack_runtime, standin, clock) -> None:
    keys = wave(slack_runtime, 2, per_unit=2)
    with slack_runtime.session() as session:
        for row in session.exec(select(Nudge)):
            row.target = "#kommuneparti-a" if row.key.split(":")[2] == "wave-0000" else "#borte"
            session.add(row)
    standin.add_channel("kommuneparti-a", "C0KPA")
    clock.set(DUE)
    dispatcher = dispatcher_for(slack_runtime)
    try:
        result = dispatcher.tick()
    finally:
        dispatcher.close()
    assert [p.channel for p in standin.posts() if p.channel != "CSTAFF"] == ["C0KPA", "C0KPA"]
    assert len(standin.calls("conversations.list")) <= 3  # once, and once per unknown name
    assert (result.sent, result.failed) == (2 + 2, 2)  # and a staff notice per failed row
    assert states(slack_runtime)[NudgeState.FAILED] == 2
    notices = [p for p in standin.posts() if p.channel == "CSTAFF"]
    assert notices and all("channel_not_found" in n.text for n in notices)
    assert set(keys_posted(standin)) >= set(keys[:2])


def test_reminders_dropped_for_many_units_are_one_line_naming_them(
    slack_runtime, standin, clock
) -> None:
    """After downtime the same reminder drops for every unit: one line naming them all, not a
    line per stored label."""
    keys = wave(slack_runtime, 3)
    with slack_runtime.session() as session:
        for row in session.exec(select(Nudge).where(col(Nudge.key).in_(keys))):
            row.due_at = row.next_attempt_at = DUE - timedelta(hours=30)
            session.add(row)
    clock.set(DUE + timedelta(hours=3))
    dispatcher = dispatcher_for(slack_runtime)
    try:
        assert dispatcher.tick().cancelled == 3
    finally:
        dispatcher.close()
    with slack_runtime.session() as session:
        digest = load_digest(session=session, now=clock.now(), settings=slack_runtime.settings)
    assert digest.dropped == ("Bølgefrist (skulle gått 23. nov.): Unit 0000, Unit 0001, Unit 0002",)
