"""Handing in a deliverable: the *Lever* button and modal in Slack, fetching the files from Slack
through the pending queue, the receipt, and the staff's zip of everything handed in.

`hand_in` is what every surface (Slack, the Teams link page, `planbot deliver`) calls: it checks the
hand-in, stores it and marks the obligation done in the caller's one transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.dates import format_date
from bot.messages import ACTION_DELIVER
from bot.models import (
    Deliverable,
    Delivery,
    DeliveryFile,
    Obligation,
    ObligationState,
    PendingDelivery,
    PendingDeliveryState,
    PlanEvent,
    Unit,
)
from bot.report import unit_deadlines
from bot.runtime import Runtime
from bot.services.deliveries import (
    DeliveryRefused,
    IncomingFile,
    check_file,
    check_hand_in,
    claim_pending,
    collect,
    delivery_of,
    describe,
    export_collection,
    files_of,
    finish_pending,
    hand_in,
    hand_in_closed,
    hand_in_made_at,
    queue_hand_in,
    retry_or_fail,
    short_description,
    zip_bytes,
)
from bot.services.events import EventNotFound, find_event
from bot.services.obligations import due_date_of
from bot.settings import Settings
from bot.texts import t
from handlers.access import (
    Viewer,
    leader_refusal,
    nudge_of,
    staff_refusal,
    viewer,
    who_did_it,
)
from handlers.blocks import Button, ButtonValue, Reply, button_reply
from handlers.blocks_deliver import (
    ACTION_DELIVER_FILE,
    ACTION_DELIVERABLES_ZIP,
    CALLBACK_DELIVER,
    FILES_BLOCK,
    TEXT_BLOCK,
    deliver_modal,
    hand_in_values,
)
from handlers.deps import Deps, deps_of
from handlers.obligations import load_obligation
from handlers.views import modal_metadata
from schedules.outbox import queue_reply

log = logging.getLogger("planbot.deliver")
MAX_CHOICES = 20
DOWNLOAD_TIMEOUT = 60


def register(app: App) -> None:
    """Wire *Lever*, the hand-in modal and the staff's zip button."""
    app.action(ACTION_DELIVER)(handle_deliver_button)
    app.view(CALLBACK_DELIVER)(handle_deliver_submission)
    app.action(ACTION_DELIVERABLES_ZIP)(handle_zip_button)
    app.action(ACTION_DELIVER_FILE)(handle_deliver_file_button)


# --- the one way in ----------------------------------------------------------------------------


def receipt_text(
    *,
    delivery: Delivery,
    files: Sequence[DeliveryFile],
    event: PlanEvent,
    unit: Unit,
    obligation: Obligation,
    settings: Settings,
    lang: str,
) -> str:
    """What the leader is told: exactly what was received, by whom, and until when it can change."""
    when = delivery.changed_at or delivery.handed_in_at
    lines = [
        t("deliver.receipt", lang, unit=unit.name, title=event.title),
        *describe(delivery, files, lang),
    ]
    if when is not None:
        local = when.astimezone(settings.timezone)
        words = format_date(local.date(), lang, year=False) + " " + local.strftime("%H:%M")
        lines.append(
            t("deliver.receipt_by", lang, who=who_did_it(delivery.changed_by, lang), when=words)
        )
    due = due_date_of(obligation, event)
    if due is not None:
        word = (event.title.split() or ["frist"])[0].lower()
        lines.append(t("deliver.receipt_after", lang, date=format_date(due, lang), word=word))
    return "\n".join(lines)


# --- fetching files from Slack through the queue ------------------------------------------------


class DownloadFailed(Exception):
    """A file could not be fetched; `final` when trying again cannot help (refused, too big)."""

    def __init__(self, message: str, *, final: bool = False) -> None:
        super().__init__(message)
        self.final = final


def download(client: WebClient, file: dict[str, Any], settings: Settings) -> IncomingFile:
    """Fetch one Slack file from its url_private with the bot token (only from Slack's own hosts)."""
    url = str(file.get("url_private_download") or file.get("url_private") or "")
    name = str(file.get("name") or file.get("title") or file.get("id") or "fil")
    if not _slack_host(url, client):
        raise DownloadFailed(f"not a Slack file URL: {url!r}", final=True)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    limit = settings.delivery_max_bytes
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
            content = response.read(limit + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DownloadFailed(f"{name}: {exc}") from exc
    if len(content) > limit:
        raise DownloadFailed(f"{name}: larger than {limit} bytes", final=True)
    return IncomingFile(
        filename=name,
        content=content,
        mimetype=str(file.get("mimetype") or "application/octet-stream"),
        source_id=str(file.get("id") or "") or None,
    )


def _slack_host(url: str, client: WebClient) -> bool:
    host = urlparse(url).hostname or ""
    own = urlparse(client.base_url).hostname or ""
    return urlparse(url).scheme in ("http", "https") and (
        host == own or host.endswith((".slack.com", ".slack-edge.com"))
    )


@dataclass(frozen=True)
class PendingOutcome:
    """What became of one queued hand-in."""

    pending_id: int
    stored: bool = False
    failed: bool = False
    refused: str | None = None


def process_pending(
    *,
    runtime: Runtime,
    client: WebClient,
    ids: Sequence[int] | None = None,
    wake: Callable[[], None] | None = None,
) -> list[PendingOutcome]:
    """Fetch and store the due queued hand-ins (or just `ids`); the leader gets the receipt, or is
    told when it has finally failed. No transaction is open while a file downloads.

    The receipt is queued in the outbox in the transaction that stores the hand-in, so a restart
    between the two can't lose it; `wake` asks the dispatcher to send it now."""
    with runtime.session() as session:
        claimed = [
            (p.id or 0, p.obligation_id, p.files if isinstance(p.files, list) else [p.files])
            for p in claim_pending(session=session, now=runtime.clock.now(), ids=ids)
        ]
    outcomes = []
    for pending_id, _, files in claimed:
        try:
            fetched = [download(client, file, runtime.settings) for file in files]
        except DownloadFailed as exc:
            outcomes.append(_failed(runtime=runtime, pending_id=pending_id, exc=exc))
            continue
        except Exception as exc:  # a row no version wrote (files that are not files): given up
            log.exception("queued hand-in %s cannot be read; given up", pending_id)
            unreadable = DownloadFailed(f"unreadable: {exc!r}", final=True)
            outcomes.append(_failed(runtime=runtime, pending_id=pending_id, exc=unreadable))
            continue
        outcomes.append(_store(runtime=runtime, pending_id=pending_id, files=fetched))
    if wake is not None and any(o.stored or o.failed for o in outcomes):
        wake()
    return outcomes


def _store(*, runtime: Runtime, pending_id: int, files: list[IncomingFile]) -> PendingOutcome:
    lang, settings = runtime.language, runtime.settings
    with runtime.session() as session:
        pending = session.get(PendingDelivery, pending_id)
        found = load_obligation(session, pending.obligation_id if pending else None)
        if pending is None or pending.state != PendingDeliveryState.PENDING or found is None:
            return PendingOutcome(pending_id)
        obligation, event, unit = found
        now = runtime.clock.now()
        created = pending.created_at or now
        try:
            delivery, stored = hand_in(
                session=session,
                settings=settings,
                obligation=obligation,
                event=event,
                actor=pending.actor,
                staff=_is_staff(session, runtime, pending.actor),
                now=now,
                text=pending.text or "",
                files=files,
                none_answer=pending.none_answer,
                replace=pending.replace,
                handed_in_on=created.astimezone(settings.timezone).date(),
            )
        except DeliveryRefused as exc:
            retry_or_fail(session=session, pending=pending, now=now, error=exc.key, final=True)
            stored_ok, message = False, exc.text(lang)
        else:
            finish_pending(session=session, pending=pending, now=now)
            stored_ok, message = (
                True,
                receipt_text(
                    delivery=delivery,
                    files=stored,
                    event=event,
                    unit=unit,
                    obligation=obligation,
                    settings=settings,
                    lang=lang,
                ),
            )
        _reply(session, pending, message, lang=lang, now=now)
    return PendingOutcome(pending_id, stored=stored_ok, failed=not stored_ok)


def _failed(*, runtime: Runtime, pending_id: int, exc: DownloadFailed) -> PendingOutcome:
    lang = runtime.language
    with runtime.session() as session:
        pending = session.get(PendingDelivery, pending_id)
        if pending is None:
            return PendingOutcome(pending_id)
        log.warning("could not fetch a hand-in's file (pending %s): %s", pending_id, exc)
        failed = retry_or_fail(
            session=session,
            pending=pending,
            now=runtime.clock.now(),
            error=str(exc),
            final=exc.final,
        )
        found = load_obligation(session, pending.obligation_id)
        if failed and found is not None:
            _, event, unit = found
            word = (event.title.split() or ["frist"])[0].lower()
            text = t("deliver.failed", lang, title=event.title, unit=unit.name, word=word)
            _reply(session, pending, text, lang=lang, now=runtime.clock.now())
    return PendingOutcome(pending_id, failed=failed)


def _reply(
    session: Session, pending: PendingDelivery, text: str, *, lang: str, now: datetime
) -> None:
    """The answer to the person who handed in, queued with the outcome it reports (once per
    hand-in: it is stored, refused or given up on only once)."""
    if pending.reply_to:
        queue_reply(
            session=session,
            key="reply:deliver:" + hashlib.sha256(pending.key.encode()).hexdigest()[:40],
            user=pending.reply_to,
            text=text,
            language=lang,
            now=now,
        )


def _is_staff(session: Session, runtime: Runtime, user_id: str) -> bool:
    return viewer(session=session, deps=Deps(runtime=runtime), user_id=user_id).staff


# --- Slack: *Lever* and the modal ----------------------------------------------------------------


def handle_deliver_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """*Lever*: open the hand-in modal for someone who may answer for the unit."""
    ack()
    deps = deps_of(context)
    value = ButtonValue.decode(action.get("value"))
    view: dict[str, Any] = {}
    refusal: str | None = t("slack.nudge.gone", deps.lang)
    with deps.runtime.session() as session:
        found = load_obligation(session, value.obligation_id)
        if found is not None and nudge_of(
            session=session, nudge_id=value.nudge_id, obligation=found[0]
        ):
            view, refusal = hand_in_view(
                session=session, deps=deps, user_id=body["user"]["id"], found=found
            )
    if refusal is not None:
        respond(text=refusal, response_type="ephemeral", replace_original=False)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def hand_in_view(
    *,
    session: Session,
    deps: Deps,
    user_id: str,
    found: tuple[Obligation, PlanEvent, Unit],
    text: str | None = None,
) -> tuple[dict[str, Any], str | None]:
    """The hand-in modal for this person and obligation (its text field holding `text`), or the
    reason they may not hand in."""
    obligation, event, unit = found
    who = viewer(session=session, deps=deps, user_id=user_id)
    if not who.may_answer_for(unit.id or 0):
        return {}, leader_refusal(session=session, deps=deps, unit=unit)
    closed = hand_in_closed(event=event, obligation=obligation, staff=who.staff, today=deps.today())
    if closed is not None:  # say so now, not after the form is filled in
        return {}, closed.text(deps.lang)
    delivery = delivery_of(session=session, obligation=obligation)
    already = (
        describe(delivery, files_of(session=session, delivery=delivery), deps.lang)
        if delivery
        else []
    )
    view = deliver_modal(
        lang=deps.lang,
        # "t": when the form was opened, so that sending it just after the deadline is not late
        metadata={"o": obligation.id, "t": int(deps.now().timestamp())},
        event=event,
        unit_name=unit.name,
        settings=deps.settings,
        already=already,
        text=text,
    )
    return view, None


def handle_deliver_submission(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Check the hand-in (errors in the modal), queue it, then fetch its files and store it."""
    deps = deps_of(context)
    lang, user_id = deps.lang, body["user"]["id"]
    values = hand_in_values(view)
    error_block = FILES_BLOCK if values.files else TEXT_BLOCK
    meta = modal_metadata(view)
    oid = meta.get("o")
    with deps.runtime.session() as session:
        found = load_obligation(session, oid if isinstance(oid, int) else None)
        if found is None:
            ack(response_action="errors", errors={error_block: t("slack.nudge.gone", lang)})
            return
        obligation, event, unit = found
        if not values.files and event.deliverable == Deliverable.FILES:
            error_block = FILES_BLOCK  # the modal has no text field to show the error under
        who = viewer(session=session, deps=deps, user_id=user_id)
        if not who.may_answer_for(unit.id or 0):
            refusal = leader_refusal(session=session, deps=deps, unit=unit)
            ack(response_action="errors", errors={error_block: refusal})
            return
        made_at = hand_in_made_at(opened_at=_opened_at(meta), now=deps.now())
        try:
            check_hand_in(
                event=event,
                obligation=obligation,
                text=values.text,
                file_count=len(values.files),
                none_answer=values.none_answer,
                staff=who.staff,
                today=made_at.astimezone(deps.settings.timezone).date(),
            )
            for file in values.files:
                check_file(
                    settings=deps.settings,
                    filename=str(file.get("name") or ""),
                    size=int(file.get("size") or 0),
                )
        except DeliveryRefused as exc:
            ack(response_action="errors", errors={error_block: exc.text(lang)[:2000]})
            return
        file_ids = ",".join(sorted(str(f.get("id")) for f in values.files))
        pending = queue_hand_in(
            session=session,
            key=f"slack:{obligation.id}:{view.get('id') or ''}:{file_ids}",
            obligation=obligation,
            actor=user_id,
            text=values.text,
            none_answer=values.none_answer,
            files=[_file_ref(f) for f in values.files],
            replace=values.replace,
            reply_to=user_id,
            now=deps.now(),
            made_at=made_at,
        )
        pending_id = pending.id or 0
    ack()
    process_pending(runtime=deps.runtime, client=client, ids=[pending_id], wake=deps.wake)


def _opened_at(meta: dict[str, Any]) -> datetime | None:
    """When the hand-in form was opened (its metadata "t"), if it says."""
    opened = meta.get("t")
    if isinstance(opened, int) and not isinstance(opened, bool) and 0 < opened < 2**40:
        return datetime.fromtimestamp(opened, UTC)
    return None


def _file_ref(file: dict[str, Any]) -> dict[str, Any]:
    """What the queue keeps of a Slack file object: enough to fetch it again."""
    keys = ("id", "name", "title", "mimetype", "size", "url_private", "url_private_download")
    return {k: file[k] for k in keys if k in file}


# --- staff: everything handed in, as a zip in a DM -------------------------------------------------


def handle_zip_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """*Last ned alt (zip)* under a staff /status <frist>: upload the collection to the staff DM."""
    ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    with deps.runtime.session() as session:
        who = viewer(session=session, deps=deps, user_id=user_id)
        if not who.staff:
            respond(
                text=staff_refusal(deps, "download"),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        try:
            event = find_event(session=session, query=str(action.get("value") or ""))
        except (EventNotFound, LookupError):
            respond(
                text=t("slack.nudge.gone", deps.lang),
                response_type="ephemeral",
                replace_original=False,
            )
            return
        folder, entries = export_collection(
            session=session,
            event=event,
            actor=user_id,
            now=deps.now(),
            lang=deps.lang,
            tz=deps.settings.timezone,
        )
        title = event.title
    content, filename = zip_bytes(entries, folder=folder), f"{folder}.zip"
    channel = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=channel,
        content=content,
        filename=filename,
        title=filename,
        initial_comment=t("deliver.zip.comment", deps.lang, title=title),
    )
    respond(
        text=t("deliver.zip.sent", deps.lang, title=title),
        response_type="ephemeral",
        replace_original=False,
    )


# --- /status <frist>: what each unit handed in ------------------------------------------------------


def delivered_text(
    *,
    session: Session,
    event: PlanEvent,
    who: Viewer,
    lang: str,
    only_unit_ids: set[int] | None = None,
) -> str:
    """'Levert:' and a line per unit the person may read (staff: all; a leader: their own), of
    those the list above shows (`only_unit_ids`: «/status tromsø forslag» names Tromsø's only).
    A unit marked done with nothing handed in through Planbot (staff marked it: it came by
    e-mail) is named too and says so, so the list names every unit the count says «har levert»."""
    lines = [
        f"{row.unit.name}: "
        + (
            short_description(row.delivery, row.files, lang)
            if row.delivery is not None
            else t("deliver.status.marked_only", lang)
        )
        for row in collect(session=session, event=event)
        if (row.delivery is not None or row.obligation.state == ObligationState.DONE)
        and who.may_answer_for(row.unit.id or 0)
        and (only_unit_ids is None or row.unit.id in only_unit_ids)
    ]
    if not lines:
        return ""
    return "\n\n" + t("deliver.status.title", lang) + "\n" + "\n".join(lines)


def with_zip_button(reply: Reply, *, event: PlanEvent, lang: str) -> Reply:
    """Staff: a *Last ned alt (zip)* button under the list."""
    button = Button(t("deliver.button.zip", lang), ACTION_DELIVERABLES_ZIP, str(event.id))
    extra = button_reply("", buttons=[button]).blocks[-1:]
    return Reply(text=reply.text, blocks=[*reply.blocks, *extra])


# --- a file sent to Planbot in a DM by a unit's leader ----------------------------------------------


def offer_hand_in(
    *, client: WebClient, deps: Deps, channel: str, user_id: str, file_id: str
) -> bool:
    """Offer *Lever* for each of the leader's deadlines that ask for files and still take them;
    False if there are none (the person leads no unit, nothing asks for files, or the deadline
    has passed and takes no late hand-ins)."""
    lang = deps.lang
    rows: list[tuple[str, Button]] = []
    with deps.runtime.session() as session:
        who = viewer(session=session, deps=deps, user_id=user_id)
        for unit in who.leader_of:
            for deadline in unit_deadlines(session=session, unit=unit, today=deps.today()):
                if deadline.event.deliverable not in (Deliverable.FILES, Deliverable.TEXT_OR_FILES):
                    continue
                closed = hand_in_closed(
                    event=deadline.event,
                    obligation=deadline.obligation,
                    staff=who.staff,
                    today=deps.today(),
                )
                if closed is not None:  # a *Lever* that would only refuse when pressed
                    continue
                value = json.dumps(
                    {"o": deadline.obligation.id, "f": file_id}, separators=(",", ":")
                )
                label = f"{deadline.event.title} ({unit.name})"
                rows.append((label, Button(t("deliver.button", lang), ACTION_DELIVER_FILE, value)))
    if not rows:
        return False
    reply = button_reply(t("deliver.dm.offer", lang), rows=rows[:MAX_CHOICES])
    client.chat_postMessage(channel=channel, **reply.as_kwargs())
    return True


def handle_deliver_file_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: Any,
) -> None:
    """*Lever* beside a file sent in a DM: add the file to the unit's hand-in for that deadline."""
    ack()
    deps = deps_of(context)
    lang, user_id = deps.lang, body["user"]["id"]
    try:
        value = json.loads(action.get("value") or "")
        oid, file_id = int(value["o"]), str(value["f"])
    except (ValueError, KeyError, TypeError):
        respond(text=t("slack.nudge.gone", lang), response_type="ephemeral", replace_original=False)
        return
    info = client.files_info(file=file_id)["file"]
    with deps.runtime.session() as session:
        found = load_obligation(session, oid)
        if found is None:
            refusal: str | None = t("slack.nudge.gone", lang)
        else:
            obligation, event, unit = found
            who = viewer(session=session, deps=deps, user_id=user_id)
            refusal = (
                None
                if who.may_answer_for(unit.id or 0)
                else leader_refusal(session=session, deps=deps, unit=unit)
            )
        if refusal is None and found is not None:
            try:
                check_hand_in(
                    event=event,
                    obligation=obligation,
                    text="",
                    file_count=1,
                    none_answer=False,
                    staff=who.staff,
                    today=deps.today(),
                )
                check_file(
                    settings=deps.settings,
                    filename=str(info.get("name") or ""),
                    size=int(info.get("size") or 0),
                )
            except DeliveryRefused as exc:
                refusal = exc.text(lang)
        if refusal is not None:
            respond(text=refusal, response_type="ephemeral", replace_original=False)
            return
        pending = queue_hand_in(
            session=session,
            key=f"slack-dm:{oid}:{file_id}",
            obligation=obligation,
            actor=user_id,
            text="",
            none_answer=False,
            files=[_file_ref(info)],
            replace=False,
            reply_to=user_id,
            now=deps.now(),
        )
        pending_id = pending.id or 0
    respond(text=t("deliver.waiting", lang), replace_original=True)
    process_pending(runtime=deps.runtime, client=client, ids=[pending_id], wake=deps.wake)
