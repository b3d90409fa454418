"""The outbox: planned nudges kept in step with the plan (insert, re-plan, cancel), snoozes, notices."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, insert, not_, or_, update
from sqlalchemy import select as select_columns
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from bot.changes import changes_since, latest_change
from bot.dates import local_date, local_datetime
from bot.db import UNREADABLE, UnreadableRow, readable_rows
from bot.messages import RECEIPT_RULE, NudgeMessage
from bot.models import (
    Deliverable,
    EventState,
    Membership,
    Nudge,
    NudgeState,
    Obligation,
    ObligationState,
    Person,
    PlanChange,
    PlanEvent,
    Setting,
    Unit,
)
from bot.services.audit import record_change
from bot.services.deliveries import hand_in_closed
from bot.services.events import kept_events
from bot.services.nudges import cancel_nudge as cancel
from bot.services.validation import (
    FIRST_YEAR,
    LAST_YEAR,
    OBLIGATION_STATES,
    RowProblem,
    check_obligation_row,
    is_channel_ref,
    is_user_id,
    obligation_problem,
    short,
    unreadable_problem,
)
from bot.settings import Settings
from bot.targets import Target, staff_targets
from bot.texts import t
from bot.webhooks import is_webhook_url
from schedules.planner import (
    DUE_ORDER,
    PlannedNudge,
    PlannedObligation,
    UnitContact,
    plan_due_nudges,
    reach_window,
    within_send_hours,
)
from schedules.policies import Policy, checked_policies
from schedules.render import NudgeSpec, message_from_json, message_to_json

log = logging.getLogger(__name__)

HORIZON_DAYS = 21
# Events planned together: about this many (event, unit) pairs, so a batch's nudges stay small.
BATCH_UNIT_EVENTS = 10_000
SYNC_CURSOR = "outbox.sync"
ORIGIN_PLAN = "plan"
ORIGIN_SNOOZE = "snooze"
ORIGIN_NOTICE = "notice"
REVIVABLE = (
    "replanned",
    "event cancelled",
    "obligation done",
    "obligation exempt",
    "unit inactive",
)


class NudgeNotFound(LookupError):
    """No nudge has this id."""


class SnoozeTooLate(ValueError):
    """Tomorrow the unit could no longer hand in through Planbot (the last day of a hand-in
    deadline that takes no late hand-ins): a reminder then would come too late."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


@dataclass(frozen=True)
class SyncResult:
    """What a sync changed in the outbox."""

    inserted: int = 0
    updated: int = 0
    cancelled: int = 0
    revived: int = 0
    unreachable: int = 0


# The columns of a PlannedObligation, in its order.
PLANNED_OBLIGATION_COLUMNS = (
    Obligation.id,
    Obligation.event_id,
    Obligation.unit_id,
    Obligation.state,
    Obligation.due_date,
)


@dataclass(frozen=True)
class PlanInputs:
    """What the planner reads from the database (events that break the rules left out)."""

    events: list[PlanEvent]
    obligations: list[PlannedObligation]
    units: list[UnitContact]
    problems: tuple[RowProblem, ...] = ()


@dataclass(frozen=True)
class CheckedPlan:
    """The planner's nudges, and the stored rows it had to skip."""

    nudges: list[PlannedNudge]
    problems: tuple[RowProblem, ...]


def unit_contacts(*, session: Session) -> list[UnitContact]:
    """Every unit with its channel and the Slack ids of the people in each of its roles."""
    people: dict[int, dict[str, set[str]]] = {}
    query = select(Membership.unit_id, Membership.role, Person.slack_user_id).join(
        Person, col(Person.id) == col(Membership.person_id)
    )
    for unit_id, role, user_id in session.exec(query):
        if unit_id is not None and user_id and is_user_id(user_id):
            people.setdefault(unit_id, {}).setdefault(role, set()).add(user_id)
    # A channel, user id or webhook written by hand that cannot be one is not used (`planbot
    # doctor` names it): the unit is reached by its other routes, as if it had none.
    return [
        UnitContact(
            unit_id=unit.id or 0,
            slug=unit.slug,
            name=unit.name,
            channel=unit.slack_channel if is_channel_ref(unit.slack_channel or "") else None,
            people={role: tuple(sorted(ids)) for role, ids in people.get(unit.id or 0, {}).items()},
            active=unit.active,
            kind=unit.kind,
            teams=is_webhook_url(unit.teams_webhook_url or ""),
            annual_meeting=unit.annual_meeting,
        )
        for unit in readable_units(session=session)[0]
    ]


def readable_units(*, session: Session) -> tuple[list[Unit], list[RowProblem]]:
    """(the units that can be read, a problem for each that cannot: a date written by hand)."""
    units, unreadable = readable_rows(session, select(Unit).order_by(col(Unit.id)), Unit)
    problems = []  # the same units as list_units(kind=None, include_inactive=True) leaves out
    for bad in unreadable:
        slug = session.exec(select(Unit.slug).where(Unit.id == bad.id)).one()
        problems.append(unreadable_problem("unit", {"slug": slug}, bad.column, bad.value))
    return units, problems


def checked_events(
    *, session: Session, ids: Collection[int] | None = None
) -> tuple[list[PlanEvent], list[RowProblem]]:
    """(the events that are not cancelled and keep the rules, a problem for each that does not);
    all of them, or those with `ids`."""
    query = select(PlanEvent).where(PlanEvent.state != EventState.CANCELLED)
    if ids is not None:
        query = query.where(col(PlanEvent.id).in_(list(ids)))
    return kept_events(session=session, query=query)


def window_event_ids(*, session: Session, first: date, last: date) -> list[int]:
    """The events (not cancelled) with a date in [first, last] — their own, an occurrence's, or
    for a relative deadline an open obligation's due date — by indexed date columns."""
    not_cancelled = PlanEvent.state != EventState.CANCELLED
    dated = select(PlanEvent.id).where(
        not_cancelled,
        col(PlanEvent.start_date).is_not(None),
        col(PlanEvent.start_date) <= last,
        or_(
            col(PlanEvent.end_date) >= first,
            col(PlanEvent.end_date).is_(None),
            col(PlanEvent.recurrence).is_not(None),
        ),
    )
    relative = (
        select(Obligation.event_id)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(
            not_cancelled,
            col(PlanEvent.start_date).is_(None),
            Obligation.state == ObligationState.OPEN,
            col(Obligation.due_date) >= first,
            col(Obligation.due_date) <= last,
        )
        .distinct()
    )
    return sorted({*session.exec(dated), *session.exec(relative)} - {None})  # type: ignore[arg-type]


def load_plan_inputs(
    *,
    session: Session,
    ids: Collection[int],
    first: date,
    last: date,
    units: list[UnitContact],
) -> PlanInputs:
    """The events with `ids` (those that keep the rules) and what the planner needs of their
    obligations: all of a dated event's (its counts), a relative deadline's open ones due in
    [first, last] (each is its own date)."""
    events, problems = checked_events(session=session, ids=ids)
    dated = [e.id for e in events if e.start_date is not None]
    relative = [e.id for e in events if e.start_date is None]
    obligations: list[PlannedObligation] = []
    if dated:
        where: tuple[Any, ...] = (col(Obligation.event_id).in_(dated), obligation_keeps_rules())
        obligations += _planned_obligations(session, where, problems)
    if relative:
        where = (
            col(Obligation.event_id).in_(relative),
            obligation_keeps_rules(),
            col(Obligation.state) == ObligationState.OPEN,
            col(Obligation.due_date) >= first,
            col(Obligation.due_date) <= last,
        )
        obligations += _planned_obligations(session, where, problems)
    return PlanInputs(events=events, obligations=obligations, units=units, problems=tuple(problems))


def _planned_obligations(
    session: Session, where: tuple[Any, ...], problems: list[RowProblem]
) -> list[PlannedObligation]:
    """The planner's columns of the obligations `where` selects; when one cannot be read (a due
    date written by hand, on SQLite) the others are read row by row and it is added to `problems`."""
    columns = select_columns(*(col(c) for c in PLANNED_OBLIGATION_COLUMNS))
    try:
        return [PlannedObligation(*row) for row in session.execute(columns.where(*where))]
    except UNREADABLE:
        pass
    query = select(Obligation).where(*where).order_by(col(Obligation.id))
    rows, unreadable = readable_rows(session, query, Obligation)
    problems += (_unreadable_obligation(session, bad) for bad in unreadable)
    return [PlannedObligation(o.id, o.event_id, o.unit_id, o.state, o.due_date) for o in rows]


@dataclass(frozen=True)
class PlannedBatch:
    """The planner's nudges for a few events (`event_ids`), and the stored events it skipped."""

    event_ids: tuple[int, ...]
    nudges: list[PlannedNudge]
    problems: tuple[RowProblem, ...]


def iter_plan_window(
    *,
    session: Session,
    since: datetime,
    until: datetime,
    settings: Settings,
    policies: Sequence[Policy],
    only: Collection[int] | None = None,
    skip: Collection[int] = (),
) -> Iterator[PlannedBatch]:
    """The planner run, a few events at a time, on the events whose nudges can fall in
    [since, until) (those of them in `only`, none in `skip`): memory and time grow with the
    nudges produced, not with the events stored."""
    enabled = [p for p in policies if p.enabled]
    first, last = reach_window(since, until, enabled, settings)
    ids = window_event_ids(session=session, first=first, last=last)
    ids = [i for i in ids if (only is None or i in only) and i not in skip]
    units = unit_contacts(session=session) if ids else []
    batch = max(1, BATCH_UNIT_EVENTS // max(1, len(units)))
    for at in range(0, len(ids), batch):
        chunk = ids[at : at + batch]
        inputs = load_plan_inputs(session=session, ids=chunk, first=first, last=last, units=units)
        nudges = plan_due_nudges(
            events=inputs.events,
            obligations=inputs.obligations,
            units=units,
            policies=policies,
            since=since,
            until=until,
            settings=settings,
        )
        yield PlannedBatch(event_ids=tuple(chunk), nudges=nudges, problems=inputs.problems)


def plan_window(
    *, session: Session, since: datetime, until: datetime, settings: Settings
) -> list[PlannedNudge]:
    """The planner run on what the database holds now (bad rows skipped)."""
    policies, _ = checked_policies(session=session)
    nudges = [
        nudge
        for planned in iter_plan_window(
            session=session, since=since, until=until, settings=settings, policies=policies
        )
        for nudge in planned.nudges
    ]
    return sorted(nudges, key=DUE_ORDER)


def checked_plan_window(
    *, session: Session, since: datetime, until: datetime, settings: Settings
) -> CheckedPlan:
    """The planner run on what the database holds now, with every stored rule and event it skips."""
    nudges = plan_window(session=session, since=since, until=until, settings=settings)
    return CheckedPlan(nudges=nudges, problems=plan_problems(session=session))


def plan_problems(*, session: Session) -> tuple[RowProblem, ...]:
    """The stored rules, events and obligations the planner skips because they break the rules."""
    return (
        *checked_policies(session=session)[1],
        *checked_events(session=session)[1],
        *obligation_problems(session=session),
        *readable_units(session=session)[1],
    )


def obligation_keeps_rules() -> Any:
    """SQL: the obligation keeps check_obligation_row's rules (a known state, a due date inside
    the plan's years or none); the others are left out of planning and named by plan_problems."""
    first, last = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
    return and_(
        col(Obligation.state).in_(OBLIGATION_STATES),
        or_(col(Obligation.due_date).is_(None), col(Obligation.due_date).between(first, last)),
    )


def obligation_problems(*, session: Session) -> list[RowProblem]:
    """A problem for each obligation of an event not cancelled that breaks the rules (an unknown
    state, a due date outside the plan's years, one that cannot be read), found by SQL."""
    breaking = (
        select(Obligation.id)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(PlanEvent.state != EventState.CANCELLED, not_(obligation_keeps_rules()))
    )
    query = select(Obligation).where(col(Obligation.id).in_(breaking)).order_by(col(Obligation.id))
    rows, unreadable = readable_rows(session, query, Obligation)
    problems = [_unreadable_obligation(session, bad) for bad in unreadable]
    for obligation in rows:
        try:
            check_obligation_row(state=obligation.state, due_date=obligation.due_date)
        except ValueError as exc:
            unit, title = _names_of(session, obligation.id or 0)
            problems.append(obligation_problem(unit, title, exc))
    return problems


def _unreadable_obligation(session: Session, bad: UnreadableRow) -> RowProblem:
    unit, title = _names_of(session, bad.id)
    values = {"unit": unit, "title": short(title)}
    return unreadable_problem("obligation", values, bad.column, bad.value)


def _names_of(session: Session, obligation_id: int) -> tuple[str, str]:
    """(its unit's name, its event's title) of an obligation, read alone."""
    row = session.exec(
        select(Unit.name, PlanEvent.title)
        .join(Obligation, col(Obligation.unit_id) == col(Unit.id))
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(Obligation.id == obligation_id)
    ).one()
    return row[0], row[1]


def notify_staff_of_problems(
    *, session: Session, problems: Sequence[RowProblem], now: datetime, settings: Settings
) -> int:
    """Tell staff about each bad row once (one notice per row and fault); returns how many are new."""
    lang = settings.language
    return sum(
        notify_staff_once(
            session=session, key=p.key, text=p.message(lang), now=now, settings=settings
        )
        for p in problems
    )


def notify_staff_once(
    *, session: Session, key: str, text: str, now: datetime, settings: Settings
) -> bool:
    """Queue a notice about a stored row to fix (`text`), once per `key`; True when it is new."""
    targets = staff_targets(settings, notice=True)
    if not targets:
        return False
    lang = settings.language
    message = NudgeMessage(
        idempotency_key=key,
        rule="staff.failure",
        language=lang,
        event_id=0,
        event_title="",
        event_kind="other",
        when_text="",
        headline=t("valid.rows_headline", lang),
        details=(text,),
    )
    _, created = enqueue_notice(
        session=session, key=key, target=targets[0], message=message, now=now
    )
    return created


def grace(settings: Settings) -> timedelta:
    return timedelta(hours=settings.late_grace_hours)


def horizon_end(now: datetime, settings: Settings, horizon_days: int = HORIZON_DAYS) -> datetime:
    """The end of the outbox's window: the end of the local day `horizon_days` from now, so the
    window's far end moves once a day and a tick in between has no new slice to plan."""
    tz = settings.timezone
    return local_datetime(local_date(now, tz) + timedelta(days=horizon_days + 1), time(0), tz)


def sync_outbox(
    *, session: Session, now: datetime, settings: Settings, horizon_days: int = HORIZON_DAYS
) -> SyncResult:
    """The full re-plan: bring the whole outbox window in step with the plan — add missing nudges,
    re-plan unsent ones, cancel stale ones — a few events at a time."""
    policies, _ = checked_policies(session=session)  # first: it may store the default rules
    latest = latest_change(session)
    since, until = now - grace(settings), horizon_end(now, settings, horizon_days)
    tally = _Tally()
    covered: set[int] = set()
    found: list[RowProblem] = []  # what only planning meets (an obligation it cannot read)
    for planned in iter_plan_window(
        session=session, since=since, until=until, settings=settings, policies=policies
    ):
        _apply(session, planned, now=now, since=since, tally=tally)
        covered.update(planned.event_ids)
        found += (p for p in planned.problems if p.text_key == "valid.unreadable_obligation_row")
    tally.cancelled += _cancel_stale(session, since=since, now=now, keep=covered)
    problems = (*plan_problems(session=session), *found)
    notify_staff_of_problems(session=session, problems=problems, now=now, settings=settings)
    # The newest change stays: SQLite would give a new change the id of a deleted one.
    session.execute(delete(PlanChange).where(col(PlanChange.id) < latest))
    _write_cursor(session, SyncCursor(change_id=latest, until=until))
    session.flush()
    return tally.result()


def sync_outbox_changes(
    *, session: Session, now: datetime, settings: Settings, horizon_days: int = HORIZON_DAYS
) -> SyncResult:
    """A tick's sync, incremental: re-plan only the events changed since the last sync (all of
    them after a change to a unit, person or rule, or with no sync before), and plan the day the
    window moved on by. A tick where nothing changed costs two queries."""
    cursor = _read_cursor(session)
    changes = changes_since(session, cursor.change_id) if cursor else {}
    if cursor is None or None in changes.values():
        return sync_outbox(session=session, now=now, settings=settings, horizon_days=horizon_days)
    since, until = now - grace(settings), horizon_end(now, settings, horizon_days)
    if not changes and until <= cursor.until:
        return SyncResult()
    policies, problems = checked_policies(session=session)
    tally = _Tally()
    touched = {event_id for event_id in changes.values() if event_id is not None}
    if touched:
        covered: set[int] = set()
        found: list[RowProblem] = list(problems)
        for planned in iter_plan_window(
            session=session,
            since=since,
            until=max(until, cursor.until),
            settings=settings,
            policies=policies,
            only=touched,
        ):
            _apply(session, planned, now=now, since=since, tally=tally)
            covered.update(planned.event_ids)
            found += planned.problems
        tally.cancelled += _cancel_stale(
            session, since=since, now=now, keep=covered, among=touched - covered
        )
        notify_staff_of_problems(session=session, problems=found, now=now, settings=settings)
    if until > cursor.until:
        for planned in iter_plan_window(
            session=session,
            since=max(since, cursor.until),
            until=until,
            settings=settings,
            policies=policies,
            skip=touched,
        ):
            _apply(session, planned, now=now, since=since, tally=tally, stale=False)
    latest = max(changes, default=cursor.change_id)
    _write_cursor(session, SyncCursor(change_id=latest, until=max(until, cursor.until)))
    session.flush()
    return tally.result()


@dataclass(frozen=True)
class SyncCursor:
    """How far the outbox is in step: the last plan change it has seen, the end of its window."""

    change_id: int
    until: datetime


def _read_cursor(session: Session) -> SyncCursor | None:
    row = session.get(Setting, SYNC_CURSOR)
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        return SyncCursor(change_id=int(data["change_id"]), until=_aware(data["until"]))
    except (ValueError, TypeError, KeyError):  # a hand edit: the full re-plan writes it anew
        log.warning("the outbox sync cursor %r cannot be read; planning everything", row.value)
        return None


def _aware(text: str) -> datetime:
    """An ISO 8601 moment with its offset (ValueError without one)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"no offset: {text!r}")
    return moment


def _write_cursor(session: Session, cursor: SyncCursor) -> None:
    value = json.dumps({"change_id": cursor.change_id, "until": cursor.until.isoformat()})
    row = session.get(Setting, SYNC_CURSOR) or Setting(key=SYNC_CURSOR)
    row.value = value
    session.add(row)


@dataclass
class _Tally:
    inserted: int = 0
    updated: int = 0
    cancelled: int = 0
    revived: int = 0
    unreachable: int = 0

    def result(self) -> SyncResult:
        return SyncResult(
            inserted=self.inserted,
            updated=self.updated,
            cancelled=self.cancelled,
            revived=self.revived,
            unreachable=self.unreachable,
        )


def _apply(
    session: Session,
    planned: PlannedBatch,
    *,
    now: datetime,
    since: datetime,
    tally: _Tally,
    stale: bool = True,
) -> None:
    """Put one batch of planned nudges in the outbox; with `stale`, cancel the unsent rows of its
    events that the plan no longer calls for."""
    wanted = {p.key: p for p in planned.nudges if p.reachable}
    tally.unreachable += len(planned.nudges) - len(wanted)
    stored = _stored_by_key(session, list(wanted))
    new_rows = []
    replanned: dict[int, tuple[dict[str, Any], bool]] = {}  # row id: (changes, revive)
    for key, plan in wanted.items():
        found = stored.get(key)
        if found is None:
            new_rows.append(_new_row(plan, now=now))
        elif found.state == NudgeState.PENDING:
            if changes := _replan_changes(found, plan):
                replanned[found.id] = (changes, False)
        elif (
            found.state == NudgeState.CANCELLED and found.reason in REVIVABLE and plan.due_at >= now
        ):
            replanned[found.id] = (_replan_changes(found, plan), True)
    for row in _rows_by_id(session, list(replanned)):  # only the rows that change are read whole
        changes, revive = replanned[row.id or 0]
        _replan(row, changes, now=now)
        if revive:
            row.state, row.reason, row.attempts = NudgeState.PENDING, None, 0
            tally.revived += 1
        else:
            tally.updated += 1
        session.add(row)
    if stale and planned.event_ids:
        tally.cancelled += _cancel_unwanted(
            session, col(Nudge.event_id).in_(planned.event_ids), since=since, wanted=wanted, now=now
        )
    if new_rows:  # a Core insert: ORM objects, or the ORM's bulk insert, cost more than planning
        session.connection().execute(insert(Nudge.__table__), new_rows)  # type: ignore[attr-defined]
        tally.inserted += len(new_rows)
    session.flush()


def _cancel_stale(
    session: Session,
    *,
    since: datetime,
    now: datetime,
    keep: Collection[int],
    among: Collection[int] | None = None,
) -> int:
    """Cancel the unsent planned rows of events the planner did not look at (cancelled, moved out
    of the window): those of every event but `keep`, or of the events `among`."""
    if among is not None:
        if not among:
            return 0
        which = col(Nudge.event_id).in_(list(among))
    else:
        which = col(Nudge.event_id).not_in(list(keep))
    return _cancel_unwanted(session, which, since=since, wanted={}, now=now)


def _cancel_unwanted(
    session: Session, which: Any, *, since: datetime, wanted: Mapping[str, Any], now: datetime
) -> int:
    """Cancel the unsent planned rows due from `since` that `which` selects and the plan no
    longer calls for (keys not in `wanted`); only those rows are read whole."""
    keys = select(Nudge.id, Nudge.key).where(
        Nudge.state == NudgeState.PENDING, col(Nudge.due_at) >= since, which
    )
    ids = [row_id for row_id, key in session.exec(keys) if key not in wanted]
    cancelled = 0
    for at in range(0, len(ids), 500):
        query = select(Nudge).where(col(Nudge.id).in_(ids[at : at + 500]))
        rows, unreadable = readable_rows(session, query.order_by(col(Nudge.id)), Nudge)
        for row in rows:
            if (row.payload or {}).get("origin") == ORIGIN_PLAN:
                cancel(row, reason=_why_gone(session, row), now=now)
                session.add(row)
                cancelled += 1
        for bad in unreadable:  # a hand edit; nothing could send it, and the plan wants it no more
            log.error("outbox row %s cancelled: %s is %r", bad.id, bad.column, bad.value)
            session.execute(
                update(Nudge)
                .where(col(Nudge.id) == bad.id)
                .values(
                    state=NudgeState.CANCELLED, reason="unreadable", payload=None, updated_at=now
                )
            )
            cancelled += 1
    return cancelled


def _stored_by_key(session: Session, keys: list[str]) -> dict[str, Any]:
    """What the outbox holds for `keys`, without the words: what `_replan_changes` compares (the
    row's spec read out of its payload by the database)."""
    query = select_columns(
        *(
            col(column)
            for column in (
                Nudge.id,
                Nudge.key,
                Nudge.state,
                Nudge.reason,
                Nudge.due_at,
                Nudge.expires_at,
                Nudge.target,
                Nudge.occurrence,
            )
        ),
        col(Nudge.payload)["spec"].label("spec"),
    )
    out: dict[str, Any] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        try:
            rows = list(session.execute(query.where(col(Nudge.key).in_(chunk))))
        except OperationalError:  # SQLite: a payload that is not JSON (a hand edit)
            rows = [row for key in chunk for row in _stored_healed(session, query, key)]
        for found in rows:
            out[found.key] = found
    return out


def _stored_healed(session: Session, query: Any, key: str) -> list[Any]:
    """What the outbox holds for one key; a row whose payload is not JSON has its payload cleared
    first, so the sync writes it anew from the plan (logged once: it is then healed)."""
    try:
        return list(session.execute(query.where(col(Nudge.key) == key)))
    except OperationalError:
        log.error("outbox row %s had a payload that is not JSON: written anew from the plan", key)
        session.execute(update(Nudge).where(col(Nudge.key) == key).values(payload=None))
        return list(session.execute(query.where(col(Nudge.key) == key)))


def _rows_by_id(session: Session, ids: list[int]) -> Iterator[Nudge]:
    """The whole outbox rows with `ids`, a few hundred at a time."""
    for i in range(0, len(ids), 500):
        yield from session.exec(select(Nudge).where(col(Nudge.id).in_(ids[i : i + 500])))


def _new_row(plan: PlannedNudge, *, now: datetime) -> dict[str, Any]:
    """The outbox row of a newly planned nudge, as values for a bulk insert."""
    return {
        "key": plan.key,
        "rule": plan.rule,
        "event_id": plan.event_id,
        "occurrence": plan.occurrence,
        "unit_id": plan.unit_id,
        "obligation_id": plan.obligation_id,
        "target": plan.to or "",
        "target_label": plan.target_label,
        "transport": plan.transport,
        "language": plan.language,
        "state": NudgeState.PENDING,
        "due_at": plan.due_at,
        "expires_at": plan.expires_at,
        "next_attempt_at": plan.due_at,
        "attempts": 0,
        "verify_before_send": False,
        "reported": False,
        "payload": _payload(plan.spec, plan.message, ORIGIN_PLAN),
        "created_at": now,
        "updated_at": now,
    }


def _payload(spec: NudgeSpec | None, message: NudgeMessage, origin: str) -> dict[str, Any]:
    return {
        "origin": origin,
        "spec": spec.as_json() if spec else None,
        "message": message_to_json(message),
    }


def _replan_changes(stored: Any, plan: PlannedNudge) -> dict[str, Any]:
    """What a stored row (as `_stored_by_key` reads it) must change to say what the plan now
    says; its words only when its spec changes."""
    wanted = {
        "due_at": plan.due_at,
        "expires_at": plan.expires_at,
        "target": plan.to or "",
        "occurrence": plan.occurrence,
    }
    changed = {k: v for k, v in wanted.items() if getattr(stored, k) != v}
    if stored.spec != plan.spec.as_json():
        changed["payload"] = _payload(plan.spec, plan.message, ORIGIN_PLAN)
    return changed


def _replan(row: Nudge, changes: Mapping[str, Any], *, now: datetime) -> None:
    """Move an unsent row to what the plan now says (`changes`, none: left as it is)."""
    if not changes:
        return
    for field, value in changes.items():
        setattr(row, field, value)
    if "target" in changes:
        row.channel = None
    row.next_attempt_at = row.due_at
    row.updated_at = now


def _why_gone(session: Session, row: Nudge) -> str:
    if row.event_id is not None:
        event = session.get(PlanEvent, row.event_id)
        if event is None or event.state == EventState.CANCELLED:
            return "event cancelled"
    if row.obligation_id is not None:
        obligation = session.get(Obligation, row.obligation_id)
        if obligation is not None and obligation.state != ObligationState.OPEN:
            return f"obligation {obligation.state}"
    if row.unit_id is not None:
        unit = session.get(Unit, row.unit_id)
        if unit is not None and not unit.active:
            return "unit inactive"
    return "replanned"


def snooze_nudge(
    *, session: Session, nudge_id: int, actor: str, now: datetime, settings: Settings
) -> Nudge:
    """Re-plan one target's nudge for the next morning (within send hours); returns the new row,
    or the nudge already due to that target that morning (e.g. the first overdue reminder after a
    snooze on the deadline day), so the morning brings one message, not two."""
    original = session.get(Nudge, nudge_id)
    if original is None:
        raise NudgeNotFound(str(nudge_id))
    tz = settings.timezone
    day = local_date(now, tz) + timedelta(days=1)
    _check_not_too_late(session=session, nudge=original, today=day - timedelta(days=1))
    due = within_send_hours(local_datetime(day, settings.morning, tz), settings)
    base = original.key.split("/snooze:")[0]
    key = f"{base}/snooze:{day.isoformat()}"
    existing = session.exec(select(Nudge).where(Nudge.key == key)).first()
    if existing is not None:
        return existing
    already = pending_for_same_target(session=session, row=original, day=day, tz=tz)
    if already is not None:
        return already
    payload = dict(original.payload or {})
    spec = payload.get("spec")
    if spec:
        payload["spec"] = snoozed_spec(NudgeSpec.from_json(spec), day).as_json()
    payload["origin"] = ORIGIN_SNOOZE
    row = Nudge(
        key=key,
        rule=original.rule,
        event_id=original.event_id,
        occurrence=original.occurrence,
        unit_id=original.unit_id,
        obligation_id=original.obligation_id,
        target=original.target,
        target_label=original.target_label,
        transport=original.transport,
        language=original.language,
        state=NudgeState.PENDING,
        due_at=due,
        expires_at=due + timedelta(hours=12),
        next_attempt_at=due,
        channel=original.channel,
        payload=payload,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="nudge",
        entity_id=row.id,
        action="snooze",
        before={"nudge": original.id},
        after={"key": key, "due_at": due.isoformat()},
    )
    return row


def _check_not_too_late(*, session: Session, nudge: Nudge, today: date) -> None:
    """SnoozeTooLate when a hand-in still open today closes tonight (an older nudge's button
    pressed on the deadline's last day)."""
    obligation = session.get(Obligation, nudge.obligation_id) if nudge.obligation_id else None
    event = session.get(PlanEvent, nudge.event_id) if nudge.event_id else None
    if obligation is None or event is None or event.deliverable == Deliverable.NONE:
        return
    tomorrow = today + timedelta(days=1)
    if hand_in_closed(
        event=event, obligation=obligation, staff=False, today=today
    ) is None and hand_in_closed(event=event, obligation=obligation, staff=False, today=tomorrow):
        raise SnoozeTooLate(event.title)


def snoozed_spec(spec: NudgeSpec, day: date) -> NudgeSpec:
    """The spec of a snoozed nudge sent on `day`: after the deadline it reads as overdue."""
    template = spec.template
    if template == "deadline" and day > spec.anchor_day:
        template = "deadline_overdue"
    return replace(spec, template=template, snoozed=True)


def pending_for_same_target(
    *, session: Session, row: Nudge, day: date, tz: ZoneInfo
) -> Nudge | None:
    """A pending nudge of the same obligation (or event and unit) to the same target on `day`."""
    query = select(Nudge).where(
        Nudge.state == NudgeState.PENDING,
        Nudge.target == row.target,
        Nudge.id != row.id,
        col(Nudge.due_at) >= local_datetime(day, time(0), tz),
        col(Nudge.due_at) < local_datetime(day + timedelta(days=1), time(0), tz),
    )
    if row.obligation_id is not None:
        query = query.where(Nudge.obligation_id == row.obligation_id)
    else:
        query = query.where(Nudge.event_id == row.event_id, Nudge.unit_id == row.unit_id)
    return session.exec(query.order_by(col(Nudge.due_at))).first()


def enqueue_notice(
    *,
    session: Session,
    key: str,
    target: Target,
    message: NudgeMessage,
    now: datetime,
    due_at: datetime | None = None,
    target_label: str = "staff",
    expires_at: datetime | None = None,
) -> tuple[Nudge, bool]:
    """Put a one-off message (failure notice, digest) in the outbox once per key; (row, created)."""
    existing = session.exec(select(Nudge).where(Nudge.key == key)).first()
    if existing is not None:
        return existing, False
    due = due_at or now
    row = Nudge(
        key=key,
        rule=message.rule,
        event_id=message.event_id or None,
        target=str(target),
        target_label=target_label,
        transport=target.transport,
        language=message.language,
        state=NudgeState.PENDING,
        due_at=due,
        expires_at=expires_at or due + timedelta(days=2),
        next_attempt_at=due,
        payload=_payload(None, replace(message, idempotency_key=key), ORIGIN_NOTICE),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row, True


def queue_reply(
    *, session: Session, key: str, user: str, text: str, language: str, now: datetime
) -> tuple[Nudge, bool]:
    """Put an answer to a person's own action (a hand-in's receipt) in the outbox, in the same
    transaction as the action: sent once, at once, and still sent after a restart; (row, created)."""
    first, *rest = text.split("\n")
    message = NudgeMessage(
        idempotency_key=key,
        rule=RECEIPT_RULE,
        language=language,
        event_id=0,
        event_title="",
        event_kind="",
        when_text="",
        headline=first,
        details=tuple(rest),
    )
    return enqueue_notice(
        session=session,
        key=key,
        target=Target.slack(user),
        message=message,
        now=now,
        target_label=f"<@{user}>",
    )


def stored_message(row: Nudge) -> NudgeMessage | None:
    """The message an outbox row holds; None when its payload cannot be read (a hand edit, an
    old version: not an object, no message, a message without its keys)."""
    try:
        return message_from_json(row.payload["message"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def notify_staff(
    *,
    session: Session,
    row: Nudge,
    key: str,
    headline: str,
    now: datetime,
    settings: Settings,
    details: tuple[str, ...] = (),
    avoid: Target | None = None,
) -> bool:
    """Queue a notice to staff about an outbox row, once per key (never to `avoid`, a route that
    failed); False when staff can't be reached."""
    targets = staff_targets(settings, notice=True, avoid=avoid)
    if not targets:
        return False
    stored = stored_message(row)
    message = NudgeMessage(
        idempotency_key=key,
        rule="staff.failure",
        language=settings.language,
        event_id=row.event_id or 0,
        event_title=stored.event_title if stored else "",
        event_kind=stored.event_kind if stored else "other",
        when_text=stored.when_text if stored else "",
        headline=headline,
        details=details,
    )
    enqueue_notice(session=session, key=key, target=targets[0], message=message, now=now)
    return True


def due_counts(*, session: Session, now: datetime) -> dict[str, int]:
    """How many rows are in each state, and how many pending ones are due now."""
    out: dict[str, int] = {}
    for row_state in session.exec(select(Nudge.state)):
        out[row_state] = out.get(row_state, 0) + 1
    out["due"] = len(
        session.exec(
            select(Nudge.id).where(
                Nudge.state == NudgeState.PENDING,
                or_(col(Nudge.next_attempt_at).is_(None), col(Nudge.next_attempt_at) <= now),
            )
        ).all()
    )
    return out
