"""Marking a unit's obligation from Slack (the /ferdig command and the nudge buttons), shared."""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo

from sqlmodel import Session

from bot.dates import format_date
from bot.models import Obligation, ObligationState, PlanEvent, Unit
from bot.services.obligations import mark_obligation
from bot.texts import t

log = logging.getLogger("planbot.slack")


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
