"""Block Kit builders (slack_sdk block models) for every message, modal and Home tab Planbot shows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
    UrlInputElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.dates import Precision
from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_NEW_LEADER,
    ACTION_SAME_LEADER,
    BUTTON_TEXT,
    PRIMARY_ACTIONS,
    QUESTION_ACTIONS,
    NudgeMessage,
    is_reply,
)
from bot.models import Deliverable, EventKind, PlanEvent, Unit
from bot.report import overview_footer, render_overview
from bot.services.status import DeadlineStatus
from bot.services.units import unit_kind_word, unit_label
from bot.texts import t
from bot.webhooks import mask_webhook_url
from schedules.digest import DIGEST_RULE, digest_blocks
from schedules.render import escape, section_chunks

# Slack's limits: 50 blocks in a message, 100 in a view (a section's text: SECTION_LIMIT).
MESSAGE_BLOCK_LIMIT = 48

NUDGE_ACTIONS_BLOCK = "planbot_nudge_actions"
NUDGE_LINK_BLOCK = "planbot_nudge_link"
QUESTION_BLOCK = "planbot_question:"


@dataclass(frozen=True)
class ButtonValue:
    """What a nudge button carries: the obligation it answers and the nudge it came with."""

    obligation_id: int | None
    nudge_id: int | None

    def encode(self) -> str:
        return json.dumps({"o": self.obligation_id, "n": self.nudge_id}, separators=(",", ":"))

    @classmethod
    def decode(cls, value: str | None) -> ButtonValue:
        """The ids in a button's value; both None when the value is not one of ours."""
        try:
            data = json.loads(value or "")
        except ValueError:
            return cls(None, None)
        if not isinstance(data, dict):
            return cls(None, None)
        return cls(_int_or_none(data.get("o")), _int_or_none(data.get("n")))


def _int_or_none(value: Any) -> int | None:
    """A database id, or None (a bool, a string or a number no 64-bit id can be)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return value
    return None


def escape_keeping_mentions(text: str) -> str:
    """Escape mrkdwn, but let user mentions (<@U123>) through."""
    return re.sub(r"&lt;@([UW][A-Z0-9]+)&gt;", r"<@\1>", escape(text))


def _dicts(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


# --- nudges -------------------------------------------------------------------------------


def outbox_blocks(message: NudgeMessage) -> list[dict[str, Any]]:
    """Block Kit for a message the outbox sends: the staff digest's own layout, else a nudge's."""
    if message.rule == DIGEST_RULE:
        return digest_blocks(message)
    if is_reply(message.rule):  # a receipt reads as the direct answer it is, without buttons
        return text_reply("\n".join((message.headline, *message.details))).blocks
    return nudge_blocks(message)


def nudge_blocks(message: NudgeMessage) -> list[dict[str, Any]]:
    """A nudge as Block Kit: headline, when and who, details, and its buttons."""
    lang = message.language
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*{escape(message.headline)}*"))
    ]
    context = [f"📅 {escape(message.when_text)}"] if message.when_text else []
    if message.unit_name:
        context.append(escape(unit_label(name=message.unit_name, lang=lang)))
    if context:  # a notice about a message that has no date (a receipt) has no such line
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="  ·  ".join(context))]))
    if message.details:
        details = "\n".join(escape(line) for line in message.details)
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in section_chunks(details)
        ]
    if message.units_open:
        units = escape(t("slack.nudge.open_units", lang, units=", ".join(message.units_open)))
        blocks += [
            SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in section_chunks(units)
        ]
    if message.url:
        # A link, not a button: it stays when the buttons give way to "who did what", and Slack
        # sends no interaction for it.
        link = f"<{escape(message.url)}|{escape(message.link_text)}>"
        blocks.append(SectionBlock(block_id=NUDGE_LINK_BLOCK, text=MarkdownTextObject(text=link)))
    value = ButtonValue(message.obligation_id, message.nudge_id).encode()
    buttons = [
        ButtonElement(
            text=t(BUTTON_TEXT[action], lang),
            action_id=action,
            value=value,
            style="primary" if action in PRIMARY_ACTIONS else None,
        )
        for action in message.buttons
        if action in BUTTON_TEXT and action not in QUESTION_ACTIONS
    ]
    if ACTION_ANNUAL_MEETING in message.buttons:
        # A date picker carries no value: the block id says which obligation it answers.
        picker = DatePickerElement(
            action_id=ACTION_ANNUAL_MEETING,
            placeholder=PlainTextObject(text=t(BUTTON_TEXT[ACTION_ANNUAL_MEETING], lang)),
        )
        blocks.append(ActionsBlock(block_id=f"{QUESTION_BLOCK}{value}", elements=[picker]))
    if ACTION_NEW_LEADER in message.buttons:
        who = UserSelectElement(
            action_id=ACTION_NEW_LEADER,
            placeholder=PlainTextObject(text=t("question.new_leader.pick", lang)),
        )
        same = ButtonElement(
            text=t(BUTTON_TEXT[ACTION_SAME_LEADER], lang), action_id=ACTION_SAME_LEADER, value=value
        )
        blocks.append(ActionsBlock(block_id=f"{QUESTION_BLOCK}{value}", elements=[who, same]))
    if buttons:
        blocks.append(ActionsBlock(block_id=NUDGE_ACTIONS_BLOCK, elements=buttons))
    return _dicts(blocks[:MESSAGE_BLOCK_LIMIT])


def answered_nudge_blocks(
    original: Sequence[dict[str, Any]], line: str, *, undo: Button | None = None
) -> list[dict[str, Any]]:
    """The message as it was, without its buttons, a line saying who did what, and maybe *Angre*."""
    kept = [dict(block) for block in original if block.get("type") != "actions"]
    kept.append(ContextBlock(elements=[MarkdownTextObject(text=line)]).to_dict())
    if undo is not None:
        kept.append(ActionsBlock(elements=[_button(undo)]).to_dict())
    return kept[-MESSAGE_BLOCK_LIMIT:]


def noted_nudge_blocks(original: Sequence[dict[str, Any]], line: str) -> list[dict[str, Any]]:
    """The nudge with its buttons kept and a line added above them (e.g. after a snooze)."""
    kept = [dict(block) for block in original if block.get("block_id") != "planbot_note"]
    note = ContextBlock(block_id="planbot_note", elements=[MarkdownTextObject(text=line)]).to_dict()
    at = next((i for i, b in enumerate(kept) if b.get("type") == "actions"), len(kept))
    return [*kept[:at], note, *kept[at:]][:MESSAGE_BLOCK_LIMIT]


# --- replies to commands -----------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A message for a person: Block Kit and the plain text Slack shows in notifications."""

    text: str
    blocks: list[dict[str, Any]]

    def as_kwargs(self) -> dict[str, Any]:
        return {"text": self.text[:3000], "blocks": self.blocks}


def text_reply(text: str, *, escaped: bool = False, max_blocks: int = MESSAGE_BLOCK_LIMIT) -> Reply:
    """A report (paragraphs separated by blank lines) as sections; the first line in bold."""
    body = text if escaped else escape_keeping_mentions(text)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if paragraphs:
        first, _, rest = paragraphs[0].partition("\n")
        several = bool(rest) or len(paragraphs) > 1
        if several and first.strip() and not first.startswith(("*", "•", "‼", "⚠", "✅", "⬜")):
            first = f"*{first.strip()}*"
        paragraphs[0] = f"{first}\n{rest}" if rest else first
    blocks: list[Block] = []
    for paragraph in paragraphs:
        blocks += [SectionBlock(text=MarkdownTextObject(text=c)) for c in section_chunks(paragraph)]
    return Reply(text=text.split("\n", 1)[0], blocks=_dicts(blocks[:max_blocks]))


# The /ferdig buttons: every value is a ButtonValue naming the obligation (and the nudge, if any).
ACTION_FERDIG_MARK = "planbot_ferdig_mark"
ACTION_FERDIG_NOTE = "planbot_ferdig_note"
ACTION_FERDIG_UNDO = "planbot_ferdig_undo"
ACTION_FERDIG_REOPEN = "planbot_ferdig_reopen"
# One per unit in a /status list; Slack wants action ids unique in a block, so each gets ":<n>".
ACTION_STATUS_MARK = "planbot_status_mark"
BUTTONS_PER_BLOCK = 25


@dataclass(frozen=True)
class Button:
    """A button: its label, the action it triggers and the value it carries."""

    label: str
    action_id: str
    value: str
    primary: bool = False


def _button(button: Button, action_id: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=button.label[:75],
        action_id=action_id or button.action_id,
        value=button.value,
        style="primary" if button.primary else None,
    )


def button_reply(
    text: str,
    *,
    rows: Sequence[tuple[str, Button | None]] = (),
    buttons: Sequence[Button] = (),
    grid: Sequence[Button] = (),
) -> Reply:
    """A reply: the text, then a line per choice with its button (a line without one: no
    button), a row of buttons, a grid of them."""
    grid_blocks = [
        ActionsBlock(
            elements=[
                _button(b, f"{b.action_id}:{start + i}")
                for i, b in enumerate(grid[start : start + BUTTONS_PER_BLOCK])
            ]
        )
        for start in range(0, len(grid), BUTTONS_PER_BLOCK)
    ]
    extra: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=escape(line)),
            accessory=_button(button) if button is not None else None,
        )
        for line, button in rows
    ]
    if buttons:
        extra.append(ActionsBlock(elements=[_button(b) for b in buttons]))
    extra += grid_blocks
    reply = text_reply(text, max_blocks=max(MESSAGE_BLOCK_LIMIT - len(extra), 1))
    return Reply(text=reply.text, blocks=[*reply.blocks, *_dicts(extra)][:MESSAGE_BLOCK_LIMIT])


QUESTION_UNIT_BLOCK = "planbot_question_unit:"
LEADER_PICKERS = 20
"""Units given their own pickers in one staff list: two blocks each, inside Slack's 50."""


@dataclass(frozen=True)
class LeaderPicker:
    """One unit's row in the staff's list of "who is the new leader?": its name and who leads it
    now (mentions), and the obligation the pickers answer."""

    unit_name: str
    leaders: Sequence[str]
    obligation_id: int


def leader_picker_reply(text: str, pickers: Sequence[LeaderPicker], *, lang: str) -> Reply:
    """The list, then per unit still to answer its name and leaders now, «Velg ny leder» and
    «Samme leder» (that one only when a leader is registered): the new-leader message's own
    controls, so the same handler answers them, for the staff."""
    extra: list[Block] = []
    for picker in pickers[:LEADER_PICKERS]:
        value = ButtonValue(picker.obligation_id, None).encode()
        now = ", ".join(picker.leaders) or t("slack.status.new_leader.no_leader", lang)
        line = t("slack.status.new_leader.row", lang, unit=escape(picker.unit_name), leaders=now)
        extra.append(
            SectionBlock(
                block_id=f"{QUESTION_UNIT_BLOCK}{value}", text=MarkdownTextObject(text=line)
            )
        )
        elements: list[Any] = [
            UserSelectElement(
                action_id=ACTION_NEW_LEADER,
                placeholder=PlainTextObject(text=t("question.new_leader.pick", lang)),
            )
        ]
        if picker.leaders:
            elements.append(
                ButtonElement(
                    text=t(BUTTON_TEXT[ACTION_SAME_LEADER], lang),
                    action_id=ACTION_SAME_LEADER,
                    value=value,
                )
            )
        extra.append(ActionsBlock(block_id=f"{QUESTION_BLOCK}{value}", elements=elements))
    reply = text_reply(text, max_blocks=max(MESSAGE_BLOCK_LIMIT - len(extra), 1))
    return Reply(text=reply.text, blocks=[*reply.blocks, *_dicts(extra)][:MESSAGE_BLOCK_LIMIT])


def answered_row_blocks(
    original: Sequence[dict[str, Any]], value: str, line: str
) -> list[dict[str, Any]]:
    """A staff list of pickers with one unit's row (its name and its pickers) replaced by the
    answer; the other units' rows stay to be answered."""
    row = {f"{QUESTION_UNIT_BLOCK}{value}", f"{QUESTION_BLOCK}{value}"}
    out: list[dict[str, Any]] = []
    for block in original:
        if block.get("block_id") not in row:
            out.append(dict(block))
        elif block.get("type") == "section":
            out.append(SectionBlock(text=MarkdownTextObject(text=f"✅ {line}")).to_dict())
    return out


def help_reply(help_text: str, *, unknown: str | None, lang: str) -> Reply:
    """The command's help, after a line naming what was not understood."""
    lines = [escape(t("slack.unknown_arg", lang, text=unknown)), ""] if unknown else []
    return text_reply("\n".join([*lines, help_text]), escaped=True)


# --- modals -------------------------------------------------------------------------------

CALLBACK_EVENT_NEW = "planbot_event_new"
CALLBACK_EVENT_EDIT = "planbot_event_edit"
CALLBACK_EVENT_CANCEL = "planbot_event_cancel"
CALLBACK_UNIT = "planbot_unit"
VALUE = "value"
PER_UNIT_YES = "yes"


def _input(block_id: str, label: str, element: Any, *, optional: bool = False) -> InputBlock:
    return InputBlock(block_id=block_id, label=label[:2000], element=element, optional=optional)


def event_modal(
    *, lang: str, metadata: dict[str, Any], event: PlanEvent | None = None
) -> dict[str, Any]:
    """The modal to add an event, or (with `event`) to change one."""
    kinds = [Option(value=k.value, label=t(f"kind.{k.value}", lang)) for k in EventKind]
    initial_kind = next((o for o in kinds if event and o.value == event.kind), kinds[0])
    precisions = [Option(value=p.value, label=t(f"precision.{p.value}", lang)) for p in Precision]
    initial_precision = next(
        (o for o in precisions if event and o.value == event.precision), precisions[0]
    )
    blocks: list[Block] = [
        _input(
            "title",
            t("slack.field.title", lang),
            PlainTextInputElement(
                action_id=VALUE, max_length=300, initial_value=event.title if event else None
            ),
        ),
        _input(
            "kind",
            t("slack.field.kind", lang),
            StaticSelectElement(action_id=VALUE, options=kinds, initial_option=initial_kind),
        ),
        _input(
            "start",
            t("slack.field.start", lang),
            DatePickerElement(
                action_id=VALUE,
                initial_date=event.start_date.isoformat() if event and event.start_date else None,
            ),
            optional=event is not None,
        ),
        _input(
            "end",
            t("slack.field.end", lang),
            DatePickerElement(
                action_id=VALUE,
                initial_date=event.end_date.isoformat()
                if event and event.end_date and event.end_date != event.start_date
                else None,
            ),
            optional=True,
        ),
        InputBlock(
            block_id="precision",
            label=t("slack.field.precision", lang),
            element=StaticSelectElement(
                action_id=VALUE, options=precisions, initial_option=initial_precision
            ),
            optional=True,
            hint=PlainTextObject(text=t("slack.field.precision_hint", lang)),
        ),
        _input(
            "time",
            t("slack.field.time", lang),
            TimePickerElement(
                action_id=VALUE,
                initial_time=event.start_time.strftime("%H:%M")
                if event and event.start_time
                else None,
            ),
            optional=True,
        ),
        _input(
            "locations",
            t("slack.field.locations", lang),
            PlainTextInputElement(
                action_id=VALUE,
                initial_value=", ".join(event.locations) if event and event.locations else None,
            ),
            optional=True,
        ),
        _input(
            "description",
            t("slack.field.description", lang),
            PlainTextInputElement(
                action_id=VALUE,
                multiline=True,
                initial_value=event.description if event and event.description else None,
            ),
            optional=True,
        ),
        _input(
            "url",
            t("slack.field.url", lang),
            UrlInputElement(action_id=VALUE, initial_value=event.url if event else None),
            optional=True,
        ),
    ]
    if event is not None and event.recurrence:
        blocks.append(
            InputBlock(
                block_id="recurrence",
                label=t("slack.field.recurrence", lang),
                element=PlainTextInputElement(
                    action_id=VALUE, max_length=500, initial_value=event.recurrence
                ),
                optional=True,
                hint=PlainTextObject(text=t("slack.field.recurrence_hint", lang)),
            )
        )
    if event is None or event.per_unit:
        blocks += deliverable_inputs(event, lang)
    if event is None:
        option = Option(value=PER_UNIT_YES, label=t("slack.field.per_unit_option", lang))
        blocks.append(
            _input(
                "per_unit",
                t("slack.field.per_unit", lang),
                CheckboxesElement(action_id=VALUE, options=[option]),
                optional=True,
            )
        )
    return _modal(
        callback_id=CALLBACK_EVENT_EDIT if event else CALLBACK_EVENT_NEW,
        title=t("slack.modal.edit_title" if event else "slack.modal.new_title", lang),
        submit=t("slack.modal.save", lang),
        lang=lang,
        metadata=metadata,
        blocks=blocks,
    )


def deliverable_inputs(event: PlanEvent | None, lang: str) -> list[Block]:
    """What each unit hands in for a per-unit deadline, and whether "ingen forslag" is an answer."""
    options = [Option(value=d.value, label=t(f"deliver.spec.{d.value}", lang)) for d in Deliverable]
    current = event.deliverable if event else Deliverable.NONE
    none_ok = Option(value=PER_UNIT_YES, label=t("slack.field.deliverable_none_ok", lang))
    return [
        _input(
            "deliverable",
            t("slack.field.deliverable", lang),
            StaticSelectElement(
                action_id=VALUE,
                options=options,
                initial_option=next(o for o in options if o.value == current),
            ),
            optional=True,
        ),
        _input(
            "deliverable_none_ok",
            t("deliver.modal.none_label", lang),
            CheckboxesElement(
                action_id=VALUE,
                options=[none_ok],
                initial_options=[none_ok] if event and event.deliverable_none_ok else None,
            ),
            optional=True,
        ),
    ]


def cancel_event_modal(
    *, lang: str, metadata: dict[str, Any], title: str, when: str
) -> dict[str, Any]:
    """The modal that asks before an event is cancelled."""
    text = escape(t("slack.modal.cancel_confirm", lang, title=title, when=when))
    return _modal(
        callback_id=CALLBACK_EVENT_CANCEL,
        title=t("slack.modal.cancel_title", lang),
        submit=t("slack.modal.cancel_submit", lang),
        lang=lang,
        metadata=metadata,
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    )


def unit_modal(
    *,
    lang: str,
    metadata: dict[str, Any],
    unit: Unit,
    leaders: list[str],
    mayors: Sequence[str] = (),
    group_leaders: Sequence[str] = (),
) -> dict[str, Any]:
    """The modal to set a unit's people, Slack channel, Teams webhook and annual-meeting date
    (the fields of a units file)."""
    intro = t("slack.modal.unit_intro", lang, unit=escape(unit.name))
    people = [
        _input(
            block_id,
            t(f"slack.field.{block_id}", lang),
            UserMultiSelectElement(action_id=VALUE, initial_users=list(users) or None),
            optional=True,
        )
        for block_id, users in (("mayors", mayors), ("group_leaders", group_leaders))
    ]
    meeting = DatePickerElement(
        action_id=VALUE,
        initial_date=unit.annual_meeting.isoformat() if unit.annual_meeting else None,
    )
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=intro)),
        _input(
            "leaders",
            t("slack.field.leaders", lang),
            UserMultiSelectElement(action_id=VALUE, initial_users=leaders or None),
            optional=True,
        ),
        *people,
        _input("annual_meeting", t("slack.field.annual_meeting", lang), meeting, optional=True),
        _input(
            "channel",
            t("slack.field.channel", lang),
            PlainTextInputElement(action_id=VALUE, initial_value=unit.slack_channel or None),
            optional=True,
        ),
        teams_webhook_input(unit, lang),
    ]
    return _modal(
        callback_id=CALLBACK_UNIT,
        title=t(f"unit.kind.{unit_kind_word(name=unit.name, kind=unit.kind)}", lang),
        submit=t("slack.modal.save", lang),
        lang=lang,
        metadata=metadata,
        blocks=blocks,
    )


def teams_webhook_input(unit: Unit, lang: str) -> InputBlock:
    """The Teams webhook field: never pre-filled (the URL is a secret), the current one masked."""
    hint = (
        t("slack.field.teams_webhook_hint", lang, masked=mask_webhook_url(unit.teams_webhook_url))
        if unit.teams_webhook_url
        else t("slack.field.teams_webhook_none", lang)
    )
    return InputBlock(
        block_id="teams_webhook",
        label=t("slack.field.teams_webhook", lang),
        element=PlainTextInputElement(action_id=VALUE, max_length=2048),
        optional=True,
        hint=PlainTextObject(text=hint[:2000]),
    )


CALLBACK_FERDIG_NOTE = "planbot_ferdig_note"
NOTE_BLOCK = "note"
NOTE_LIMIT = 500


def note_modal(*, lang: str, metadata: dict[str, Any], title: str, unit: str) -> dict[str, Any]:
    """The modal that reports a deadline done with a note for the county office."""
    intro = t("slack.modal.note_intro", lang, title=escape(title), unit=escape(unit))
    return _modal(
        callback_id=CALLBACK_FERDIG_NOTE,
        title=t("slack.modal.note_title", lang),
        submit=t("slack.modal.note_submit", lang),
        lang=lang,
        metadata=metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=intro)),
            InputBlock(
                block_id=NOTE_BLOCK,
                label=t("slack.field.note", lang),
                element=PlainTextInputElement(
                    action_id=VALUE, multiline=True, max_length=NOTE_LIMIT
                ),
                hint=PlainTextObject(text=t("slack.field.note_hint", lang)),
            ),
        ],
    )


def _modal(
    *,
    callback_id: str,
    title: str,
    submit: str,
    lang: str,
    metadata: dict[str, Any],
    blocks: list[Block],
) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=title[:24]),
        submit=PlainTextObject(text=submit[:24]),
        close=PlainTextObject(text=t("slack.modal.close", lang)[:24]),
        private_metadata=json.dumps(metadata, separators=(",", ":")),
        blocks=blocks,
    )
    return view.to_dict()


# --- App Home -------------------------------------------------------------------------------


def home_view(*, sections: list[tuple[str, str]], hint: str) -> dict[str, Any]:
    """The Home tab: a header and text for each (heading, body) pair, then a hint."""
    blocks: list[Block] = []
    for heading, body in sections:
        blocks.append(HeaderBlock(text=PlainTextObject(text=heading[:150])))
        chunks = section_chunks(escape_keeping_mentions(body))
        blocks += [SectionBlock(text=MarkdownTextObject(text=c)) for c in chunks[:20]]
        blocks.append(DividerBlock())
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(hint))]))
    return View(type="home", blocks=blocks[:100]).to_dict()


# --- text helpers -------------------------------------------------------------------------


def capped_overview(
    statuses: list[DeadlineStatus],
    *,
    total: int,
    limit: int,
    lang: str,
    older: Sequence[DeadlineStatus] = (),
    inactive: Sequence[str] = (),
) -> str:
    """The deadline overview in a chat answer: at most `limit` deadline lines (`total`: how many
    the overview has), then always the line counting the older deadlines still open and the one
    naming the inactive units."""
    text = render_overview(statuses, lang, older=older, inactive=inactive)
    lines = text.split("\n")
    footer = len(overview_footer(older=older, inactive=inactive, lang=lang))
    body, tail = lines[: len(lines) - footer], lines[len(lines) - footer :]
    return "\n".join([*cap_lines(body, limit, lang, unread=total - len(statuses)), *tail])


def cap_lines(lines: list[str], limit: int, lang: str, *, unread: int = 0) -> list[str]:
    """At most `limit` lines, then '… og N til' (N counting the `unread` lines never fetched)."""
    if len(lines) <= limit and not unread:
        return lines
    return [*lines[:limit], t("slack.more", lang, count=len(lines) + unread - limit)]
