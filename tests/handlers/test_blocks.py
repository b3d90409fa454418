"""Block Kit of nudges: look, buttons, and the values they carry."""

from __future__ import annotations

from bot.messages import ACTION_DONE, ACTION_EXEMPT, ACTION_SNOOZE, NudgeMessage
from handlers.blocks import (
    Button,
    ButtonValue,
    answered_nudge_blocks,
    button_reply,
    nudge_blocks,
)
from planbot.sandbox import blocks_to_text


def nudge(**overrides: object) -> NudgeMessage:
    values: dict[str, object] = {
        "idempotency_key": "k1",
        "rule": "before-7d",
        "language": "nb",
        "event_id": 1,
        "event_title": "Forslagsfrist til landsmøtet 2027",
        "event_kind": "deadline",
        "when_text": "tirsdag 1. desember 2026",
        "headline": "Om 7 dager: Forslagsfrist til landsmøtet 2027",
        "details": ("Send forslagene via fylkespartiet.",),
        "nudge_id": 7,
        "unit_id": 3,
        "unit_name": "Tromsø",
        "obligation_id": 42,
        "buttons": (ACTION_DONE, ACTION_SNOOZE, ACTION_EXEMPT),
    }
    values.update(overrides)
    return NudgeMessage(**values)  # type: ignore[arg-type]


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_nudge_has_three_buttons_in_norwegian_carrying_both_ids() -> None:
    blocks = nudge_blocks(nudge())
    found = buttons(blocks)
    assert [b["action_id"] for b in found] == [ACTION_DONE, ACTION_SNOOZE, ACTION_EXEMPT]
    assert [b["text"]["text"] for b in found] == ["Ferdig", "Minn meg på i morgen", "Ikke aktuelt"]
    assert found[0]["style"] == "primary"
    value = ButtonValue.decode(found[0]["value"])
    assert (value.obligation_id, value.nudge_id) == (42, 7)
    text = str(blocks)
    assert "Forslagsfrist" in text and "tirsdag 1. desember 2026" in text and "Tromsø" in text


def test_english_labels_and_no_buttons_when_none_asked() -> None:
    assert [b["text"]["text"] for b in buttons(nudge_blocks(nudge(language="en")))] == [
        "Done",
        "Remind me tomorrow",
        "Not applicable",
    ]
    assert buttons(nudge_blocks(nudge(buttons=()))) == []


def test_mrkdwn_is_escaped_and_long_details_split() -> None:
    blocks = nudge_blocks(nudge(headline="A <b> & c", details=("x" * 100,) * 100))
    assert "&lt;b&gt; &amp;" in blocks[0]["text"]["text"]
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert len(blocks) <= 50


def test_button_value_decode_is_forgiving() -> None:
    for junk in (None, "", "x", "[]", '{"o": "1"}', '{"o": true}'):
        assert ButtonValue.decode(junk).obligation_id is None


def test_answered_nudge_drops_buttons_and_says_who() -> None:
    blocks = answered_nudge_blocks(nudge_blocks(nudge()), "✅ <@U1> meldte ferdig")
    assert buttons(blocks) == [] and "meldte ferdig" in str(blocks[-1])


def test_button_reply_has_a_line_per_choice_a_row_and_a_grid_with_unique_action_ids() -> None:
    row_button = Button("Meld ferdig", "planbot_ferdig_mark", ButtonValue(1, None).encode())
    reply = button_reply(
        "Velg:",
        rows=[("Forslagsfrist (1. desember)", row_button)],
        buttons=[Button("Angre", "planbot_ferdig_undo", "{}")],
        grid=[Button(f"Enhet {i}", "planbot_status_mark", str(i)) for i in range(30)],
    )
    grid = [b for b in reply.blocks if b["type"] == "actions"][1:]
    assert [len(b["elements"]) for b in grid] == [25, 5]
    ids = [e["action_id"] for b in grid for e in b["elements"]]
    assert len(set(ids)) == 30 and ids[0] == "planbot_status_mark:0"
    text = blocks_to_text(reply.blocks)
    assert "Forslagsfrist (1. desember)  [Meld ferdig]" in text and "[Angre]" in text
