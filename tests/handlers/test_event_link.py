"""An event's link in the staff modal (checked by the event service) and on the Slack nudge."""

from __future__ import annotations

import json

from bot.messages import ACTION_DONE, NudgeMessage
from bot.services.events import find_event
from handlers.blocks import answered_nudge_blocks, nudge_blocks
from tests.conftest import STAFF
from tests.handlers.test_interactive import event_values, opened_view

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting%40thread.v2/0?a=1&b=2"


def link_values(url: str) -> dict:
    return {**event_values(), "url": {"value": {"type": "url_text_input", "value": url}}}


def test_staff_give_an_event_its_link_in_the_modal(slack, standin, runtime) -> None:
    slack.command("/plan", "ny", user=STAFF)
    view = opened_view(standin)
    assert any(b.get("block_id") == "url" for b in view["blocks"])
    bad = slack.submit(view, link_values("teams.microsoft.com/l/x"), user=STAFF)
    assert json.loads(bad.body) == {
        "response_action": "errors",
        "errors": {"url": "Lim inn hele lenken, som begynner med https://."},
    }
    assert slack.submit(view, link_values(TEAMS), user=STAFF).body == ""
    with runtime.session() as session:
        assert find_event(session=session, query="Lagbyggersamling i Senja").url == TEAMS


def meeting_message(url: str | None) -> NudgeMessage:
    return NudgeMessage(
        idempotency_key="k",
        rule="meeting.on_day",
        language="nb",
        event_id=1,
        event_title="Teamsmøte",
        event_kind="meeting",
        when_text="tirsdag 8. desember 2026 kl. 19:00",
        headline="📅 Teamsmøte: om 2 timer, tirsdag 8. desember 2026 kl. 19:00.",
        obligation_id=3,
        buttons=(ACTION_DONE,),
        url=url,
    )


def test_a_meeting_nudge_carries_its_link_and_keeps_it_after_a_click() -> None:
    blocks = nudge_blocks(meeting_message(TEAMS))
    link = next(b for b in blocks if b.get("block_id") == "planbot_nudge_link")
    escaped = TEAMS.replace("&", "&amp;")
    assert link["text"]["text"] == f"<{escaped}|🔗 Bli med i møtet>"
    answered = answered_nudge_blocks(blocks, "✅ Kari meldte ferdig")
    assert link in answered and not any(b["type"] == "actions" for b in answered)
    assert not any(
        b.get("block_id") == "planbot_nudge_link" for b in nudge_blocks(meeting_message(None))
    )
