"""The store: schema, migrations, the built-in plan, obligations, the audit log."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, func, select

from bot.db import make_engine, migrate, session_scope
from bot.models import AuditEntry, Obligation, ObligationState, PlanEvent, PlanEventCreate, Unit
from bot.seed import load_builtin_plan
from bot.services.events import AmbiguousEvent, EventNotFound, create_event, find_event
from bot.services.obligations import get_obligation, set_anchor_date, set_obligation_state
from bot.services.status import deadline_detail, deadline_overview
from bot.services.units import find_unit, fold
from tests.conftest import oslo

NOW = oslo(2026, 11, 23, 9)


def _schema_drift(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, SQLModel.metadata)


def test_migrations_match_the_models_on_sqlite(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    assert _schema_drift(engine) == []


@pytest.mark.slow
@pytest.mark.postgres
def test_migrations_match_the_models_on_postgres(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    migrate(engine)  # a second upgrade is a no-op
    assert _schema_drift(engine) == []
    with session_scope(engine) as session:
        load_builtin_plan(session=session, now=NOW)
    with session_scope(engine) as session:
        again = load_builtin_plan(session=session, now=NOW, force=True)
        assert not again.anything
        event = find_event(session=session, query="forslagsfrist")
        assert session.exec(select(func.count()).where(Obligation.event_id == event.id)).one() == 22
        stored = session.get(PlanEvent, event.id)
        assert stored.created_at.tzinfo is not None
    engine.dispose()


def test_builtin_plan_loads_once(runtime) -> None:
    with runtime.session() as session:
        counts = (
            session.exec(select(func.count()).select_from(PlanEvent)).one(),
            session.exec(select(func.count()).select_from(Unit)).one(),
            session.exec(select(func.count()).select_from(Obligation)).one(),
        )
        result = load_builtin_plan(session=session, now=NOW)
        forced = load_builtin_plan(session=session, now=NOW, force=True)
    assert not result.anything and not forced.anything
    with runtime.session() as session:
        assert counts == (
            session.exec(select(func.count()).select_from(PlanEvent)).one(),
            session.exec(select(func.count()).select_from(Unit)).one(),
            session.exec(select(func.count()).select_from(Obligation)).one(),
        )
    assert counts[1] == 23  # 21 municipal parties + Svalbard + the county party


def test_forslagsfrist_has_one_open_obligation_per_municipal_party(session: Session) -> None:
    event = find_event(session=session, query="forslagsfrist")
    assert (event.start_date, event.kind, event.per_unit) == (date(2026, 12, 1), "deadline", True)
    detail = deadline_detail(session=session, event=event, today=date(2026, 11, 23))
    names = [row.unit_name for row in detail.rows]
    assert (
        len(names) == 22
        and "Svalbard (Longyearbyen)" in names
        and "Troms Arbeiderparti" not in names
    )
    assert {row.state for row in detail.rows} == {"open"}


def test_monthly_meeting_default_is_marked_as_an_assumption(session: Session) -> None:
    event = find_event(session=session, query="teamsmøte")
    assert event.recurrence == "FREQ=MONTHLY;BYDAY=2TU"
    assert "andre tirsdag" in event.assumptions


def test_marking_done_is_audited_and_counted(session: Session) -> None:
    event = find_event(session=session, query="forslagsfrist")
    unit = find_unit(session=session, ref="tromso")
    obligation = get_obligation(session=session, event=event, unit=unit)
    assert set_obligation_state(
        session=session,
        obligation=obligation,
        state=ObligationState.DONE,
        actor="ULEADER01",
        now=NOW,
        note="Sendt",
    )
    assert not set_obligation_state(
        session=session,
        obligation=obligation,
        state=ObligationState.DONE,
        actor="ULEADER01",
        now=NOW,
    )
    entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "obligation")).all()
    assert [(e.actor, e.before["state"], e.after["state"]) for e in entries] == [
        ("ULEADER01", "open", "done")
    ]
    [status] = [
        s
        for s in deadline_overview(session=session, today=date(2026, 11, 23))
        if s.event_id == event.id
    ]
    assert (status.done, status.open, status.total) == (1, 21, 22)


def test_relative_deadline_is_dated_from_each_units_annual_meeting(session: Session) -> None:
    event = find_event(session=session, query="praktisk styrearbeid")
    assert event.start_date is None and event.relative_months == 3
    unit = find_unit(session=session, ref="Målselv")
    set_anchor_date(
        session=session,
        unit=unit,
        anchor="annual_meeting",
        on=date(2027, 1, 31),
        actor="cli",
        now=NOW,
    )
    assert get_obligation(session=session, event=event, unit=unit).due_date == date(2027, 4, 30)
    other = get_obligation(
        session=session, event=event, unit=find_unit(session=session, ref="bardu")
    )
    assert other.due_date is None


def test_find_event_by_title_part_id_and_key(session: Session) -> None:
    event = find_event(session=session, query="Forslagsfrist")
    assert find_event(session=session, query=str(event.id)).id == event.id
    assert find_event(session=session, query="forslagsfrist-landsmotet-2027").id == event.id
    with pytest.raises(EventNotFound):
        find_event(session=session, query="julebord")
    with pytest.raises(AmbiguousEvent):
        find_event(session=session, query="verveuke")


def test_units_match_without_diacritics(session: Session) -> None:
    assert find_unit(session=session, ref="kvaefjord").name == "Kvæfjord"
    assert find_unit(session=session, ref="Sørreisa").slug == "sorreisa"
    assert fold("Dyrøy") == "dyroy"


def test_event_validation_rejects_end_before_start(session: Session) -> None:
    with pytest.raises(ValueError):
        PlanEventCreate(title="X", start_date=date(2027, 1, 2), end_date=date(2027, 1, 1))
    with pytest.raises(ValueError):
        PlanEventCreate(title="X", start_date=date(2027, 1, 2), recurrence="FREQ=NEVER")


def test_new_per_unit_event_creates_obligations(session: Session) -> None:
    event = create_event(
        session=session,
        event_in=PlanEventCreate(
            title="Frist for årsmelding",
            kind="deadline",
            start_date=date(2027, 2, 15),
            per_unit=True,
        ),
        actor="USTAFF01",
        now=NOW,
    )
    assert session.exec(select(func.count()).where(Obligation.event_id == event.id)).one() == 22


def test_units_are_listed_in_norwegian_alphabetical_order(session: Session) -> None:
    from bot.services.units import list_units

    names = [u.name for u in list_units(session=session)]
    assert names.index("Kvænangen") < names.index("Kåfjord") < names.index("Lavangen")
    assert names[-1] == "Tromsø"
