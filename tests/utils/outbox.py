"""Send what the outbox holds now through the real dispatcher and Slack transport (to the stand-in):
what `planbot run` does when a listener wakes its dispatcher."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.runtime import Runtime
from handlers.blocks import outbox_blocks
from schedules.dispatcher import Dispatcher, TickResult
from schedules.transports import SlackTransport


def send_due(runtime: Runtime, client: WebClient) -> TickResult:
    """One look at the outbox: every due row is sent (a dispatcher of its own, closed after)."""
    dispatcher = Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports={"slack": SlackTransport(client=client, blocks=outbox_blocks)},
        clock=runtime.clock,
        settle_seconds=0,
    )
    try:
        return dispatcher.tick()
    finally:
        dispatcher.close()
