"""The audit log: who changed which event, obligation or unit, when, from what to what."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from bot.models import AuditEntry
from bot.texts import t

# Who a change made on the command line is recorded as (staff at the terminal).
CLI_ACTOR = "cli"
# Actors that are no person, in the words people read ("av fylkespartikontoret").
ACTOR_WORDS = {CLI_ACTOR: "actor.cli", "planbot": "actor.planbot", "planbot:seed": "actor.planbot"}


def actor_words(actor: str, lang: str) -> str:
    """Who did it, as people read it: 'cli' is the county party office; a person stays as given."""
    key = ACTOR_WORDS.get(actor)
    return t(key, lang) if key else actor


def snapshot(row: SQLModel, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A JSON-safe dict of a row's fields (dates as ISO strings)."""
    data = row.model_dump(include=set(fields) if fields else None)
    return {key: _jsonable(value) for key, value in data.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


def record_change(
    *,
    session: Session,
    now: datetime,
    actor: str,
    entity: str,
    entity_id: int | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one audit entry; only the fields that changed are kept on an update."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    entry = AuditEntry(
        at=now,
        actor=actor,
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def history(*, session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """The audit entries of one entity, oldest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
    )
    return list(session.exec(query))
