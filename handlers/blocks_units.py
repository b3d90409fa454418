"""Block Kit for a units file sent to Planbot in a DM: the preview with Lagre/Avbryt."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    MarkdownTextObject,
    SectionBlock,
)

from bot.services.unit_files import UnitImportPlan, changes_text
from bot.texts import t
from handlers.blocks_import import save_or_cancel

SAVE_ACTION = "planbot_units_save"
CANCEL_ACTION = "planbot_units_cancel"
ACTIONS_BLOCK = "planbot_units_actions"
PREVIEW_LINES = 40


def unit_preview_blocks(
    plan: UnitImportPlan, *, document: str, draft_id: str, lang: str
) -> list[dict[str, Any]]:
    """What the file adds, changes and deactivates (as `planbot unit import --dry-run` says it),
    and Lagre/Avbryt buttons."""
    lines = changes_text(plan, file=document, lang=lang, stored=False).split("\n")
    if len(lines) > PREVIEW_LINES:
        more = t("import.slack.more", lang, count=len(lines) - PREVIEW_LINES)
        lines = [*lines[:PREVIEW_LINES], more]
    blocks = [
        SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:2900])),
        *save_or_cancel(
            note=t("units.slack.preview_note", lang),
            draft_id=draft_id,
            lang=lang,
            actions=(ACTIONS_BLOCK, SAVE_ACTION, CANCEL_ACTION),
        ),
    ]
    return [block.to_dict() for block in blocks]
