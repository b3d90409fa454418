"""The SQL counts of /status and the in-memory counts of the staff summary and the digest are one
rule: for any mix of done, open, exempt and inactive units they agree (issue 9)."""

from __future__ import annotations

import random

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.models import Obligation, ObligationState, Unit
from bot.runtime import build_runtime, prepare_database
from bot.services.events import find_event
from bot.services.status import deadline_detail, deadline_overview
from bot.settings import Settings
from schedules.digest import load_digest
from schedules.outbox import unit_contacts
from schedules.planner import obligation_counts


@pytest.mark.parametrize("seed", range(6))
def test_overview_detail_staff_summary_and_digest_agree(
    session: Session, settings: Settings, clock: FixedClock, seed: int
) -> None:
    check_counts_agree(session, settings, clock, seed)


@pytest.mark.postgres
def test_the_counts_agree_on_postgres(postgres_url: str, clock: FixedClock) -> None:
    settings = Settings(database_url=postgres_url)
    runtime = build_runtime(settings, clock=clock)
    try:
        prepare_database(runtime)
        with runtime.session() as session:
            check_counts_agree(session, settings, clock, seed=1)
    finally:
        runtime.engine.dispose()


def check_counts_agree(session: Session, settings: Settings, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    event = find_event(session=session, query="forslagsfrist")
    for obligation in session.exec(select(Obligation).where(Obligation.event_id == event.id)):
        obligation.state = rng.choice(list(ObligationState))
        session.add(obligation)
    for unit in session.exec(select(Unit)):
        unit.active = rng.random() > 0.25
        session.add(unit)
    session.flush()
    today = clock.now().date()

    status = next(
        s for s in deadline_overview(session=session, today=today) if s.event_id == event.id
    )
    detail = deadline_detail(session=session, event=event, today=today)
    obligations = session.exec(select(Obligation).where(Obligation.event_id == event.id)).all()
    contacts = {c.unit_id: c for c in unit_contacts(session=session)}
    summary = obligation_counts(obligations, contacts)
    active = {
        u.name for u in session.exec(select(Unit).where(Unit.kind == "municipal", Unit.active))
    }

    numbers = (status.done, status.open, status.exempt)
    assert numbers == (detail.status.done, detail.status.open, detail.status.exempt)
    assert numbers == (summary.done, summary.open, summary.exempt)
    assert status.total == len(detail.rows) == len(active & {r.unit_name for r in detail.rows})
    assert set(summary.inactive_units) == {r.unit_name for r in detail.inactive}
    assert set(summary.open_units) == {r.unit_name for r in detail.units_in("open")}

    digest = load_digest(session=session, now=clock.now(), settings=settings)
    line = next((d for d in digest.open if d.title == event.title), None)
    if status.open:
        assert line is not None and line.total == status.total
        assert set(line.open_units) == set(summary.open_units)
    else:
        assert line is None
    assert set(digest.inactive) >= set(summary.inactive_units)
