"""Status of deadlines with per-unit obligations: how many municipal parties are done, open, exempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from bot.models import EventState, Obligation, ObligationState, PlanEvent, Unit
from bot.services.units import name_order


@dataclass(frozen=True)
class DeadlineStatus:
    """Counts for one deadline."""

    event_id: int
    title: str
    due: date | None
    done: int
    open: int
    exempt: int
    overdue: bool

    @property
    def total(self) -> int:
        return self.done + self.open + self.exempt

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "total": self.total,
            "done": self.done,
            "open": self.open,
            "exempt": self.exempt,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class UnitRow:
    """One unit's obligation for one deadline."""

    unit_id: int
    unit_slug: str
    unit_name: str
    state: str
    due: date | None
    changed_by: str | None
    changed_at: datetime | None
    note: str

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit_slug,
            "name": self.unit_name,
            "state": self.state,
            "due": self.due.isoformat() if self.due else None,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class DeadlineDetail:
    """A deadline with every unit's row."""

    status: DeadlineStatus
    rows: list[UnitRow] = field(default_factory=list)

    def units_in(self, state: str) -> list[UnitRow]:
        return [row for row in self.rows if row.state == state]

    def as_json(self) -> dict[str, Any]:
        return {**self.status.as_json(), "units": [row.as_json() for row in self.rows]}


def deadline_overview(
    *, session: Session, today: date, include_past_days: int = 60
) -> list[DeadlineStatus]:
    """Every per-unit deadline still ahead, or past with units still open; nearest first."""

    # One pass over the obligations in event order (no sort), and only the event columns needed:
    # at national scale (hundreds of deadlines x 356 units) this is what keeps /status fast.
    def state_count(state: ObligationState) -> Any:
        return func.sum(case((col(Obligation.state) == state, 1), else_=0))

    counts = select(
        Obligation.event_id,
        state_count(ObligationState.DONE),
        state_count(ObligationState.OPEN),
        state_count(ObligationState.EXEMPT),
    ).group_by(col(Obligation.event_id))
    by_event = {
        event_id: (int(done or 0), int(open_ or 0), int(exempt or 0))
        for event_id, done, open_, exempt in session.exec(counts)
    }
    events = session.exec(
        select(col(PlanEvent.id), PlanEvent.title, col(PlanEvent.end_date)).where(
            col(PlanEvent.per_unit).is_(True), PlanEvent.state != EventState.CANCELLED
        )
    )
    out = []
    for event_id, title, due in events:
        done, open_, exempt = by_event.get(event_id or 0, (0, 0, 0))
        status = DeadlineStatus(
            event_id=event_id or 0,
            title=title,
            due=due,
            done=done,
            open=open_,
            exempt=exempt,
            overdue=bool(due and due < today and open_),
        )
        if (
            due is None
            or due >= today
            or (status.overdue and (today - due).days <= include_past_days)
        ):
            out.append(status)
    return sorted(out, key=lambda s: (s.due is None, s.due or date.max, s.title))


def deadline_detail(*, session: Session, event: PlanEvent, today: date) -> DeadlineDetail:
    """Per-unit rows for one deadline, units by name."""
    rows = []
    for obligation, unit in session.exec(
        select(Obligation, Unit)
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(Obligation.event_id == event.id)
    ):
        rows.append(
            UnitRow(
                unit_id=unit.id or 0,
                unit_slug=unit.slug,
                unit_name=unit.name,
                state=obligation.state,
                due=obligation.due_date or event.end_date,
                changed_by=obligation.changed_by,
                changed_at=obligation.changed_at,
                note=obligation.note,
            )
        )
    rows.sort(key=lambda r: name_order(r.unit_name))
    counts = {s: sum(1 for r in rows if r.state == s) for s in ObligationState}
    status = DeadlineStatus(
        event_id=event.id or 0,
        title=event.title,
        due=event.end_date,
        done=counts[ObligationState.DONE],
        open=counts[ObligationState.OPEN],
        exempt=counts[ObligationState.EXEMPT],
        overdue=bool(event.end_date and event.end_date < today and counts[ObligationState.OPEN]),
    )
    return DeadlineDetail(status=status, rows=rows)
