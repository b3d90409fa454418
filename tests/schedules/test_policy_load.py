"""The default nudge rules are loaded once, also when two bots start at the same moment on a new
database (the slow takeover test saw the second bot stop on «UNIQUE constraint failed:
nudgepolicy.event_kind, nudgepolicy.rule»)."""

from typing import Any

from sqlalchemy import event, func
from sqlmodel import Session, select

from bot.db import make_engine, session_scope
from bot.models import NudgePolicy, Setting
from bot.runtime import Runtime
from schedules.policies import MARKER, default_policies, ensure_policies


def test_the_bot_that_loses_the_race_to_load_the_rules_goes_on(runtime: Runtime) -> None:
    other_bot = make_engine(runtime.settings.database_url)

    def the_other_bot_writes_them_first(session: Session, *_: Any) -> None:
        with session_scope(other_bot) as theirs:
            assert ensure_policies(session=theirs) == len(default_policies())

    with runtime.session() as session:
        assert session.get(Setting, MARKER) is None  # a new database: nothing loaded yet
        event.listen(session, "before_flush", the_other_bot_writes_them_first, once=True)
        assert ensure_policies(session=session) == 0
        session.commit()
    with runtime.session() as session:
        rows = session.exec(select(func.count()).select_from(NudgePolicy)).one()
        assert rows == len(default_policies())
        assert session.get(Setting, MARKER) is not None
    other_bot.dispose()


def test_the_rules_are_loaded_once(runtime: Runtime) -> None:
    with runtime.session() as session:
        assert ensure_policies(session=session) == len(default_policies())
        session.commit()
    with runtime.session() as session:
        assert ensure_policies(session=session) == 0
