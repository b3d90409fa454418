"""Recurring deadlines (legal and the party's own, bot/data/recurring-deadlines.yaml): which are
on, and staff switching one off (its coming instances cancelled) or on again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.models import EventState, PlanEvent, PlanEventUpdate, Setting
from bot.seed import recurring_entries, recurring_is_off, recurring_switch
from bot.services.audit import record_change
from bot.services.events import update_event


class UnknownRecurring(LookupError):
    """No recurring deadline has this key."""


@dataclass(frozen=True)
class RecurringDeadline:
    """One recurring deadline: its key, title, source, and whether it is on."""

    key: str
    title: str
    source: str
    on: bool
    instances: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "source": self.source,
            "on": self.on,
            "instances": list(self.instances),
        }


def list_recurring(*, session: Session) -> list[RecurringDeadline]:
    """Every recurring deadline with the keys of its instances in the plan."""
    out = []
    for entry in recurring_entries():
        instances = session.exec(
            select(PlanEvent.key).where(col(PlanEvent.key).startswith(f"{entry['key']}-"))
        ).all()
        out.append(
            RecurringDeadline(
                key=entry["key"],
                title=entry["title"].format(year="").replace("  ", " ").strip(),
                source=entry.get("source", ""),
                on=not recurring_is_off(session=session, key=entry["key"]),
                instances=tuple(sorted(k for k in instances if k)),
            )
        )
    return out


def switch_recurring(
    *, session: Session, key: str, on: bool, actor: str, now: datetime, today: date
) -> int:
    """Switch a recurring deadline off (its instances not yet past are cancelled) or on again
    (they are restored); audited. Returns how many instances changed."""
    if key not in {entry["key"] for entry in recurring_entries()}:
        raise UnknownRecurring(key)
    switch = session.get(Setting, recurring_switch(key))
    if on and switch is not None:
        session.delete(switch)
    elif not on and switch is None:
        session.add(Setting(key=recurring_switch(key), value=now.isoformat()))
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="setting",
        entity_id=None,
        action="recurring_on" if on else "recurring_off",
        after={"key": key},
    )
    changed = 0
    instances = session.exec(select(PlanEvent).where(col(PlanEvent.key).startswith(f"{key}-")))
    for event in instances.all():
        if event.end_date is not None and event.end_date < today:
            continue  # a past year stays as it was
        cancelled = event.state == EventState.CANCELLED
        if on == cancelled:
            state = EventState.CONFIRMED if on else EventState.CANCELLED
            update_event(
                session=session,
                event=event,
                changes=PlanEventUpdate(state=state),
                actor=actor,
                now=now,
            )
            changed += 1
    session.flush()
    return changed
