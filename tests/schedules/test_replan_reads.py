"""The full re-plan over a filled outbox reads each row's dates, target and spec (not its words):
it changes nothing when the plan did not change, and re-words exactly the rows whose spec did —
on SQLite and on PostgreSQL, where the spec is read out of the JSON payload by the database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.models import Nudge, NudgeState, PlanEventUpdate
from bot.runtime import build_runtime, prepare_database
from bot.services.events import find_event, update_event
from bot.services.units import find_unit, update_unit
from bot.settings import Settings
from schedules.outbox import SyncResult, sync_outbox
from tests.conftest import oslo

NOW = oslo(2026, 11, 23, 9)


def test_a_replan_rewords_only_what_changed(session: Session, settings: Settings) -> None:
    check_replan(session, settings)


@pytest.mark.postgres
def test_a_replan_rewords_only_what_changed_on_postgres(
    postgres_url: str, clock: FixedClock
) -> None:
    settings = Settings(database_url=postgres_url, staff_channel="CSTAFF")
    runtime = build_runtime(settings, clock=clock)
    try:
        prepare_database(runtime)
        with runtime.session() as session:
            check_replan(session, settings)
    finally:
        runtime.engine.dispose()


def check_replan(session: Session, settings: Settings) -> None:
    for i, slug in enumerate(("tromso", "harstad")):
        unit = find_unit(session=session, ref=slug)
        update_unit(session=session, unit=unit, actor="test", now=NOW, slack_channel=f"C0{i}X")
    first = sync_outbox(session=session, now=NOW, settings=settings)
    assert first.inserted
    assert sync_outbox(session=session, now=NOW, settings=settings) == SyncResult(
        unreachable=first.unreachable
    )

    frist = find_event(session=session, query="forslagsfrist")
    update_event(
        session=session,
        event=frist,
        changes=PlanEventUpdate(start_date=date(2026, 12, 3), end_date=date(2026, 12, 3)),
        actor="t",
        now=NOW,
    )
    moved = sync_outbox(session=session, now=NOW, settings=settings)
    assert moved.updated and not moved.inserted
    rows = session.exec(
        select(Nudge).where(Nudge.event_id == frist.id, Nudge.state == NudgeState.PENDING)
    ).all()
    headlines = [(row.payload or {})["message"]["headline"] for row in rows]
    assert headlines and all("3. desember 2026" in h for h in headlines), headlines
    assert all(row.payload and row.payload["spec"]["occ_end"] == "2026-12-03" for row in rows)
    assert sync_outbox(session=session, now=NOW, settings=settings) == SyncResult(
        unreachable=moved.unreachable
    )
