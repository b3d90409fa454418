"""The composition root's parts: settings, database, clock — built once and handed down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import Clock, FixedClock, RunningClock, SystemClock
from bot.db import make_engine, migrate, preparation_lock, schema_is_current, session_scope
from bot.seed import SeedResult, builtin_plan_loaded, load_builtin_plan, load_recurring_deadlines
from bot.settings import Settings


@dataclass
class Runtime:
    """What every command and job needs: settings, the database engine, and the clock."""

    settings: Settings
    engine: Engine
    clock: Clock

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    def today(self) -> date:
        """Today's date in the configured time zone."""
        return self.clock.now().astimezone(self.settings.timezone).date()

    @property
    def language(self) -> str:
        return self.settings.language


def build_runtime(
    settings: Settings,
    clock: Clock | None = None,
    engine: Engine | None = None,
    *,
    long_running: bool = False,
) -> Runtime:
    """Wire settings, engine and clock. With PLANBOT_NOW the clock is frozen there for a command,
    and for a `long_running` process (the bot, a dispatcher) starts there and runs on."""
    if clock is None:
        if settings.frozen_now is None:
            clock = SystemClock()
        elif long_running:
            clock = RunningClock(settings.frozen_now)
        else:
            clock = FixedClock(settings.frozen_now)
    return Runtime(
        settings=settings, engine=engine or make_engine(settings.database_url), clock=clock
    )


def prepare_database(runtime: Runtime) -> SeedResult:
    """Migrate to the newest schema and load the built-in plan the first time (none with
    PLANBOT_BUILTIN_PLAN=none); a database that is current and prepared costs two small queries
    (every CLI command starts here). The recurring deadlines are kept in step here when the plan
    is loaded, and by the running bot every tick."""
    if schema_is_current(runtime.engine):
        with runtime.session() as session:
            if builtin_plan_loaded(session=session):
                return SeedResult(units=0, events=0, obligations=0)
    with preparation_lock(runtime.engine):  # another process may be doing this right now
        if not schema_is_current(runtime.engine):
            migrate(runtime.engine)
        with runtime.session() as session:
            result = load_builtin_plan(
                session=session, now=runtime.clock.now(), plan=runtime.settings.builtin_plan
            )
        keep_recurring_deadlines(runtime)
    return result


def keep_recurring_deadlines(runtime: Runtime) -> int:
    """Add the next instance of each recurring deadline when its time comes (the SSB report, the
    annual-meeting documents) and keep their weeks in step with the setting; returns how many
    were added. Run by `planbot db upgrade`, `planbot recurring list` and every dispatcher tick."""
    with runtime.session() as session:
        return load_recurring_deadlines(
            session=session,
            today=runtime.today(),
            now=runtime.clock.now(),
            annual_meeting_weeks=runtime.settings.annual_meeting_docs_weeks,
        )
