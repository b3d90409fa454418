"""Block Kit for importing a plan from Slack: the paste modal and the preview with Lagre/Avbryt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.importer import ImportItem
from bot.services.imports import describe_when, kind_label
from bot.texts import t

PASTE_CALLBACK = "planbot_import_paste"
TEXT_BLOCK, TEXT_ACTION = "planbot_import_text", "text"
YEAR_BLOCK, YEAR_ACTION = "planbot_import_year", "year"
ACTIONS_BLOCK = "planbot_import_actions"
SAVE_ACTION = "planbot_import_save"
CANCEL_ACTION = "planbot_import_cancel"
PREVIEW_LINES = 15
LINE_LIMIT = 280


def paste_modal(*, lang: str, metadata: str = "") -> dict[str, Any]:
    """A modal with a multiline input for the plan's text and an optional year."""
    return View(
        type="modal",
        callback_id=PASTE_CALLBACK,
        title=PlainTextObject(text=t("import.slack.modal_title", lang)),
        submit=PlainTextObject(text=t("import.slack.submit", lang)),
        close=PlainTextObject(text=t("import.slack.close", lang)),
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=TEXT_BLOCK,
                label=PlainTextObject(text=t("import.slack.paste_label", lang)),
                hint=PlainTextObject(text=t("import.slack.paste_hint", lang)),
                element=PlainTextInputElement(
                    action_id=TEXT_ACTION, multiline=True, max_length=3000
                ),
            ),
            InputBlock(
                block_id=YEAR_BLOCK,
                optional=True,
                label=PlainTextObject(text=t("import.slack.year_label", lang)),
                hint=PlainTextObject(text=t("import.slack.year_hint", lang)),
                element=PlainTextInputElement(action_id=YEAR_ACTION, max_length=4),
            ),
        ],
    ).to_dict()


def notice_modal(*, lang: str, text: str) -> dict[str, Any]:
    """A modal that only says something (e.g. a polite refusal)."""
    return View(
        type="modal",
        title=PlainTextObject(text=t("import.slack.modal_title", lang)),
        close=PlainTextObject(text=t("import.slack.close", lang)),
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    ).to_dict()


def preview_blocks(
    items: Sequence[ImportItem], *, document: str, draft_id: str, lang: str
) -> list[dict[str, Any]]:
    """The first events found (date in Norwegian words, kind, title) with Lagre and Avbryt buttons."""
    lines = [_line(item, lang) for item in items[:PREVIEW_LINES]]
    if len(items) > PREVIEW_LINES:
        lines.append(t("import.slack.more", lang, count=len(items) - PREVIEW_LINES))
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=t("import.slack.preview", lang, file=document, count=len(items))
            )
        ),
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:2900])),
        ContextBlock(elements=[MarkdownTextObject(text=t("import.slack.preview_note", lang))]),
        ActionsBlock(
            block_id=ACTIONS_BLOCK,
            elements=[
                ButtonElement(
                    action_id=SAVE_ACTION,
                    text=PlainTextObject(text=t("import.slack.save", lang)),
                    value=draft_id,
                    style="primary",
                ),
                ButtonElement(
                    action_id=CANCEL_ACTION,
                    text=PlainTextObject(text=t("import.slack.cancel", lang)),
                    value=draft_id,
                ),
            ],
        ),
    ]
    return [block.to_dict() for block in blocks]


def text_blocks(text: str) -> list[dict[str, Any]]:
    """One section of mrkdwn text (the outcome that replaces a preview)."""
    return [SectionBlock(text=MarkdownTextObject(text=text[:2900])).to_dict()]


def _line(item: ImportItem, lang: str) -> str:
    when = describe_when(item, lang)
    kind = kind_label(str(item.event.kind), lang)
    return f"• *{_escape(when)}* · {kind} · {_escape(item.event.title)}"[:LINE_LIMIT]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
