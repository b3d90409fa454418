"""The dispatcher's incremental outbox sync: an idle tick costs a few queries, and after any run of
random plan changes and clock moves it leaves the outbox exactly as the full re-plan would."""

from __future__ import annotations

import contextlib
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.models import (
    EventKind,
    Obligation,
    ObligationState,
    PlanEvent,
    PlanEventCreate,
    PlanEventUpdate,
)
from bot.services.events import cancel_event, create_event, update_event
from bot.services.obligations import mark_obligation
from bot.services.units import find_unit, update_unit
from schedules.outbox import SyncResult, sync_outbox, sync_outbox_changes
from schedules.policies import PolicyUnchanged, update_policy
from tests.conftest import oslo
from tests.schedules.factories import add_deadline

NOW = oslo(2026, 11, 23, 9)
UNCHANGED = SyncResult()


def channels(session, now) -> None:
    for i, slug in enumerate(("tromso", "harstad", "senja", "lyngen", "bardu")):
        unit = find_unit(session=session, ref=slug)
        update_unit(session=session, unit=unit, actor="test", now=now, slack_channel=f"C0{i}X")


def full_changes_nothing(session, now, settings) -> bool:
    result = sync_outbox(session=session, now=now, settings=settings)
    return (result.inserted, result.updated, result.cancelled, result.revived) == (0, 0, 0, 0)


def test_an_idle_tick_costs_two_queries(runtime, clock) -> None:
    with runtime.session() as session:
        channels(session, NOW)
        assert sync_outbox(session=session, now=NOW, settings=runtime.settings).inserted
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(runtime.engine, "before_cursor_execute", listener)
    try:
        with runtime.session() as session:
            later = NOW + timedelta(seconds=30)
            assert sync_outbox_changes(session=session, now=later, settings=runtime.settings) == (
                UNCHANGED
            )
    finally:
        event.remove(runtime.engine, "before_cursor_execute", listener)
    assert len(statements) <= 2, statements


def test_a_change_to_one_obligation_replans_only_its_event(runtime) -> None:
    with runtime.session() as session:
        channels(session, NOW)
        sync_outbox(session=session, now=NOW, settings=runtime.settings)
        tromso = find_unit(session=session, ref="tromso")
        obligation = session.exec(
            select(Obligation).where(
                Obligation.unit_id == tromso.id, Obligation.state == ObligationState.OPEN
            )
        ).first()
        assert obligation is not None
        mark_obligation(
            session=session, obligation=obligation, state=ObligationState.DONE, actor="t", now=NOW
        )
        result = sync_outbox_changes(session=session, now=NOW, settings=runtime.settings)
        assert result.inserted == result.updated == result.revived == 0
        assert full_changes_nothing(session, NOW, runtime.settings)


@pytest.mark.parametrize("seed", range(3))
def test_incremental_and_full_give_the_same_outbox(runtime, seed: int) -> None:
    rng = random.Random(seed)
    settings = runtime.settings
    now = NOW
    with runtime.session() as session:
        channels(session, now)
        for i in range(4):
            add_deadline(
                session=session,
                title=f"Frist {i}",
                on=date(2026, 11, 26) + timedelta(days=rng.randrange(0, 20)),
                now=now,
            )
        sync_outbox(session=session, now=now, settings=settings)
    for step in range(24):
        now += timedelta(minutes=rng.choice((1, 30, 240, 60 * 20, 60 * 30)))
        with runtime.session() as session:
            change(session, rng, now)
            sync_outbox_changes(session=session, now=now, settings=settings)
            if step % 3 == 2:
                assert full_changes_nothing(session, now, settings), f"step {step}"


def change(session, rng: random.Random, now) -> None:
    """One random change a person could make, or none."""
    events = session.exec(
        select(PlanEvent).where(PlanEvent.state != "cancelled", PlanEvent.start_date != None)  # noqa: E711
    ).all()
    what = rng.choice(("mark", "mark", "move", "cancel", "add", "policy", "unit", "nothing"))
    if what == "mark":
        obligations = session.exec(select(Obligation)).all()
        if obligations:
            state = rng.choice(list(ObligationState))
            mark_obligation(
                session=session, obligation=rng.choice(obligations), state=state, actor="t", now=now
            )
    elif what == "move" and events:
        chosen = rng.choice(events)
        start = now.date() + timedelta(days=rng.randrange(-3, 25))
        update_event(
            session=session,
            event=chosen,
            changes=PlanEventUpdate(start_date=start, end_date=start, precision="day"),
            actor="t",
            now=now,
        )
    elif what == "cancel" and events:
        cancel_event(session=session, event=rng.choice(events), actor="t", now=now)
    elif what == "add":
        start = now.date() + timedelta(days=rng.randrange(0, 25))
        create_event(
            session=session,
            event_in=PlanEventCreate(
                title=f"Møte {rng.randrange(1000)}",
                kind=EventKind.MEETING,
                start_date=start,
                end_date=start,
            ),
            actor="t",
            now=now,
        )
    elif what == "policy":
        with contextlib.suppress(PolicyUnchanged):
            update_policy(
                session=session,
                rule="deadline.before_7d",
                actor="t",
                now=now,
                offset_days=-rng.randrange(3, 9),
            )
    elif what == "unit":
        unit = find_unit(session=session, ref=rng.choice(("tromso", "karlsoy", "ibestad")))
        channel = rng.choice((None, f"C{rng.randrange(100, 999)}Y"))
        update_unit(session=session, unit=unit, actor="t", now=now, slack_channel=channel)
