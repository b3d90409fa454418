"""`planbot nudges` and `planbot digest` end to end, and the APScheduler wiring."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from click.testing import CliRunner
from sqlmodel import select

from bot.clock import FixedClock, SystemClock
from bot.models import Nudge
from handlers.blocks import outbox_blocks
from planbot.cli import main
from planbot.testing.slack_standin import SlackStandIn
from schedules.jobs import (
    DISPATCH_JOB,
    DISPATCH_START_JOB,
    WAKE_JOB,
    build_dispatcher,
    build_scheduler,
    digest_due,
    run_dispatch_tick,
)
from schedules.transports import slack_transport
from tests.conftest import SeededCopy

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2026-11-22T08:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
        "PLANBOT_STAFF_CHANNEL": "CSTAFF",
    }
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(env["PLANBOT_NOW"]))

    def invoke(*args: str, **extra: str):
        return CliRunner().invoke(main, list(args), env={**env, **extra}, catch_exceptions=False)

    return invoke


def test_nudges_json_shows_the_forslagsfrist_to_all_22_units_and_staff(cli) -> None:
    result = cli("nudges", "--from", "2026-11-22", "--days", "10", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    frist = [i for i in items if i["event_title"].startswith("Forslagsfrist")]
    for field in ("due_at", "event_id", "event_title", "rule", "target", "text"):
        assert field in frist[0]
    days = {i["due_at"][:10] for i in frist}
    assert {"2026-11-24", "2026-11-27", "2026-12-01"} <= days
    for item in items:
        moment = datetime.fromisoformat(item["due_at"])
        assert moment.utcoffset() is not None
        assert time(8) <= moment.astimezone(OSLO).time() <= time(20)
    units = {i["target"] for i in frist if i["target"].startswith("unit:")}
    assert len(units) == 22
    assert all(i["to"] is None and not i["reachable"] for i in frist if i["target"] != "staff")
    staff = [i for i in frist if i["target"] == "staff"]
    assert staff and staff[0]["to"] == "CSTAFF"


def test_nudges_for_people_say_who_cannot_be_reached(cli) -> None:
    out = cli("nudges", "--from", "2026-11-24", "--days", "1").output
    assert "tirsdag 24. november 2026" in out
    assert "Tromsø → kan ikke nås: ⏰ Forslagsfrist" in out


def test_digest_prints_and_sends_once_per_week(cli) -> None:
    text = cli("digest").output
    assert "Ukeoversikt" in text and "Forslagsfrist til landsmøtet 2027" in text
    assert "Kan ikke nås" in text
    with SlackStandIn() as standin:
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": standin.api_url}
        first = cli("digest", "--send", **env)
        second = cli("digest", "--send", **env)
        posts = standin.posts()
    assert first.exit_code == 0 and "sendt til CSTAFF" in first.output
    assert "var allerede sendt" in second.output
    assert [p.channel for p in posts] == ["CSTAFF"]
    assert posts[0].payload["blocks"][0]["type"] == "header"


def test_digest_shows_what_already_runs_as_ongoing_not_by_its_first_day(cli) -> None:
    added = cli(
        "event", "add", "--title", "Julekampanje", "--kind", "campaign",
        "--date", "2026-11-01", "--end", "2026-12-20",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    text = cli("digest").output
    assert "• pågår · Kampanje: Julekampanje — " in text
    assert "• 1. des. · Frist: Forslagsfrist til landsmøtet 2027 — tirsdag 1. desember 2026" in text
    assert "1. nov. ·" not in text


def test_digest_send_without_a_staff_channel_says_how_to_fix_it(cli) -> None:
    result = cli("digest", "--send", PLANBOT_STAFF_CHANNEL="")
    assert result.exit_code == 2 and "PLANBOT_STAFF_CHANNEL" in result.output


def test_build_scheduler_has_stable_jobs_and_is_not_started(runtime) -> None:
    jobs_ = build_scheduler(
        runtime=runtime,
        transports={"slack": slack_transport(runtime.settings, blocks=outbox_blocks)},
    )
    try:
        assert not jobs_.scheduler.running
        jobs = {job.id: job for job in jobs_.scheduler.get_jobs()}
        assert set(jobs) == {DISPATCH_START_JOB, DISPATCH_JOB}
        assert isinstance(jobs[DISPATCH_JOB].trigger, IntervalTrigger)
        assert jobs[DISPATCH_JOB].trigger.interval.total_seconds() == 30
    finally:
        jobs_.shutdown()


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (datetime(2026, 11, 30, 8, 0, tzinfo=OSLO), True),  # Monday at PLANBOT_SEND_FROM
        (datetime(2026, 11, 30, 7, 59, tzinfo=OSLO), False),
        (datetime(2026, 11, 30, 13, 59, tzinfo=OSLO), True),  # late after downtime
        (datetime(2026, 11, 30, 14, 0, tzinfo=OSLO), False),
        (datetime(2026, 12, 1, 9, 0, tzinfo=OSLO), False),  # Tuesday
        (datetime(2027, 4, 5, 6, 0, tzinfo=ZoneInfo("UTC")), True),  # 08:00 summer time
        (datetime(2027, 3, 29, 6, 0, tzinfo=ZoneInfo("UTC")), False),  # Easter Monday
    ],
)
def test_the_digest_is_due_on_monday_morning_by_the_clock(runtime, moment, due) -> None:
    assert digest_due(now=moment, settings=runtime.settings) is due


def test_a_tick_on_monday_morning_queues_the_digest_once_even_at_a_frozen_date(runtime) -> None:
    runtime.clock = FixedClock(datetime(2031, 6, 9, 9, 0, tzinfo=OSLO))  # a Monday, years ahead
    dispatcher = build_dispatcher(runtime=runtime, transports={})
    try:
        for _ in range(3):
            run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    with runtime.session() as session:
        keys = [r.key for r in session.exec(select(Nudge)) if r.key.startswith("digest:")]
    assert keys == ["digest:2031-W24"]


def test_a_frozen_clock_in_the_future_does_not_delay_the_first_wake_up(runtime) -> None:
    """PLANBOT_NOW later than the machine's clock: APScheduler still wakes the dispatcher at once."""
    runtime.clock = FixedClock(datetime(2031, 6, 2, 10, tzinfo=OSLO))
    jobs = build_scheduler(
        runtime=runtime,
        transports={"slack": slack_transport(runtime.settings, blocks=outbox_blocks)},
    )
    jobs.scheduler.start(paused=True)
    try:
        wake_ups = [j.next_run_time for j in jobs.scheduler.get_jobs()]
        assert min(wake_ups) <= SystemClock().now() + timedelta(seconds=1)
        assert max(wake_ups) <= SystemClock().now() + timedelta(seconds=31)
    finally:
        jobs.shutdown()


def test_wake_looks_at_the_outbox_now_not_at_the_next_interval(runtime) -> None:
    """A queued receipt wakes the dispatcher: a one-off look at APScheduler's "now", even with an
    hour to the next interval; before the scheduler runs, waking does nothing."""
    runtime.clock = FixedClock(datetime(2031, 6, 2, 10, tzinfo=OSLO))
    runtime.settings = runtime.settings.with_changes(dispatch_seconds=3600)
    jobs = build_scheduler(
        runtime=runtime,
        transports={"slack": slack_transport(runtime.settings, blocks=outbox_blocks)},
    )
    try:
        jobs.wake()
        assert WAKE_JOB not in {job.id for job in jobs.scheduler.get_jobs()}
        jobs.scheduler.start(paused=True)
        jobs.wake()
        jobs.wake()
        woken = [job for job in jobs.scheduler.get_jobs() if job.id == WAKE_JOB]
        assert len(woken) == 1
        assert woken[0].next_run_time <= SystemClock().now() + timedelta(seconds=1)
    finally:
        jobs.shutdown()


def test_planbot_worker_is_a_subcommand_of_the_one_cli(cli) -> None:
    """The dispatch worker runs as `planbot worker` (`python -m planbot.dispatch_worker` is its
    alias); with an empty outbox and --until-idle it stops at once."""
    result = cli("worker", "--no-sync", "--until-idle", "--slack-url", "http://127.0.0.1:9/")
    assert result.exit_code == 0, result.output
    assert "worker" in cli("--help").output
