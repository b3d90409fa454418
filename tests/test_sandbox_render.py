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


def test_tick_boxes_are_shown_one_a_line_ticked_or_not() -> None:
    """The import preview's new events (ticked) and per-unit choices (not ticked) are boxes; the
    sandbox showed none of them, so the events to save were not listed at all."""
    keep = {
        "type": "checkboxes",
        "action_id": "k",
        "options": [
            {
                "text": {"type": "mrkdwn", "text": "#6 uke 37 2027 · Høstkampanjen"},
                "value": "keep:6",
            },
            {
                "text": {"type": "mrkdwn", "text": "#9 1. desember · Forslagsfrist"},
                "value": "keep:9",
            },
        ],
    }
    keep["initial_options"] = keep["options"]
    per_unit = {
        "type": "checkboxes",
        "action_id": "c",
        "options": [
            {"text": {"type": "mrkdwn", "text": "#9 Én oppgave per kommuneparti"}, "value": "p:9"}
        ],
    }
    blocks = [
        {"type": "actions", "elements": [keep]},
        {"type": "section", "text": {"type": "mrkdwn", "text": "Kryss av:"}, "accessory": per_unit},
    ]
    assert blocks_to_text(blocks) == (
        "☑ #6 uke 37 2027 · Høstkampanjen\n☑ #9 1. desember · Forslagsfrist\n\n"
        "Kryss av:\n☐ #9 Én oppgave per kommuneparti"
    )
