"""The built-in units and plan (data files in bot/data), loaded once and never doubled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.dates import local_date
from bot.models import Obligation, PlanEvent, PlanEventCreate, Setting, Unit, UnitKind
from bot.services.events import create_event
from bot.services.obligations import ensure_obligations

PLAN_FILE = "plan-2026-2027.yaml"
RECURRING_FILE = "recurring-deadlines.yaml"
UNITS_FILE = "units.yaml"
SEED_ACTOR = "planbot:seed"
WITHOUT_PLAN = "seed:none"
"""The Setting that marks a database prepared without the built-in units and plan."""


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
        deliverable=entry.get("deliverable", "none"),
        deliverable_none_ok=bool(entry.get("deliverable_none_ok")),
        deliver_after_due=bool(entry.get("deliver_after_due")),
        assumptions=(entry.get("assumptions") or "").strip(),
        source_document=entry.get("source") or document,
        source_quote=quote,
    )


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def builtin_plan_loaded(*, session: Session) -> bool:
    """Whether this database was ever prepared: the built-in plan loaded, or left out because
    PLANBOT_BUILTIN_PLAN was `none` then (one query)."""
    marks = (f"seed:{PLAN_FILE}", WITHOUT_PLAN)
    return session.exec(select(Setting.key).where(col(Setting.key).in_(marks))).first() is not None


def builtin_plan_left_out(*, session: Session) -> bool:
    """Whether this database was prepared without the built-in units and plan."""
    return session.get(Setting, WITHOUT_PLAN) is not None


def load_builtin_plan(
    *, session: Session, now: datetime, plan: str = "troms", force: bool = False
) -> SeedResult:
    """Load units and the plan in force the first time (or when `force`); never doubles anything.
    A database first prepared with `plan="none"` never gets them: another county's office starts
    from its own units and plan, and a later command run without the setting adds nothing."""
    if builtin_plan_left_out(session=session):
        return SeedResult(units=0, events=0, obligations=0)
    loaded = session.get(Setting, f"seed:{PLAN_FILE}") is not None
    if plan == "none" and not loaded:
        session.merge(Setting(key=WITHOUT_PLAN, value=now.isoformat()))
        return SeedResult(units=0, events=0, obligations=0)
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
        ensure_obligations(session=session, event=event, today=local_date(now))
    session.merge(Setting(key=f"seed:{PLAN_FILE}", value=now.isoformat()))
    obligations_added = _count_obligations(session) - obligations_before
    return SeedResult(units=units_added, events=events_added, obligations=obligations_added)


def _count_obligations(session: Session) -> int:
    return session.exec(select(func.count(col(Obligation.id)))).one()


# --- recurring deadlines (bot/data/recurring-deadlines.yaml) ---------------------------------


def recurring_entries() -> list[dict[str, Any]]:
    """The recurring deadlines shipped with Planbot (legal and the party's own)."""
    return list(read_data(RECURRING_FILE)["events"])


def recurring_switch(key: str) -> str:
    """The Setting that holds whether staff switched a recurring deadline off."""
    return f"recurring:{key}:off"


def recurring_is_off(*, session: Session, key: str) -> bool:
    return session.get(Setting, recurring_switch(key)) is not None


RECURRING_LEAD_DAYS = 120
ANNUAL_MEETING_SEASON_LAST_MONTH = 6


def next_recurring_year(entry: dict[str, Any], today: date) -> int | None:
    """The year of the instance to have in the plan, once it is near: a fixed day from
    RECURRING_LEAD_DAYS before it; the annual meetings' documents in the first half of the year
    (the annual-meeting season; from July nothing new is made until next January)."""
    yearly = entry.get("yearly")
    if not yearly:
        return today.year if today.month <= ANNUAL_MEETING_SEASON_LAST_MONTH else None
    year = today.year
    due = date(year, yearly["month"], yearly["day"])
    if today > due:
        year += 1
        due = date(year, yearly["month"], yearly["day"])
    return year if (due - today).days <= RECURRING_LEAD_DAYS else None


def recurring_instance(entry: dict[str, Any], *, year: int, weeks: int) -> PlanEventCreate:
    """The event of one year of a recurring deadline."""
    instance = {**entry, "key": f"{entry['key']}-{year}", "title": entry["title"].format(year=year)}
    yearly = entry.get("yearly")
    if yearly:
        instance["start"] = instance["end"] = date(year, yearly["month"], yearly["day"])
    if entry.get("relative_weeks_setting"):
        instance["relative"] = {"anchor": "annual_meeting", "days": weeks * 7}
    return event_from_data(instance, read_data(RECURRING_FILE)["document"])


def load_recurring_deadlines(
    *, session: Session, today: date, now: datetime, annual_meeting_weeks: int
) -> int:
    """Keep the next instance of each recurring deadline that staff have not switched off in the
    plan, and the weeks of the annual-meeting documents in step with the setting; returns how
    many events were added."""
    added = 0
    for entry in recurring_entries():
        if recurring_is_off(session=session, key=entry["key"]):
            continue
        year = next_recurring_year(entry, today)
        if year is None:
            continue
        key = f"{entry['key']}-{year}"
        if session.exec(select(PlanEvent.id).where(PlanEvent.key == key)).first() is None:
            event_in = recurring_instance(entry, year=year, weeks=annual_meeting_weeks)
            create_event(session=session, event_in=event_in, actor=SEED_ACTOR, now=now)
            added += 1
        if entry.get("relative_weeks_setting"):
            _keep_weeks(session=session, key=key, days=annual_meeting_weeks * 7)
    return added


def _keep_weeks(*, session: Session, key: str, days: int) -> None:
    """A changed PLANBOT_ANNUAL_MEETING_DOCS_WEEKS re-dates the instance and its units' dates."""
    event = session.exec(select(PlanEvent).where(PlanEvent.key == key)).first()
    if event is None or event.relative_days == days:
        return
    event.relative_days = days
    session.add(event)
    for obligation in session.exec(select(Obligation).where(Obligation.event_id == event.id)):
        if obligation.anchor_date is not None:
            obligation.due_date = obligation.anchor_date + timedelta(days=days)
            session.add(obligation)
    session.flush()
