"""Replicas on PostgreSQL: a row whose lease ran out while its dispatcher waited for a send slot is
not posted by it once another has taken it over (fencing); failed posts give their pacing slot back;
two replicas syncing the same nudges at once lose no tick (issue 14 item 2)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.clock import FixedClock
from bot.db import make_engine, migrate, session_scope
from bot.messages import NudgeMessage
from bot.models import Nudge, NudgeState
from bot.runtime import build_runtime, prepare_database
from bot.settings import Settings
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.dispatcher import Dispatcher
from schedules.jobs import run_dispatch_tick
from schedules.outbox import sync_outbox
from schedules.pacing import Pacer
from schedules.transports import (
    Delivery,
    LeaseLost,
    SlackTransport,
    TransportError,
    fenced,
    slack_client,
)
from tests.conftest import oslo
from tests.schedules.factories import add_deadline, add_units, queue_wave

NOW = oslo(2026, 11, 24, 10, 0)


class FakeTime:
    """A monotonic timer whose sleep runs a hook (what happens while a dispatcher waits)."""

    def __init__(self) -> None:
        self.at = 0.0
        self.slept = 0.0
        self.hook: list[object] = []

    def monotonic(self) -> float:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.at += seconds
        self.slept += seconds
        while self.hook:
            self.hook.pop()()  # type: ignore[operator]


def keys_posted(standin: SlackStandIn) -> Counter[str]:
    return Counter(c.metadata["event_payload"]["key"] for c in standin.posts() if c.metadata)


@pytest.mark.postgres
def test_a_row_taken_over_while_waiting_for_a_slot_is_not_posted_twice(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    clock = FixedClock(NOW)
    with session_scope(engine) as session:
        units = add_units(session=session, count=1)
        event = add_deadline(session=session, title="Frist", on=NOW.date() + timedelta(7), now=NOW)
        keys = [
            r.key
            for r in queue_wave(session=session, event=event, units=units, due_at=NOW, per_unit=3)
        ]
    with SlackStandIn() as standin:
        settings = Settings(
            database_url=postgres_url,
            slack_bot_token="xoxb-test",
            slack_api_url=standin.api_url.rstrip("/"),
        )
        fake = FakeTime()
        slow = SlackTransport(
            client=slack_client(settings),
            blocks=outbox_blocks,
            pacer=Pacer(per_channel_seconds=1.0, monotonic=fake.monotonic, sleep=fake.sleep),
        )
        fast = SlackTransport(client=slack_client(settings), blocks=outbox_blocks)
        first, second = (
            Dispatcher(
                engine=engine,
                settings=settings,
                transports={"slack": transport},
                clock=clock,
                lease_seconds=60,
                settle_seconds=0,
            )
            for transport in (slow, fast)
        )
        taken_over = []

        def lease_runs_out_and_the_other_replica_takes_over() -> None:
            clock.advance(timedelta(seconds=61))
            taken_over.append(second.tick())

        fake.hook.append(lease_runs_out_and_the_other_replica_takes_over)
        try:
            result = first.tick()
        finally:
            first.close()
            second.close()
        posted = keys_posted(standin)
    engine.dispose()
    assert taken_over[0].sent == 2  # the other replica recovered the two waiting rows
    assert result.sent == 1 and result.lease_lost == 1  # the third one it saw was taken
    assert posted == Counter(set(keys))


@pytest.mark.parametrize("window", [60.0, 4.0])
def test_the_workspace_budget_is_counted_over_its_window_pro_rata(window: float) -> None:
    fake = FakeTime()
    pacer = Pacer(
        per_channel_seconds=0.0,
        per_minute=600,
        window=window,
        monotonic=fake.monotonic,
        sleep=fake.sleep,
    )
    allowed = int(600 * window / 60)  # 600 in a minute, 40 in a test's 4 s window
    slots = [pacer.acquire(f"C{n}") for n in range(allowed + 1)]
    assert slots[:allowed] == [0.0] * allowed
    assert window < slots[allowed] < window + 0.5


def test_a_burst_of_503_gives_the_pacing_slots_back(standin: SlackStandIn) -> None:
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/"))
    fake = FakeTime()
    pacer = Pacer(
        per_channel_seconds=0.0, per_minute=10, monotonic=fake.monotonic, sleep=fake.sleep
    )
    transport = SlackTransport(client=slack_client(settings), blocks=outbox_blocks, pacer=pacer)
    message = NudgeMessage(
        idempotency_key="k",
        rule="deadline.before_7d",
        language="nb",
        event_id=1,
        event_title="Frist",
        event_kind="deadline",
        when_text="snart",
        headline="Frist",
    )
    standin.fail("chat.postMessage", 503, count=10)
    for n in range(10):
        with pytest.raises(TransportError):
            transport.send(Delivery(channel=f"C{n}", message=message, key=f"k{n}"))
    transport.send(Delivery(channel="COK", message=message, key="ok"))
    assert fake.slept < 1.0  # not the minute a full window of failed posts would cost
    assert [c.metadata["event_payload"]["key"] for c in standin.posts()] == ["ok"]


@pytest.mark.postgres
def test_two_replicas_syncing_the_same_nudges_at_once_lose_no_tick(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url, staff_channel="CSTAFF")
    clock = FixedClock(oslo(2026, 11, 24, 7, 0))  # before send hours: nothing is posted
    runtime = build_runtime(settings, clock=clock)
    prepare_database(runtime)
    other = make_engine(postgres_url)
    dispatcher = Dispatcher(engine=runtime.engine, settings=settings, transports={}, clock=clock)
    outcome: list[object] = []
    try:
        with session_scope(other) as session:
            # Another replica inserts the same rows and holds them uncommitted ...
            assert sync_outbox(session=session, now=clock.now(), settings=settings).inserted

            def tick() -> None:
                try:
                    outcome.append(run_dispatch_tick(runtime=runtime, dispatcher=dispatcher))
                except Exception as exc:  # what the scheduler would log as a lost tick
                    outcome.append(exc)

            thread = threading.Thread(target=tick)
            thread.start()
            # ... until this replica's sync waits on the same unique keys.
            deadline = time.monotonic() + 10
            while not _waiting_on_a_lock(other):
                assert time.monotonic() < deadline, "the second sync never waited"
                time.sleep(0.02)
        thread.join(timeout=30)  # the other replica committed: this one hits the unique keys
    finally:
        dispatcher.close()
        other.dispose()
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    with runtime.session() as session:
        assert session.exec(select(Nudge).where(Nudge.state == NudgeState.PENDING)).first()
    runtime.engine.dispose()


def _waiting_on_a_lock(engine: object) -> bool:
    with make_engine(str(engine.url.render_as_string(hide_password=False))).connect() as conn:  # type: ignore[attr-defined]
        return bool(
            conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            ).scalar()
        )


@pytest.mark.postgres
def test_replicas_share_the_workspace_budget(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    settings = Settings(database_url=postgres_url, slack_bot_token="xoxb-test")

    def replica() -> tuple[Dispatcher, Pacer]:
        pacer = Pacer(per_minute=300)
        transport = SlackTransport(client=slack_client(settings), blocks=outbox_blocks, pacer=pacer)
        return (
            Dispatcher(
                engine=engine,
                settings=settings,
                transports={"slack": transport},
                clock=FixedClock(NOW),
            ),
            pacer,
        )

    first, first_pacer = replica()
    second, second_pacer = replica()
    try:
        first.tick()
        assert (first_pacer.per_minute, second_pacer.per_minute) == (150, 150)
        second.close()
        # The server lists a closed connection until its backend has exited: a moment later.
        deadline = time.monotonic() + 10
        first.tick()
        while first_pacer.per_minute != 300:
            assert time.monotonic() < deadline, first_pacer.per_minute
            time.sleep(0.01)
            first.tick()
    finally:
        first.close()
        second.close()
        engine.dispose()


def test_a_retry_after_a_429_is_fenced_too(standin: SlackStandIn) -> None:
    """slack_sdk waits out Retry-After and posts again: the lease is checked after that wait."""
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/"))
    transport = SlackTransport(client=slack_client(settings), blocks=outbox_blocks)
    message = NudgeMessage(
        idempotency_key="k",
        rule="deadline.before_7d",
        language="nb",
        event_id=1,
        event_title="Frist",
        event_kind="deadline",
        when_text="snart",
        headline="Frist",
    )
    standin.fail("chat.postMessage", 429, count=1, retry_after=0)
    owned = iter([True, False])  # the lease is lost during the Retry-After wait
    with pytest.raises(LeaseLost), fenced(lambda: next(owned)):
        transport.send(Delivery(channel="C1", message=message, key="k"))
    assert standin.posts() == []


@pytest.mark.postgres
@pytest.mark.parametrize("lease", ["'9999-01-01 00:00:00+00'", "NULL"])
def test_a_row_left_sending_with_a_lease_no_replica_sets_is_taken_over(
    postgres_url: str, lease: str
) -> None:
    """A hand edit (or a clock that was wrong) left a row `sending` under a lease in year 9999 or
    none: no live replica renews such a lease, so it is checked and sent, not stuck for ever."""
    engine = make_engine(postgres_url)
    migrate(engine)
    clock = FixedClock(NOW)
    with session_scope(engine) as session:
        units = add_units(session=session, count=2)
        event = add_deadline(session=session, title="Frist", on=NOW.date() + timedelta(7), now=NOW)
        keys = [r.key for r in queue_wave(session=session, event=event, units=units, due_at=NOW)]
    with engine.begin() as conn:
        conn.execute(
            text(
                f"UPDATE nudge SET state = 'sending', claimed_by = 'gone', lease_until = {lease}"
                " WHERE key = :key"
            ),
            {"key": keys[0]},
        )
    with SlackStandIn() as standin:
        settings = Settings(
            database_url=postgres_url,
            slack_bot_token="xoxb-test",
            slack_api_url=standin.api_url.rstrip("/"),
        )
        transport = SlackTransport(client=slack_client(settings), blocks=outbox_blocks)
        dispatcher = Dispatcher(
            engine=engine, settings=settings, transports={"slack": transport}, clock=clock
        )
        try:
            result = dispatcher.tick()
        finally:
            dispatcher.close()
        posted = keys_posted(standin)
    engine.dispose()
    assert result.sent == 2 and result.recovered == 0
    assert posted == Counter(set(keys))
