"""The overview's nearest deadlines (what a chat answer shows) are counted alone: they and the
total must be exactly the head and the length of the whole overview, whatever is past, done,
relative or inactive."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.models import Obligation, ObligationState, Unit
from bot.services.status import deadline_overview, nearest_deadlines
from tests.conftest import oslo
from tests.schedules.factories import add_deadline

NOW = oslo(2026, 11, 23, 9)


@pytest.mark.parametrize("seed", range(3))
def test_the_nearest_deadlines_are_the_head_of_the_overview(session: Session, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(40):
        on = NOW.date() + timedelta(days=rng.randrange(-120, 200))
        add_deadline(session=session, title=f"Frist {i % 7}", on=on, now=NOW)
    for obligation in session.exec(select(Obligation)):
        obligation.state = rng.choice([*ObligationState, ObligationState.DONE])
        if rng.random() < 0.1:
            obligation.due_date = NOW.date() + timedelta(days=rng.randrange(-30, 30))
        session.add(obligation)
    for unit in session.exec(select(Unit)):
        unit.active = rng.random() > 0.2
        session.add(unit)
    session.flush()
    for today in (NOW.date(), date(2027, 2, 1), date(2027, 5, 1)):
        whole = deadline_overview(session=session, today=today)
        assert any(s.overdue for s in whole) and any(s.relative for s in whole)
        for limit in (0, 1, 7, 30, len(whole), len(whole) + 5):
            nearest, total = nearest_deadlines(session=session, today=today, limit=limit)
            assert (nearest, total) == (whole[:limit], len(whole))
