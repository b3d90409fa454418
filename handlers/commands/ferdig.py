"""`/ferdig [angre] [<frist>] [<kommuneparti>] [| merknad]`: a unit leader (or staff, for any unit)
reports a deadline done, picks it from buttons, adds a note, or undoes it; and those buttons."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient
from sqlmodel import Session

from bot.dates import format_date
from bot.models import Deliverable, Obligation, ObligationState, PlanEvent, Unit
from bot.report import UnitDeadline, unit_deadlines
from bot.services.deliveries import delivery_of, hand_in_closed
from bot.services.events import names_deadline
from bot.services.matching import (
    Match,
    another_unit,
    inactive_unit_named,
    match_named,
    several_units_named,
    split_unit,
)
from bot.services.obligations import due_date_of, report_done
from bot.services.questions import check_tick, question_answer_key
from bot.services.status import example_deadline_word
from bot.services.units import example_unit_name, list_units
from bot.services.validation import InvalidInput
from bot.texts import t
from handlers.access import (
    Viewer,
    leader_refusal,
    mention,
    nudge_of,
    staff_contacts,
    staff_refusal,
    viewer,
    who_did_it,
)
from handlers.blocks import (
    ACTION_FERDIG_MARK,
    ACTION_FERDIG_NOTE,
    ACTION_FERDIG_REOPEN,
    ACTION_FERDIG_UNDO,
    ACTION_STATUS_MARK,
    CALLBACK_FERDIG_NOTE,
    NOTE_BLOCK,
    NOTE_LIMIT,
    VALUE,
    Button,
    ButtonValue,
    Reply,
    answered_nudge_blocks,
    button_reply,
    escape,
    help_reply,
    note_modal,
    text_reply,
)
from handlers.blocks_deliver import DeliverPrompt, deliver_button, deliver_prompt
from handlers.deliveries import hand_in_view
from handlers.deps import Deps, deps_of
from handlers.obligations import load_obligation, mark
from handlers.parsing import FerdigRequest, Help, parse_ferdig_args
from handlers.views import modal_metadata

log = logging.getLogger("planbot.slack")

COMMAND = "/ferdig"
STATUS_MARK = re.compile(rf"^{ACTION_STATUS_MARK}(:\d+)?$")
MAX_CHOICES = 40

Found = tuple[Obligation, PlanEvent, Unit]


def register(app: App) -> None:
    """Wire /ferdig, its buttons and its note modal."""
    app.command(COMMAND)(handle_ferdig_command)
    app.action(ACTION_FERDIG_MARK)(handle_mark_button)
    app.action(STATUS_MARK)(handle_status_mark_button)
    app.action(ACTION_FERDIG_NOTE)(handle_note_button)
    app.action(ACTION_FERDIG_UNDO)(handle_undo_button)
    app.action(ACTION_FERDIG_REOPEN)(handle_reopen_button)
    app.view(CALLBACK_FERDIG_NOTE)(handle_note_submission)


def handle_ferdig_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: Any
) -> None:
    """Acknowledge, then mark the deadline the text names, or offer the open ones as buttons;
    a deadline that asks for something to hand in opens the hand-in modal instead."""
    ack()
    deps = deps_of(context)
    request = parse_ferdig_args(command.get("text"))
    with deps.runtime.session() as session:
        reply = build_ferdig_reply(
            session=session, deps=deps, user_id=command["user_id"], request=request
        )
        found = (
            load_obligation(session, reply.obligation_id)
            if isinstance(reply, DeliverPrompt)
            else None
        )
        view, refusal = (
            hand_in_view(
                session=session,
                deps=deps,
                user_id=command["user_id"],
                found=found,
                text=request.note if isinstance(request, FerdigRequest) else None,
            )
            if found is not None
            else ({}, None)
        )
    if view and refusal is None and command.get("trigger_id"):
        client.views_open(trigger_id=command["trigger_id"], view=view)
        return
    respond(response_type="ephemeral", **reply.as_kwargs())


def build_ferdig_reply(
    *, session: Session, deps: Deps, user_id: str, request: Help | FerdigRequest
) -> Reply:
    """Mark only a deadline the text names; otherwise list the choices. Never marks a guess."""
    lang = deps.lang
    who = viewer(session=session, deps=deps, user_id=user_id)
    if isinstance(request, Help):
        example = example_unit_name(session=session, lang=lang, own=who.leader_of)
        deadline = example_deadline_word(session=session, today=deps.today(), lang=lang)
        text = t("slack.help.ferdig", lang, unit=escape(example), deadline=escape(deadline))
        return help_reply(text, unknown=request.unknown, lang=lang)
    if not who.staff and not who.leader_of:
        return text_reply(t("slack.ferdig.no_unit", lang, who=staff_contacts(deps)))
    if request.note and len(request.note) > NOTE_LIMIT:
        return text_reply(t("slack.invalid.note", lang))
    units = list_units(session=session)
    named, query = split_unit(request.text, units)
    example = example_deadline_word(session=session, today=deps.today(), lang=lang)
    if named is not None:
        other, rest = another_unit(query, units)
        if other is not None and not names_deadline(session=session, query=query):
            command = " ".join(["/ferdig", *(["angre"] if request.undo else []), rest, named.name])
            command = " ".join(command.split())
            return text_reply(t("match.one_unit", lang, example=command, other=other.name))
    if named is None and not who.leader_of:
        inactive = inactive_unit_named(session=session, text=request.text)
        if inactive is not None:
            return text_reply(
                t("unit.inactive_named", lang, unit=inactive.name, slug=inactive.slug)
            )
        which = t(
            "slack.ferdig.staff_which_unit",
            lang,
            example=example,
            unit=example_unit_name(session=session, lang=lang),
        )
        several = several_units_named(request.text, units)
        if several is not None:  # "/ferdig skolering kvæ": Kvæfjord or Kvænangen?
            return text_reply(several.text(lang, ""))
        if query and not names_deadline(session=session, query=query):
            which = t("status.no_match", lang, query=query, deadline=example) + "\n" + which
        return text_reply(which)
    if named is None and len(who.leader_of) > 1:
        # Leader of several units: never pick one for them, nor echo words that name no deadline.
        unknown = bool(query) and not names_deadline(session=session, query=query)
        word = _first_word(query) if query and not unknown else example
        names = [u.name for u in who.leader_of]
        which = t(
            "slack.ferdig.which_own_unit",
            lang,
            units=", ".join(names[:-1]) + t("match.and", lang) + names[-1],
            example=("angre " if request.undo else "") + word,
            unit=names[-1],
        )
        if unknown:
            which = t("status.no_match", lang, query=query, deadline=example) + "\n" + which
        return text_reply(which)
    unit = named or who.leader_of[0]
    if not who.may_answer_for(unit.id or 0):
        return text_reply(leader_refusal(session=session, deps=deps, unit=unit))
    deadlines = unit_deadlines(session=session, unit=unit, today=deps.today())
    if request.undo:
        return _reopen_reply(
            session=session, deps=deps, who=who, unit=unit, deadlines=deadlines, query=query
        )
    return _done_reply(
        session=session,
        deps=deps,
        who=who,
        unit=unit,
        deadlines=deadlines,
        query=query,
        note=request.note,
    )


def _done_reply(
    *,
    session: Session,
    deps: Deps,
    who: Viewer,
    unit: Unit,
    deadlines: list[UnitDeadline],
    query: str,
    note: str | None,
) -> Reply:
    lang = deps.lang
    open_ = [d for d in deadlines if d.is_open]
    if not query:
        if not open_:
            return text_reply(t("slack.ferdig.nothing_open", lang, unit=unit.name))
        if note:  # a note, but no deadline named: the buttons could not carry it
            example = _first_word(open_[0].event.title)
            text = t("slack.ferdig.note_needs_deadline", lang, example=example, note=note)
            return _choices(
                text + "\n\n" + t("slack.ferdig.pick", lang, unit=unit.name),
                open_,
                lang,
                staff=who.staff,
            )
        if len(open_) == 1 and open_[0].event.deliverable != Deliverable.NONE:
            # Nothing to confirm: it is handed in, so open the hand-in as "/ferdig <frist>" does.
            only = open_[0]
            found = (only.obligation, only.event, unit)
            return mark_done(session=session, deps=deps, who=who, found=found, note=None)
        if len(open_) == 1:
            only = open_[0]
            value = _value(only.obligation)
            text = t(
                "slack.ferdig.confirm_one",
                lang,
                unit=unit.name,
                title=only.event.title,
                date=only.due_text(lang),
            )
            return button_reply(
                text,
                buttons=[
                    Button(
                        t("slack.button.confirm", lang), ACTION_FERDIG_MARK, value, primary=True
                    ),
                    Button(t("slack.button.with_note", lang), ACTION_FERDIG_NOTE, value),
                ],
            )
        pick = t("slack.ferdig.pick", lang, unit=unit.name)
        return _choices(pick, open_, lang, staff=who.staff)
    match = _match(query, deadlines, prefer=lambda d: d.is_open)
    chosen = match.chosen
    if chosen is None and any(d.is_open for d in match.candidates):
        text = t("slack.ferdig.ambiguous", lang, query=query, unit=unit.name)
        pick = t("slack.ferdig.pick", lang, unit=unit.name)
        return _choices(f"{text}\n\n{pick}", list(match.candidates), lang, staff=who.staff)
    if chosen is None:
        text = t("slack.ferdig.no_match", lang, unit=unit.name, query=query)
        if len(query.split()) > 1 and note is None:
            # Words after the deadline's name may have been meant as a note: show the bar after
            # a word that names a deadline ("styrearbeid"), never after one that names none.
            named = [w for w in query.lower().split() if _match(w, deadlines, prefer=bool).chosen]
            example = (
                named[0]
                if named
                else example_deadline_word(session=session, today=deps.today(), lang=lang)
            )
            text += "\n" + t("slack.ferdig.note_hint", lang, example=example)
        if not open_:
            return text_reply(text + "\n\n" + t("slack.ferdig.nothing_open", lang, unit=unit.name))
        pick = t("slack.ferdig.pick", lang, unit=unit.name)
        return _choices(f"{text}\n\n{pick}", open_, lang, staff=who.staff)
    found = (chosen.obligation, chosen.event, unit)
    return mark_done(session=session, deps=deps, who=who, found=found, note=note)


def mark_done(
    *, session: Session, deps: Deps, who: Viewer, found: Found, note: str | None
) -> Reply:
    """Mark the obligation done (with its note) and confirm it with *Angre*; or say why not."""
    obligation, event, unit = found
    lang = deps.lang
    if not who.may_answer_for(unit.id or 0):
        return text_reply(leader_refusal(session=session, deps=deps, unit=unit))
    try:
        check_tick(event, ObligationState.DONE)  # a question is answered, not ticked off
    except InvalidInput as exc:
        answer_key = question_answer_key(event)
        if not who.staff and answer_key is not None:  # the leader: the picker in the message
            return text_reply(t(answer_key, lang, title=event.title))
        how = t(f"slack.{exc.key}", lang, unit=unit.name, slug=unit.slug)
        return text_reply(f"{exc.message(lang)} {how}")
    if event.deliverable != Deliverable.NONE and not who.staff:
        closed = hand_in_closed(event=event, obligation=obligation, staff=False, today=deps.today())
        if closed is not None:
            return text_reply(closed.text(lang))
        return deliver_prompt(
            event=event, unit_name=unit.name, obligation_id=obligation.id or 0, lang=lang
        )
    if not report_done(
        session=session, obligation=obligation, actor=who.user_id, now=deps.now(), note=note or None
    ):  # done or exempt already, or someone else marked it a moment before
        return _already(deps=deps, found=found)
    value = _value(obligation)
    buttons = [Button(t("slack.button.undo", lang), ACTION_FERDIG_UNDO, value)]
    # the county office marking for a unit is not the unit reporting (nor thanked for it)
    key = "slack.ferdig.done_for" if unit.id not in who.unit_ids else "slack.ferdig.done"
    if note:
        text = t(f"{key}_note", lang, unit=unit.name, title=event.title, note=note)
    else:
        text = t(key, lang, unit=unit.name, title=event.title)
        buttons.append(Button(t("slack.button.add_note", lang), ACTION_FERDIG_NOTE, value))
    if (
        event.deliverable != Deliverable.NONE
        and delivery_of(session=session, obligation=obligation) is None
    ):
        # Staff marked a hand-in done with nothing handed in: the zip will say «ikke levert».
        word = (event.title.split() or ["#"])[0].lower()
        note_text = t("mark.nothing_handed_in", lang, unit=unit.name, slug=unit.slug, word=word)
        text += "\n" + note_text
    return button_reply(text, buttons=buttons)


def _already(*, deps: Deps, found: Found) -> Reply:
    """It was done (or exempt) already: by whom and when; *Angre* for a done one."""
    obligation, event, unit = found
    lang = deps.lang
    when = obligation.changed_at or deps.now()
    text = t(
        "slack.ferdig.already",
        lang,
        title=event.title,
        state=t(f"slack.ferdig.state.{obligation.state}", lang),
        unit=unit.name,
        who=who_did_it(obligation.changed_by, lang),
        when=format_date(when.astimezone(deps.settings.timezone).date(), lang, year=False),
    )
    if obligation.state == ObligationState.DONE:
        undo = Button(t("slack.button.undo", lang), ACTION_FERDIG_REOPEN, _value(obligation))
        return button_reply(text, buttons=[undo])
    return text_reply(text)


def _reopen_reply(
    *,
    session: Session,
    deps: Deps,
    who: Viewer,
    unit: Unit,
    deadlines: list[UnitDeadline],
    query: str,
) -> Reply:
    lang = deps.lang
    closed = [
        d
        for d in deadlines
        if d.obligation.state == ObligationState.DONE
        or (who.staff and d.obligation.state == ObligationState.EXEMPT)
    ]
    chosen = _match(query, deadlines, prefer=lambda d: not d.is_open).chosen
    if query and chosen is not None:
        _, line = reopen(
            session=session,
            deps=deps,
            who=who,
            found=(chosen.obligation, chosen.event, unit),
            own_only=False,
        )
        return text_reply(line)
    if not closed:
        return text_reply(t("slack.ferdig.nothing_to_reopen", lang, unit=unit.name))
    text = t("slack.ferdig.reopen_pick", lang, unit=unit.name)
    if query:
        text = t("slack.ferdig.reopen_no_match", lang, unit=unit.name, query=query) + "\n\n" + text
    rows = [
        (
            f"{d.event.title} ({d.due_text(lang)})",
            Button(t("slack.button.undo", lang), ACTION_FERDIG_REOPEN, _value(d.obligation)),
        )
        for d in closed[:MAX_CHOICES]
    ]
    return button_reply(text, rows=rows)


def reopen(
    *, session: Session, deps: Deps, who: Viewer, found: Found, own_only: bool
) -> tuple[bool, str]:
    """Open the obligation again (audited); `own_only`: only for whoever marked it, or staff."""
    obligation, event, unit = found
    lang = deps.lang
    if not who.may_answer_for(unit.id or 0):
        return False, leader_refusal(session=session, deps=deps, unit=unit)
    if obligation.state == ObligationState.OPEN:
        return False, t("slack.ferdig.already_open", lang, title=event.title, unit=unit.name)
    if own_only and not who.staff and obligation.changed_by != who.user_id:
        return False, t("slack.ferdig.undo_refused", lang, unit=unit.name)
    if obligation.state == ObligationState.EXEMPT and not who.staff:
        return False, staff_refusal(deps, "reopen_exempt")
    if not mark(
        session=session,
        obligation=obligation,
        state=ObligationState.OPEN,
        actor=who.user_id,
        now=deps.now(),
    ):
        return False, t("slack.ferdig.already_open", lang, title=event.title, unit=unit.name)
    line = t(
        "slack.ferdig.undone", lang, who=mention(who.user_id), title=event.title, unit=unit.name
    )
    return True, line


# --- buttons and the note modal -------------------------------------------------------------


def _load(session: Session, deps: Deps, action: dict[str, Any]) -> Found | Reply:
    """The obligation a button names, if every id in its value is genuine and belongs together."""
    value = ButtonValue.decode(action.get("value"))
    found = load_obligation(session, value.obligation_id)
    if found is None or not nudge_of(session=session, nudge_id=value.nudge_id, obligation=found[0]):
        return text_reply(t("slack.nudge.gone", deps.lang))
    return found


def _click_mark(body: dict[str, Any], action: dict[str, Any], context: Any) -> Reply:
    deps = deps_of(context)
    with deps.runtime.session() as session:
        found = _load(session, deps, action)
        if isinstance(found, Reply):
            return found
        who = viewer(session=session, deps=deps, user_id=body["user"]["id"])
        return mark_done(session=session, deps=deps, who=who, found=found, note=None)


def handle_mark_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: Any
) -> None:
    """«Meld ferdig» in a /ferdig answer: mark it, and put the confirmation in the answer's place."""
    ack()
    respond(replace_original=True, **_click_mark(body, action, context).as_kwargs())


def handle_status_mark_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: Any
) -> None:
    """A unit's name in a staff /status list: mark it, and confirm beside the list."""
    ack()
    reply = _click_mark(body, action, context)
    respond(response_type="ephemeral", replace_original=False, **reply.as_kwargs())


def _click_reopen(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, context: Any, *, own_only: bool
) -> None:
    deps = deps_of(context)
    with deps.runtime.session() as session:
        found = _load(session, deps, action)
        if isinstance(found, Reply):
            changed, line = False, found.text
        else:
            who = viewer(session=session, deps=deps, user_id=body["user"]["id"])
            changed, line = reopen(
                session=session, deps=deps, who=who, found=found, own_only=own_only
            )
    if not changed:
        respond(text=line, response_type="ephemeral", replace_original=False)
        return
    original = (body.get("message") or {}).get("blocks") or []
    respond(replace_original=True, text=line, blocks=answered_nudge_blocks(original, line))


def handle_undo_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: Any
) -> None:
    """*Angre* on a confirmation: only whoever marked it (or staff) opens it again."""
    ack()
    _click_reopen(body, action, respond, context, own_only=True)


def handle_reopen_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, context: Any
) -> None:
    """*Angre* in a `/ferdig angre` list: the unit's leader (or staff) opens it again."""
    ack()
    _click_reopen(body, action, respond, context, own_only=False)


def handle_note_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """«Med merknad» / «Legg til merknad»: open the note modal for someone who may answer."""
    ack()
    deps = deps_of(context)
    with deps.runtime.session() as session:
        found = _load(session, deps, action)
        if isinstance(found, Reply):
            respond(response_type="ephemeral", replace_original=False, **found.as_kwargs())
            return
        obligation, event, unit = found
        who = viewer(session=session, deps=deps, user_id=body["user"]["id"])
        if not who.may_answer_for(unit.id or 0):
            refusal = leader_refusal(session=session, deps=deps, unit=unit)
            respond(text=refusal, response_type="ephemeral", replace_original=False)
            return
    metadata = {"o": obligation.id, "r": body.get("response_url")}
    view = note_modal(lang=deps.lang, metadata=metadata, title=event.title, unit=unit.name)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_note_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Report the deadline done with the note; errors are shown in the modal."""
    deps = deps_of(context)
    lang, user_id = deps.lang, body["user"]["id"]
    meta = modal_metadata(view)
    values = (view.get("state") or {}).get("values") or {}
    note = " ".join(str(values.get(NOTE_BLOCK, {}).get(VALUE, {}).get("value") or "").split())
    if not note or len(note) > NOTE_LIMIT:
        ack(response_action="errors", errors={NOTE_BLOCK: t("slack.invalid.note", lang)})
        return
    oid = meta.get("o")
    with deps.runtime.session() as session:
        found = load_obligation(session, oid if isinstance(oid, int) else None)
        if found is None:
            ack(response_action="errors", errors={NOTE_BLOCK: t("slack.nudge.gone", lang)})
            return
        who = viewer(session=session, deps=deps, user_id=user_id)
        if not who.may_answer_for(found[2].id or 0):
            refusal = leader_refusal(session=session, deps=deps, unit=found[2])
            ack(response_action="errors", errors={NOTE_BLOCK: refusal})
            return
        reply = mark_done(session=session, deps=deps, who=who, found=found, note=note)
    ack()
    url = meta.get("r")
    if isinstance(url, str) and url:
        WebhookClient(url).send(replace_original=True, **reply.as_kwargs())
    else:
        client.chat_postMessage(channel=user_id, **reply.as_kwargs())


# --- helpers --------------------------------------------------------------------------------


def _value(obligation: Obligation) -> str:
    return ButtonValue(obligation.id, None).encode()


def _choices(text: str, deadlines: list[UnitDeadline], lang: str, *, staff: bool) -> Reply:
    """The text, then each deadline on its own line with «Meld ferdig» beside it (*Lever* where
    the deadline asks for something to hand in); a deadline the button would only refuse (a
    hand-in closed to leaders, a question answered in Planbot's message) says instead what to do."""
    rows: list[tuple[str, Button | None]] = []
    for d in deadlines[:MAX_CHOICES]:
        line = f"{d.event.title} ({d.due_text(lang)})"
        instead = _instead_of_button(d, lang, staff=staff)
        if instead is not None:
            rows.append((f"{line}\n{instead}", None))
        elif d.event.deliverable != Deliverable.NONE:
            rows.append((line, deliver_button(d.obligation.id, None, lang)))
        else:
            mark = Button(t("slack.button.mark", lang), ACTION_FERDIG_MARK, _value(d.obligation))
            rows.append((line, mark))
    return button_reply(text, rows=rows)


def _instead_of_button(d: UnitDeadline, lang: str, *, staff: bool) -> str | None:
    """What a leader does instead when the deadline's button would only be refused (the
    refusal's own advice), or None when the button works."""
    if staff:
        return None
    answer_key = question_answer_key(d.event)
    if answer_key is not None:
        return t(answer_key, lang, title=d.event.title)
    if d.event.deliverable == Deliverable.NONE or d.today is None:
        return None
    closed = hand_in_closed(event=d.event, obligation=d.obligation, staff=False, today=d.today)
    return closed.advice(lang) if closed is not None else None


def _match(
    query: str, deadlines: list[UnitDeadline], *, prefer: Callable[[UnitDeadline], bool]
) -> Match[UnitDeadline]:
    """The deadline the words name: by title, key, '#id' or its date ("1.12"); `prefer` settles
    between several."""
    return match_named(
        query,
        deadlines,
        title=lambda d: d.event.title,
        key=lambda d: d.event.key,
        number=lambda d: d.event.id or 0,
        prefer=prefer,
        due=lambda d: due_date_of(d.obligation, d.event),
    )


def _first_word(text: str) -> str:
    return text.split()[0].lower() if text.split() else ""
