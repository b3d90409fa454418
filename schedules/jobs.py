"""APScheduler jobs: an interval tick that wakes the dispatcher and a weekday cron for the digest,
which goes out on the first working day of the week (Monday, or Tuesday after Easter Monday).

APScheduler holds no state (memory job store): the outbox in the database is the source of truth.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot.dates import first_working_day_of_week, local_date
from bot.runtime import Runtime
from schedules.digest import queue_digest
from schedules.dispatcher import Dispatcher, TickResult
from schedules.outbox import sync_outbox
from schedules.teams import queue_teams_digest
from schedules.transports import Transport

log = logging.getLogger(__name__)

DISPATCH_JOB = "planbot.nudges.dispatch"
DIGEST_JOB = "planbot.nudges.digest"


def run_dispatch_tick(*, runtime: Runtime, dispatcher: Dispatcher, sync: bool = True) -> TickResult:
    """One synchronous pass: bring the outbox in step with the plan, then send what is due."""
    if sync:
        with runtime.session() as session:
            sync_outbox(session=session, now=runtime.clock.now(), settings=runtime.settings)
    return dispatcher.tick()


def digest_day_job(*, runtime: Runtime, dispatcher: Dispatcher) -> TickResult | None:
    """The weekday job: the digest on the week's first working day, nothing on the other days."""
    today = local_date(runtime.clock.now(), runtime.settings.timezone)
    if today != first_working_day_of_week(today):
        return None
    return send_weekly_digest(runtime=runtime, dispatcher=dispatcher)


def send_weekly_digest(*, runtime: Runtime, dispatcher: Dispatcher) -> TickResult:
    """Queue this week's digest (once per ISO week) and send it with whatever else is due."""
    with runtime.session() as session:
        queue_digest(session=session, now=runtime.clock.now(), settings=runtime.settings)
        queue_teams_digest(session=session, now=runtime.clock.now(), settings=runtime.settings)
    return dispatcher.tick()


def build_dispatcher(*, runtime: Runtime, transports: Mapping[str, Transport]) -> Dispatcher:
    """The dispatcher for this runtime (raises DispatcherBusy when SQLite already has one)."""
    return Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports=transports,
        clock=runtime.clock,
    )


def build_scheduler(
    *,
    runtime: Runtime,
    transports: Mapping[str, Transport],
    echo: Callable[[str], Any] | None = None,
    dispatcher: Dispatcher | None = None,
) -> BackgroundScheduler:
    """A BackgroundScheduler (not started) with the dispatch tick and the weekly digest.

    The dispatcher is built here (taking the SQLite lock) and kept as `scheduler.planbot_dispatcher`.
    """
    settings = runtime.settings
    dispatcher = dispatcher or build_dispatcher(runtime=runtime, transports=transports)
    scheduler = BackgroundScheduler(timezone=settings.timezone)

    def report(result: TickResult) -> None:
        if echo is not None and (result.sent or result.failed or result.cancelled):
            echo(
                f"nudges: {result.sent} sent, {result.failed} failed, "
                f"{result.cancelled} cancelled, {result.deferred} waiting"
            )

    def dispatch_job() -> None:
        report(run_dispatch_tick(runtime=runtime, dispatcher=dispatcher))

    def digest_job() -> None:
        result = digest_day_job(runtime=runtime, dispatcher=dispatcher)
        if result is not None:
            report(result)

    scheduler.add_job(
        dispatch_job,
        "interval",
        seconds=settings.dispatch_seconds,
        id=DISPATCH_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=runtime.clock.now(),
    )
    scheduler.add_job(
        digest_job,
        "cron",
        day_of_week="mon-fri",
        hour=settings.send_from.hour,
        minute=settings.send_from.minute,
        id=DIGEST_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=6 * 3600,
    )
    scheduler.planbot_dispatcher = dispatcher  # type: ignore[attr-defined]
    return scheduler
