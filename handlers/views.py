"""Modal submissions (staff only): add, change and cancel events; a unit's leaders and channel."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.links import claim_submission
from bot.models import (
    Deliverable,
    Obligation,
    PlanEvent,
    PlanEventCreate,
    PlanEventUpdate,
    Role,
    Unit,
)
from bot.report import annual_meeting_answer, next_dates_line, when_text
from bot.services.agenda import next_dates, occurrences
from bot.services.deliveries import parse_deliverable
from bot.services.events import (
    BadEventUrl,
    cancel_event,
    clean_event_url,
    create_event,
    date_notes,
    find_event,
    form_date_change,
    new_event_dates,
    update_event,
)
from bot.services.questions import record_annual_meeting
from bot.services.units import (
    change_leaders,
    find_unit,
    replace_role_holders,
    update_unit,
    user_ids_with_role,
)
from bot.services.validation import (
    PRECISIONS,
    InvalidInput,
    check_choice,
    check_date_order,
    check_rrule,
    check_title,
    message_of,
)
from bot.texts import t
from bot.webhooks import mask_webhook_url
from handlers.access import mention, staff_refusal, viewer
from handlers.blocks import (
    CALLBACK_EVENT_CANCEL,
    CALLBACK_EVENT_EDIT,
    CALLBACK_EVENT_NEW,
    CALLBACK_UNIT,
    PER_UNIT_YES,
    VALUE,
    escape,
)
from handlers.deps import Deps, deps_of

log = logging.getLogger("planbot.slack")
EVENT_FIELDS = ("title", "kind", "start", "end", "time", "locations", "description")


def register(app: App) -> None:
    """Wire the modal submissions."""
    app.view(CALLBACK_EVENT_NEW)(handle_event_submission)
    app.view(CALLBACK_EVENT_EDIT)(handle_event_submission)
    app.view(CALLBACK_EVENT_CANCEL)(handle_event_cancel_submission)
    app.view(CALLBACK_UNIT)(handle_unit_submission)


def _state(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(VALUE) or {}


def modal_metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def event_fields_from_view(
    view: dict[str, Any], lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the event fields the modal holds, errors by block id) — pure, no database."""
    title = (_state(view, "title").get("value") or "").strip()
    kind = (_state(view, "kind").get("selected_option") or {}).get("value") or "other"
    precision = (_state(view, "precision").get("selected_option") or {}).get("value")
    start = _date(_state(view, "start").get("selected_date"))
    end = _date(_state(view, "end").get("selected_date"))
    at = _time(_state(view, "time").get("selected_time"))
    places = _state(view, "locations").get("value") or ""
    description = (_state(view, "description").get("value") or "").strip()
    per_unit = any(
        o.get("value") == PER_UNIT_YES
        for o in _state(view, "per_unit").get("selected_options") or []
    )
    errors: dict[str, str] = {}
    try:
        check_title(title)
    except InvalidInput as exc:
        errors["title"] = exc.message(lang)
    try:
        check_date_order(start, end)
    except InvalidInput as exc:
        errors["start" if start is None else "end"] = exc.message(lang)
    try:
        precision = check_choice(precision, PRECISIONS) if precision else None
    except InvalidInput as exc:
        errors["precision"] = exc.message(lang)
    values = (view.get("state") or {}).get("values") or {}
    recurrence: dict[str, str | None] = {}
    if "recurrence" in values:
        rule = (_state(view, "recurrence").get("value") or "").strip()
        try:
            recurrence["recurrence"] = check_rrule(rule) if rule else None
        except InvalidInput as exc:
            errors["recurrence"] = exc.message(lang)
    try:
        url = clean_event_url(_state(view, "url").get("value"))
    except BadEventUrl:
        url = None
        errors["url"] = t("slack.invalid.url", lang)
    deliverable: dict[str, Any] = {}
    if "deliverable" in values:
        chosen = (_state(view, "deliverable").get("selected_option") or {}).get("value")
        deliverable["deliverable"] = parse_deliverable(chosen) or Deliverable.NONE
        deliverable["deliverable_none_ok"] = any(
            o.get("value") == PER_UNIT_YES
            for o in _state(view, "deliverable_none_ok").get("selected_options") or []
        )
    fields = {
        **recurrence,
        **deliverable,
        "title": title,
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "precision": precision,
        "start_time": at,
        "locations": [p.strip() for p in places.split(",") if p.strip()],
        "description": description,
        "url": url,
        "per_unit": per_unit,
    }
    return fields, errors


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _time(value: Any) -> time | None:
    try:
        return time.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def handle_event_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Save a new or changed event; errors are shown in the modal."""
    deps = deps_of(context)
    lang, user_id, meta = deps.lang, body["user"]["id"], modal_metadata(view)
    fields, errors = event_fields_from_view(view, lang)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    with deps.runtime.session() as session:
        if not viewer(session=session, deps=deps, user_id=user_id).staff:
            ack(response_action="errors", errors={"title": staff_refusal(deps, "new_event")})
            return
        if view.get("id") and not claim_submission(
            session=session, submission=_submission(view), now=deps.now()
        ):
            ack()  # a replayed submission: it was saved the first time
            return
        try:
            message = _save_event(
                session=session, deps=deps, user_id=user_id, meta=meta, fields=fields
            )
        except (ValidationError, ValueError, LookupError) as exc:
            session.rollback()
            ack(
                response_action="errors",
                errors={"title": t("slack.invalid.generic", lang, error=message_of(exc, lang))},
            )
            return
    ack()
    _tell(client, meta, user_id, message)


def _save_event(
    *, session: Session, deps: Deps, user_id: str, meta: dict[str, Any], fields: dict[str, Any]
) -> str:
    lang, now = deps.lang, deps.now()
    dates = {
        "start": fields.pop("start_date"),
        "end": fields.pop("end_date"),
        "precision": fields.pop("precision"),
    }
    if meta.get("event_id") is None:
        event_in = PlanEventCreate(**fields, **new_event_dates(**dates))
        event = create_event(session=session, event_in=event_in, actor=user_id, now=now)
        first = (
            occurrences(event, event.start_date, event.end_date)
            if event.start_date and event.end_date
            else []
        )
        when = when_text(first[0], lang) if first else t("undated", lang)
        notes = date_notes(event=event, today=deps.today(), lang=lang)
        return "\n".join([t("slack.event.created", lang, title=event.title, when=when), *notes])
    event = find_event(session=session, query=str(meta["event_id"]), include_cancelled=True)
    dates_before = (event.start_date, event.end_date, event.recurrence)
    changes = {k: v for k, v in fields.items() if k != "per_unit"}
    changes.update(form_date_change(event=event, **dates))
    if changes.get("recurrence", "") == event.recurrence:
        changes.pop("recurrence")
    update_event(
        session=session, event=event, changes=PlanEventUpdate(**changes), actor=user_id, now=now
    )
    message = t("event.updated", lang, id=event.id, title=event.title)
    if (event.start_date, event.end_date, event.recurrence) != dates_before:
        message = "\n".join([message, *date_notes(event=event, today=deps.today(), lang=lang)])
    if event.recurrence:
        message += "\n" + next_dates_line(next_dates(event, today=deps.today()), lang)
    return message


def handle_event_cancel_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Cancel the event the modal asked about."""
    deps = deps_of(context)
    lang, user_id, meta = deps.lang, body["user"]["id"], modal_metadata(view)
    with deps.runtime.session() as session:
        if not viewer(session=session, deps=deps, user_id=user_id).staff:
            ack()
            _tell(client, meta, user_id, staff_refusal(deps, "cancel_event"))
            return
        try:
            event = find_event(
                session=session, query=str(meta.get("event_id")), include_cancelled=True
            )
        except LookupError:
            message = t("slack.modal.invalid", lang)
        else:
            cancel_event(session=session, event=event, actor=user_id, now=deps.now())
            message = t("event.cancelled", lang, id=event.id, title=event.title)
    ack()
    _tell(client, meta, user_id, message)


# What a person types in the Teams webhook field to remove it.
REMOVE_WORDS = ("fjern", "remove", "-")


def handle_unit_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Save a unit's leaders, channel and Teams webhook."""
    deps = deps_of(context)
    lang, user_id, meta = deps.lang, body["user"]["id"], modal_metadata(view)
    channel = (_state(view, "channel").get("value") or "").strip()
    leaders = sorted(set(_state(view, "leaders").get("selected_users") or []))
    webhook = (_state(view, "teams_webhook").get("value") or "").strip()
    with deps.runtime.session() as session:
        if not viewer(session=session, deps=deps, user_id=user_id).staff:
            ack(response_action="errors", errors={"channel": staff_refusal(deps, "unit")})
            return
        try:
            unit = find_unit(session=session, ref=str(meta.get("unit_id")))
        except LookupError:
            ack()
            _tell(client, meta, user_id, t("slack.modal.invalid", lang))
            return
        now = deps.now()
        try:
            update_unit(session=session, unit=unit, actor=user_id, now=now, slack_channel=channel)
        except InvalidInput as exc:
            session.rollback()
            ack(response_action="errors", errors={"channel": exc.message(lang)})
            return
        teams_line = ""
        if webhook:  # empty keeps the webhook as it is; a remove word clears it
            url = None if webhook.casefold() in REMOVE_WORDS else webhook
            try:
                update_unit(
                    session=session, unit=unit, actor=user_id, now=now, teams_webhook_url=url
                )
            except InvalidInput as exc:
                session.rollback()
                ack(response_action="errors", errors={"teams_webhook": exc.message(lang)})
                return
            teams_line = "\n" + (
                t("teams.webhook.set", lang, unit=unit.name, masked=mask_webhook_url(url))
                if url
                else t("teams.webhook.cleared", lang, unit=unit.name)
            )
        current = set(user_ids_with_role(session=session, unit=unit, role=Role.LEADER))
        try:
            change_leaders(
                session=session,
                unit=unit,
                add=set(leaders) - current,
                remove=current - set(leaders),
                actor=user_id,
                now=now,
            )
        except InvalidInput as exc:
            session.rollback()
            ack(response_action="errors", errors={"leaders": exc.message(lang)})
            return
        error, dated = _save_unit_extras(
            session=session,
            view=view,
            unit=unit,
            actor=user_id,
            now=now,
            today=deps.today(),
            lang=lang,
        )
        if error is not None:
            session.rollback()
            ack(response_action="errors", errors=error)
            return
        message = t(
            "slack.unit.saved",
            lang,
            unit=unit.name,
            leaders=", ".join(mention(u) for u in leaders) or t("slack.none", lang),
            channel=channel or t("slack.none", lang),
        )
        message += teams_line
        if dated is not None and unit.annual_meeting is not None:  # what the new date sets
            answer = annual_meeting_answer(
                unit=unit, on=unit.annual_meeting, dated=dated, lang=lang, quote=escape
            )
            message += "\n" + answer
    ack()
    _tell(client, meta, user_id, message)


def _save_unit_extras(
    *,
    session: Session,
    view: dict[str, Any],
    unit: Unit,
    actor: str,
    now: datetime,
    today: date,
    lang: str,
) -> tuple[dict[str, str] | None, list[tuple[PlanEvent, Obligation]] | None]:
    """Mayors, group leaders and the annual-meeting date from the unit modal (fields a modal from
    an older version lacks are left alone): (the errors to show, or None; the deadlines a new
    annual-meeting date dates, or None)."""
    values = (view.get("state") or {}).get("values") or {}
    for block_id, role in (("mayors", Role.MAYOR), ("group_leaders", Role.GROUP_LEADER)):
        if block_id in values:
            users = _state(view, block_id).get("selected_users") or []
            try:
                replace_role_holders(
                    session=session, unit=unit, role=role, users=users, actor=actor, now=now
                )
            except InvalidInput as exc:
                return {block_id: exc.message(lang)}, None
    picked = _state(view, "annual_meeting").get("selected_date")
    if picked and date.fromisoformat(picked) != unit.annual_meeting:
        try:
            dated = record_annual_meeting(
                session=session,
                unit=unit,
                on=date.fromisoformat(picked),
                actor=actor,
                now=now,
                today=today,
            )
        except InvalidInput as exc:
            return {"annual_meeting": exc.message(lang)}, None
        return None, dated
    return None, None


def _submission(view: dict[str, Any]) -> str:
    """What identifies one submission of a modal: its view id and hash, and the values sent."""
    values = json.dumps((view.get("state") or {}).get("values"), sort_keys=True, default=str)
    return f"{view.get('id')}|{view.get('hash')}|{values}"


def _tell(client: WebClient, meta: dict[str, Any], user_id: str, text: str) -> None:
    """Confirm privately in the channel the command came from, or by direct message."""
    channel = meta.get("channel_id")
    try:
        if isinstance(channel, str) and channel:
            client.chat_postEphemeral(channel=channel, user=user_id, text=text)
            return
    except SlackApiError as exc:
        log.info(
            "ephemeral confirmation failed (%s); sending a direct message",
            exc.response.get("error"),
        )
    client.chat_postMessage(channel=user_id, text=text)
