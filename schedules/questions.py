"""Asking the units what Planbot needs (see bot.services.questions): each leader gets "Når holder
dere årsmøtet?" with a date picker once the asking period begins, and after the meeting "Hvem er
ny leder?" with a user picker or "Samme leder"; reminders follow the nudge rules of each
question's deadline. A leader who hands the unit over is told once who took over."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.dates import format_date, local_datetime
from bot.enums import Role
from bot.messages import ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER, ACTION_SAME_LEADER, NudgeMessage
from bot.models import Nudge, Obligation, ObligationState, PlanEvent, Unit
from bot.services.obligations import NoObligation, get_obligation, open_obligations
from bot.services.questions import (
    Handover,
    ensure_annual_meeting_question,
    ensure_new_leader_question,
    question_season,
    units_past_their_meeting,
)
from bot.settings import Settings
from bot.targets import Target
from bot.texts import t
from schedules.outbox import enqueue_notice, unit_contacts

ASK_RULE = "ask.annual_meeting"
# The ways a question goes out: Slack pickers, and Teams cards with a signed link to a page.
TRANSPORTS = ("slack", "teams")


def ask_for_annual_meetings(
    *,
    session: Session,
    settings: Settings,
    now: datetime,
    transports: Collection[str] = TRANSPORTS,
) -> int:
    """In the asking period, queue the question once for each active municipal party that has not
    answered: to its leaders by DM, else to its channel, and to its Teams webhook (of those of
    `transports` in use); how many were queued."""
    today = now.astimezone(settings.timezone).date()
    event = ensure_annual_meeting_question(
        session=session, today=today, ask_from=settings.annual_meeting_ask, now=now
    )
    if event is None or event.end_date is None:
        return 0
    until = local_datetime(
        event.end_date + timedelta(days=1), settings.send_from, settings.timezone
    )
    asking = _Asking(session, event, transports)
    for obligation, unit in open_obligations(session=session, event=event):
        message = question_message(event, unit, obligation, lang=settings.language)
        asking.ask(unit, message, now=now, expires_at=until)
    return asking.queued


class _Asking:
    """Queues one question to the units, each target once (one query for what is queued already
    and one for the leaders, so a tick stays cheap with hundreds of units)."""

    def __init__(
        self, session: Session, event: PlanEvent, transports: Collection[str] = TRANSPORTS
    ) -> None:
        self.session = session
        self.slack, self.teams = "slack" in transports, "teams" in transports
        self.prefix = f"ask:{event.key}:"
        self.asked = set(
            session.exec(select(Nudge.key).where(col(Nudge.key).startswith(self.prefix)))
        )
        self.leaders = {
            contact.unit_id: contact.people.get(Role.LEADER, ())
            for contact in unit_contacts(session=session)
        }
        self.queued = 0

    def ask(
        self, unit: Unit, message: NudgeMessage, *, now: datetime, expires_at: datetime
    ) -> None:
        """The question to the unit's leaders by DM, else to its channel (Slack), and to its
        Teams channel when it has a webhook (a card with a signed link to a page that asks)."""
        targets = []
        if self.slack:
            leaders = self.leaders.get(unit.id or 0, ())
            slack = leaders or ([unit.slack_channel] if unit.slack_channel else [])
            targets += [Target.slack(address) for address in slack]
        if self.teams and unit.teams_webhook_url:
            targets.append(Target.teams(unit.slug))
        for target in targets:
            key = f"{self.prefix}{unit.slug}:{target}"
            if key in self.asked:
                continue
            row, _ = enqueue_notice(
                session=self.session,
                key=key,
                target=target,
                message=message,
                now=now,
                target_label=f"unit:{unit.slug}",
                expires_at=expires_at,
            )
            if target.is_teams:  # the link names the nudge, which must be the obligation's
                row.unit_id, row.obligation_id = unit.id, message.obligation_id
            self.asked.add(key)
            self.queued += 1


NEW_LEADER_RULE = "ask.new_leader"
HANDOVER_RULE = "notice.handover"
ASK_DAYS = 7


def ask_for_new_leaders(
    *,
    session: Session,
    settings: Settings,
    now: datetime,
    transports: Collection[str] = TRANSPORTS,
) -> int:
    """After a unit's annual meeting, queue "who is the new leader?" once to its leaders (else its
    channel) and its Teams webhook while the question is open; how many were queued."""
    today = now.astimezone(settings.timezone).date()
    askings: dict[int, tuple[PlanEvent, _Asking]] = {}
    for unit, year in units_past_their_meeting(session=session, today=today):
        if year not in askings:
            event = ensure_new_leader_question(session=session, year=year, now=now)
            askings[year] = event, _Asking(session, event, transports)
        event, asking = askings[year]
        try:
            obligation = get_obligation(session=session, event=event, unit=unit)
        except NoObligation:
            continue
        if obligation.state == ObligationState.OPEN:
            message = new_leader_message(event, unit, obligation, lang=settings.language)
            asking.ask(unit, message, now=now, expires_at=now + timedelta(days=ASK_DAYS))
    return sum(asking.queued for _, asking in askings.values())


def new_leader_message(
    event: PlanEvent, unit: Unit, obligation: Obligation, *, lang: str
) -> NudgeMessage:
    """The question to one unit after its meeting: a user picker, or "the same leader"."""
    meeting = format_date(unit.annual_meeting, lang) if unit.annual_meeting else ""
    return NudgeMessage(
        idempotency_key="",
        rule=NEW_LEADER_RULE,
        language=lang,
        event_id=event.id or 0,
        event_title=event.title,
        event_kind=event.kind,
        when_text=t("question.new_leader.when", lang, date=meeting),
        headline=t("question.new_leader", lang),
        details=(t("question.new_leader.why", lang),),
        unit_id=unit.id,
        unit_name=unit.name,
        obligation_id=obligation.id,
        buttons=(ACTION_NEW_LEADER, ACTION_SAME_LEADER),
    )


def tell_old_leaders(
    *,
    session: Session,
    settings: Settings,
    unit: Unit,
    event: PlanEvent,
    handover: Handover,
    now: datetime,
) -> int:
    """Tell each leader who handed the unit over, once, who has taken over."""
    lang = settings.language
    names = ", ".join(f"<@{user}>" for user in handover.after)
    told = 0
    for user in handover.left:
        message = NudgeMessage(
            idempotency_key="",
            rule=HANDOVER_RULE,
            language=lang,
            event_id=event.id or 0,
            event_title=event.title,
            event_kind=event.kind,
            when_text=format_date(now.astimezone(settings.timezone).date(), lang),
            headline=t("question.new_leader.handed_over", lang, unit=unit.name, who=names),
            unit_id=unit.id,
            unit_name=unit.name,
        )
        _, created = enqueue_notice(
            session=session,
            key=f"handover:{event.key}:{unit.slug}:{user}",
            target=Target.slack(user),
            message=message,
            now=now,
            target_label=f"unit:{unit.slug}",
        )
        told += created
    return told


def question_message(
    event: PlanEvent, unit: Unit, obligation: Obligation, *, lang: str
) -> NudgeMessage:
    """The question to one unit, with the date picker that answers it."""
    due = event.end_date
    year = question_season(event)
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
