"""The tables of Planbot: units, people and roles, plan events, per-unit obligations, the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from pydantic import field_validator, model_validator
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    LargeBinary,
    TypeDecorator,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from bot.enums import Deliverable, EventKind, EventState, ObligationState, Role, UnitKind

__all__ = ["Deliverable", "EventKind", "EventState", "ObligationState", "Role", "UnitKind"]


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always gives back aware UTC (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_column(*, nullable: bool = True, index: bool = False) -> Any:
    """A column for an aware UTC datetime."""
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def json_list() -> Any:
    """A JSON column holding a list of strings."""
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Unit(SQLModel, table=True):
    """A municipal party (kommuneparti), Svalbard, or the county party itself."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=120)
    kind: str = Field(default=UnitKind.MUNICIPAL, max_length=16)
    slack_channel: str | None = Field(default=None, max_length=64)
    teams_webhook_url: str | None = Field(default=None, max_length=2048)
    active: bool = Field(default=True)
    annual_meeting: date | None = None


class Person(SQLModel, table=True):
    """Someone the bot knows: staff, a unit leader, a mayor."""

    id: int | None = Field(default=None, primary_key=True)
    slack_user_id: str | None = Field(default=None, index=True, unique=True, max_length=32)
    name: str = Field(default="", max_length=200)
    language: str | None = Field(default=None, max_length=2)


class Membership(SQLModel, table=True):
    """A person's role, in a unit or (unit_id None) in the county organisation."""

    __table_args__ = (UniqueConstraint("person_id", "unit_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    role: str = Field(max_length=32)


class PlanEvent(SQLModel, table=True):
    """One event of the work plan, with its real precision in time."""

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, index=True, unique=True, max_length=120)
    title: str = Field(max_length=300)
    kind: str = Field(default=EventKind.OTHER, max_length=32, index=True)
    start_date: date | None = Field(default=None, index=True)
    end_date: date | None = Field(default=None, index=True)
    precision: str = Field(default="day", max_length=16)
    start_time: time | None = None
    duration_minutes: int | None = None
    recurrence: str | None = Field(default=None, max_length=500)
    recurrence_until: date | None = None
    relative_anchor: str | None = Field(default=None, max_length=64)
    relative_months: int | None = None
    relative_days: int | None = None
    locations: list[str] = json_list()
    audience: list[str] = json_list()
    responsible: str = Field(default="", max_length=300)
    description: str = Field(default="")
    url: str | None = Field(default=None, max_length=2048)
    state: str = Field(default=EventState.CONFIRMED, max_length=16, index=True)
    per_unit: bool = Field(default=False)
    deliverable: str = Field(default=Deliverable.NONE, max_length=16)
    deliverable_none_ok: bool = Field(default=False)
    deliver_after_due: bool = Field(default=False)
    assumptions: str = Field(default="")
    source_document: str | None = Field(default=None, max_length=300)
    source_quote: str | None = None
    created_at: datetime | None = utc_column()
    updated_at: datetime | None = utc_column()


class Obligation(SQLModel, table=True):
    """What one unit owes for one event (e.g. its proposals by the forslagsfrist)."""

    __table_args__ = (
        UniqueConstraint("event_id", "unit_id"),
        Index("ix_obligation_event_state", "event_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="planevent.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    state: str = Field(default=ObligationState.OPEN, max_length=16, index=True)
    due_date: date | None = None
    anchor_date: date | None = None
    changed_by: str | None = Field(default=None, max_length=64)
    changed_at: datetime | None = utc_column()
    note: str = Field(default="")


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, from what to what."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime | None = utc_column(nullable=False, index=True)
    actor: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    action: str = Field(max_length=32)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Setting(SQLModel, table=True):
    """Small editable key/value settings that live in the database (e.g. the built-in plan's version)."""

    key: str = Field(primary_key=True, max_length=120)
    value: str = Field(default="")


class ImportDraftRow(SQLModel, table=True):
    """Items read from a plan file, kept until staff save or cancel them, or until `expires_at`."""

    __tablename__ = "import_draft"

    id: str = Field(primary_key=True, max_length=40)
    document: str = Field(max_length=300)
    user_id: str = Field(max_length=40)
    items: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime | None = utc_column(nullable=False)
    expires_at: datetime | None = utc_column(nullable=False, index=True)


class PlanEventCreate(SQLModel):
    """What it takes to add an event; validated before anything is stored."""

    title: str

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str) -> str:
        from bot.services.validation import check_title

        return check_title(value)

    kind: EventKind = EventKind.OTHER
    start_date: date | None = None
    end_date: date | None = None
    precision: str = "day"
    start_time: time | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 14)
    recurrence: str | None = None
    recurrence_until: date | None = None
    relative_anchor: str | None = None
    # negative: counted back from the anchor ('tre uker før årsmøtet')
    relative_months: int | None = Field(default=None, ge=-24, le=24)
    relative_days: int | None = Field(default=None, ge=-730, le=730)
    locations: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    responsible: str = ""
    description: str = ""
    url: str | None = Field(default=None, max_length=2048)
    state: EventState = EventState.CONFIRMED
    per_unit: bool = False
    deliverable: Deliverable = Deliverable.NONE
    deliverable_none_ok: bool = False
    deliver_after_due: bool = False
    assumptions: str = ""
    key: str | None = None
    source_document: str | None = None
    source_quote: str | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> PlanEventCreate:
        from bot.services.validation import check_event_row, check_rrule

        if self.start_date and not self.end_date:
            self.end_date = self.start_date
        if self.recurrence:
            self.recurrence = check_rrule(self.recurrence)
        check_event_row(
            start_date=self.start_date,
            end_date=self.end_date,
            precision=self.precision,
            kind=self.kind,
            recurrence=self.recurrence,
        )
        return self


class PlanEventUpdate(SQLModel):
    """The fields of an event a person may change; None leaves a field as it is."""

    title: str | None = None

    @field_validator("title")
    @classmethod
    def _check_title(cls, value: str | None) -> str | None:
        from bot.services.validation import check_title

        return None if value is None else check_title(value)

    kind: EventKind | None = None
    start_date: date | None = None
    end_date: date | None = None
    precision: str | None = None
    start_time: time | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=60 * 24 * 14)
    recurrence: str | None = None
    recurrence_until: date | None = None
    locations: list[str] | None = None
    audience: list[str] | None = None
    responsible: str | None = None
    description: str | None = None
    url: str | None = Field(default=None, max_length=2048)
    state: EventState | None = None
    assumptions: str | None = None
    deliverable: Deliverable | None = None
    deliverable_none_ok: bool | None = None
    deliver_after_due: bool | None = None


# --- nudges: the outbox and the editable nudge policies (schedules/) --------------------------


class NudgeState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Nudge(SQLModel, table=True):
    """One message the bot owes someone: due time, target, state, and what Slack answered."""

    __table_args__ = (Index("ix_nudge_state_next_attempt_at", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=300)
    rule: str = Field(max_length=64)
    event_id: int | None = Field(default=None, foreign_key="planevent.id", index=True)
    occurrence: date | None = None
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    obligation_id: int | None = Field(default=None, foreign_key="obligation.id", index=True)
    target: str = Field(max_length=64)
    target_label: str = Field(default="", max_length=120)
    transport: str = Field(default="slack", max_length=16)
    language: str = Field(default="nb", max_length=2)
    state: str = Field(default=NudgeState.PENDING, max_length=16)
    due_at: datetime | None = utc_column(nullable=False)
    expires_at: datetime | None = utc_column()
    next_attempt_at: datetime | None = utc_column()
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    verify_before_send: bool = Field(default=False)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = utc_column()
    lease_until: datetime | None = utc_column()
    channel: str | None = Field(default=None, max_length=64)
    ts: str | None = Field(default=None, max_length=32)
    sent_at: datetime | None = utc_column()
    reason: str | None = Field(default=None, max_length=200)
    reported: bool = Field(default=False)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime | None = utc_column()
    updated_at: datetime | None = utc_column()


class NudgePolicy(SQLModel, table=True):
    """One nudge rule for one kind of event (defaults from schedules/policies.yaml; staff may edit)."""

    __table_args__ = (UniqueConstraint("event_kind", "rule"),)

    id: int | None = Field(default=None, primary_key=True)
    event_kind: str = Field(max_length=32, index=True)
    rule: str = Field(max_length=64)
    template: str = Field(max_length=64)
    anchor: str = Field(default="start", max_length=16)
    offset_days: int = Field(default=0)
    at: str = Field(default="morning", max_length=16)
    minutes_before_start: int = Field(default=0)
    audience: str = Field(default="units", max_length=32)
    working_days: str = Field(default="any", max_length=16)
    repeat_every_days: int = Field(default=0)
    repeat_count: int = Field(default=0)
    min_span_days: int = Field(default=0)
    precisions: list[str] = json_list()
    buttons: bool = Field(default=False)
    enabled: bool = Field(default=True)


# --- teams: signed links that work once (bot/links.py) ----------------------------------------


class UsedLink(SQLModel, table=True):
    """A single-use token that has been used, so it never works again: a signed link (Teams card
    button) by its nonce, or a modal submission by its view id and hash (bot/links.py)."""

    id: int | None = Field(default=None, primary_key=True)
    nonce: str = Field(index=True, unique=True, max_length=64)
    action: str = Field(max_length=32)
    obligation_id: int | None = Field(default=None, index=True)
    nudge_id: int | None = Field(default=None)
    used_at: datetime | None = utc_column(nullable=False)


class TeamsPost(SQLModel, table=True):
    """A journal of posts to Teams webhooks, which keep no history Planbot could check after a crash.

    `posting` is committed just before the HTTP request and `accepted` or `rejected` right after the
    answer; a row still `posting` after a crash means the post may or may not have arrived.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=300)
    state: str = Field(max_length=16)
    status: int | None = None
    started_at: datetime | None = utc_column(nullable=False)
    finished_at: datetime | None = utc_column()


# --- deliverables: what a unit hands in for a deadline (bot/services/deliveries.py) ------------


class Delivery(SQLModel, table=True):
    """What one unit handed in for one obligation: a text, files, or "we have none"."""

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", unique=True, index=True)
    text: str = Field(default="")
    none_answer: bool = Field(default=False)
    handed_in_by: str = Field(max_length=64)
    handed_in_at: datetime | None = utc_column(nullable=False)
    changed_by: str = Field(max_length=64)
    changed_at: datetime | None = utc_column(nullable=False)


class DeliveryFile(SQLModel, table=True):
    """One file of a delivery, its bytes kept in the database (backed up with the plan)."""

    __table_args__ = (UniqueConstraint("delivery_id", "source_id"),)

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="delivery.id", index=True)
    source_id: str = Field(max_length=120)
    filename: str = Field(max_length=255)
    mimetype: str = Field(default="application/octet-stream", max_length=120)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    added_by: str = Field(max_length=64)
    added_at: datetime | None = utc_column(nullable=False)


class PendingDeliveryState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class PendingDelivery(SQLModel, table=True):
    """A hand-in whose files still have to be downloaded from Slack; retried until done or failed.

    Storing the files, marking the obligation done and setting this row `done` happen in one
    transaction, so a crash mid-download loses nothing and a retry doubles nothing.
    """

    __table_args__ = (Index("ix_pendingdelivery_state_next", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=300)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    actor: str = Field(max_length=64)
    replace: bool = Field(default=True)
    text: str | None = None
    none_answer: bool = Field(default=False)
    files: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    reply_to: str | None = Field(default=None, max_length=64)
    state: str = Field(default=PendingDeliveryState.PENDING, max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = utc_column(nullable=False)
    lease_until: datetime | None = utc_column()
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime | None = utc_column(nullable=False)
    finished_at: datetime | None = utc_column()


# --- scale: what changed in the plan since the outbox last looked (schedules/outbox.py) ----------


class PlanChange(SQLModel, table=True):
    """One flush that changed what the planner reads: the event it touched (an event, one of its
    obligations), or None for a change that can touch every event (a unit, a person, a role, a
    nudge rule). Written by bot.changes; the outbox sync re-plans only what these rows name."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: int | None = Field(default=None)
