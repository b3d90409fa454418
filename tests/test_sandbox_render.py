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


def test_a_form_field_shows_what_it_already_holds() -> None:
    """/ferdig forslagsfrist | sendt på e-post fills the hand-in's text field: the sandbox shows it."""
    field = {"type": "plain_text_input", "action_id": "v", "initial_value": "sendt på e-post"}
    blocks = [
        {"type": "input", "label": {"type": "plain_text", "text": "Tekst"}, "element": field},
        {
            "type": "input",
            "label": {"type": "plain_text", "text": "Filer"},
            "element": {"type": "file_input", "action_id": "f"},
        },
    ]
    assert blocks_to_text(blocks) == "Tekst: sendt på e-post\nFiler: ____"
