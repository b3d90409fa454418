"""Importing a plan from Slack (staff only): a file sent to Planbot in a DM, or text pasted into a
modal (the "Importer plan" shortcut), gives a preview with Lagre/Avbryt; nothing is stored before
"Lagre". A units file sent in a DM goes to handlers.unit_import. `import_paste_modal(lang)` is the modal a `/plan importer` route can open."""

from __future__ import annotations

import logging
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.importer import (
    ImportFileError,
    ImportItem,
    ImportRowsError,
    import_text,
    items_from_found,
    read_import_file,
)
from bot.importer.reading import read_text_file
from bot.services.imports import (
    ImportChoiceError,
    ImportChoices,
    compare_with_plan,
    drop_draft,
    file_error_text,
    load_draft,
    rows_error_text,
    save_draft,
    store_items,
    summary_text,
)
from bot.services.unit_files import is_unit_file
from bot.services.validation import InvalidInput, parse_plan_year
from bot.texts import t
from handlers.blocks_import import (
    CANCEL_ACTION,
    CHOICES_ACTION,
    KEEP_ACTION,
    PASTE_CALLBACK,
    SAVE_ACTION,
    TEXT_ACTION,
    TEXT_BLOCK,
    YEAR_ACTION,
    YEAR_BLOCK,
    chosen,
    left_out,
    notice_modal,
    paste_modal,
    preview_blocks,
)
from handlers.deliveries import offer_hand_in
from handlers.deps import Deps, deps_of
from handlers.previews import is_staff, refusal
from handlers.previews import replace_preview as _replace
from handlers.unit_import import send_unit_preview

log = logging.getLogger("planbot.slack.import")

SHORTCUT = "planbot_import"
MAX_FILE_BYTES = 20 * 1024 * 1024


def register(app: App) -> None:
    """Wire the import shortcut, the paste modal, files sent in a DM, and Lagre/Avbryt."""
    app.shortcut(SHORTCUT)(handle_import_shortcut)
    app.view(PASTE_CALLBACK)(handle_paste_submission)
    app.event("file_shared")(handle_file_shared)
    app.action(SAVE_ACTION)(handle_save)
    app.action(CANCEL_ACTION)(handle_cancel)
    app.action(CHOICES_ACTION)(handle_choice)
    app.action(KEEP_ACTION)(handle_choice)


def import_paste_modal(lang: str) -> dict[str, Any]:
    """The paste modal, for any entry point that wants to open it."""
    return paste_modal(lang=lang)


def handle_import_shortcut(
    ack: Ack, shortcut: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Open the paste modal for staff; tell anyone else who can import."""
    ack()
    deps = deps_of(context)
    user_id = shortcut["user"]["id"]
    view = (
        paste_modal(lang=deps.lang)
        if is_staff(deps, user_id)
        else notice_modal(lang=deps.lang, text=refusal(deps))
    )
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)


def handle_paste_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, context: Any
) -> None:
    """Read the pasted text; show errors in the modal, or close it and send the preview in a DM."""
    deps = deps_of(context)
    lang = deps.lang
    user_id = body["user"]["id"]
    if not is_staff(deps, user_id):
        ack(response_action="errors", errors={TEXT_BLOCK: refusal(deps)})
        return
    values = body["view"]["state"]["values"]
    text = (values.get(TEXT_BLOCK, {}).get(TEXT_ACTION, {}).get("value") or "").strip()
    year_text = (values.get(YEAR_BLOCK, {}).get(YEAR_ACTION, {}).get("value") or "").strip()
    try:
        year = parse_plan_year(year_text) if year_text else None
    except InvalidInput as exc:
        ack(response_action="errors", errors={YEAR_BLOCK: exc.message(lang)})
        return
    document = t("import.slack.pasted", lang)
    try:
        found = import_text(
            text,
            name=document,
            year=year,
            today=deps.today(),
        )
        items = items_from_found(found, document=document)
    except ImportFileError as exc:
        ack(
            response_action="errors",
            errors={TEXT_BLOCK: file_error_text(exc, file=document, lang=lang)},
        )
        return
    except ImportRowsError as exc:
        ack(
            response_action="errors",
            errors={TEXT_BLOCK: rows_error_text(exc, file=document, lang=lang)[:1900]},
        )
        return
    ack()
    send_preview(
        client=client, deps=deps, channel=user_id, user_id=user_id, items=items, document=document
    )


def handle_file_shared(event: dict[str, Any], client: WebClient, context: Any) -> None:
    """A file sent to Planbot in a DM: staff get a preview, others a polite no."""
    deps = deps_of(context)
    user_id = event.get("user_id") or ""
    channel = event.get("channel_id") or ""
    if not channel.startswith("D") or not user_id or user_id == context.get("bot_user_id"):
        return  # only files sent to the bot itself, never the bot's own uploads
    file_id = event.get("file_id") or event["file"]["id"]
    if not is_staff(deps, user_id):
        # A unit's leader may be handing in a file for a deadline: offer that, else say no.
        if not offer_hand_in(
            client=client, deps=deps, channel=channel, user_id=user_id, file_id=file_id
        ):
            client.chat_postMessage(channel=channel, text=refusal(deps))
        return
    name, data = fetch_file(client=client, file_id=file_id)
    with tempfile.TemporaryDirectory(prefix="planbot-import-") as folder:
        path = Path(folder) / (Path(name).name or "plan.txt")
        path.write_bytes(data)
        if (text := unit_file_text(path)) is not None:
            send_unit_preview(
                client=client,
                deps=deps,
                channel=channel,
                user_id=user_id,
                text=text,
                document=path.name,
            )
            return
        try:
            items = read_import_file(path=path, tz=deps.settings.timezone, today=deps.today())
        except ImportFileError as exc:
            message = file_error_text(exc, file=path.name, lang=deps.lang)
            client.chat_postMessage(channel=channel, text=message)
            return
        except ImportRowsError as exc:
            message = rows_error_text(exc, file=path.name, lang=deps.lang)
            client.chat_postMessage(channel=channel, text=message)
            return
    send_preview(
        client=client, deps=deps, channel=channel, user_id=user_id, items=items, document=path.name
    )


def unit_file_text(path: Path) -> str | None:
    """The text of a units file (not a plan), or None."""
    try:
        text = read_text_file(path)
    except ImportFileError:
        return None
    return text if is_unit_file(text, name=path.name) else None


def fetch_file(*, client: WebClient, file_id: str) -> tuple[str, bytes]:
    """The name and bytes of a Slack file (files.info, then its private download URL)."""
    info = client.files_info(file=file_id)["file"]
    url = info.get("url_private_download") or info["url_private"]
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(info.get("name") or "plan.txt"), response.read(MAX_FILE_BYTES + 1)[
            :MAX_FILE_BYTES
        ]


def send_preview(
    *,
    client: WebClient,
    deps: Deps,
    channel: str,
    user_id: str,
    items: list[ImportItem],
    document: str,
) -> None:
    """Keep the items as a draft and post the preview, compared with the plan, with Lagre/Avbryt."""
    with deps.runtime.session() as session:
        draft = save_draft(
            session=session, items=items, document=document, user_id=user_id, now=deps.now()
        )
        compared = compare_with_plan(session=session, items=items)
        blocks = preview_blocks(
            compared,
            document=document,
            draft_id=draft.draft_id,
            lang=deps.lang,
            today=deps.today(),
        )
    client.chat_postMessage(
        channel=channel,
        text=t("import.slack.preview", deps.lang, file=document, count=len(items)),
        blocks=blocks,
    )


def handle_choice(ack: Ack) -> None:
    """Ticking a box in the preview only changes what «Lagre» will do."""
    ack()


def handle_save(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
    """Store the draft's new events that are still ticked, as tentative (with the per-unit and
    change boxes ticked), and replace the preview with the summary; a contradictory choice is
    answered beside the preview, which stays for another try."""
    ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    if not is_staff(deps, user_id):
        _replace(client, body, refusal(deps), keep=True)
        return
    draft_id = body["actions"][0]["value"]
    state = body.get("state") or {}
    per_unit, update = chosen(state)
    choices = ImportChoices(per_unit=per_unit, update=update, left_out=left_out(state))
    try:
        with deps.runtime.session() as session:
            draft = load_draft(session=session, draft_id=draft_id, now=deps.now())
            if draft is None:
                text = t("import.slack.gone", deps.lang)
            else:
                summary = store_items(
                    session=session,
                    items=draft.items,
                    document=draft.document,
                    actor=user_id,
                    now=deps.now(),
                    choices=choices,
                )
                drop_draft(session=session, draft_id=draft_id)
                text = summary_text(summary, file=draft.document, lang=deps.lang)
    except ImportChoiceError as exc:
        _replace(client, body, exc.text(deps.lang), keep=True)
        return
    _replace(client, body, text)


def handle_cancel(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
    """Forget the draft (staff only) and say that nothing was stored."""
    ack()
    deps = deps_of(context)
    if not is_staff(deps, body["user"]["id"]):
        _replace(client, body, refusal(deps), keep=True)
        return
    draft_id = body["actions"][0]["value"]
    with deps.runtime.session() as session:
        draft = load_draft(session=session, draft_id=draft_id, now=deps.now())
        drop_draft(session=session, draft_id=draft_id)
    text = (
        t("import.slack.cancelled", deps.lang, file=draft.document)
        if draft
        else t("import.slack.gone", deps.lang)
    )
    _replace(client, body, text)
