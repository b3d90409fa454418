"""Obligations: what each municipal party owes for a deadline, and who marked it done or exempt."""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.changes import record_event_change
from bot.models import EventState, Obligation, ObligationState, PlanEvent, Unit, UnitKind
from bot.services.audit import record_change
from bot.services.nudges import cancel_nudges_for_obligation
from bot.services.units import fold, name_order, update_unit
from bot.texts import CATALOGS

ANNUAL_MEETING = "annual_meeting"
# Words for a state besides its English value and its label in each language ("gjenstår").
STATE_WORDS = {"apen": ObligationState.OPEN, "apne": ObligationState.OPEN}


def parse_obligation_state(text: str) -> ObligationState | None:
    """The state a person's word names: 'done', 'ferdig', 'åpen', 'ikke-aktuelt'; None if none."""
    word = fold(text).replace("-", " ").replace("_", " ").strip()
    for state in ObligationState:
        labels = {state.value} | {fold(c[f"obligation.{state.value}"]) for c in CATALOGS.values()}
        if word in labels:
            return state
    return STATE_WORDS.get(word)


class NoObligation(LookupError):
    """The unit owes nothing for this event."""


def annual_meeting_season(day: date) -> int:
    """The season a meeting on `day` belongs to: the year, or the next for one in December."""
    return day.year + 1 if day.month == 12 else day.year


SEASON_KEY = re.compile(r"-(\d{4})$")


def relative_season(event: PlanEvent) -> int | None:
    """The annual-meeting season a deadline counted from the annual meeting belongs to: the year
    its key ends in (Planbot's own deadlines: the recurring instances "arsmotedokumenter-2026",
    the built-in plan's "praktisk-styrearbeid-2027"); None for one without (an imported one)."""
    found = SEASON_KEY.search(event.key or "") if event.relative_anchor == ANNUAL_MEETING else None
    return int(found.group(1)) if found else None


def hangs_on(event: PlanEvent, dated_from: date | None, meeting: date) -> bool:
    """Whether a unit's annual meeting on `meeting` dates its obligation for the relative `event`
    (now dated from `dated_from`, or undated): each season's deadlines hang on that season's
    meeting, so next season's date never moves this season's. One without a season of its own
    takes the first meeting that dates it, and after that only a corrected date of that season."""
    season = relative_season(event)
    if season is not None:
        return annual_meeting_season(meeting) == season
    return dated_from is None or annual_meeting_season(dated_from) == annual_meeting_season(meeting)


def relative_due(event: PlanEvent, anchor: date) -> date:
    """A relative deadline's due date for a unit whose anchor (its annual meeting) is `anchor`."""
    return anchor + relativedelta(months=event.relative_months or 0, days=event.relative_days or 0)


def _new_obligation(
    event: PlanEvent, unit_id: int, annual_meeting: date | None, today: date | None
) -> Obligation:
    """A unit's open obligation; one counted from the annual meeting is dated at once from the
    unit's known meeting of the season ahead or under way on `today` (never a past season's), if
    the deadline hangs on that meeting (hangs_on: its own season's)."""
    obligation = Obligation(event_id=event.id or 0, unit_id=unit_id)
    if (
        event.relative_anchor == ANNUAL_MEETING
        and annual_meeting is not None
        and today is not None
        and annual_meeting_season(annual_meeting) >= annual_meeting_season(today)
        and hangs_on(event, None, annual_meeting)
    ):
        obligation.anchor_date = annual_meeting
        obligation.due_date = relative_due(event, annual_meeting)
    return obligation


def ensure_obligations(*, session: Session, event: PlanEvent, today: date | None = None) -> int:
    """One open obligation per active municipal party for a per-unit event (dated from each
    unit's annual meeting when the event counts from it and `today` is given); returns how many
    were added."""
    units = session.exec(
        select(col(Unit.id), col(Unit.annual_meeting)).where(
            Unit.kind == UnitKind.MUNICIPAL, col(Unit.active).is_(True)
        )
    ).all()
    existing = set(
        session.exec(select(Obligation.unit_id).where(Obligation.event_id == event.id)).all()
    )
    added = 0
    for unit_id, annual_meeting in units:
        if unit_id is not None and unit_id not in existing:
            session.add(_new_obligation(event, unit_id, annual_meeting, today))
            added += 1
    session.flush()
    return added


def ensure_unit_obligations(*, session: Session, unit: Unit, today: date) -> int:
    """A new or reactivated municipal party owes the per-unit deadlines still ahead (those dated
    from its own anchor, and those ending today or later); returns how many were added."""
    if unit.kind != UnitKind.MUNICIPAL or not unit.active:
        return 0
    owed = set(session.exec(select(Obligation.event_id).where(Obligation.unit_id == unit.id)).all())
    events = session.exec(
        select(PlanEvent).where(
            col(PlanEvent.per_unit).is_(True), PlanEvent.state != EventState.CANCELLED
        )
    ).all()
    added = 0
    for event in events:
        ahead = event.relative_anchor is not None or (
            event.end_date is not None and event.end_date >= today
        )
        if ahead and event.id not in owed:
            session.add(_new_obligation(event, unit.id or 0, unit.annual_meeting, today))
            added += 1
    session.flush()
    return added


def get_obligation(*, session: Session, event: PlanEvent, unit: Unit) -> Obligation:
    """The unit's obligation for the event; raise NoObligation."""
    obligation = session.exec(
        select(Obligation).where(Obligation.event_id == event.id, Obligation.unit_id == unit.id)
    ).first()
    if obligation is None:
        raise NoObligation(f"{unit.slug} has no obligation for event {event.id}")
    return obligation


def open_obligations(*, session: Session, event: PlanEvent) -> list[tuple[Obligation, Unit]]:
    """The event's open obligations of active units, with the units, in Norwegian name order."""
    rows = session.exec(
        select(Obligation, Unit)
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(
            Obligation.event_id == event.id,
            Obligation.state == ObligationState.OPEN,
            col(Unit.active).is_(True),
        )
    ).all()
    return sorted(rows, key=lambda row: name_order(row[1].name))


def set_obligation_state(
    *,
    session: Session,
    obligation: Obligation,
    state: ObligationState,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """Mark an obligation open, done or exempt; False (and no change) if it already was — also
    when someone else changed it since it was read (two people pressing at once: the first one
    counts, and `obligation` then holds what they recorded). Reopened without a note of its own,
    it drops the note that told why it was done or exempt (the audit log keeps it)."""
    if obligation.state == state and (note is None or note == obligation.note):
        return False
    before = {"state": obligation.state, "note": obligation.note}
    values: dict[str, object] = {"state": state, "changed_by": actor, "changed_at": now}
    if note is not None or state == ObligationState.OPEN:
        values["note"] = note or ""
    # Compare and set: the row changes only if it still is as it was read.
    result = session.execute(
        update(Obligation)
        .where(col(Obligation.id) == obligation.id, col(Obligation.state) == before["state"])
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(obligation)
    if getattr(result, "rowcount", 1) == 0:
        return False
    record_event_change(session, obligation.event_id)
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="obligation",
        entity_id=obligation.id,
        action=f"mark_{state}",
        before=before,
        after={"state": state, "note": obligation.note},
    )
    return True


def mark_obligation(
    *,
    session: Session,
    obligation: Obligation,
    state: ObligationState,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """Set the state (audited) and, when the unit has answered, cancel the nudges still queued for
    it; False if nothing changed. Every surface marks through this: CLI, Slack, Teams links."""
    changed = set_obligation_state(
        session=session, obligation=obligation, state=state, actor=actor, now=now, note=note
    )
    if changed and state != ObligationState.OPEN:
        cancel_nudges_for_obligation(session=session, obligation_id=obligation.id or 0, now=now)
    return changed


def report_done(
    *,
    session: Session,
    obligation: Obligation,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """A unit reports the obligation done — its leader's /ferdig, a nudge's «Ferdig» button, a
    Teams link — and every surface means the same by it: one already done stays as it was (a new
    note is kept), and one the county office set to «ikke aktuelt» stays exempt (a button or link
    sent before that decision must not undo it; staff change it with `planbot mark`). False when
    nothing changed; `obligation` then holds the state, who and when to tell."""
    if obligation.state == ObligationState.EXEMPT:
        return False
    return mark_obligation(
        session=session,
        obligation=obligation,
        state=ObligationState.DONE,
        actor=actor,
        now=now,
        note=note,
    )


def due_date_of(obligation: Obligation, event: PlanEvent) -> date | None:
    """When the obligation falls due: its own date (relative deadlines) or the event's end."""
    return obligation.due_date or event.end_date


def set_anchor_date(
    *, session: Session, unit: Unit, anchor: str, on: date, actor: str, now: datetime
) -> list[Obligation]:
    """Record a unit's own anchor (e.g. its annual meeting) and date the relative deadlines that
    hang on it (hangs_on: an annual meeting dates only its own season's); those it dated."""
    if anchor == ANNUAL_MEETING:
        update_unit(session=session, unit=unit, actor=actor, now=now, annual_meeting=on)
    rows = session.exec(
        select(Obligation, PlanEvent)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(Obligation.unit_id == unit.id, PlanEvent.relative_anchor == anchor)
    ).all()
    changed = []
    for obligation, event in rows:
        if anchor == ANNUAL_MEETING and not hangs_on(event, obligation.anchor_date, on):
            continue  # another season's deadline: it keeps its own meeting's date
        due = relative_due(event, on)
        before = {
            "anchor_date": _iso(obligation.anchor_date),
            "due_date": _iso(obligation.due_date),
        }
        obligation.anchor_date, obligation.due_date = on, due
        session.add(obligation)
        session.flush()
        record_change(
            session=session,
            now=now,
            actor=actor,
            entity="obligation",
            entity_id=obligation.id,
            action="set_anchor",
            before=before,
            after={"anchor_date": on.isoformat(), "due_date": due.isoformat()},
        )
        changed.append(obligation)
    return changed


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
