"""The composition of the Slack transport: the outbox's sender handed the Slack renderer of a nudge."""

from __future__ import annotations

from typing import Any

from bot.settings import Settings
from handlers.blocks import outbox_blocks
from schedules.transports import SlackTransport, slack_transport


def slack_sender(settings: Settings, **options: Any) -> SlackTransport:
    """The Slack transport for the outbox, rendering nudges and the digest as Block Kit."""
    return slack_transport(settings, blocks=outbox_blocks, **options)
