"""Block Kit for deliverables: the hand-in modal (text, files, "ingen forslag"), the prompt with
*Lever*, and the receipt."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.messages import ACTION_DELIVER
from bot.models import Deliverable, PlanEvent
from bot.services.deliveries import MAX_FILES, TEXT_LIMIT, human_size
from bot.settings import Settings
from bot.texts import t
from handlers.blocks import VALUE, Button, ButtonValue, Reply, button_reply, escape

ACTION_DELIVERABLES_ZIP = "planbot_deliverables_zip"
# *Lever* beside a file a leader sent to Planbot in a DM: {"o": obligation id, "f": Slack file id}.
ACTION_DELIVER_FILE = "planbot_deliver_file"
CALLBACK_DELIVER = "planbot_deliver"
TEXT_BLOCK = "deliver_text"
FILES_BLOCK = "deliver_files"
NONE_BLOCK = "deliver_none"
MODE_BLOCK = "deliver_mode"
NONE_VALUE = "none"
MODE_REPLACE = "replace"
MODE_ADD = "add"


@dataclass(frozen=True)
class DeliverPrompt(Reply):
    """A /ferdig answer for a deadline that asks for something: the hand-in modal opens instead."""

    obligation_id: int = 0


def spec_words(event: PlanEvent, lang: str) -> str:
    """'tekst eller filer, eller «ingen forslag»'."""
    words = t(f"deliver.spec.{event.deliverable}", lang)
    return t("deliver.spec.none_ok", lang, spec=words) if event.deliverable_none_ok else words


def deliver_button(obligation_id: int | None, nudge_id: int | None, lang: str) -> Button:
    value = ButtonValue(obligation_id, nudge_id).encode()
    return Button(t("deliver.button", lang), ACTION_DELIVER, value, primary=True)


def deliver_prompt(*, event: PlanEvent, unit_name: str, obligation_id: int, lang: str) -> Reply:
    """'«Forslagsfrist …» ber Tromsø om tekst eller filer …' with *Lever*."""
    text = t(
        "deliver.prompt", lang, title=event.title, unit=unit_name, spec=spec_words(event, lang)
    )
    reply = button_reply(text, buttons=[deliver_button(obligation_id, None, lang)])
    return DeliverPrompt(text=reply.text, blocks=reply.blocks, obligation_id=obligation_id)


def deliver_modal(
    *,
    lang: str,
    metadata: dict[str, Any],
    event: PlanEvent,
    unit_name: str,
    settings: Settings,
    already: Sequence[str] = (),
    text: str | None = None,
) -> dict[str, Any]:
    """The hand-in modal: what the deadline asks for, a text field (holding `text`, what the
    person already wrote after `/ferdig … |`) and/or a file input, and "ingen forslag"; when
    something is handed in already, whether to replace it or add to it."""
    spec = Deliverable(event.deliverable)
    intro = t(
        "deliver.modal.intro",
        lang,
        title=escape(event.title),
        unit=escape(unit_name),
        spec=escape(spec_words(event, lang)),
    )
    blocks: list[Block | dict[str, Any]] = [SectionBlock(text=MarkdownTextObject(text=intro))]
    if already:
        what = escape("\n".join(already))
        # not `text`: that is what the person typed, the text field's starting value
        so_far = t("deliver.modal.already", lang, what=what)[:2900]
        blocks.append(SectionBlock(text=MarkdownTextObject(text=so_far)))
        options = [
            Option(value=MODE_REPLACE, label=t("deliver.modal.replace", lang)),
            Option(value=MODE_ADD, label=t("deliver.modal.add", lang)),
        ]
        blocks.append(
            InputBlock(
                block_id=MODE_BLOCK,
                label=t("deliver.modal.mode", lang),
                element=RadioButtonsElement(
                    action_id=VALUE, options=options, initial_option=options[0]
                ),
            )
        )
    if spec in (Deliverable.TEXT, Deliverable.TEXT_OR_FILES):
        blocks.append(
            InputBlock(
                block_id=TEXT_BLOCK,
                label=t("deliver.modal.text", lang),
                element=PlainTextInputElement(
                    action_id=VALUE,
                    multiline=True,
                    max_length=min(TEXT_LIMIT, 3000),
                    initial_value=text or None,
                ),
                hint=PlainTextObject(text=t("deliver.modal.text_hint", lang)),
                optional=True,
            )
        )
    if spec in (Deliverable.FILES, Deliverable.TEXT_OR_FILES):
        hint = t(
            "deliver.modal.files_hint",
            lang,
            limit=human_size(settings.delivery_max_bytes),
            types=", ".join(sorted(settings.delivery_types)),
        )
        # slack_sdk has no model for file_input yet: the block as Slack documents it.
        blocks.append(
            {
                "type": "input",
                "block_id": FILES_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": t("deliver.modal.files", lang)},
                "hint": {"type": "plain_text", "text": hint[:2000]},
                "element": {
                    "type": "file_input",
                    "action_id": VALUE,
                    "filetypes": sorted(settings.delivery_types),
                    "max_files": MAX_FILES,
                },
            }
        )
    if event.deliverable_none_ok:
        blocks.append(
            InputBlock(
                block_id=NONE_BLOCK,
                label=t("deliver.modal.none_label", lang),
                element=CheckboxesElement(
                    action_id=VALUE,
                    options=[Option(value=NONE_VALUE, label=t("deliver.modal.none", lang))],
                ),
                optional=True,
            )
        )
    view = View(
        type="modal",
        callback_id=CALLBACK_DELIVER,
        title=PlainTextObject(text=t("deliver.modal.title", lang)[:24]),
        submit=PlainTextObject(text=t("deliver.modal.submit", lang)[:24]),
        close=PlainTextObject(text=t("slack.modal.close", lang)[:24]),
        private_metadata=json.dumps(metadata, separators=(",", ":")),
        blocks=[SectionBlock(text=MarkdownTextObject(text=intro))],
    ).to_dict()
    view["blocks"] = [b if isinstance(b, dict) else b.to_dict() for b in blocks]
    return view


@dataclass(frozen=True)
class HandInValues:
    """What a person put in the hand-in modal."""

    text: str
    files: list[dict[str, Any]]
    none_answer: bool
    replace: bool


def hand_in_values(view: dict[str, Any]) -> HandInValues:
    """Read the modal's state: the text, Slack's file objects, the checkbox and the mode."""
    values = (view.get("state") or {}).get("values") or {}
    text = str((values.get(TEXT_BLOCK, {}).get(VALUE) or {}).get("value") or "").strip()
    files = [f for f in (values.get(FILES_BLOCK, {}).get(VALUE) or {}).get("files") or [] if f]
    ticked = (values.get(NONE_BLOCK, {}).get(VALUE) or {}).get("selected_options") or []
    mode = ((values.get(MODE_BLOCK, {}).get(VALUE) or {}).get("selected_option") or {}).get("value")
    return HandInValues(
        text=text,
        files=[f for f in files if isinstance(f, dict)],
        none_answer=any(o.get("value") == NONE_VALUE for o in ticked),
        replace=mode != MODE_ADD,
    )
