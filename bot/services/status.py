"""Status of deadlines with per-unit obligations: how many municipal parties are done, open, exempt.

The one home of the counting rule that every view uses (/status, App Home, the staff summary nudge,
the digest, Teams cards, `planbot status`): only the obligations of active municipal parties count;
units made inactive are named as such and counted nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from bot.models import (
    Deliverable,
    EventState,
    Obligation,
    ObligationState,
    PlanEvent,
    Unit,
    UnitKind,
)
from bot.services.questions import (
    NEW_LEADER_PREFIX,
    QUESTION_PREFIX,
    is_new_leader_question,
    waits_for_meeting,
)
from bot.services.units import fold, name_order
from bot.services.validation import OBLIGATION_STATES
from bot.texts import NB, t


def counts_unit(*, active: bool, kind: str) -> bool:
    """Whether a unit's obligations are counted: it is an active municipal party."""
    return active and kind == UnitKind.MUNICIPAL


# The one word every surface tells a unit's part in a deadline by (/status, the staff summaries,
# the units' reminders, the digest): a hand-in is «levert», a question Planbot asks is «svart»,
# anything else is «ferdig». Text keys carry it as a suffix (`status.counts.deliver`).
WORD_DONE, WORD_DELIVER, WORD_ANSWER = "done", "deliver", "answer"


def obligation_word(*, event_key: str | None, deliverable: str | None) -> str:
    """Which word a deadline's obligations are told by: WORD_ANSWER for a question Planbot asks
    (the annual-meeting date, the new leader), WORD_DELIVER for a hand-in, else WORD_DONE."""
    if (event_key or "").startswith((QUESTION_PREFIX, NEW_LEADER_PREFIX)):
        return WORD_ANSWER
    if deliverable and deliverable != Deliverable.NONE:
        return WORD_DELIVER
    return WORD_DONE


def event_word(event: PlanEvent) -> str:
    """obligation_word of a loaded event."""
    return obligation_word(event_key=event.key, deliverable=event.deliverable)


def worded(key: str, word: str) -> str:
    """The text key told in `word` (`status.counts` → `status.counts.deliver`); the key itself
    for WORD_DONE, whose words are the plain keys, and where `word` changes nothing ("gjenstår")."""
    told = f"{key}.{word}"
    return told if told in NB or f"{told}.other" in NB else key


WAITING = "waiting"
"""Counted apart from the open ones: a unit not asked yet (waits_for_meeting), which owes nothing."""


def counted_state(
    state: str, *, event_key: str | None, annual_meeting: date | None, today: date
) -> str:
    """An obligation's state as counted: an open one of a unit not asked yet is WAITING."""
    if state == ObligationState.OPEN and waits_for_meeting(
        event_key=event_key, annual_meeting=annual_meeting, today=today
    ):
        return WAITING
    return state


def _counted_clause() -> Any:
    """counts_unit() as SQL, for the queries that count at national scale."""
    return and_(col(Unit.active).is_(True), col(Unit.kind) == UnitKind.MUNICIPAL)


@dataclass(frozen=True)
class StateCounts:
    """Done/open/exempt (and waiting) of one deadline's counted obligations, the open units, the
    inactive ones."""

    done: int = 0
    open: int = 0
    exempt: int = 0
    open_units: tuple[str, ...] = ()
    inactive_units: tuple[str, ...] = ()
    waiting: int = 0
    # The counted units that are not open (done, exempt or waiting): "alle unntatt …".
    closed_units: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.done + self.open + self.exempt + self.waiting


def count_states(rows: Iterable[tuple[str, str, bool]]) -> StateCounts:
    """Counts from (state as counted, unit name, unit counted) rows; uncounted units are named
    inactive."""
    by_state: dict[str, list[str]] = {}
    inactive: list[str] = []
    for state, name, counted in rows:
        if counted:
            by_state.setdefault(state, []).append(name)
        else:
            inactive.append(name)
    return StateCounts(
        done=len(by_state.get(ObligationState.DONE, [])),
        open=len(by_state.get(ObligationState.OPEN, [])),
        exempt=len(by_state.get(ObligationState.EXEMPT, [])),
        open_units=tuple(sorted(by_state.get(ObligationState.OPEN, []), key=name_order)),
        inactive_units=tuple(sorted(inactive, key=name_order)),
        waiting=len(by_state.get(WAITING, [])),
        closed_units=tuple(
            sorted(
                (
                    name
                    for state, names in by_state.items()
                    if state != ObligationState.OPEN
                    for name in names
                ),
                key=name_order,
            )
        ),
    )


@dataclass(frozen=True)
class RelativeDue:
    """A deadline each unit counts from its own anchor ("innen tre måneder etter årsmøtet")."""

    anchor: str
    months: int = 0
    days: int = 0

    @classmethod
    def of(cls, event: PlanEvent) -> RelativeDue | None:
        if not event.relative_anchor:
            return None
        return cls(event.relative_anchor, event.relative_months or 0, event.relative_days or 0)


@dataclass(frozen=True)
class DeadlineStatus:
    """Counts for one deadline (active municipal parties only)."""

    event_id: int
    title: str
    due: date | None
    done: int
    open: int
    exempt: int
    overdue: bool
    relative: RelativeDue | None = None
    # Relative deadlines: counted units whose own date is not known yet (no anchor date).
    without_date: int = 0
    # Units not asked yet (the new-leader question before their annual meeting): not open.
    waiting: int = 0
    # Open units past their due date: all open ones after a fixed date, for a relative deadline
    # only those past their own (the rest still have time or no date yet).
    late: int = 0
    # The word its obligations are told by (obligation_word): ferdig, levert, svart.
    word: str = WORD_DONE

    @property
    def total(self) -> int:
        return self.done + self.open + self.exempt + self.waiting

    @property
    def all_open_late(self) -> bool:
        """Every open unit is past its due date (a fixed deadline gone by): the open ones are
        told as missed ("22 har ikke levert"), not as still to do ("22 gjenstår")."""
        return bool(self.open) and self.late == self.open

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.event_id,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "total": self.total,
            "done": self.done,
            "open": self.open,
            "exempt": self.exempt,
            "waiting": self.waiting,
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
    waiting: bool = False  # open, but not asked yet (waits_for_meeting)
    late: bool = False  # open and past its own due date: missed, not still to do

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit_slug,
            "name": self.unit_name,
            "state": self.state,
            "due": self.due.isoformat() if self.due else None,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "note": self.note,
            "waiting": self.waiting,
            "late": self.late,
        }


@dataclass(frozen=True)
class DeadlineDetail:
    """A deadline with every counted unit's row, and the inactive units that are not counted."""

    status: DeadlineStatus
    rows: list[UnitRow] = field(default_factory=list)
    inactive: list[UnitRow] = field(default_factory=list)

    def units_in(self, state: str) -> list[UnitRow]:
        """The rows in `state` as counted (WAITING: the open rows of units not asked yet)."""
        return [row for row in self.rows if (WAITING if row.waiting else row.state) == state]

    @property
    def without_date(self) -> list[UnitRow]:
        """Units of a relative deadline whose own date is not known yet (no annual-meeting date)."""
        if self.status.relative is None:
            return []
        return [row for row in self.rows if row.due is None]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.status.as_json(),
            "units": [row.as_json() for row in self.rows],
            "inactive": [{"unit": r.unit_slug, "name": r.unit_name} for r in self.inactive],
            "without_date": [r.unit_slug for r in self.without_date],
        }


OVERDUE_SHOWN_DAYS = 60
"""How long a deadline past its date stays in the reports, flagged, while units are still open.
After that it is folded away: every report (/status, App Home, `planbot status` and its --json, the
digest in Slack and Teams) counts and names it on one line ("+ 2 eldre frister som fortsatt er
åpne"), none drops it silently. A relative deadline (each unit its own date) is never folded."""


def folded_away(end: date | None, *, today: date) -> bool:
    """Whether a deadline that ended on `end` is folded away in the reports (when still open)."""
    return end is not None and end < today - timedelta(days=OVERDUE_SHOWN_DAYS)


def deadline_overview(
    *, session: Session, today: date, include_past_days: int = OVERDUE_SHOWN_DAYS
) -> list[DeadlineStatus]:
    """Every per-unit deadline still ahead, or past with units still open; nearest first."""
    return nearest_deadlines(session=session, today=today, include_past_days=include_past_days)[0]


def _deadline_columns() -> tuple[Any, ...]:
    """The columns of a deadline that _statuses counts (id, title, end date, relative due, key
    and deliverable): one list for every query that feeds it, so none can lack a column."""
    return (
        col(PlanEvent.id),
        col(PlanEvent.title),
        col(PlanEvent.end_date),
        col(PlanEvent.relative_anchor),
        col(PlanEvent.relative_months),
        col(PlanEvent.relative_days),
        col(PlanEvent.key),
        col(PlanEvent.deliverable),
    )


def nearest_deadlines(
    *,
    session: Session,
    today: date,
    limit: int | None = None,
    include_past_days: int = OVERDUE_SHOWN_DAYS,
) -> tuple[list[DeadlineStatus], int]:
    """The first `limit` deadlines of the overview (all without a limit), and how many it has in
    all: only those shown are counted, so a chat answer costs what it shows, not every deadline
    stored (which at 3,560 units × 2,500 deadlines is 8.9 million obligations)."""

    # Which deadlines the overview has and in which order needs no counts, except for those past
    # their date (shown while units are still open): only they, and the `limit` shown, are counted.
    first_day = today - timedelta(days=include_past_days)
    query = (
        sql_select(*_deadline_columns())
        .where(
            col(PlanEvent.per_unit).is_(True),
            col(PlanEvent.state) != EventState.CANCELLED,
            or_(col(PlanEvent.end_date).is_(None), col(PlanEvent.end_date) >= first_day),
        )
        .order_by(col(PlanEvent.id))
    )
    events = sorted(
        session.execute(query), key=lambda e: (e.end_date is None, e.end_date or date.max, e.title)
    )
    uncounted = list(session.execute(sql_select(col(Unit.id)).where(~_counted_clause())).scalars())
    past = [e for e in events if e.end_date is not None and e.end_date < today]
    counted = {s.event_id: s for s in _statuses(session, past, today=today, uncounted=uncounted)}
    shown = [e for e in events if e.id not in counted or counted[e.id].overdue]
    wanted = shown if limit is None else shown[:limit]
    fresh = [e for e in wanted if e.id not in counted]
    counted.update(
        (s.event_id, s) for s in _statuses(session, fresh, today=today, uncounted=uncounted)
    )
    return [counted[e.id] for e in wanted], len(shown)


def older_open_deadlines(*, session: Session, today: date) -> list[DeadlineStatus]:
    """The deadlines folded away (folded_away) that counted units still owe, the most recent
    first: what the reports count on their "+ N eldre frister" line. Only deadlines with an open
    obligation of a counted unit are counted (one EXISTS query finds them)."""
    first_day = today - timedelta(days=OVERDUE_SHOWN_DAYS)
    still_open = (
        sql_select(col(Obligation.id))
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(
            col(Obligation.event_id) == col(PlanEvent.id),
            col(Obligation.state) == ObligationState.OPEN,
            _counted_clause(),
        )
        .exists()
    )
    query = (
        sql_select(*_deadline_columns())
        .where(
            col(PlanEvent.per_unit).is_(True),
            col(PlanEvent.state) != EventState.CANCELLED,
            col(PlanEvent.end_date) < first_day,
            still_open,
        )
        .order_by(col(PlanEvent.end_date).desc(), col(PlanEvent.title))
    )
    events = list(session.execute(query))
    uncounted = list(session.execute(sql_select(col(Unit.id)).where(~_counted_clause())).scalars())
    return [s for s in _statuses(session, events, today=today, uncounted=uncounted) if s.overdue]


def unit_older_open(*, session: Session, unit_id: int, today: date) -> list[int]:
    """The deadlines folded away (folded_away) the unit still has open, the most recent first
    (ids): its own list shows them, since the overview only counts them."""
    first_day = today - timedelta(days=OVERDUE_SHOWN_DAYS)
    query = (
        sql_select(col(PlanEvent.id))
        .join(Obligation, col(Obligation.event_id) == col(PlanEvent.id))
        .where(
            col(Obligation.unit_id) == unit_id,
            col(Obligation.state) == ObligationState.OPEN,
            col(PlanEvent.per_unit).is_(True),
            col(PlanEvent.state) != EventState.CANCELLED,
            col(PlanEvent.end_date) < first_day,
        )
        .order_by(col(PlanEvent.end_date).desc(), col(PlanEvent.title))
    )
    return [event_id for event_id in session.execute(query).scalars() if event_id is not None]


def example_deadline_word(*, session: Session, today: date, lang: str) -> str:
    """A word that names the nearest deadline, for the examples in answers ("/status
    forslagsfrist"): a deadline of this database, or a placeholder when it has none."""
    nearest, _ = nearest_deadlines(session=session, today=today, limit=1)
    words = nearest[0].title.split() if nearest else []
    return words[0].lower() if words else t("deadline.example_none", lang)


def no_deadline_answer(*, session: Session, query: str, today: date, lang: str) -> str:
    """The answer when no deadline matches what was typed after /status or `planbot status`:
    «ny leder» before any unit has held its annual meeting names a question not asked yet (it is
    asked the day after each meeting), not a typo; otherwise an example of a deadline's word."""
    asks_leader = "leder" in fold(query).split()
    if (
        asks_leader
        and not session.exec(
            select(PlanEvent.id).where(col(PlanEvent.key).startswith(NEW_LEADER_PREFIX))
        ).first()
    ):
        return t("status.no_match.new_leader", lang)
    example = example_deadline_word(session=session, today=today, lang=lang)
    return t("status.no_match", lang, query=query, deadline=example)


def _statuses(
    session: Session, events: list[Any], *, today: date, uncounted: list[int]
) -> list[DeadlineStatus]:
    """The counts of `events` (rows of id, title, end date, relative due, key and
    deliverable).

    Counted in SQL, grouped by event and state: the (event_id, state) index answers it without
    reading the obligations. The few units that do not count (inactive ones) are counted apart and
    taken off; per-unit dates are read only for the relative deadlines."""
    by_event: dict[int, dict[str, int]] = {}

    def add(rows: Any, sign: int) -> None:
        for event_id, state, n in rows:
            states = by_event.setdefault(event_id, {})
            states[state] = states.get(state, 0) + sign * int(n)

    per_state = (col(Obligation.event_id), col(Obligation.state), func.count())
    grouping = (col(Obligation.event_id), col(Obligation.state))
    own_dates: dict[int, tuple[int, int]] = {}
    waiting: dict[int, int] = {}
    for at in range(0, len(events), IN_LIST):
        batch = events[at : at + IN_LIST]
        ids = [e.id for e in batch]
        of_these = col(Obligation.event_id).in_(ids)
        add(session.execute(sql_select(*per_state).where(of_these).group_by(*grouping)), 1)
        if uncounted:
            taken_off = col(Obligation.unit_id).in_(uncounted)
            add(
                session.execute(
                    sql_select(*per_state).where(of_these, taken_off).group_by(*grouping)
                ),
                -1,
            )
        ids = [e.id for e in batch if e.relative_anchor]
        if ids:
            own_dates.update(
                _own_date_counts(session=session, today=today, ids=ids, uncounted=uncounted)
            )
        waiting.update(_waiting_counts(session, batch, today=today, uncounted=uncounted))
    out = []
    for event_id, title, due, anchor, months, days, key, deliverable in events:
        states = by_event.get(event_id or 0, {})
        done, open_, exempt = (states.get(state, 0) for state in COUNTED_STATES)
        not_asked = waiting.get(event_id or 0, 0)
        open_ -= not_asked
        late, undated = own_dates.get(event_id or 0, (0, 0))
        relative = RelativeDue(anchor, months or 0, days or 0) if anchor else None
        out.append(
            DeadlineStatus(
                event_id=event_id or 0,
                title=title,
                due=due,
                done=done,
                open=open_,
                exempt=exempt,
                overdue=bool((due and due < today and open_) or late),
                relative=relative,
                without_date=undated if relative else 0,
                waiting=not_asked,
                late=late if relative else (open_ if due and due < today else 0),
                word=obligation_word(event_key=key, deliverable=deliverable),
            )
        )
    return out


def _waiting_counts(
    session: Session, events: list[Any], *, today: date, uncounted: list[int]
) -> dict[int, int]:
    """Of `events`, those that can have units not asked yet: how many counted units wait."""
    keys = {e.id: e.key for e in events if is_new_leader_question(e)}
    if not keys:
        return {}
    query = (
        sql_select(col(Obligation.event_id), col(Unit.annual_meeting))
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(
            col(Obligation.event_id).in_(list(keys)),
            col(Obligation.state) == ObligationState.OPEN,
            col(Obligation.unit_id).not_in(uncounted),
        )
    )
    out: dict[int, int] = {}
    for event_id, annual_meeting in session.execute(query):
        if waits_for_meeting(event_key=keys[event_id], annual_meeting=annual_meeting, today=today):
            out[event_id] = out.get(event_id, 0) + 1
    return out


COUNTED_STATES = (ObligationState.DONE, ObligationState.OPEN, ObligationState.EXEMPT)
IN_LIST = 500  # event ids per IN (...) query when counting


def _own_date_counts(
    *, session: Session, today: date, ids: list[int], uncounted: list[int]
) -> dict[int, tuple[int, int]]:
    """The relative deadlines `ids`: (open units past their own date, units without a date)."""
    is_open = col(Obligation.state) == ObligationState.OPEN
    query = (
        sql_select(
            col(Obligation.event_id),
            func.sum(case((and_(is_open, col(Obligation.due_date) < today), 1), else_=0)),
            func.sum(case((col(Obligation.due_date).is_(None), 1), else_=0)),
        )
        .where(col(Obligation.event_id).in_(ids), col(Obligation.unit_id).not_in(uncounted))
        .group_by(col(Obligation.event_id))
    )
    return {
        event_id: (int(late or 0), int(undated or 0))
        for event_id, late, undated in session.execute(query)
    }


def deadline_detail(*, session: Session, event: PlanEvent, today: date) -> DeadlineDetail:
    """Per-unit rows for one deadline, units by name; inactive units apart and not counted."""
    rows: list[UnitRow] = []
    inactive: list[UnitRow] = []
    # The unit's columns it shows, not the whole row (a value written by hand elsewhere in it
    # that cannot be read must not cost the whole list).
    query = (
        sql_select(
            Obligation,
            col(Unit.id),
            col(Unit.slug),
            col(Unit.name),
            col(Unit.active),
            col(Unit.kind),
            col(Unit.annual_meeting),
        )
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(col(Obligation.event_id) == event.id, col(Obligation.state).in_(OBLIGATION_STATES))
    )  # a state written by hand that Planbot does not know is left out (the planner names it)
    for obligation, unit_id, slug, name, active, kind, annual_meeting in session.execute(query):
        counted_as = counted_state(
            obligation.state, event_key=event.key, annual_meeting=annual_meeting, today=today
        )
        row = UnitRow(
            unit_id=unit_id or 0,
            unit_slug=slug,
            unit_name=name,
            state=obligation.state,
            due=obligation.due_date or event.end_date,
            changed_by=obligation.changed_by,
            changed_at=obligation.changed_at,
            note=obligation.note,
            waiting=counted_as == WAITING,
            late=counted_as == ObligationState.OPEN
            and (due := obligation.due_date or event.end_date) is not None
            and due < today,
        )
        (rows if counts_unit(active=active, kind=kind) else inactive).append(row)
    rows.sort(key=lambda r: name_order(r.unit_name))
    inactive.sort(key=lambda r: name_order(r.unit_name))
    counts = count_states([(WAITING if r.waiting else r.state, r.unit_name, True) for r in rows])
    relative = RelativeDue.of(event)
    late = sum(1 for r in rows if r.late)
    status = DeadlineStatus(
        event_id=event.id or 0,
        title=event.title,
        due=event.end_date,
        done=counts.done,
        open=counts.open,
        exempt=counts.exempt,
        overdue=bool(late),
        relative=relative,
        without_date=sum(1 for r in rows if r.due is None) if relative else 0,
        waiting=counts.waiting,
        late=late,
        word=event_word(event),
    )
    return DeadlineDetail(status=status, rows=rows, inactive=inactive)


def inactive_units(*, session: Session) -> list[str]:
    """Names of the municipal parties made inactive: named in every view, counted in none."""
    names = session.exec(
        select(Unit.name).where(Unit.kind == UnitKind.MUNICIPAL, col(Unit.active).is_(False))
    )
    return sorted(names, key=name_order)
