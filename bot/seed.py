"""The built-in units and plan (data files in bot/data), loaded once and never doubled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import Obligation, PlanEvent, PlanEventCreate, Setting, Unit, UnitKind
from bot.services.events import create_event
from bot.services.obligations import ensure_obligations

PLAN_FILE = "plan-2026-2027.yaml"
UNITS_FILE = "units.yaml"
SEED_ACTOR = "planbot:seed"


@dataclass(frozen=True)
class SeedResult:
    """What a load added."""

    units: int
    events: int
    obligations: int

    @property
    def anything(self) -> bool:
        return bool(self.units or self.events or self.obligations)


def read_data(name: str) -> dict[str, Any]:
    """A YAML data file shipped in bot/data."""
    text = resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top")
    return data


def load_units(*, session: Session) -> int:
    """Add the built-in units that are missing (by slug); returns how many were added."""
    data = read_data(UNITS_FILE)
    wanted = [{**data["county"], "kind": UnitKind.COUNTY}]
    wanted += [{**unit, "kind": UnitKind.MUNICIPAL} for unit in data["municipal"]]
    existing = set(session.exec(select(Unit.slug)).all())
    added = 0
    for unit in wanted:
        if unit["slug"] not in existing:
            session.add(Unit(slug=unit["slug"], name=unit["name"], kind=unit["kind"]))
            added += 1
    session.flush()
    return added


def event_from_data(entry: dict[str, Any], document: str) -> PlanEventCreate:
    """A validated event from one entry of a plan data file."""
    relative = entry.get("relative") or {}
    quote = entry.get("quote")
    return PlanEventCreate(
        key=entry["key"],
        title=entry["title"],
        kind=entry["kind"],
        start_date=_date(entry.get("start")),
        end_date=_date(entry.get("end")),
        precision=entry.get("precision", "day"),
        start_time=time.fromisoformat(entry["time"]) if entry.get("time") else None,
        duration_minutes=entry.get("duration_minutes"),
        recurrence=entry.get("recurrence"),
        recurrence_until=_date(entry.get("until")),
        relative_anchor=relative.get("anchor"),
        relative_months=relative.get("months"),
        relative_days=relative.get("days"),
        locations=list(entry.get("locations") or []),
        audience=list(entry.get("audience") or []),
        responsible=entry.get("responsible", ""),
        description=(entry.get("description") or "").strip(),
        state=entry.get("state", "confirmed"),
        per_unit=bool(entry.get("per_unit")),
        assumptions=(entry.get("assumptions") or "").strip(),
        source_document=document,
        source_quote=quote,
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def builtin_plan_loaded(*, session: Session) -> bool:
    """Whether the built-in plan was ever loaded into this database."""
    return session.get(Setting, f"seed:{PLAN_FILE}") is not None


def load_builtin_plan(*, session: Session, now: datetime, force: bool = False) -> SeedResult:
    """Load units and the plan in force the first time (or when `force`); never doubles anything."""
    loaded = builtin_plan_loaded(session=session)
    units_added = load_units(session=session)
    if loaded and not force:
        return SeedResult(units=units_added, events=0, obligations=0)
    data = read_data(PLAN_FILE)
    known = set(session.exec(select(PlanEvent.key)).all())
    obligations_before = _count_obligations(session)
    events_added = 0
    for entry in data["events"]:
        if entry["key"] not in known:
            event_in = event_from_data(entry, data["document"])
            create_event(session=session, event_in=event_in, actor=SEED_ACTOR, now=now)
            events_added += 1
    for event in session.exec(select(PlanEvent).where(col(PlanEvent.per_unit).is_(True))):
        ensure_obligations(session=session, event=event)
    session.merge(Setting(key=f"seed:{PLAN_FILE}", value=now.isoformat()))
    obligations_added = _count_obligations(session) - obligations_before
    return SeedResult(units=units_added, events=events_added, obligations=obligations_added)


def _count_obligations(session: Session) -> int:
    return session.exec(select(func.count(col(Obligation.id)))).one()
