"""Block Kit builders (slack_sdk block models) for every message, modal and Home tab Planbot shows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.messages import ACTION_DONE, ACTION_EXEMPT, ACTION_SNOOZE, NudgeMessage
from bot.texts import t

# Slack's limits: 3,000 characters in a section's text, 50 blocks in a message, 100 in a view.
SECTION_LIMIT = 2900
MESSAGE_BLOCK_LIMIT = 48

BUTTON_TEXT = {
    ACTION_DONE: "slack.button.done",
    ACTION_SNOOZE: "slack.button.snooze",
    ACTION_EXEMPT: "slack.button.exempt",
}
BUTTON_STYLE = {ACTION_DONE: "primary"}
NUDGE_ACTIONS_BLOCK = "planbot_nudge_actions"


@dataclass(frozen=True)
class ButtonValue:
    """What a nudge button carries: the obligation it answers and the nudge it came with."""

    obligation_id: int | None
    nudge_id: int | None

    def encode(self) -> str:
        return json.dumps({"o": self.obligation_id, "n": self.nudge_id}, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str | None) -> ButtonValue:
        """The ids in a button's value; both None when the value is not one of ours."""
        try:
            data = json.loads(value or "")
        except ValueError:
            return cls(None, None)
        if not isinstance(data, dict):
            return cls(None, None)
        return cls(_int_or_none(data.get("o")), _int_or_none(data.get("n")))


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _dicts(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


# --- nudges -------------------------------------------------------------------------------


def nudge_blocks(message: NudgeMessage) -> list[dict[str, Any]]:
    """A nudge as Block Kit: headline, when and who, details, and its buttons."""
    lang = message.language
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*{escape(message.headline)}*"))
    ]
    context = [f"📅 {escape(message.when_text)}"]
    if message.unit_name:
        context.append(escape(t("slack.nudge.unit", lang, unit=message.unit_name)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text="  ·  ".join(context))]))
    if message.details:
        details = "\n".join(escape(line) for line in message.details)
        blocks += [SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in _chunks(details)]
    if message.units_open:
        units = escape(t("slack.nudge.open_units", lang, units=", ".join(message.units_open)))
        blocks += [SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in _chunks(units)]
    value = ButtonValue(message.obligation_id, message.nudge_id).encode()
    buttons = [
        ButtonElement(
            text=t(BUTTON_TEXT[action], lang),
            action_id=action,
            value=value,
            style=BUTTON_STYLE.get(action),
        )
        for action in message.buttons
        if action in BUTTON_TEXT
    ]
    if buttons:
        blocks.append(ActionsBlock(block_id=NUDGE_ACTIONS_BLOCK, elements=buttons))
    return _dicts(blocks[:MESSAGE_BLOCK_LIMIT])


def answered_nudge_blocks(original: Sequence[dict[str, Any]], line: str) -> list[dict[str, Any]]:
    """The nudge as it was, without its buttons, and a line saying who did what."""
    kept = [dict(block) for block in original if block.get("type") != "actions"]
    kept.append(ContextBlock(elements=[MarkdownTextObject(text=line)]).to_dict())
    return kept[:MESSAGE_BLOCK_LIMIT]


def noted_nudge_blocks(original: Sequence[dict[str, Any]], line: str) -> list[dict[str, Any]]:
    """The nudge with its buttons kept and a line added above them (e.g. after a snooze)."""
    kept = [dict(block) for block in original if block.get("block_id") != "planbot_note"]
    note = ContextBlock(block_id="planbot_note", elements=[MarkdownTextObject(text=line)]).to_dict()
    at = next((i for i, b in enumerate(kept) if b.get("type") == "actions"), len(kept))
    return [*kept[:at], note, *kept[at:]][:MESSAGE_BLOCK_LIMIT]


# --- text helpers -------------------------------------------------------------------------


def _chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text at line ends into pieces a section can hold."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return pieces or [" "]


MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
LINK = re.compile(r"<([^|>]+)\|([^>]+)>")
