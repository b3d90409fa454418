"""Answers to Planbot's questions: the date picker under "Når holder dere årsmøtet?", and the
user picker or «Samme leder» under "Hvem er ny leder etter årsmøtet?"."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.messages import ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER, ACTION_SAME_LEADER
from bot.report import annual_meeting_answer, new_leader_answer
from bot.services.questions import (
    answer_annual_meeting_question,
    hand_over,
    is_annual_meeting_question,
    is_new_leader_question,
)
from bot.services.validation import InvalidInput
from bot.texts import t
from handlers.access import leader_refusal, mention, viewer
from handlers.blocks import (
    QUESTION_BLOCK,
    ButtonValue,
    answered_nudge_blocks,
    answered_row_blocks,
    escape,
    escape_keeping_mentions,
)
from handlers.deps import deps_of
from handlers.obligations import load_obligation
from schedules.questions import tell_old_leaders


def register(app: App) -> None:
    """Wire the annual-meeting date picker and the new-leader picker and button."""
    app.action(ACTION_ANNUAL_MEETING)(handle_annual_meeting_date)
    app.action(ACTION_NEW_LEADER)(handle_new_leader)
    app.action(ACTION_SAME_LEADER)(handle_new_leader)


def handle_annual_meeting_date(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """A leader (or staff) picks the unit's annual-meeting date: the date is stored, its relative
    deadlines dated, and the question replaced by the date and the deadlines it gives."""
    ack()
    deps = deps_of(context)
    lang, user_id = deps.lang, body["user"]["id"]
    value = ButtonValue.decode(str(action.get("block_id") or "").removeprefix(QUESTION_BLOCK))
    try:
        picked = date.fromisoformat(str(action.get("selected_date")))
    except ValueError:
        respond(text=t("slack.nudge.gone", lang), response_type="ephemeral", replace_original=False)
        return
    answer = ""
    with deps.runtime.session() as session:
        found = load_obligation(session, value.obligation_id)
        if found is None or not is_annual_meeting_question(found[1]):
            private = t("slack.nudge.gone", lang)
        elif not viewer(session=session, deps=deps, user_id=user_id).may_answer_for(
            found[2].id or 0
        ):
            private = leader_refusal(session=session, deps=deps, unit=found[2])
        else:
            obligation, _, unit = found
            try:
                dated = answer_annual_meeting_question(
                    session=session,
                    obligation=obligation,
                    on=picked,
                    actor=user_id,
                    now=deps.now(),
                    today=deps.today(),
                )
            except InvalidInput as exc:
                session.rollback()
                private = exc.message(lang)
            else:
                answer = annual_meeting_answer(
                    unit=unit, on=picked, dated=dated, lang=lang, quote=escape
                )
                private = ""
    if private:
        respond(text=private, response_type="ephemeral", replace_original=False)
    else:  # after the commit: what the message says is stored
        _answered(body, client, answer)


def _answered(body: dict[str, Any], client: WebClient, line: str) -> None:
    """The question as it was, without its picker, and the answer under it."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    original = (body.get("message") or {}).get("blocks") or []
    if channel and ts:
        blocks = answered_nudge_blocks(original, line)
        client.chat_update(channel=channel, ts=ts, text=line, blocks=blocks)


def handle_new_leader(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """After the meeting the leader (or staff) picks the new leader, or «Samme leder»: the unit is
    handed over (audited), the question replaced by who leads now, and the old leader told once."""
    ack()
    deps = deps_of(context)
    lang, user_id = deps.lang, body["user"]["id"]
    same = action.get("action_id") == ACTION_SAME_LEADER
    raw = action.get("value") if same else str(action.get("block_id") or "")
    value = ButtonValue.decode(str(raw or "").removeprefix(QUESTION_BLOCK))
    leaders = None if same else [str(action.get("selected_user") or "")]
    line = ""
    with deps.runtime.session() as session:
        found = load_obligation(session, value.obligation_id)
        if found is None or not is_new_leader_question(found[1]):
            private = t("slack.nudge.gone", lang)
        elif not viewer(session=session, deps=deps, user_id=user_id).may_answer_for(
            found[2].id or 0
        ):
            private = leader_refusal(session=session, deps=deps, unit=found[2])
        else:
            obligation, event, unit = found
            now = deps.now()
            try:
                handover = hand_over(
                    session=session, obligation=obligation, leaders=leaders, actor=user_id, now=now
                )
            except InvalidInput as exc:
                session.rollback()
                private = exc.message(lang)
            else:
                tell_old_leaders(
                    session=session,
                    settings=deps.settings,
                    unit=unit,
                    event=event,
                    handover=handover,
                    now=now,
                )
                who = [mention(leader) for leader in handover.after]
                line = escape_keeping_mentions(new_leader_answer(unit=unit, who=who, lang=lang))
                private = ""
    if private:
        respond(text=private, response_type="ephemeral", replace_original=False)
    elif (body.get("container") or {}).get("is_ephemeral"):
        # The staff's /status list (ephemeral: chat.update cannot reach it): this unit's row
        # gives way to the answer, the other units' pickers stay.
        original = (body.get("message") or {}).get("blocks") or []
        row = ButtonValue(value.obligation_id, None).encode()
        if original:
            blocks = answered_row_blocks(original, row, line)
            respond(replace_original=True, text=line, blocks=blocks)
        else:
            respond(text=line, response_type="ephemeral", replace_original=False)
    else:
        _answered(body, client, line)
