"""`/status [<event>] [<unit>]`: how the deadlines with per-unit tasks are going."""

from __future__ import annotations

import dataclasses
from typing import Any

from slack_bolt import Ack, App, Respond
from sqlmodel import Session

from bot.models import Deliverable, Obligation, ObligationState, PlanEvent, Unit
from bot.report import render_detail, unit_deadlines, unit_status_lines
from bot.services.events import AmbiguousEvent, EventNotFound, find_event
from bot.services.matching import (
    another_unit,
    inactive_unit_named,
    several_units_named,
    split_unit,
)
from bot.services.obligations import open_obligations
from bot.services.questions import check_tick, is_new_leader_question
from bot.services.status import (
    DeadlineDetail,
    counted_state,
    deadline_detail,
    example_deadline_word,
    inactive_units,
    nearest_deadlines,
    no_deadline_answer,
    older_open_deadlines,
)
from bot.services.units import (
    close_unit_names,
    example_unit_name,
    list_units,
    unit_kind_word,
    user_ids_with_role,
)
from bot.services.validation import InvalidInput
from bot.texts import t
from handlers.access import Viewer, mention, viewer
from handlers.blocks import (
    ACTION_STATUS_MARK,
    LEADER_PICKERS,
    Button,
    ButtonValue,
    LeaderPicker,
    Reply,
    button_reply,
    capped_overview,
    escape,
    help_reply,
    leader_picker_reply,
    text_reply,
)
from handlers.deliveries import delivered_text, with_zip_button
from handlers.deps import Deps, deps_of
from handlers.parsing import Help, StatusRequest, parse_status_args

COMMAND = "/status"
OVERVIEW_LINES = 30
OWN_UNIT_DEADLINES = 40
MARK_BUTTONS = 100


def register(app: App) -> None:
    """Wire /status."""
    app.command(COMMAND)(handle_status_command)


def handle_status_command(
    ack: Ack, command: dict[str, Any], respond: Respond, context: Any
) -> None:
    """Acknowledge, then answer /status through the response_url."""
    ack()
    deps = deps_of(context)
    request = parse_status_args(command.get("text"))
    with deps.runtime.session() as session:
        reply = build_status_reply(
            session=session, deps=deps, user_id=command["user_id"], request=request
        )
    respond(response_type="ephemeral", **reply.as_kwargs())


def _no_match(*, session: Session, deps: Deps, query: str) -> str:
    return no_deadline_answer(session=session, query=query, today=deps.today(), lang=deps.lang)


def build_status_reply(
    *, session: Session, deps: Deps, user_id: str, request: Help | StatusRequest
) -> Reply:
    """The overview, or one deadline's list; staff see every unit, a leader their own."""
    lang = deps.lang
    who = viewer(session=session, deps=deps, user_id=user_id)
    if isinstance(request, Help):
        example = example_unit_name(session=session, lang=lang, own=who.leader_of)
        deadline = example_deadline_word(session=session, today=deps.today(), lang=lang)
        text = t("slack.help.status", lang, unit=escape(example), deadline=escape(deadline))
        return help_reply(text, unknown=request.unknown, lang=lang)
    if not request.query:
        return _overview(session=session, deps=deps, who=who)
    query, unit = request.query, None
    try:
        event = find_event(session=session, query=query, per_unit_only=True)
    except EventNotFound as missing:
        # "/status Tromsø", "/status tromsø forslagsfrist": one unit, or its row of a deadline.
        units = list_units(session=session)
        unit, query = split_unit(query, units)
        if unit is None:
            inactive = inactive_unit_named(session=session, text=request.query)
            if inactive is not None:
                text = t("unit.inactive_named", lang, unit=inactive.name, slug=inactive.slug)
                return text_reply(text)
            several = several_units_named(request.query, units)
            if several is not None:  # "/status kvæ": Kvæfjord or Kvænangen? (as /ferdig, CLI)
                return text_reply(several.text(lang, ""))
            no_match = _no_match(session=session, deps=deps, query=request.query)
            near = close_unit_names(request.query, units)
            return text_reply(no_match + missing.did_you_mean(lang, also=near))
        if not who.staff and unit.id not in who.unit_ids:
            return text_reply(_other_unit_refusal(who, lang))
        if not query:
            return text_reply(_unit_status(session=session, deps=deps, unit=unit))
        try:
            event = find_event(session=session, query=query, per_unit_only=True)
        except EventNotFound as exc:
            other, rest = another_unit(query, units)
            if other is not None:  # "/status tromsø senja": one at a time
                example = " ".join(["/status", rest, unit.name]).replace("  ", " ")
                return text_reply(t("match.one_unit", lang, example=example, other=other.name))
            no_match = _no_match(session=session, deps=deps, query=query)
            return text_reply(no_match + exc.did_you_mean(lang))
        except AmbiguousEvent as exc:
            return text_reply(exc.text(lang))
    except AmbiguousEvent as exc:
        return text_reply(exc.text(lang))
    detail = with_mentions(deadline_detail(session=session, event=event, today=deps.today()))
    only = {unit.id or 0} if unit is not None else None if who.staff else who.unit_ids
    text = render_detail(detail, lang, tz=deps.settings.timezone, only_unit_ids=only)
    if event.deliverable != Deliverable.NONE:
        text += delivered_text(session=session, event=event, who=who, lang=lang, only_unit_ids=only)
    if not who.staff:
        return text_reply(text)
    reply = _with_mark_buttons(session=session, deps=deps, event=event, text=text, only=only)
    if event.deliverable == Deliverable.NONE:
        return reply
    return with_zip_button(reply, event=event, lang=lang)


def _unit_status(*, session: Session, deps: Deps, unit: Unit) -> str:
    """One unit's current deadlines, each with its state: what staff ask of one municipal party."""
    lang = deps.lang
    lines = unit_status_lines(session=session, unit=unit, today=deps.today(), lang=lang)
    return "\n".join([t("slack.status.unit_title", lang, unit=unit.name), *lines])


def _other_unit_refusal(who: Viewer, lang: str) -> str:
    """A leader asked about another unit: only staff see each unit; their own is one word away."""
    if who.leader_of:
        return t("slack.status.other_unit", lang, own=who.leader_of[0].name)
    return t("slack.status.other_unit_no_own", lang)


def _with_mark_buttons(
    *, session: Session, deps: Deps, event: PlanEvent, text: str, only: set[int] | None
) -> Reply:
    """Staff: the list, then each open unit's name (of those shown) as a button that marks it done;
    a unit waiting for its annual meeting is not open, so it gets none, and a question Planbot
    asks gets none at all (it is answered, not ticked off), but how to answer it."""
    lang = deps.lang
    today = deps.today()
    open_ = [
        (obligation, unit)
        for obligation, unit in open_obligations(session=session, event=event)
        if (only is None or unit.id in only)
        and counted_state(
            obligation.state, event_key=event.key, annual_meeting=unit.annual_meeting, today=today
        )
        == ObligationState.OPEN
    ]
    if not open_:
        return text_reply(text)
    try:
        check_tick(event, ObligationState.DONE)
    except InvalidInput as exc:  # a question is answered, not ticked off: no buttons to tick
        if is_new_leader_question(event):  # but answered here: the message's own pickers
            return _leader_pickers(session=session, deps=deps, text=text, open_=open_)
        how = t(f"slack.status.{exc.key}", lang, example=open_[0][1].name)
        return text_reply(f"{text}\n\n{how}")
    grid = [
        Button(unit.name, ACTION_STATUS_MARK, ButtonValue(obligation.id, None).encode())
        for obligation, unit in open_[:MARK_BUTTONS]
    ]
    text += "\n\n" + t("slack.ferdig.status_pick", lang)
    if len(open_) > MARK_BUTTONS:
        example = event.title.split()[0].lower()
        more = len(open_) - MARK_BUTTONS
        text += "\n" + t("slack.ferdig.status_more", lang, count=more, example=example)
    return button_reply(text, grid=grid)


def _leader_pickers(
    *, session: Session, deps: Deps, text: str, open_: list[tuple[Obligation, Unit]]
) -> Reply:
    """Staff: "who is the new leader?" answered from the list, per unit still to answer:
    «Velg ny leder», and «Samme leder» beside who leads it now (as `planbot unit handover`,
    through the same service, audited as the staff member who picks)."""
    lang = deps.lang
    pickers = [
        LeaderPicker(
            unit_name=unit.name,
            leaders=[mention(user) for user in user_ids_with_role(session=session, unit=unit)],
            obligation_id=obligation.id or 0,
        )
        for obligation, unit in open_
    ]
    text += "\n\n" + t("slack.status.new_leader.how", lang)
    if len(pickers) > LEADER_PICKERS:
        more = len(pickers) - LEADER_PICKERS
        text += "\n" + t("slack.status.new_leader.more", lang, count=more)
    return leader_picker_reply(text, pickers, lang=lang)


def _overview(*, session: Session, deps: Deps, who: Viewer) -> Reply:
    lang = deps.lang
    # Only the deadlines shown are counted: the slash path stays fast at any scale.
    overview, total = nearest_deadlines(
        session=session, today=deps.today(), limit=max(OVERVIEW_LINES, OWN_UNIT_DEADLINES)
    )
    text = capped_overview(
        overview,
        total=total,
        limit=OVERVIEW_LINES,
        lang=lang,
        older=older_open_deadlines(session=session, today=deps.today()),
        inactive=inactive_units(session=session),
    )
    for unit in who.leader_of:
        kind = unit_kind_word(name=unit.name, kind=unit.kind)
        own = [t(f"unit.yours.{kind}", lang, unit=unit.name)]
        deadlines = unit_deadlines(session=session, unit=unit, today=deps.today())
        named = unit if len(who.leader_of) > 1 else None
        own += [d.open_line(lang, unit=named) for d in deadlines[:OWN_UNIT_DEADLINES] if d.is_open]
        if len(own) == 1:
            own.append(t("slack.status.your_none", lang, unit=unit.name))
        text += "\n\n" + "\n".join(own)
    return text_reply(text)


def with_mentions(detail: DeadlineDetail) -> DeadlineDetail:
    """The detail with Slack user ids in `changed_by` written as mentions."""
    rows = [dataclasses.replace(row, changed_by=mention(row.changed_by)) for row in detail.rows]
    return dataclasses.replace(detail, rows=rows)
