"""`/ferdig [<event>] [note]`: a unit leader reports their unit's obligation done."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from sqlmodel import Session

from bot.models import ObligationState
from bot.services.units import fold
from bot.texts import t
from handlers.access import staff_contacts, viewer
from handlers.blocks import Reply, help_reply, text_reply
from handlers.deps import Deps, deps_of
from handlers.obligations import mark, unit_deadlines
from handlers.parsing import FerdigRequest, Help, parse_ferdig_args, split_event_and_note

COMMAND = "/ferdig"


def register(app: App, deps: Deps) -> None:
    """Wire /ferdig."""
    app.command(COMMAND)(handle_ferdig_command)


def handle_ferdig_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: Any
) -> None:
    """Acknowledge, then mark the leader's unit done and say so."""
    ack()
    deps = deps_of(context)
    request = parse_ferdig_args(command.get("text"))
    with deps.runtime.session() as session:
        reply = build_ferdig_reply(
            session=session, deps=deps, user_id=command["user_id"], request=request
        )
    respond(response_type="ephemeral", **reply.as_kwargs())


def build_ferdig_reply(
    *, session: Session, deps: Deps, user_id: str, request: Help | FerdigRequest
) -> Reply:
    """Find the deadline named (or the only open one) for the user's unit and mark it done."""
    lang = deps.lang
    if isinstance(request, Help):
        return help_reply(t("slack.help.ferdig", lang), unknown=request.unknown, lang=lang)
    who = viewer(session=session, deps=deps, user_id=user_id)
    if not who.leader_of:
        return text_reply(t("slack.ferdig.no_unit", lang, who=staff_contacts(deps)))
    unit, text = who.leader_of[0], request.text
    for candidate_unit in who.leader_of[1:]:
        first, _, rest = text.partition(" ")
        if first and fold(first) in (fold(candidate_unit.name), fold(candidate_unit.slug)):
            unit, text = candidate_unit, rest
    deadlines = unit_deadlines(session=session, unit=unit, today=deps.today())
    by_event = {d.event.id: d for d in deadlines}
    chosen, note, _ = split_event_and_note(text, [d.candidate for d in deadlines])
    open_titles = [d.event.title for d in deadlines if d.candidate.open]
    if chosen is None:
        if not open_titles:
            return text_reply(t("slack.ferdig.nothing_open", lang, unit=unit.name))
        titles = ", ".join(f"«{title}»" if lang == "nb" else f"“{title}”" for title in open_titles)
        if not text:
            example = open_titles[0].split()[0].lower()
            return text_reply(
                t("slack.ferdig.which", lang, unit=unit.name, titles=titles, example=example)
            )
        return text_reply(
            t("slack.ferdig.no_match", lang, unit=unit.name, query=text, titles=titles)
        )
    deadline = by_event[chosen.event_id]
    changed = mark(
        session=session,
        obligation=deadline.obligation,
        state=ObligationState.DONE,
        actor=user_id,
        now=deps.now(),
        note=note or None,
    )
    title = deadline.event.title
    if not changed:
        state = t("obligation." + deadline.obligation.state, lang)
        return text_reply(t("obligation.unchanged", lang, unit=unit.name, title=title, state=state))
    if note:
        return text_reply(t("slack.ferdig.done_note", lang, unit=unit.name, title=title, note=note))
    return text_reply(t("slack.ferdig.done", lang, unit=unit.name, title=title))
