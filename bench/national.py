"""A national-scale database for the benchmarks: municipal parties and plan events, inserted in bulk."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from bot.models import EventKind, Obligation, PlanEvent, Unit

BATCH = 20_000


def national_data(
    session: Session,
    *,
    units: int,
    events: int,
    deadlines: int,
    relative: int = 0,
    channels: bool = False,
    now: datetime,
    seed: int = 7,
) -> tuple[int, int]:
    """`units` municipal parties and `events` plan events over 420 days from 1 November 2026;
    the first `deadlines` are per-unit deadlines with one obligation per party, the first
    `relative` of those dated only by each party's own due date (like "within three months after
    the annual meeting"); with `channels` each party has a Slack channel. Returns (events,
    obligations)."""
    rng = random.Random(seed)
    stamp = now.astimezone(UTC)
    kinds = [k.value for k in EventKind if k != EventKind.DEADLINE]
    for at in range(0, units, BATCH):
        session.execute(
            insert(Unit),
            [
                {
                    "slug": f"kp-{i:04d}",
                    "name": f"Kommuneparti {i:04d}",
                    "kind": "municipal",
                    "slack_channel": f"CKP{i:07d}" if channels else None,
                }
                for i in range(at, min(units, at + BATCH))
            ],
        )
    rows: list[dict[str, Any]] = []
    for i in range(events):
        start: date | None = date(2026, 11, 1) + timedelta(days=rng.randrange(0, 420))
        end = start + timedelta(days=rng.choice((0, 0, 0, 1, 2))) if start else None
        is_deadline = i < deadlines
        if i < relative:
            start = end = None
        rows.append(
            {
                "key": f"bench-{i}",
                "title": f"{'Frist' if is_deadline else 'Hendelse'} nummer {i}",
                "kind": "deadline" if is_deadline else rng.choice(kinds),
                "start_date": start,
                "end_date": end,
                "precision": "day",
                "locations": [],
                "audience": [],
                "responsible": "",
                "description": "",
                "state": "confirmed",
                "per_unit": is_deadline,
                "assumptions": "",
                "relative_anchor": "annual_meeting" if i < relative else None,
                "relative_months": 3 if i < relative else None,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    for at in range(0, len(rows), BATCH):
        session.execute(insert(PlanEvent), rows[at : at + BATCH])
    session.flush()
    unit_ids = session.exec(select(Unit.id).where(col(Unit.slug).startswith("kp-"))).all()
    per_unit = session.exec(
        select(PlanEvent.id, PlanEvent.start_date).where(
            col(PlanEvent.per_unit).is_(True), col(PlanEvent.key).startswith("bench-")
        )
    ).all()
    obligations = 0
    batch: list[dict[str, Any]] = []
    for event_id, start in per_unit:
        for unit_id in unit_ids:
            due = None if start else date(2027, 1, 1) + timedelta(days=rng.randrange(0, 300))
            batch.append(
                {
                    "event_id": event_id,
                    "unit_id": unit_id,
                    "state": rng.choice(("open", "open", "done", "exempt")),
                    "due_date": due,
                    "anchor_date": due - timedelta(days=91) if due else None,
                    "note": "",
                }
            )
            if len(batch) >= BATCH:
                session.execute(insert(Obligation), batch)
                obligations += len(batch)
                batch = []
    if batch:
        session.execute(insert(Obligation), batch)
        obligations += len(batch)
    return events, obligations
