"""A nudge sent to a leader by direct message carries no button only staff may press (*Ikke
aktuelt*): nobody from the county office is in that conversation, and the leader would be refused."""

from __future__ import annotations

from bot.messages import ACTION_DELIVER, ACTION_EXEMPT, ACTION_SNOOZE, NudgeMessage
from handlers.blocks import outbox_blocks
from planbot.testing.slack_standin import SlackStandIn
from schedules.transports import Delivery, SlackTransport, slack_client


def message() -> NudgeMessage:
    return NudgeMessage(
        idempotency_key="k",
        rule="deadline.before_7d",
        language="nb",
        event_id=1,
        event_title="Forslagsfrist til landsmøtet 2027",
        event_kind="deadline",
        when_text="tirsdag 1. desember 2026",
        headline="⏰ Forslagsfrist til landsmøtet 2027: fristen går ut om 7 dager.",
        unit_id=7,
        unit_name="Senja",
        obligation_id=9,
        buttons=(ACTION_DELIVER, ACTION_SNOOZE, ACTION_EXEMPT),
    )


def action_ids(call) -> list[str]:
    return [
        element["action_id"]
        for block in call.payload["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def test_a_leaders_dm_has_no_staff_only_button_and_a_channel_keeps_it(
    runtime, standin: SlackStandIn
) -> None:
    settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    transport = SlackTransport(client=slack_client(settings), blocks=outbox_blocks)
    dm = transport.open_channel("U0ANNE")
    transport.send(Delivery(channel=dm, message=message(), key="k1"))
    transport.send(Delivery(channel="C0TROMSO", message=message(), key="k2"))
    to_leader, to_channel = standin.posts()
    assert action_ids(to_leader) == [ACTION_DELIVER, ACTION_SNOOZE]
    assert action_ids(to_channel) == [ACTION_DELIVER, ACTION_SNOOZE, ACTION_EXEMPT]
