"""Test data for the nudge tests: units with channels, a deadline with one obligation each, and
outbox rows due at once (a "wave")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from bot.messages import NudgeMessage
from bot.models import (
    EventKind,
    Nudge,
    NudgeState,
    Obligation,
    PlanEvent,
    PlanEventCreate,
    Unit,
    UnitKind,
)
from bot.services.events import create_event
from schedules.render import message_to_json


def add_units(*, session: Session, count: int, prefix: str = "wave") -> list[Unit]:
    """`count` active municipal units, each with its own Slack channel."""
    units = [
        Unit(
            slug=f"{prefix}-{i:04d}",
            name=f"Unit {i:04d}",
            kind=UnitKind.MUNICIPAL,
            slack_channel=f"C{prefix.upper()}{i:04d}",
        )
        for i in range(count)
    ]
    session.add_all(units)
    session.flush()
    return units


def add_deadline(
    *, session: Session, title: str, on: date, now: datetime, key: str | None = None, **extra
) -> PlanEvent:
    """A per-unit deadline (one open obligation per active municipal unit)."""
    return create_event(
        session=session,
        event_in=PlanEventCreate(
            title=title,
            kind=EventKind.DEADLINE,
            start_date=on,
            end_date=on,
            per_unit=True,
            audience=["leader"],
            key=key,
            **extra,
        ),
        actor="test",
        now=now,
    )


def queue_wave(
    *, session: Session, event: PlanEvent, units: list[Unit], due_at: datetime, per_unit: int = 1
) -> list[Nudge]:
    """Outbox rows due at `due_at`: `per_unit` nudges for each unit's obligation of `event`."""
    obligations = {
        o.unit_id: o
        for o in session.exec(select(Obligation).where(Obligation.event_id == event.id))
    }
    rows = []
    for unit in units:
        obligation = obligations[unit.id]
        for n in range(per_unit):
            key = f"wave:{event.id}:{unit.slug}:{n}"
            message = NudgeMessage(
                idempotency_key=key,
                rule="deadline.before_7d",
                language="nb",
                event_id=event.id or 0,
                event_title=event.title,
                event_kind=event.kind,
                when_text="snart",
                headline=f"⏰ {event.title} ({unit.name}, {n + 1})",
            )
            rows.append(
                Nudge(
                    key=key,
                    rule="deadline.before_7d",
                    event_id=event.id,
                    unit_id=unit.id,
                    obligation_id=obligation.id,
                    target=unit.slack_channel or "",
                    target_label=f"unit:{unit.slug}",
                    state=NudgeState.PENDING,
                    due_at=due_at,
                    expires_at=due_at + timedelta(days=3),
                    next_attempt_at=due_at,
                    payload={"origin": "test", "spec": None, "message": message_to_json(message)},
                    created_at=due_at,
                    updated_at=due_at,
                )
            )
    session.add_all(rows)
    session.flush()
    return rows
