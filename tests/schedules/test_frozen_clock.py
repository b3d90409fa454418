"""PLANBOT_NOW in a long-running process: the clock starts there and runs on, so rows orphaned by
a SIGKILL are recovered and retries come due; exactly once at a frozen time (issue 14 item 7)."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import RunningClock
from bot.db import make_engine, migrate, session_scope
from bot.models import NudgeState
from bot.runtime import build_runtime
from bot.settings import Settings, load_settings
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.dispatcher import Dispatcher
from schedules.transports import SlackTransport, slack_client
from tests.conftest import oslo
from tests.schedules.factories import add_deadline, add_units, queue_wave
from tests.schedules.test_crash_and_replicas import final_states, forked_worker, posted_keys

FROZEN = "2031-03-03T10:00:00+01:00"  # years after the machine's clock


def wave_at(url: str, units: int, now: datetime) -> list[str]:
    engine = make_engine(url)
    migrate(engine)
    with session_scope(engine) as session:
        made = add_units(session=session, count=units)
        event = add_deadline(session=session, title="Frist", on=now.date() + timedelta(7), now=now)
        keys = [
            r.key
            for r in queue_wave(
                session=session, event=event, units=made, due_at=now - timedelta(minutes=1)
            )
        ]
    engine.dispose()
    return keys


def test_a_running_clock_starts_at_planbot_now_and_runs_on() -> None:
    ticks = [100.0]
    clock = RunningClock(datetime.fromisoformat(FROZEN), monotonic=lambda: ticks[0])
    assert clock.now() == datetime.fromisoformat(FROZEN)
    ticks[0] += 90
    assert clock.now() == datetime.fromisoformat(FROZEN) + timedelta(seconds=90)


def test_only_long_running_processes_let_planbot_now_run_on() -> None:
    settings = load_settings({"PLANBOT_NOW": FROZEN}, dotenv_path=None)
    command = build_runtime(settings)
    bot = build_runtime(settings, long_running=True)
    try:
        assert type(bot.clock) is RunningClock
        assert command.clock.now() == bot.clock.now().replace(microsecond=0) == settings.frozen_now
    finally:
        command.engine.dispose()
        bot.engine.dispose()


def test_a_retry_comes_due_under_planbot_now(tmp_path: Path, standin: SlackStandIn) -> None:
    now = oslo(2031, 3, 3, 10, 0)
    url = f"sqlite:///{tmp_path / 'retry.db'}"
    [key] = wave_at(url, 1, now)
    ticks = [0.0]
    settings = Settings(
        database_url=url, slack_bot_token="xoxb-t", slack_api_url=standin.api_url.rstrip("/")
    )
    runtime = build_runtime(settings, clock=RunningClock(now, monotonic=lambda: ticks[0]))
    dispatcher = Dispatcher(
        engine=runtime.engine,
        settings=settings,
        transports={"slack": SlackTransport(client=slack_client(settings), blocks=outbox_blocks)},
        clock=runtime.clock,
        monotonic=lambda: ticks[0],
    )
    standin.fail("chat.postMessage", 503)
    try:
        assert dispatcher.tick().deferred == 1
        ticks[0] += 31  # the backoff passes on the running clock
        assert dispatcher.tick().sent == 1
    finally:
        dispatcher.close()
        runtime.engine.dispose()
    assert posted_keys(standin) == Counter({key: 1})


@pytest.mark.slow
def test_sigkilled_dispatchers_under_planbot_now_send_each_nudge_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'frozen.db'}"
    log = tmp_path / "workers.log"
    keys = wave_at(url, 120, datetime.fromisoformat(FROZEN))
    kills = 0
    with SlackStandIn(post_latency=0.02) as standin:
        while kills < 5:
            before = len(standin.posts())
            proc = forked_worker(
                url,
                standin,
                log,
                *("--workers", "2", "--settle", "0.3", "--interval", "0.05"),
                now=FROZEN,
            )
            deadline = time.monotonic() + 30
            while len(standin.posts()) == before and proc.exitcode is None:
                assert time.monotonic() < deadline, "the dispatcher never started sending"
                time.sleep(0.01)
            time.sleep(0.1)
            if proc.exitcode is not None:
                break
            os.kill(proc.pid or 0, signal.SIGKILL)
            proc.join()
            kills += 1
        last = forked_worker(url, standin, log, "--settle", "0.3", now=FROZEN)
        last.join(timeout=120)
        assert last.exitcode == 0, log.read_text()
        posted = posted_keys(standin)
    assert kills >= 3
    assert set(posted) == set(keys)
    assert [k for k, n in posted.items() if n > 1] == []
    assert final_states(url) == Counter({NudgeState.SENT: len(keys)})
