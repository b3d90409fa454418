"""The buttons on nudge messages: Ferdig, Minn meg på i morgen, Ikke aktuelt (staff)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.messages import ACTION_DONE, ACTION_EXEMPT, ACTION_SNOOZE
from bot.models import ObligationState
from bot.services.obligations import report_done
from bot.texts import t
from handlers.access import leader_refusal, mention, nudge_of, staff_refusal, viewer, who_did_it
from handlers.blocks import (
    ACTION_FERDIG_UNDO,
    Button,
    ButtonValue,
    answered_nudge_blocks,
    noted_nudge_blocks,
)
from handlers.deps import Deps, deps_of
from handlers.obligations import load_obligation, mark, when_words
from schedules.outbox import SnoozeTooLate, snooze_nudge
from schedules.render import escape

log = logging.getLogger("planbot.slack")


def register(app: App) -> None:
    """Wire the nudge buttons."""
    app.action(ACTION_DONE)(handle_done_button)
    app.action(ACTION_EXEMPT)(handle_exempt_button)
    app.action(ACTION_SNOOZE)(handle_snooze_button)


@dataclass(frozen=True)
class ButtonOutcome:
    """What a click leads to: a line for the message (None: leave it), and a private answer."""

    line: str | None = None
    private: str | None = None
    keep_buttons: bool = False
    undo: Button | None = None


def handle_done_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """«Ferdig»: the unit's own leader (or staff) marks the obligation done."""
    ack()
    _answer(body, action, client, respond, context, ObligationState.DONE)


def handle_exempt_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """«Ikke aktuelt»: staff mark the obligation exempt."""
    ack()
    _answer(body, action, client, respond, context, ObligationState.EXEMPT)


def handle_snooze_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """«Minn meg på i morgen»: the nudge engine sends this nudge again tomorrow."""
    ack()
    deps = deps_of(context)
    value = ButtonValue.decode(action.get("value"))
    with deps.runtime.session() as session:
        outcome = snooze(session=session, deps=deps, user_id=body["user"]["id"], value=value)
    _deliver(body, client, respond, outcome)


def _answer(
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
    state: ObligationState,
) -> None:
    deps = deps_of(context)
    value = ButtonValue.decode(action.get("value"))
    with deps.runtime.session() as session:
        outcome = answer_obligation(
            session=session, deps=deps, user_id=body["user"]["id"], value=value, state=state
        )
    _deliver(body, client, respond, outcome)


def answer_obligation(
    *, session: Session, deps: Deps, user_id: str, value: ButtonValue, state: ObligationState
) -> ButtonOutcome:
    """Check who may, set the state (audited, queued nudges cancelled), say what the DB now says."""
    lang = deps.lang
    found = load_obligation(session, value.obligation_id)
    if found is None or not nudge_of(session=session, nudge_id=value.nudge_id, obligation=found[0]):
        return ButtonOutcome(private=t("slack.nudge.gone", lang))
    obligation, event, unit = found
    who = viewer(session=session, deps=deps, user_id=user_id)
    if state == ObligationState.EXEMPT and not who.staff:
        return ButtonOutcome(private=staff_refusal(deps, "exempt"))
    if not who.may_answer_for(unit.id or 0):
        return ButtonOutcome(private=leader_refusal(session=session, deps=deps, unit=unit))
    if state == ObligationState.DONE:
        report_done(session=session, obligation=obligation, actor=user_id, now=deps.now())
    else:
        mark(session=session, obligation=obligation, state=state, actor=user_id, now=deps.now())
    if obligation.state == ObligationState.OPEN:
        return ButtonOutcome()
    key = (
        "slack.nudge.done_by"
        if obligation.state == ObligationState.DONE
        else "slack.nudge.exempt_by"
    )
    line = t(
        key,
        lang,
        who=who_did_it(obligation.changed_by, lang),
        title=escape(event.title),
        unit=escape(unit.name),
        when=when_words(obligation.changed_at or deps.now(), tz=deps.settings.timezone, lang=lang),
    )
    if obligation.state == ObligationState.EXEMPT and not who.staff:  # only staff reopen it
        return ButtonOutcome(line=line)
    undo = Button(t("slack.button.undo", lang), ACTION_FERDIG_UNDO, value.encode())
    return ButtonOutcome(line=line, undo=undo)


def snooze(*, session: Session, deps: Deps, user_id: str, value: ButtonValue) -> ButtonOutcome:
    """Ask the nudge engine for another reminder tomorrow (schedules.outbox.snooze_nudge)."""
    lang = deps.lang
    found = load_obligation(session, value.obligation_id)
    if (
        found is None
        or value.nudge_id is None
        or not nudge_of(session=session, nudge_id=value.nudge_id, obligation=found[0])
    ):
        return ButtonOutcome(private=t("slack.nudge.gone", lang))
    _, _, unit = found
    who = viewer(session=session, deps=deps, user_id=user_id)
    if not who.may_answer_for(unit.id or 0):
        return ButtonOutcome(private=leader_refusal(session=session, deps=deps, unit=unit))
    now = deps.now()
    try:
        snooze_nudge(
            session=session, nudge_id=value.nudge_id, actor=user_id, now=now, settings=deps.settings
        )
    except LookupError:  # schedules.outbox.NudgeNotFound: the nudge row is gone
        return ButtonOutcome(private=t("slack.nudge.gone", lang))
    except SnoozeTooLate as exc:
        return ButtonOutcome(private=t("snooze.too_late", lang, title=exc.title))
    line = t(
        "slack.nudge.snoozed_by",
        lang,
        who=mention(user_id),
        when=when_words(now, tz=deps.settings.timezone, lang=lang),
    )
    return ButtonOutcome(line=line, private=t("slack.snoozed", lang), keep_buttons=True)


def _deliver(
    body: dict[str, Any], client: WebClient, respond: Respond, outcome: ButtonOutcome
) -> None:
    """Update the nudge in place (chat.update) and answer the clicker privately."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    original = (body.get("message") or {}).get("blocks") or []
    if outcome.line and channel and ts:
        blocks = (
            noted_nudge_blocks(original, outcome.line)
            if outcome.keep_buttons
            else answered_nudge_blocks(original, outcome.line, undo=outcome.undo)
        )
        client.chat_update(channel=channel, ts=ts, text=outcome.line, blocks=blocks)
    if outcome.private:
        respond(text=outcome.private, response_type="ephemeral", replace_original=False)
