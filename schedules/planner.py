"""The planner: which nudges fall due, when and to whom — a pure function of events, obligations,
units, policies and a time window. Nothing here reads the clock or the database."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

from bot.dates import (
    local_date,
    local_datetime,
    next_working_day,
    previous_working_day,
    quiet_period_end,
)
from bot.messages import NudgeMessage
from bot.models import EventState, ObligationState, PlanEvent, Role, UnitKind
from bot.services.agenda import occurrences
from bot.services.deliveries import closes_at_deadline
from bot.services.status import WAITING, count_states, counted_state, counts_unit
from bot.services.validation import parse_clock_time
from bot.settings import Settings
from bot.targets import Target, staff_targets
from schedules.policies import Policy
from schedules.render import (
    DEADLINE_TEMPLATES,
    Counts,
    EventWording,
    NudgeSpec,
    message_text,
)

log = logging.getLogger(__name__)

STAFF_TARGET = "staff"
DEADLINE_AUDIENCES = ("open_units", "overdue_units")
DEADLINE_OR_STAFF = (*DEADLINE_AUDIENCES, "staff")


@dataclass(frozen=True)
class UnitContact:
    """How a unit is reached: its channel, else the people holding each role (Slack user ids)."""

    unit_id: int
    slug: str
    name: str
    channel: str | None = None
    people: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    active: bool = True
    kind: str = UnitKind.MUNICIPAL
    teams: bool = False
    annual_meeting: date | None = None

    def reach(self, roles: Sequence[str]) -> list[tuple[str, str]]:
        """(key suffix, target) pairs: the channel, else a DM to everyone holding one of `roles`;
        plus the unit's Teams channel when it has a webhook."""
        teams = [(f"unit:{self.slug}/teams", str(Target.teams(self.slug)))] if self.teams else []
        if self.channel:
            return [(f"unit:{self.slug}", self.channel), *teams]
        users = sorted({u for role in roles for u in self.people.get(role, ())})
        return [(f"unit:{self.slug}/dm:{user}", user) for user in users] + teams


@dataclass  # not frozen: a frozen dataclass costs three times as much to make, and a wave has
# tens of thousands of these; nothing changes one after the planner made it.
class PlannedNudge:
    """One nudge the plan calls for: when, to whom (None: nobody to send it to), and what it says
    (rendered when first read: planning decides when and to whom, the outbox stores the words)."""

    key: str
    due_at: datetime
    expires_at: datetime
    rule: str
    event_id: int
    event_title: str
    occurrence: date
    target_label: str
    to: str | None
    unit_id: int | None
    obligation_id: int | None
    spec: NudgeSpec
    wording: EventWording = field(repr=False, compare=False)

    @cached_property
    def message(self) -> NudgeMessage:
        return self.wording.render(
            key=self.key,
            rule=self.rule,
            spec=self.spec,
            moment=self.due_at,
            unit_id=self.unit_id,
            obligation_id=self.obligation_id,
        )

    @property
    def language(self) -> str:
        return self.wording.language

    @property
    def reachable(self) -> bool:
        return self.to is not None

    @property
    def transport(self) -> str:
        """'teams' for a Teams target, else 'slack'."""
        return Target.parse(self.to or "").transport

    def as_json(self, tz: Any) -> dict[str, Any]:
        """The `planbot nudges --json` shape (fields are only ever added)."""
        return {
            "due_at": self.due_at.astimezone(tz).isoformat(),
            "event_id": self.event_id,
            "event_title": self.event_title,
            "occurrence": self.occurrence.isoformat(),
            "rule": self.rule,
            "target": self.target_label,
            "to": self.to,
            "reachable": self.reachable,
            "transport": self.transport,
            "unit_id": self.unit_id,
            "obligation_id": self.obligation_id,
            "key": self.key,
            "text": message_text(self.message),
            "buttons": list(self.message.buttons),
        }


# The order of planned nudges: due time, event, rule, target.
DUE_ORDER = attrgetter("due_at", "event_id", "rule", "target_label")


class ObligationFacts(Protocol):
    """What the planner reads of an obligation: an `Obligation` row has it, or a PlannedObligation."""

    @property
    def id(self) -> int | None: ...
    @property
    def event_id(self) -> int: ...
    @property
    def unit_id(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...


class PlannedObligation(NamedTuple):
    """Only the columns of an obligation the planner reads (cheaper to load than the ORM row)."""

    id: int | None
    event_id: int
    unit_id: int
    state: str
    due_date: date | None


# Who one nudge goes to: a unit (with its obligation, if any), or (None, None) for staff.
_Recipient = tuple[UnitContact | None, ObligationFacts | None]


def plan_due_nudges(
    *,
    events: Sequence[PlanEvent],
    obligations: Sequence[ObligationFacts],
    units: Sequence[UnitContact],
    policies: Sequence[Policy],
    since: datetime,
    until: datetime,
    settings: Settings,
) -> list[PlannedNudge]:
    """Every nudge due in [since, until), in due order; unreachable targets come with `to=None`."""
    every_unit = {u.unit_id: u for u in units}
    by_unit = {u.unit_id: u for u in units if u.active}
    municipal = sorted(
        (u for u in by_unit.values() if u.kind == UnitKind.MUNICIPAL), key=lambda u: u.slug
    )
    by_event: dict[int, list[ObligationFacts]] = {}
    for obligation in obligations:
        by_event.setdefault(obligation.event_id, []).append(obligation)
    out: list[PlannedNudge] = []
    for event in events:
        if event.state == EventState.CANCELLED or event.id is None:
            continue
        rules = [
            p
            for p in policies
            if p.enabled and p.event_kind == event.kind and event.precision in p.precisions
        ]
        if not rules:
            continue
        obligations_of = by_event.get(event.id, [])
        wording = EventWording(
            event=event,
            language=settings.language,
            tz=settings.timezone,
            counts=obligation_counts(
                obligations_of,
                every_unit,
                event_key=event.key,
                today=since.astimezone(settings.timezone).date(),
            ),
        )
        try:
            out.extend(
                _plan_event(
                    event,
                    obligations_of,
                    by_unit,
                    municipal,
                    wording,
                    rules,
                    since,
                    until,
                    settings,
                )
            )
        except (ValueError, TypeError, OverflowError) as exc:  # a bad row never stops the rest
            log.warning("event %s skipped by the planner: %s", event.id, exc)
    out.sort(key=DUE_ORDER)
    return out


def _plan_event(
    event: PlanEvent,
    obligations: list[ObligationFacts],
    units: dict[int, UnitContact],
    municipal: list[UnitContact],
    wording: EventWording,
    rules: list[Policy],
    since: datetime,
    until: datetime,
    settings: Settings,
) -> list[PlannedNudge]:
    first, last = reach_window(since, until, rules, settings)
    open_obligations = [
        o for o in obligations if o.state == ObligationState.OPEN and o.unit_id in units
    ]
    items: list[tuple[date | None, date | None]]
    if event.start_date is not None:
        items = [(i.start, i.end) for i in occurrences(event, first, last) if i.start and i.end]
    elif open_obligations and any(o.due_date for o in open_obligations):
        # A relative deadline: no date of its own, each unit's obligation carries one.
        items = [(None, None)]
    else:
        return []
    planned: list[PlannedNudge] = []
    moments: dict[tuple[str, date, date], list[_Moment]] = {}
    for occ_start, occ_end in items:
        for policy in rules:
            groups = _recipients(event, policy, obligations, open_obligations, units, municipal)
            for deadline, recipients in groups.items():
                start = occ_start or deadline
                end = occ_end or deadline
                if start is None or end is None:
                    continue
                if policy.audience in DEADLINE_AUDIENCES and deadline:
                    end = deadline
                    start = min(start, end)
                if (end - start).days + 1 < policy.min_span_days:
                    continue
                slot = (policy.rule, start, end)
                if slot not in moments:  # the same for every recipient of these dates
                    moments[slot] = _moments(event, policy, start, end, since, until, settings)
                if not moments[slot]:
                    continue
                for recipient in recipients:
                    planned.extend(
                        _plan_rule(
                            event, policy, recipient, start, end, wording, moments[slot], settings
                        )
                    )
    return merge_same_day(planned, rules, settings)


def reach_window(
    since: datetime, until: datetime, rules: Sequence[Policy], settings: Settings
) -> tuple[date, date]:
    """The days an event's dates must touch for one of `rules` to nudge in [since, until): a rule
    nudges at most its offset before the event and its offset plus repeats after it, and a week
    more either way for working days and the quiet period."""
    lead = max([-p.offset_days for p in rules] + [0]) + 7
    tail = max([p.offset_days + p.repeat_every_days * p.repeat_count for p in rules] + [0]) + 7
    tz = settings.timezone
    first = since.astimezone(tz).date() - timedelta(days=tail)
    return first, until.astimezone(tz).date() + timedelta(days=lead)


def _recipients(
    event: PlanEvent,
    policy: Policy,
    obligations: list[ObligationFacts],
    open_obligations: list[ObligationFacts],
    units: dict[int, UnitContact],
    municipal: list[UnitContact],
) -> dict[date | None, list[_Recipient]]:
    """Whom `policy` nudges about `event`, by the deadline their dates count from (so the moments
    of a deadline are worked out once for all its recipients)."""
    if policy.audience == "staff":
        if not obligations and event.per_unit:
            return {}
        if policy.template == "staff_after" and not event.per_unit:
            return {}  # «19 av 22 leverte» needs units that owed something
        return {event.end_date: [(None, None)]}
    if policy.audience in DEADLINE_AUDIENCES and event.per_unit:
        groups: dict[date | None, list[_Recipient]] = {}
        for o in open_obligations:
            groups.setdefault(o.due_date or event.end_date, []).append((units[o.unit_id], o))
        return groups
    return {event.end_date: [(u, None) for u in municipal]}


@dataclass(frozen=True)
class _Moment:
    """When one repeat (`k`) of a rule nudges for one span of dates, and when that goes stale."""

    k: int
    anchor: date
    due: datetime
    expires: datetime


def _moments(
    event: PlanEvent,
    policy: Policy,
    start: date,
    end: date,
    since: datetime,
    until: datetime,
    settings: Settings,
) -> list[_Moment]:
    """The moments in [since, until) at which `policy` nudges about the span start..end."""
    anchor = {"start": start, "end": end, "middle": start + (end - start) / 2}[policy.anchor]
    # After a hand-in deadline closed to leaders, the one thing left to tell them is «send it
    # to the county office»: once, the day after; the county office gets the list of who did not
    # (deadline.staff_after) and follows up. No weekly repeats of a step they cannot take here.
    repeats = policy.repeat_count
    if policy.audience == "overdue_units" and closes_at_deadline(event):
        repeats = 0
    out = []
    for k in range(repeats + 1):
        day = anchor + timedelta(days=policy.offset_days + k * policy.repeat_every_days)
        if policy.working_days == "earlier":
            day = previous_working_day(day, include_today=True)
        elif policy.working_days == "later":
            day = next_working_day(day, include_today=True)
        if policy.audience == "overdue_units":
            day = after_quiet_period(day, settings)
        due = _due_moment(day, policy, event, settings)
        if since <= due < until:
            out.append(_Moment(k, anchor, due, _expiry(event, policy, start, end, due, settings)))
    return out


def _plan_rule(
    event: PlanEvent,
    policy: Policy,
    recipient: _Recipient,
    start: date,
    end: date,
    wording: EventWording,
    moments: list[_Moment],
    settings: Settings,
) -> list[PlannedNudge]:
    contact, obligation = recipient
    if contact is None:
        targets: list[tuple[str, str | None]] = staff_reach(settings)
    else:
        roles = (Role.LEADER,) if policy.audience in DEADLINE_AUDIENCES else _roles(event)
        targets = list(contact.reach(roles)) or [(f"unit:{contact.slug}", None)]
    unit_id = contact.unit_id if contact else None
    obligation_id = obligation.id if obligation else None
    occ = start.isoformat() if event.recurrence else "once"
    out = []
    for moment in moments:
        k, anchor, due, expires = moment.k, moment.anchor, moment.due, moment.expires
        if obligation is not None and _waits(event, contact, local_date(due, settings.timezone)):
            continue  # not asked yet that day ("who leads after the meeting?" before it is held)
        rule = policy.rule + (f"#{k + 1}" if k else "")
        relative_day = end if policy.audience in DEADLINE_OR_STAFF else anchor
        if policy.anchor == "start":
            relative_day = start
        spec = NudgeSpec(
            template=policy.template,
            occ_start=start,
            occ_end=end,
            anchor_day=relative_day,
            unit_name=contact.name if contact else None,
            buttons=policy.buttons,
        )
        for suffix, to in targets:
            out.append(
                PlannedNudge(
                    key=f"{event.id}:{occ}:{rule}:{suffix}",
                    due_at=due,
                    expires_at=expires,
                    rule=rule,
                    event_id=event.id or 0,
                    event_title=event.title,
                    occurrence=start,
                    target_label=suffix,
                    to=to,
                    unit_id=unit_id,
                    obligation_id=obligation_id,
                    spec=spec,
                    wording=wording,
                )
            )
    return out


def _waits(event: PlanEvent, contact: UnitContact | None, day: date) -> bool:
    """Whether the unit cannot act on its obligation on `day` (status.counted_state: WAITING, the
    new-leader question before its annual meeting): no reminder is planned for that day; one for
    a day after the meeting is (the planner sees the meeting's date at every sync)."""
    if contact is None:
        return False
    state = counted_state(
        ObligationState.OPEN, event_key=event.key, annual_meeting=contact.annual_meeting, today=day
    )
    return state == WAITING


def after_quiet_period(day: date, settings: Settings) -> date:
    """An overdue reminder's day, moved to the first working day after the quiet period
    (PLANBOT_QUIET_PERIOD: Christmas and New Year) when it falls in it."""
    if settings.quiet_period is None:
        return day
    end = quiet_period_end(day, settings.quiet_period)
    return day if end is None else next_working_day(end)


def merge_same_day(
    planned: list[PlannedNudge], rules: Sequence[Policy], settings: Settings
) -> list[PlannedNudge]:
    """One deadline nudge per target and day: when several rules land on the same day (the 7- and
    2-day nudges before Easter, overdue reminders after the quiet period), keep the one whose rule
    lies nearest the deadline; its words count from the day it is sent."""
    by_rule = {p.rule: p for p in rules}

    def distance(nudge: PlannedNudge) -> tuple[int, str]:
        name, _, repeat = nudge.rule.partition("#")
        policy = by_rule[name]
        k = int(repeat) - 1 if repeat else 0
        return abs(policy.offset_days + k * policy.repeat_every_days), nudge.rule

    kept: dict[tuple[date, str, date], PlannedNudge] = {}
    out: list[PlannedNudge] = []
    for nudge in planned:
        if nudge.spec.template not in DEADLINE_TEMPLATES:
            out.append(nudge)
            continue
        slot = (nudge.occurrence, nudge.target_label, local_date(nudge.due_at, settings.timezone))
        other = kept.get(slot)
        if other is None or distance(nudge) < distance(other):
            kept[slot] = nudge
    return out + list(kept.values())


def staff_reach(settings: Settings) -> list[tuple[str, str | None]]:
    """(key suffix, target) pairs for a staff nudge (bot.targets.staff_targets decides where);
    (staff, None) when staff have no route."""
    return [
        (f"{STAFF_TARGET}/teams" if target.is_teams else STAFF_TARGET, str(target))
        for target in staff_targets(settings)
    ] or [(STAFF_TARGET, None)]


def _roles(event: PlanEvent) -> tuple[str, ...]:
    return tuple(event.audience or ()) or (Role.LEADER,)


def _due_moment(day: date, policy: Policy, event: PlanEvent, settings: Settings) -> datetime:
    tz = settings.timezone
    if policy.at == "before_start" and event.start_time is not None:
        moment = local_datetime(day, event.start_time, tz) - timedelta(
            minutes=policy.minutes_before_start
        )
    elif policy.at in ("morning", "before_start"):
        moment = local_datetime(day, settings.morning, tz)
    else:
        moment = local_datetime(day, parse_clock_time(policy.at), tz)
    return within_send_hours(moment, settings)


def within_send_hours(moment: datetime, settings: Settings) -> datetime:
    """`moment` moved into the day's send hours (earlier → send_from, later → send_until)."""
    tz = settings.timezone
    local = moment.astimezone(tz)
    if local.time() < settings.send_from:
        return local_datetime(local.date(), settings.send_from, tz)
    if local.time() > settings.send_until:
        return local_datetime(local.date(), settings.send_until, tz)
    return moment


def _expiry(
    event: PlanEvent,
    policy: Policy,
    start: date,
    end: date,
    due: datetime,
    settings: Settings,
) -> datetime:
    """The moment after which the nudge no longer makes sense."""
    tz = settings.timezone
    if policy.repeat_every_days:
        return due + timedelta(days=policy.repeat_every_days)
    if policy.anchor == "end" and policy.offset_days > 0:
        # After the event (the summary the day after a deadline): the rest of its own day,
        # not the day after the deadline, which has passed by then.
        return local_datetime(local_date(due, tz) + timedelta(days=1), time(0), tz)
    if policy.anchor == "start" and policy.audience not in DEADLINE_OR_STAFF:
        if event.start_time is not None and event.precision == "day":
            moment = local_datetime(start, event.start_time, tz)
        else:
            moment = local_datetime(start + timedelta(days=1), time(0), tz)
    else:
        moment = local_datetime(end + timedelta(days=1), time(0), tz)
    return max(moment, due + timedelta(minutes=1))


def obligation_counts(
    obligations: Sequence[ObligationFacts],
    units: Mapping[int, UnitContact],
    *,
    event_key: str | None = None,
    today: date | None = None,
) -> Counts:
    """One event's (with `event_key`) counts by the one counting service (bot.services.status),
    with the open units nobody can reach; units made inactive are named, not counted; with
    `today`, units not asked yet are counted as waiting, not open."""
    rows = []
    unreachable = []
    for o in obligations:
        contact = units.get(o.unit_id)
        if contact is None:
            continue
        counted = counts_unit(active=contact.active, kind=contact.kind)
        state = o.state
        if today is not None:
            state = counted_state(
                o.state, event_key=event_key, annual_meeting=contact.annual_meeting, today=today
            )
        rows.append((state, contact.name, counted))
        if counted and state == ObligationState.OPEN and not contact.reach((Role.LEADER,)):
            unreachable.append(contact.name)
    counts = count_states(rows)
    return Counts(
        done=counts.done,
        open=counts.open,
        exempt=counts.exempt,
        open_units=counts.open_units,
        unreachable_units=tuple(sorted(unreachable)),
        inactive_units=counts.inactive_units,
        waiting=counts.waiting,
        closed_units=counts.closed_units,
    )
