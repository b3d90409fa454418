"""What the import previews in Slack share: who may use them, the polite no, replacing a preview."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.texts import t
from handlers.access import staff_contacts, viewer
from handlers.blocks_import import text_blocks
from handlers.deps import Deps


def is_staff(deps: Deps, user_id: str) -> bool:
    """Whether the user is county office staff."""
    with deps.runtime.session() as session:
        return viewer(session=session, deps=deps, user_id=user_id).staff


def refusal(deps: Deps) -> str:
    """The polite no, naming who can import."""
    return t("import.slack.refused", deps.lang, who=staff_contacts(deps))


def replace_preview(
    client: WebClient, body: dict[str, Any], text: str, *, keep: bool = False
) -> None:
    """Replace the preview message with `text` (or, with keep, answer beside it)."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts")
    assert channel is not None  # a button on a message always arrives with the message's channel
    if keep or not ts:
        client.chat_postEphemeral(channel=channel, user=body["user"]["id"], text=text)
        return
    client.chat_update(channel=channel, ts=ts, text=text, blocks=text_blocks(text))
