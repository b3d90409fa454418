"""/status with more deadlines than it shows: it counts only those it shows, and still says how
many more there are."""

from __future__ import annotations

from datetime import timedelta

from bot.runtime import Runtime
from bot.services.status import deadline_overview, inactive_units
from handlers.commands.status import OVERVIEW_LINES
from tests.conftest import STAFF
from tests.handlers.test_commands import unescape
from tests.schedules.factories import add_deadline


def test_the_overview_says_how_many_more_deadlines_it_has(slack, runtime: Runtime) -> None:
    now = runtime.clock.now()
    with runtime.session() as session:
        for i in range(60):
            on = now.date() + timedelta(days=10 + i)
            add_deadline(session=session, title=f"Frist nummer {i}", on=on, now=now)
        shown = len(deadline_overview(session=session, today=now.date()))
        inactive = 1 if inactive_units(session=session) else 0
    reply = unescape(slack.command("/status", "", user=STAFF).reply)
    more = shown + inactive - OVERVIEW_LINES
    assert more > 30 and f"… og {more} til." in reply
    assert "Frist nummer 0, " in reply and "Frist nummer 59, " not in reply
