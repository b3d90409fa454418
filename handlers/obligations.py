"""Marking a unit's obligation from Slack (the /ferdig command and the nudge buttons), shared."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from sqlmodel import Session

from bot.dates import format_date
from bot.models import Deliverable, Obligation, ObligationState, PlanEvent, Unit
from bot.report import own_due_text
from bot.services.events import find_event
from bot.services.obligations import NoObligation, get_obligation, mark_obligation
from bot.services.status import RelativeDue, nearest_deadlines
from bot.texts import t
from handlers.parsing import Candidate

log = logging.getLogger("planbot.slack")
CANDIDATE_LIMIT = 60


@dataclass(frozen=True)
class UnitDeadline:
    """One deadline a unit owes something for, with its obligation."""

    event: PlanEvent
    obligation: Obligation

    @property
    def candidate(self) -> Candidate:
        return Candidate(
            event_id=self.event.id or 0,
            title=self.event.title,
            key=self.event.key,
            open=self.obligation.state == ObligationState.OPEN,
        )

    def open_line(self, lang: str) -> str:
        """The unit's open deadline in its own list (/status, App Home), saying what to do: hand
        it in, or report it done."""
        hand_in = self.event.deliverable != Deliverable.NONE
        key = "slack.status.your_open_deliver" if hand_in else "slack.status.your_open"
        return t(key, lang, title=self.event.title, date=self.due_text(lang))

    def due_text(self, lang: str) -> str:
        """The unit's own due date in words (a relative deadline's rule when it has none)."""
        return own_due_text(
            self.obligation.due_date or self.event.end_date, RelativeDue.of(self.event), lang
        )


def unit_deadlines(*, session: Session, unit: Unit, today: date) -> list[UnitDeadline]:
    """The deadlines still current (ahead, overdue or undated) that the unit has an obligation for."""
    out = []
    nearest, _ = nearest_deadlines(session=session, today=today, limit=CANDIDATE_LIMIT)
    for status in nearest:
        event = find_event(session=session, query=str(status.event_id))
        try:
            obligation = get_obligation(session=session, event=event, unit=unit)
        except NoObligation:
            continue
        out.append(UnitDeadline(event=event, obligation=obligation))
    return out


def unit_status_lines(*, session: Session, unit: Unit, today: date, lang: str) -> list[str]:
    """One unit's current deadlines, each with its state (/status Tromsø, planbot status Tromsø)."""
    lines = [
        t(
            f"slack.status.unit_{d.obligation.state}",
            lang,
            title=d.event.title,
            date=d.due_text(lang),
        )
        for d in unit_deadlines(session=session, unit=unit, today=today)
    ]
    return lines or [t("slack.status.unit_none", lang, unit=unit.name)]


def load_obligation(
    session: Session, obligation_id: int | None
) -> tuple[Obligation, PlanEvent, Unit] | None:
    """An obligation with its event and unit, or None when any of them is gone."""
    if obligation_id is None:
        return None
    obligation = session.get(Obligation, obligation_id)
    if obligation is None:
        return None
    event = session.get(PlanEvent, obligation.event_id)
    unit = session.get(Unit, obligation.unit_id)
    if event is None or unit is None:
        return None
    return obligation, event, unit


def mark(
    *,
    session: Session,
    obligation: Obligation,
    state: ObligationState,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """The Slack and Teams surfaces' name for bot.services.obligations.mark_obligation."""
    return mark_obligation(
        session=session, obligation=obligation, state=state, actor=actor, now=now, note=note
    )


def when_words(moment: datetime, *, tz: tzinfo, lang: str) -> str:
    """'tirsdag 24. november kl. 09:00' in the configured time zone."""
    local = moment.astimezone(tz)
    return (
        format_date(local.date(), lang, year=False)
        + " "
        + t("agenda.at_time", lang, time=local.strftime("%H:%M"))
    )
