"""A units file (CSV or YAML with a `name` column) sent to Planbot in a DM by staff: the same
preview as `planbot unit import --dry-run`, with Lagre/Avbryt; nothing is stored before Lagre."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.importer import ImportFileError, ImportRowsError
from bot.services.imports import file_error_text, rows_error_text
from bot.services.unit_files import (
    apply_unit_import,
    changes_text,
    drop_unit_draft,
    load_unit_draft,
    plan_unit_import,
    save_unit_draft,
    unit_rows,
)
from bot.texts import t
from handlers.blocks_units import CANCEL_ACTION, SAVE_ACTION, unit_preview_blocks
from handlers.deps import Deps, deps_of
from handlers.previews import is_staff, refusal, replace_preview
from schedules.slack_directory import DirectoryUnavailable, email_lookup


def register(app: App) -> None:
    """Wire Lagre/Avbryt of a units preview (the file itself arrives through handlers.importer)."""
    app.action(SAVE_ACTION)(handle_save)
    app.action(CANCEL_ACTION)(handle_cancel)


def send_unit_preview(
    *, client: WebClient, deps: Deps, channel: str, user_id: str, text: str, document: str
) -> None:
    """Check the file, compare it with the stored units, keep it as a draft and post the preview
    (or one message naming every bad line)."""
    lang = deps.lang
    try:
        rows = unit_rows(text, name=document, lookup=email_lookup(client))
        with deps.runtime.session() as session:
            plan = plan_unit_import(session=session, rows=rows, today=deps.runtime.today())
            draft_id = save_unit_draft(
                session=session, text=text, document=document, user_id=user_id, now=deps.now()
            )
    except ImportFileError as exc:
        client.chat_postMessage(
            channel=channel, text=file_error_text(exc, file=document, lang=lang)
        )
        return
    except ImportRowsError as exc:
        client.chat_postMessage(
            channel=channel, text=rows_error_text(exc, file=document, lang=lang)
        )
        return
    except DirectoryUnavailable as exc:
        client.chat_postMessage(channel=channel, text=t("units.lookup_failed", lang, error=exc))
        return
    client.chat_postMessage(
        channel=channel,
        text=changes_text(plan, file=document, lang=lang, stored=False).split("\n")[0],
        blocks=unit_preview_blocks(plan, document=document, draft_id=draft_id, lang=lang),
    )


def handle_save(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
    """Store the draft's units (staff only) and replace the preview with what was stored."""
    ack()
    deps = deps_of(context)
    user_id = body["user"]["id"]
    if not is_staff(deps, user_id):
        replace_preview(client, body, refusal(deps), keep=True)
        return
    draft_id = body["actions"][0]["value"]
    lang = deps.lang
    try:
        with deps.runtime.session() as session:
            draft = load_unit_draft(session=session, draft_id=draft_id)
            if draft is None:
                text = t("import.slack.gone", lang)
            else:
                document, file_text = draft
                rows = unit_rows(file_text, name=document, lookup=email_lookup(client))
                plan = plan_unit_import(session=session, rows=rows, today=deps.runtime.today())
                apply_unit_import(
                    session=session,
                    plan=plan,
                    actor=user_id,
                    now=deps.now(),
                    today=deps.runtime.today(),
                )
                drop_unit_draft(session=session, draft_id=draft_id)
                text = changes_text(plan, file=document, lang=lang, stored=True)
    except ImportRowsError as exc:
        text = rows_error_text(exc, file=draft[0] if draft else "", lang=lang)
    except DirectoryUnavailable as exc:
        text = t("units.lookup_failed", lang, error=exc)
    replace_preview(client, body, text)


def handle_cancel(ack: Ack, body: dict[str, Any], client: WebClient, context: Any) -> None:
    """Forget the draft (staff only) and say that nothing was stored."""
    ack()
    deps = deps_of(context)
    if not is_staff(deps, body["user"]["id"]):
        replace_preview(client, body, refusal(deps), keep=True)
        return
    draft_id = body["actions"][0]["value"]
    with deps.runtime.session() as session:
        draft = load_unit_draft(session=session, draft_id=draft_id)
        drop_unit_draft(session=session, draft_id=draft_id)
    text = (
        t("import.slack.cancelled", deps.lang, file=draft[0])
        if draft
        else t("import.slack.gone", deps.lang)
    )
    replace_preview(client, body, text)
