"""`/plan [uke | måned | N dager | <kind>]`, and for staff `/plan ny | endre | avlys | enhet`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.models import EventState, Role
from bot.phrases import MAX_DAYS, PlanQuery
from bot.report import render_agenda, when_text
from bot.services.agenda import list_agenda, list_relative, list_undated, occurrences
from bot.services.events import (
    AmbiguousEvent,
    EventNotFound,
    find_event,
    find_event_to_cancel,
)
from bot.services.status import example_deadline_word
from bot.services.units import (
    UnitNotFound,
    example_unit_name,
    find_unit,
    list_units,
    user_ids_with_role,
)
from bot.texts import t
from handlers.access import staff_refusal, viewer
from handlers.blocks import (
    Reply,
    cancel_event_modal,
    cap_lines,
    event_modal,
    help_reply,
    text_reply,
    unit_modal,
)
from handlers.deps import Deps, deps_of
from handlers.importer import import_paste_modal
from handlers.parsing import Help, PlanAction, parse_plan_args

COMMAND = "/plan"
AGENDA_LINES = 80
ACTION_REFUSAL = {
    "new": "new_event",
    "edit": "edit_event",
    "cancel": "cancel_event",
    "unit": "unit",
    "import": "import",
}
ACTION_VERB = {
    "nb": {"edit": "endre", "cancel": "avlys"},
    "en": {"edit": "edit", "cancel": "cancel"},
}


def register(app: App) -> None:
    """Wire /plan."""
    app.command(COMMAND)(handle_plan_command)


def handle_plan_command(
    ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient, context: Any
) -> None:
    """Acknowledge, then answer /plan with the agenda, or open a staff modal."""
    ack()
    deps = deps_of(context)
    request = parse_plan_args(command.get("text"))
    with deps.runtime.session() as session:
        if isinstance(request, PlanAction):
            reply, modal = plan_action(session=session, deps=deps, command=command, request=request)
        else:
            reply = build_plan_reply(
                session=session, deps=deps, request=request, user_id=command["user_id"]
            )
            modal = None
    if modal is not None:
        client.views_open(trigger_id=command["trigger_id"], view=modal)
    if reply is not None:
        respond(response_type="ephemeral", **reply.as_kwargs())


def build_plan_reply(
    *, session: Session, deps: Deps, request: Help | PlanQuery, user_id: str
) -> Reply:
    """The period asked for grouped by week, the nearest deadline first when it is close."""
    lang = deps.lang
    if isinstance(request, Help):
        return help_reply(t("slack.help.plan", lang), unknown=request.unknown, lang=lang)
    today = deps.today()
    window = request.window(today)
    if window is None:
        key = (
            "slack.plan.days_range" if request.period.what == "days" else "slack.plan.no_such_week"
        )
        return text_reply(t(key, lang, most=MAX_DAYS))
    start, end = window
    days = (end - start).days + 1
    items = list_agenda(session=session, start=start, days=days, kinds=request.kinds)
    undated = list_undated(session=session, kinds=request.kinds) if request.kinds else None
    relative = None
    if not request.kinds or "deadline" in request.kinds:
        # Relative deadlines, with the own dates of the units this person leads.
        who = viewer(session=session, deps=deps, user_id=user_id)
        relative = list_relative(
            session=session, kinds=request.kinds, unit_ids=frozenset(who.unit_ids)
        )
    text = render_agenda(
        items, start=start, end=end, today=today, lang=lang, undated=undated, relative=relative
    )
    return text_reply("\n".join(cap_lines(text.split("\n"), AGENDA_LINES, lang)))


def plan_action(
    *, session: Session, deps: Deps, command: dict[str, Any], request: PlanAction
) -> tuple[Reply | None, dict[str, Any] | None]:
    """A staff action: (a reply, or the modal to open). Everyone else is told who can do it."""
    lang = deps.lang
    who = viewer(session=session, deps=deps, user_id=command["user_id"])
    if not who.staff:
        return text_reply(staff_refusal(deps, ACTION_REFUSAL[request.action])), None
    metadata: dict[str, Any] = {"channel_id": command.get("channel_id")}
    if request.action == "new":
        return None, event_modal(lang=lang, metadata=metadata)
    if request.action == "import":
        return None, import_paste_modal(lang)
    if request.action == "unit":
        if not list_units(session=session, kind=None, include_inactive=True):
            return text_reply(t("slack.unit.none_yet", lang)), None
        example = example_unit_name(session=session, lang=lang)
        if not request.query:
            return text_reply(t("slack.unit.which", lang, example=example)), None
        try:
            unit = find_unit(session=session, ref=request.query)
        except UnitNotFound as exc:
            no_match = t("slack.unit.no_match", lang, query=request.query, example=example)
            return text_reply(exc.text(lang, no_match)), None
        leaders = user_ids_with_role(session=session, unit=unit, role=Role.LEADER)
        metadata["unit_id"] = unit.id
        return None, unit_modal(
            lang=lang,
            metadata=metadata,
            unit=unit,
            leaders=leaders,
            mayors=user_ids_with_role(session=session, unit=unit, role=Role.MAYOR),
            group_leaders=user_ids_with_role(session=session, unit=unit, role=Role.GROUP_LEADER),
        )
    if not request.query:
        verb = ACTION_VERB.get(lang, ACTION_VERB["nb"])[request.action]
        example = example_deadline_word(session=session, today=deps.today(), lang=lang)
        return text_reply(t("slack.event.which", lang, verb=verb, deadline=example)), None
    try:
        if request.action == "cancel":
            event = find_event_to_cancel(session=session, query=request.query)
        else:
            event = find_event(session=session, query=request.query)
    except EventNotFound as exc:
        example = example_deadline_word(session=session, today=deps.today(), lang=lang)
        reply = t("slack.event.no_match", lang, query=request.query, deadline=example)
        reply += exc.did_you_mean(lang)
        return text_reply(reply), None
    except AmbiguousEvent as exc:
        return text_reply(exc.text(lang)), None
    if event.state == EventState.CANCELLED:
        return text_reply(t("event.already_cancelled", lang, id=event.id, title=event.title)), None
    metadata["event_id"] = event.id
    if request.action == "edit":
        return None, event_modal(lang=lang, metadata=metadata, event=event)
    first = (
        occurrences(event, event.start_date, event.end_date or event.start_date)
        if event.start_date
        else []
    )
    when = when_text(first[0], lang) if first else t("undated", lang)
    return None, cancel_event_modal(lang=lang, metadata=metadata, title=event.title, when=when)
