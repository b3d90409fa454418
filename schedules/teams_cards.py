"""Adaptive Cards (version 1.4) for Teams Workflows webhooks: nudges and the staff digest.

The words are the same as in Slack (bot.texts); buttons are `Action.OpenUrl` links to signed pages
served by Planbot, since `Action.Execute` needs a registered bot (see shared/PLATFORM.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from bot.messages import BUTTON_TEXT, PRIMARY_ACTIONS, NudgeMessage
from bot.services.units import unit_label
from bot.texts import t

CARD_VERSION = "1.4"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
# A Workflows webhook takes about 28 KB per message; keep a margin for the HTTP layer.
MAX_MESSAGE_BYTES = 27 * 1024
# How many unit names a list shows before "… og N til".
UNIT_LIST_LIMIT = 40
TEXT_LIMIT = 2000
# How schedules.digest marks a section heading among the digest's lines.
DIGEST_HEADER = "## "


def envelope(card: dict[str, Any]) -> dict[str, Any]:
    """The card wrapped as a Workflows webhook message."""
    return {
        "type": "message",
        "attachments": [{"contentType": CARD_CONTENT_TYPE, "contentUrl": None, "content": card}],
    }


def message_bytes(message: Mapping[str, Any]) -> bytes:
    """The message as it goes over the wire (compact UTF-8 JSON); its length is what counts."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cap_names(names: Sequence[str], limit: int, lang: str) -> str:
    """Names joined with commas, at most `limit` of them, then '… og N til.'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + " " + t("slack.more", lang, count=len(names) - limit)


def text_block(text: str, **style: Any) -> dict[str, Any]:
    """A wrapping TextBlock, cut at TEXT_LIMIT characters."""
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]], *, lang: str, fallback: str
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "lang": lang,
        "fallbackText": fallback[:TEXT_LIMIT],
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def nudge_card(
    message: NudgeMessage,
    *,
    links: Mapping[str, str],
    links_expire: str | None = None,
    unit_limit: int = UNIT_LIST_LIMIT,
) -> dict[str, Any]:
    """A nudge as a Workflows message: headline, when and who, details, and its link buttons."""
    while True:
        wrapped = envelope(_nudge_card(message, links, links_expire, unit_limit))
        if len(message_bytes(wrapped)) <= MAX_MESSAGE_BYTES or unit_limit <= 1:
            return wrapped
        unit_limit //= 2


def _nudge_card(
    message: NudgeMessage, links: Mapping[str, str], links_expire: str | None, unit_limit: int
) -> dict[str, Any]:
    lang = message.language
    body = [text_block(message.headline, weight="Bolder", size="Medium")]
    context = [f"📅 {message.when_text}"] if message.when_text else []
    if message.unit_name:
        context.append(unit_label(name=message.unit_name, lang=lang))
    if context:
        body.append(text_block("  ·  ".join(context), isSubtle=True, spacing="None"))
    body += [text_block(line) for line in message.details]
    if message.units_open:
        units = cap_names(message.units_open, unit_limit, lang)
        body.append(text_block(t("slack.nudge.open_units", lang, units=units)))
    actions = [
        {
            "type": "Action.OpenUrl",
            "title": t(BUTTON_TEXT[action], lang),
            "url": links[action],
            **({"style": "positive"} if action in PRIMARY_ACTIONS else {}),
        }
        for action in message.buttons
        if action in BUTTON_TEXT and links.get(action)
    ]
    if actions and links_expire:
        body.append(
            text_block(
                t("teams.card.links_note", lang, date=links_expire), isSubtle=True, size="Small"
            )
        )
    if message.url:
        actions.append({"type": "Action.OpenUrl", "title": message.link_text, "url": message.url})
    return _card(body, actions, lang=lang, fallback=message.fallback_text)


def digest_sections(message: NudgeMessage) -> list[tuple[str, list[str]]]:
    """The digest's lines grouped under their '## ' headings (as schedules.digest writes them)."""
    sections: list[tuple[str, list[str]]] = []
    for line in message.details:
        if line.startswith(DIGEST_HEADER):
            sections.append((line.removeprefix(DIGEST_HEADER), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            sections.append(("", [line]))
    return sections


def digest_card(message: NudgeMessage, *, line_limit: int = 60) -> dict[str, Any]:
    """The staff digest as a Workflows message: its title, then each section's heading and lines."""
    lang = message.language
    sections = digest_sections(message)
    while True:
        body = [text_block(message.headline, weight="Bolder", size="Large")]
        for heading, lines in sections:
            if heading:
                body.append(text_block(heading, weight="Bolder", separator=True, spacing="Medium"))
            shown = list(lines[:line_limit])
            if len(lines) > line_limit:
                shown.append(t("slack.more", lang, count=len(lines) - line_limit))
            body += [text_block(line, spacing="Small") for line in shown]
        wrapped = envelope(_card(body, [], lang=lang, fallback=message.headline))
        if len(message_bytes(wrapped)) <= MAX_MESSAGE_BYTES or line_limit <= 1:
            return wrapped
        line_limit //= 2


def notice_card(text: str, *, lang: str) -> dict[str, Any]:
    """A message with one line of text and no buttons (e.g. `planbot doctor --send-test`)."""
    return envelope(_card([text_block(text)], [], lang=lang, fallback=text))
