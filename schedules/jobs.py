"""APScheduler jobs: a tick that wakes the dispatcher at start and then at an interval.

APScheduler holds no state (memory job store): the outbox in the database is the source of truth.
It only wakes the bot; every decision about time (what is due, the Monday digest, leases, retries,
recovery) is taken with the one clock (bot/clock.py), so a frozen or shifted clock works too.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.dates import first_working_day_of_week, local_datetime
from bot.db import DatabaseUnavailable
from bot.models import Nudge
from bot.runtime import Runtime, keep_recurring_deadlines
from bot.settings import Settings
from bot.targets import staff_targets
from bot.texts import t
from schedules.digest import digest_key, queue_digest
from schedules.dispatcher import Dispatcher, TickResult
from schedules.outbox import notify_staff_once, sync_outbox, sync_outbox_changes
from schedules.questions import ask_for_annual_meetings, ask_for_new_leaders
from schedules.transports import Transport

log = logging.getLogger(__name__)

DISPATCH_JOB = "planbot.nudges.dispatch"
DISPATCH_START_JOB = "planbot.nudges.dispatch.start"
WAKE_JOB = "planbot.nudges.dispatch.wake"
# The weekly digest is queued on the week's first working day (Monday, or Tuesday after Easter
# Monday) from PLANBOT_SEND_FROM, or later that morning after downtime.
DIGEST_WINDOW = timedelta(hours=6)


def run_dispatch_tick(
    *, runtime: Runtime, dispatcher: Dispatcher, sync: bool = True, full: bool = False
) -> TickResult:
    """One synchronous pass: bring the outbox in step with the plan (only what changed, or with
    `full` all of it), then send what is due."""
    if not dispatcher.ready():
        return TickResult()  # standing by: another process holds the SQLite lock
    if sync:
        transports = list(dispatcher.transports)
        stages: dict[str, Callable[[], Any]] = {
            "recurring": lambda: keep_recurring_deadlines(runtime),
            "sync": lambda: sync_plan(runtime=runtime, full=full),
            "digest": lambda: queue_weekly_digest(runtime=runtime),
            "questions": lambda: ask_questions(runtime=runtime, transports=transports),
        }
        for stage, work in stages.items():
            run_isolated(stage, work, runtime=runtime)
    return dispatcher.tick()


def run_isolated(stage: str, work: Callable[[], Any], *, runtime: Runtime) -> None:
    """Run one stage of a tick; when it fails (a bad row no check foresaw), the others and the
    sending of what is already queued go on: logged with its traceback and told to staff once per
    stage and fault, not on every tick. A lost database file still stops the tick."""
    try:
        work()
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        fault = f"{type(exc).__name__}: {exc}"
        key = f"stage:{stage}:" + hashlib.sha256(fault.encode()).hexdigest()[:16]
        lang = runtime.settings.language
        text = t("tick.stage_failed", lang, stage=t(f"tick.stage.{stage}", lang), error=fault[:300])
        first = key not in _LOGGED
        _LOGGED.add(key)
        if first:
            log.exception("the %s stage of the dispatcher tick failed; the rest goes on", stage)
        else:
            log.debug("the %s stage failed again: %s", stage, fault)
        try:
            with runtime.session() as session:  # once per key: the outbox remembers it
                notify_staff_once(
                    session=session,
                    key=key,
                    text=text,
                    now=runtime.clock.now(),
                    settings=runtime.settings,
                )
        except Exception:  # the database itself may be what fails: the log has said it
            if first:
                log.exception("could not tell staff that the %s stage failed", stage)


# The faults of a stage already logged with their traceback in this process.
_LOGGED: set[str] = set()


def ask_questions(*, runtime: Runtime, transports: Collection[str]) -> None:
    """Queue the questions Planbot asks the units (once each) through the `transports` in use:
    Slack pickers, Teams cards with a signed link to a page; in their own transaction."""
    if not {"slack", "teams"} & set(transports):
        return
    with runtime.session() as session:
        now, settings = runtime.clock.now(), runtime.settings
        ask_for_annual_meetings(session=session, settings=settings, now=now, transports=transports)
        ask_for_new_leaders(session=session, settings=settings, now=now, transports=transports)


def digest_due(*, now: datetime, settings: Settings) -> bool:
    """Whether `now` is the morning of the week's first working day (local time, from
    PLANBOT_SEND_FROM, for DIGEST_WINDOW): Monday, or Tuesday after Easter Monday."""
    local = now.astimezone(settings.timezone)
    start = local_datetime(local.date(), settings.send_from, settings.timezone)
    first = first_working_day_of_week(local.date()) == local.date()
    return first and start <= local < start + DIGEST_WINDOW


def queue_weekly_digest(*, runtime: Runtime) -> None:
    """On the week's first working morning by the one clock, queue this week's digest once for
    each staff route (the Slack staff channel, the Teams webhook)."""
    now, settings = runtime.clock.now(), runtime.settings
    if not digest_due(now=now, settings=settings):
        return
    iso = now.astimezone(settings.timezone).date().isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    wanted = {digest_key(week, target) for target in staff_targets(settings)}
    with runtime.session() as session:
        queued = set(session.exec(select(Nudge.key).where(col(Nudge.key).in_(wanted))))
        if wanted <= queued:
            return  # the cheap check on every tick of the morning
        queue_digest(session=session, now=now, settings=settings)


def sync_plan(*, runtime: Runtime, full: bool = False, attempts: int = 3) -> None:
    """The outbox sync in its own transaction: what changed since the last one, or with `full`
    everything; when another replica inserted the same nudges at the same moment (a unique key
    violation), sync again: the second pass sees its rows."""
    sync = sync_outbox if full else sync_outbox_changes
    for attempt in range(attempts):
        try:
            with runtime.session() as session:
                sync(session=session, now=runtime.clock.now(), settings=runtime.settings)
            return
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            log.info("another dispatcher queued the same nudges at the same time; syncing again")


@dataclass(frozen=True)
class NudgeScheduler:
    """The APScheduler that wakes the dispatcher, and the dispatcher it wakes."""

    scheduler: BackgroundScheduler
    dispatcher: Dispatcher
    look: Callable[[], None] | None = None  # one look at the outbox, as the interval job does

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        """Stop waking up, then let the dispatcher go (its lock, its threads)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.dispatcher.close()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next interval (a receipt was queued). A look
        already under way, or a scheduler that is not running, leaves it to the next one."""
        if self.scheduler.running and self.look is not None:
            # A one-off job at APScheduler's own "now"; a second wake before it runs replaces it.
            self.scheduler.add_job(self.look, id=WAKE_JOB, replace_existing=True)

    def health_line(self) -> str:
        """What /healthz says about this process's dispatcher."""
        if self.dispatcher.active:
            return "dispatching: yes"
        return "dispatching: no (standby: another process holds the SQLite dispatcher lock)"


def build_dispatcher(
    *, runtime: Runtime, transports: Mapping[str, Transport], standby: bool = False
) -> Dispatcher:
    """The dispatcher for this runtime; when SQLite already has one it raises DispatcherBusy, or
    with `standby` waits to take over."""
    return Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports=transports,
        clock=runtime.clock,
        standby=standby,
    )


def build_scheduler(
    *,
    runtime: Runtime,
    transports: Mapping[str, Transport],
    echo: Callable[[str], Any] | None = None,
    dispatcher: Dispatcher | None = None,
    standby: bool = False,
    on_database_lost: Callable[[DatabaseUnavailable], Any] | None = None,
) -> NudgeScheduler:
    """A BackgroundScheduler (not started) that wakes the dispatcher (which also queues the digest).

    The dispatcher is built here (taking the SQLite lock, or with `standby` waiting for it) and
    returned beside the scheduler. The first tick runs at once, then one every
    PLANBOT_DISPATCH_SECONDS. A lost database file goes to `on_database_lost` (log and stop).
    """
    settings = runtime.settings
    dispatcher = dispatcher or build_dispatcher(
        runtime=runtime, transports=transports, standby=standby
    )
    scheduler = BackgroundScheduler(timezone=settings.timezone)
    one_at_a_time = threading.Lock()

    def report(result: TickResult) -> None:
        if echo is not None and (result.sent or result.failed or result.cancelled):
            echo(
                f"nudges: {result.sent} sent, {result.failed} failed, "
                f"{result.cancelled} cancelled, {result.deferred} waiting"
            )

    def guarded(job: Callable[[], TickResult]) -> Callable[[], None]:
        def run() -> None:
            if not one_at_a_time.acquire(blocking=False):
                return  # the previous wake-up is still working
            try:
                report(job())
            except DatabaseUnavailable as exc:
                if on_database_lost is None:
                    raise
                on_database_lost(exc)
            finally:
                one_at_a_time.release()

        return run

    dispatch_job = guarded(lambda: run_dispatch_tick(runtime=runtime, dispatcher=dispatcher))
    start_job = guarded(
        lambda: run_dispatch_tick(runtime=runtime, dispatcher=dispatcher, full=True)
    )
    # A one-off wake-up now with the full re-plan (APScheduler's own "now": a frozen PLANBOT_NOW
    # must not delay it), then one every interval with only what changed.
    scheduler.add_job(start_job, id=DISPATCH_START_JOB, replace_existing=True)
    scheduler.add_job(
        dispatch_job,
        "interval",
        seconds=settings.dispatch_seconds,
        id=DISPATCH_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )
    return NudgeScheduler(scheduler=scheduler, dispatcher=dispatcher, look=dispatch_job)
