"""The sandbox shows a question's picker as a person would see it in Slack ([Velg dato]), not
as nothing at all."""

from planbot.sandbox import blocks_to_text


def test_a_date_picker_and_a_button_are_both_shown() -> None:
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "Når holder dere årsmøtet?"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "datepicker",
                    "action_id": "a",
                    "placeholder": {"type": "plain_text", "text": "Velg dato"},
                },
                {
                    "type": "button",
                    "action_id": "b",
                    "text": {"type": "plain_text", "text": "Svar"},
                },
            ],
        },
    ]
    assert blocks_to_text(blocks) == "Når holder dere årsmøtet?\n[Velg dato] [Svar]"
