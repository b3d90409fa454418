"""Nudge policies as data: defaults in bot/data/nudge-policies.yaml, loaded once into a table staff edit."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from difflib import get_close_matches
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.dates import Precision
from bot.db import readable_rows
from bot.models import NudgePolicy, Setting
from bot.services.audit import record_change
from bot.services.units import fold
from bot.services.validation import (
    MAX_OFFSET_DAYS,
    InvalidInput,
    RowProblem,
    check_choice,
    check_offset,
    parse_clock_time,
    policy_problem,
    unreadable_problem,
)
from bot.texts import NB

POLICY_FILE = "nudge-policies.yaml"
MARKER = f"seed:{POLICY_FILE}"
ANCHORS = ("start", "end", "middle")
AUDIENCES = ("open_units", "overdue_units", "units", "staff")
WORKING_DAYS = ("any", "earlier", "later")
AT_WORDS = ("morning", "before_start")
# A rule repeats at most this many times (the shipped overdue reminder: 4).
MAX_REPEATS = 52
# The same, as staff may type them in Norwegian.
AT_ALIASES = {"morgen": "morning", "morgenen": "morning", "for_start": "before_start"}


@dataclass(frozen=True)
class Policy:
    """One rule: when, relative to which date of an event of `event_kind`, to whom, with what text."""

    event_kind: str
    rule: str
    template: str
    anchor: str = "start"
    offset_days: int = 0
    at: str = "morning"
    minutes_before_start: int = 0
    audience: str = "units"
    working_days: str = "any"
    repeat_every_days: int = 0
    repeat_count: int = 0
    min_span_days: int = 0
    precisions: tuple[str, ...] = ("day", "week", "month", "season", "quarter")
    buttons: bool = False
    enabled: bool = True

    def __post_init__(self) -> None:
        check_choice(self.anchor, ANCHORS)
        check_choice(self.audience, AUDIENCES)
        check_choice(self.working_days, WORKING_DAYS)
        for precision in self.precisions:
            check_choice(precision, [p.value for p in Precision])
        if self.at not in AT_WORDS:
            try:
                parse_clock_time(self.at)
            except InvalidInput:
                raise InvalidInput("valid.at", value=self.at) from None
        check_offset(rule=self.rule, offset_days=self.offset_days, direction="any")
        if f"nudge.{self.template}" not in NB:
            raise InvalidInput("valid.policy_template", rule=self.rule, value=self.template)
        if not (
            0 <= self.repeat_count <= MAX_REPEATS
            and 0 <= self.repeat_every_days <= MAX_OFFSET_DAYS
            and 0 <= self.min_span_days <= MAX_OFFSET_DAYS
        ):
            raise InvalidInput(
                "valid.policy_repeat",
                rule=self.rule,
                count=self.repeat_count,
                every=self.repeat_every_days,
                most=MAX_REPEATS,
                days=MAX_OFFSET_DAYS,
            )
        if not 0 <= self.minutes_before_start <= 24 * 60:
            raise InvalidInput("valid.choice", value=self.minutes_before_start, choices="0–1440")

    @classmethod
    def from_row(cls, row: NudgePolicy) -> Policy:
        """The policy held in a table row."""
        data = row.model_dump(exclude={"id"})
        data["precisions"] = tuple(data["precisions"] or ())
        return cls(**data)


def default_policies() -> list[Policy]:
    """The policies shipped in bot/data/nudge-policies.yaml."""
    text = resources.files("bot").joinpath("data", POLICY_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults: dict[str, Any] = data.get("defaults") or {}
    known = {f.name for f in fields(Policy)}
    out = []
    for kind, rules in data["policies"].items():
        for entry in rules:
            merged = {**defaults, **entry, "event_kind": kind}
            unknown = set(merged) - known
            if unknown:
                raise ValueError(f"{POLICY_FILE}: unknown fields {sorted(unknown)} in {entry}")
            merged["precisions"] = tuple(merged.get("precisions") or ())
            out.append(Policy(**merged))
    return out


def ensure_policies(*, session: Session) -> int:
    """Load the default policies into the table the first time; returns how many were added.

    Two bots started at once on a new database both find the table empty: the one that loses
    the race finds the rules there when it writes them, takes them as loaded and goes on (it
    used to stop on the unique rule name)."""
    if session.get(Setting, MARKER) is not None:
        return 0
    existing = {(p.event_kind, p.rule) for p in session.exec(select(NudgePolicy))}
    added = 0
    try:
        with session.begin_nested():
            for policy in default_policies():
                if (policy.event_kind, policy.rule) in existing:
                    continue
                data = {f.name: getattr(policy, f.name) for f in fields(Policy)}
                data["precisions"] = list(policy.precisions)
                session.add(NudgePolicy(**data))
                added += 1
            session.merge(Setting(key=MARKER, value="loaded"))
    except IntegrityError:  # another process loaded them between our read and our write
        return 0
    return added


def checked_policies(*, session: Session) -> tuple[list[Policy], list[RowProblem]]:
    """(the enabled policies that are valid, a problem for each enabled row that is not)."""
    ensure_policies(session=session)
    query = select(NudgePolicy).where(NudgePolicy.enabled == True)  # noqa: E712
    rows, unreadable = readable_rows(session, query.order_by(col(NudgePolicy.id)), NudgePolicy)
    policies: list[Policy] = []
    problems = [
        unreadable_problem("policy", {"rule": _rule_of(session, bad.id)}, bad.column, bad.value)
        for bad in unreadable
    ]
    for row in rows:
        try:
            policies.append(Policy.from_row(row))
        except (ValueError, TypeError) as exc:
            problems.append(policy_problem(row.rule, exc))
    return policies, problems


def _rule_of(session: Session, policy_id: int) -> str:
    """A rule's name, read alone (the rest of its row may not be readable)."""
    return session.exec(select(NudgePolicy.rule).where(NudgePolicy.id == policy_id)).one()


def offset_direction(rule: str, offset_days: int) -> str:
    """'before', 'after' or 'any' (on the day): what the shipped rule does, else the stored offset."""
    default = next((p.offset_days for p in default_policies() if p.rule == rule), offset_days)
    return "before" if default < 0 else "after" if default > 0 else "any"


EDITABLE = ("offset_days", "at", "minutes_before_start", "working_days", "enabled", "buttons")


class PolicyNotFound(LookupError):
    """No policy has this rule name; `near` holds the rules it may be a typo of."""

    def __init__(self, rule: str, near: list[str]) -> None:
        super().__init__(rule)
        self.near = near


class PolicyUnchanged(ValueError):
    """The rule already has the values asked for; nothing was changed."""


def all_policy_rows(*, session: Session) -> list[NudgePolicy]:
    """Every policy row, enabled or not, by event kind and rule (loading the defaults first)."""
    ensure_policies(session=session)
    rows = session.exec(select(NudgePolicy))
    return sorted(rows, key=lambda row: (row.event_kind, row.rule))


def update_policy(
    *, session: Session, rule: str, actor: str, now: datetime, **changes: Any
) -> NudgePolicy:
    """Change one rule (offset, time, working days, on/off); validated and audited.

    InvalidInput for a bad value (a time outside 00:00–23:59, an offset of the wrong sign for a
    rule before or after its date), PolicyUnchanged when it already is so; nothing is stored then.

    The outbox follows on the dispatcher's next look: unsent nudges of the rule are re-planned or,
    when it is switched off, cancelled.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    row = session.exec(select(NudgePolicy).where(NudgePolicy.rule == rule)).first()
    if row is None:
        ensure_policies(session=session)
        row = session.exec(select(NudgePolicy).where(NudgePolicy.rule == rule)).first()
    if row is None:
        rules = [r.rule for r in session.exec(select(NudgePolicy))]
        raise PolicyNotFound(rule, get_close_matches(rule.strip(), rules, n=3, cutoff=0.75))
    before = {field: getattr(row, field) for field in changes}
    if isinstance(changes.get("at"), str):
        word = fold(changes["at"].strip()).replace(" ", "_")
        changes["at"] = AT_ALIASES.get(word, changes["at"])
    if isinstance(changes.get("at"), str) and changes["at"] not in AT_WORDS:
        try:
            changes["at"] = parse_clock_time(changes["at"]).strftime("%H:%M")
        except InvalidInput:
            raise InvalidInput("valid.at", value=changes["at"]) from None
    if "offset_days" in changes:
        direction = offset_direction(rule, row.offset_days)
        check_offset(rule=rule, offset_days=changes["offset_days"], direction=direction)
    if before == {field: changes[field] for field in before}:
        raise PolicyUnchanged(rule)
    Policy.from_row(row.model_copy(update=changes))  # raises InvalidInput on a bad value
    for field, value in changes.items():
        setattr(row, field, value)
    session.add(row)
    session.flush()
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="policy",
        entity_id=row.id,
        action="update",
        before=before,
        after=dict(changes),
    )
    return row
