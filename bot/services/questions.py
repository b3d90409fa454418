"""What Planbot asks the units for: the date of each unit's annual meeting, before the season.

The question is a per-unit deadline of its own ("Dato for årsmøtet 2027", due the day before the
season begins, or two weeks after it is first asked when that is only after New Year), so `/status`, the digest and the reminders treat its answers like any other
deadline's. The answer — from the leader's date picker, or staff on the unit's behalf with
`planbot unit set --annual-meeting` or a units file — sets the unit's annual-meeting date, which
dates its relative deadlines at once, and marks the question done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlmodel import Session, col, select

from bot.db import readable_rows
from bot.enums import EventKind, ObligationState, Role, UnitKind
from bot.models import Obligation, PlanEvent, PlanEventCreate, Unit
from bot.services.events import create_event
from bot.services.obligations import (
    ANNUAL_MEETING,
    annual_meeting_season,
    ensure_obligations,
    mark_obligation,
    set_anchor_date,
)
from bot.services.units import change_leaders, user_ids_with_role
from bot.services.validation import InvalidInput, TypedDay, check_user_id, read_day

QUESTION_PREFIX = "question-annual-meeting-"
PLANBOT_ACTOR = "planbot"


LATE_ASKING_UNTIL = (3, 31)
"""A database that never asked before the season (set up after New Year, or a bot that was not
running in December) asks at once until the end of March, when most annual meetings are held."""
LATE_ANSWER_DAYS = 14
"""The question asked late is due two weeks after it was first asked."""


def season_asked_about(today: date, ask_from: tuple[int, int]) -> int | None:
    """The year whose annual-meeting season (from January) the leaders are asked about on
    `today`: from the ask day until the year ends; None outside that period."""
    month, day = ask_from
    return today.year + 1 if today >= date(today.year, month, day) else None


def season_asked_late(today: date) -> int | None:
    """The season under way that a question created only now is about: from New Year until
    `LATE_ASKING_UNTIL`; None after that."""
    return today.year if (today.month, today.day) <= LATE_ASKING_UNTIL else None


def is_annual_meeting_question(event: PlanEvent) -> bool:
    """Whether the event is the annual-meeting question (answered with a date, not a button)."""
    return (event.key or "").startswith(QUESTION_PREFIX)


def question_season(event: PlanEvent) -> int:
    """The season (year) an annual-meeting question asks about, whenever it is due: December
    before it, or two weeks after a late asking in the season itself."""
    return int((event.key or "").removeprefix(QUESTION_PREFIX))


def ensure_annual_meeting_question(
    *, session: Session, today: date, ask_from: tuple[int, int], now: datetime
) -> PlanEvent | None:
    """The question for the season ahead, created once in the asking period with one obligation
    per municipal party; those whose date for that season is known already count as answered.
    A season under way that was never asked about (a county set up after New Year) is asked at
    once until the end of March, due two weeks later instead of on New Year's Eve."""
    year = season_asked_about(today, ask_from)
    due = date(year, 1, 1) - timedelta(days=1) if year is not None else None
    if year is None:
        year = season_asked_late(today)
        if year is None:
            return None
        due = today + timedelta(days=LATE_ANSWER_DAYS)
    key = f"{QUESTION_PREFIX}{year}"
    event = session.exec(select(PlanEvent).where(PlanEvent.key == key)).first()
    if event is None:
        event = create_event(
            session=session,
            event_in=PlanEventCreate(
                title=f"Dato for årsmøtet {year}",
                kind=EventKind.DEADLINE,
                start_date=due,
                per_unit=True,
                key=key,
                audience=["leader"],
                responsible="Kommunepartiene",
                description=(
                    "Svar på spørsmålet fra Planbot: når holder dere årsmøtet? Datoen gir "
                    "fristene som regnes fra årsmøtet, f.eks. fristen for å sende protokollen "
                    "og det nye styret til fylkespartiet."
                ),
            ),
            actor=PLANBOT_ACTOR,
            now=now,
        )
    else:
        ensure_obligations(session=session, event=event)
    rows = session.exec(
        select(Obligation, Unit)
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(Obligation.event_id == event.id, Obligation.state == ObligationState.OPEN)
    ).all()
    for obligation, unit in rows:
        if unit.annual_meeting and annual_meeting_season(unit.annual_meeting) == year:
            mark_obligation(
                session=session,
                obligation=obligation,
                state=ObligationState.DONE,
                actor=PLANBOT_ACTOR,
                now=now,
                note=unit.annual_meeting.isoformat(),
            )
    return event


def question_answer_key(event: PlanEvent) -> str | None:
    """For a question Planbot asks, the text that says how to answer it (a date or a person,
    never a tick: a tick would leave the deadlines undated or the old leader in place); None
    for any other deadline."""
    if is_annual_meeting_question(event):
        return "ferdig.question.annual_meeting"
    if is_new_leader_question(event):
        return "ferdig.question.new_leader"
    return None


def question_answered(obligation: Obligation) -> bool:
    """Whether a question Planbot asks is answered already (its obligation done). A signed Teams
    link answers a question that is still open only: a person behind a link is not known, so a
    second answer through another link to the same question (the reminder's card) would quietly
    overwrite the first; a change goes through the county office instead."""
    return obligation.state == ObligationState.DONE


def check_tick(event: PlanEvent, state: str) -> None:
    """The one rule for marking a question Planbot asks: it is answered (a date, a person), not
    ticked off, by anyone on any surface (`planbot mark`, /ferdig, the staff's /status buttons):
    a tick would leave the deadlines counted from the annual meeting undated, or the old leader
    getting the reminders. Reopening it, or «ikke aktuelt» for a unit, stays a staff decision.
    InvalidInput says how to answer it instead (`question.tick.<which>`, with the title)."""
    if state != ObligationState.DONE:
        return
    if is_annual_meeting_question(event):
        raise InvalidInput("question.tick.annual_meeting", title=event.title)
    if is_new_leader_question(event):
        raise InvalidInput("question.tick.new_leader", title=event.title)


def read_annual_meeting(text: str, *, today: date) -> TypedDay:
    """An annual-meeting date as typed: with its year as typed, or without one ("10.1", "10.
    januar") in the season under way or asked about on `today` (annual_meeting_season): typed on
    20 January 2027, "10.1" is the meeting held ten days ago, 10 January 2027, not the next 10
    January (2028); typed in December 2026, "15.1" is 15 January 2027."""
    typed = read_day(text, today=today)
    if not typed.year_chosen:
        return typed
    season = annual_meeting_season(today)
    year = season - 1 if typed.day.month == 12 else season
    try:
        return TypedDay(typed.day.replace(year=year), year_chosen=True)
    except ValueError:  # 29 February in a year without it: the next one, as read_day chose
        return typed


def check_annual_meeting_season(on: date, *, today: date) -> None:
    """InvalidInput when a meeting on `on` belongs to a season before the one under way or
    asked about on `today`, or is more than a year ahead or of a season after next year's (2028
    typed for 2027, in December 2026 or in January 2027)."""
    season = annual_meeting_season(today)
    if annual_meeting_season(on) < season:
        raise InvalidInput("valid.annual_meeting_past", value=on, year=season)
    if annual_meeting_season(on) > today.year + 1 or on > today + relativedelta(years=1):
        raise InvalidInput("valid.annual_meeting_ahead", value=on, year=season)


def record_annual_meeting(
    *, session: Session, unit: Unit, on: date, actor: str, now: datetime, today: date
) -> list[tuple[PlanEvent, Obligation]]:
    """Set the unit's annual-meeting date (dating the relative deadlines of its season) and mark
    its question for that season answered; the relative deadlines it dated, with their new due
    dates (another season's keep theirs and are not named). A meeting of a
    season already over (a year typed wrong) would date this season's deadlines in the past:
    InvalidInput, nothing changed. `today`: the local date (PLANBOT_TIMEZONE), not `now`'s UTC
    one, which is still yesterday for the first hour or two after local midnight."""
    check_annual_meeting_season(on, today=today)
    set_anchor_date(session=session, unit=unit, anchor=ANNUAL_MEETING, on=on, actor=actor, now=now)
    question = session.exec(
        select(Obligation)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(
            Obligation.unit_id == unit.id,
            PlanEvent.key == f"{QUESTION_PREFIX}{annual_meeting_season(on)}",
        )
    ).first()
    if question is not None:
        mark_obligation(
            session=session,
            obligation=question,
            state=ObligationState.DONE,
            actor=actor,
            now=now,
            note=on.isoformat(),
        )
    rows = session.exec(
        select(PlanEvent, Obligation)
        .join(Obligation, col(Obligation.event_id) == col(PlanEvent.id))
        .where(
            Obligation.unit_id == unit.id,
            PlanEvent.relative_anchor == ANNUAL_MEETING,
            Obligation.anchor_date == on,
        )
    ).all()
    return [(event, obligation) for event, obligation in rows]


def answer_annual_meeting_question(
    *, session: Session, obligation: Obligation, on: date, actor: str, now: datetime, today: date
) -> list[tuple[PlanEvent, Obligation]]:
    """The leader's (or staff's) answer to the question: a date in the season asked about (or
    the December before it); InvalidInput otherwise, nothing changed."""
    event = session.get(PlanEvent, obligation.event_id)
    unit = session.get(Unit, obligation.unit_id)
    if event is None or unit is None or not is_annual_meeting_question(event):
        raise LookupError(f"obligation {obligation.id} is not an annual-meeting question")
    year = question_season(event)
    if annual_meeting_season(on) != year:
        raise InvalidInput("valid.annual_meeting_season", year=year, value=on)
    return record_annual_meeting(
        session=session, unit=unit, on=on, actor=actor, now=now, today=today
    )


# --- after the annual meeting: who leads the unit now? ----------------------------------------

NEW_LEADER_PREFIX = "question-new-leader-"


def is_new_leader_question(event: PlanEvent) -> bool:
    """Whether the event is the after-the-meeting question (answered with a person)."""
    return (event.key or "").startswith(NEW_LEADER_PREFIX)


def waits_for_meeting(*, event_key: str | None, annual_meeting: date | None, today: date) -> bool:
    """Whether a unit is not asked yet, so its open obligation is not one it still owes: the
    "who is the new leader?" question of a season before the unit's annual meeting of that
    season has been held (no date, a date ahead, or only an older season's)."""
    if not (event_key or "").startswith(NEW_LEADER_PREFIX):
        return False
    year = int((event_key or "").removeprefix(NEW_LEADER_PREFIX))
    return (
        annual_meeting is None
        or annual_meeting >= today
        or annual_meeting_season(annual_meeting) < year
    )


def units_past_their_meeting(*, session: Session, today: date) -> list[tuple[Unit, int]]:
    """Active municipal parties whose annual meeting has taken place, with its season."""
    query = select(Unit).where(
        Unit.kind == UnitKind.MUNICIPAL,
        col(Unit.active).is_(True),
        col(Unit.annual_meeting).is_not(None),
    )
    units, _ = readable_rows(
        session, query.order_by(col(Unit.id)), Unit
    )  # the planner names a bad one
    return [
        (unit, annual_meeting_season(unit.annual_meeting))
        for unit in units
        if unit.annual_meeting is not None and unit.annual_meeting < today
    ]


def ensure_new_leader_question(*, session: Session, year: int, now: datetime) -> PlanEvent:
    """The season's question "who is the new leader?", one obligation per municipal party, due at
    the end of the season's year."""
    key = f"{NEW_LEADER_PREFIX}{year}"
    event = session.exec(select(PlanEvent).where(PlanEvent.key == key)).first()
    if event is not None:
        ensure_obligations(session=session, event=event)
        return event
    return create_event(
        session=session,
        event_in=PlanEventCreate(
            title=f"Ny leder etter årsmøtet {year}",
            kind=EventKind.DEADLINE,
            start_date=date(year, 12, 31),
            per_unit=True,
            key=key,
            audience=["leader"],
            responsible="Kommunepartiene",
            description=(
                "Svar på spørsmålet fra Planbot etter årsmøtet: hvem er ny leder? Påminnelsene "
                "går fra da av til den nye lederen."
            ),
        ),
        actor=PLANBOT_ACTOR,
        now=now,
    )


def open_new_leader_question(
    *, session: Session, unit: Unit, today: date, now: datetime
) -> tuple[Obligation, PlanEvent] | None:
    """The unit's open "who is the new leader?" question (the newest season's; asked for once its
    annual meeting has passed, also when the bot has not asked yet), if any; none before its
    meeting, whose question exists once another unit's meeting has passed."""
    if unit.annual_meeting is None or unit.annual_meeting >= today:
        return None
    ensure_new_leader_question(
        session=session, year=annual_meeting_season(unit.annual_meeting), now=now
    )
    row = session.exec(
        select(Obligation, PlanEvent)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(
            Obligation.unit_id == unit.id,
            Obligation.state == ObligationState.OPEN,
            col(PlanEvent.key).startswith(NEW_LEADER_PREFIX),
        )
        .order_by(col(PlanEvent.key).desc())
    ).first()
    return (row[0], row[1]) if row else None


def new_leader_answered(*, session: Session, unit: Unit) -> bool:
    """Whether the unit's newest "who is the new leader?" question has been answered (so a
    second answer is not taken as one to a question still to come)."""
    row = session.exec(
        select(Obligation.state)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(Obligation.unit_id == unit.id, col(PlanEvent.key).startswith(NEW_LEADER_PREFIX))
        .order_by(col(PlanEvent.key).desc())
    ).first()
    return row is not None and row != ObligationState.OPEN


@dataclass(frozen=True)
class Handover:
    """Who led the unit before the answer, and who leads it now."""

    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def left(self) -> tuple[str, ...]:
        """Leaders who are no longer leaders (told once that the unit has been handed over)."""
        return tuple(user for user in self.before if user not in self.after)


def hand_over(
    *,
    session: Session,
    obligation: Obligation,
    leaders: Sequence[str] | None,
    actor: str,
    now: datetime,
) -> Handover:
    """Answer "who is the new leader?": `leaders` take over the unit (None: the same leader
    stays); the change is audited and the question marked done. From then on the unit's nudges
    reach the new leaders (the planner reads the leaders at each sync)."""
    event = session.get(PlanEvent, obligation.event_id)
    unit = session.get(Unit, obligation.unit_id)
    if event is None or unit is None or not is_new_leader_question(event):
        raise LookupError(f"obligation {obligation.id} is not a new-leader question")
    before = tuple(user_ids_with_role(session=session, unit=unit, role=Role.LEADER))
    if leaders is not None:
        wanted = {check_user_id(user) for user in leaders}
        if not wanted:
            raise InvalidInput("valid.new_leader_missing")
        change_leaders(
            session=session,
            unit=unit,
            add=wanted,
            remove=set(before) - wanted,
            actor=actor,
            now=now,
        )
    after = tuple(user_ids_with_role(session=session, unit=unit, role=Role.LEADER))
    mark_obligation(
        session=session,
        obligation=obligation,
        state=ObligationState.DONE,
        actor=actor,
        now=now,
        note=", ".join(after),
    )
    return Handover(before=before, after=after)
