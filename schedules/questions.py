"""Asking the units what Planbot needs: each leader gets "Når holder dere årsmøtet?" with a date
picker once the asking period begins (see bot.services.questions); reminders follow the nudge
rules of the question's deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.dates import format_date, local_datetime
from bot.enums import Role
from bot.messages import ACTION_ANNUAL_MEETING, NudgeMessage
from bot.models import Obligation, PlanEvent, Unit
from bot.services.obligations import open_obligations
from bot.services.questions import ensure_annual_meeting_question
from bot.services.units import user_ids_with_role
from bot.settings import Settings
from bot.texts import t
from schedules.outbox import enqueue_notice

ASK_RULE = "ask.annual_meeting"


def ask_for_annual_meetings(*, session: Session, settings: Settings, now: datetime) -> int:
    """In the asking period, queue the question once for each active municipal party that has not
    answered: to its leaders by DM, else to its channel; how many were queued."""
    today = now.astimezone(settings.timezone).date()
    event = ensure_annual_meeting_question(
        session=session, today=today, ask_from=settings.annual_meeting_ask, now=now
    )
    if event is None or event.end_date is None:
        return 0
    until = local_datetime(
        event.end_date + timedelta(days=1), settings.send_from, settings.timezone
    )
    queued = 0
    for obligation, unit in open_obligations(session=session, event=event):
        leaders = user_ids_with_role(session=session, unit=unit, role=Role.LEADER)
        targets = leaders or ([unit.slack_channel] if unit.slack_channel else [])
        for target in targets:
            message = question_message(event, unit, obligation, lang=settings.language)
            _, created = enqueue_notice(
                session=session,
                key=f"ask:{event.key}:{unit.slug}:{target}",
                target=target,
                message=message,
                now=now,
                target_label=f"unit:{unit.slug}",
                expires_at=until,
            )
            queued += created
    return queued


def question_message(
    event: PlanEvent, unit: Unit, obligation: Obligation, *, lang: str
) -> NudgeMessage:
    """The question to one unit, with the date picker that answers it."""
    due = event.end_date
    year = (due.year + 1) if due else ""
    return NudgeMessage(
        idempotency_key="",
        rule=ASK_RULE,
        language=lang,
        event_id=event.id or 0,
        event_title=event.title,
        event_kind=event.kind,
        when_text=t(
            "question.annual_meeting.when", lang, date=format_date(due, lang) if due else ""
        ),
        headline=t("question.annual_meeting", lang),
        details=(t("question.annual_meeting.why", lang, year=year),),
        unit_id=unit.id,
        unit_name=unit.name,
        obligation_id=obligation.id,
        buttons=(ACTION_ANNUAL_MEETING,),
    )
