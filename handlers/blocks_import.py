"""Block Kit for importing a plan from Slack: the paste modal and the preview with Lagre/Avbryt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.services.imports import (
    ComparedItem,
    Match,
    date_note,
    describe_event_when,
    describe_when,
    kind_label,
    may_be_per_unit,
    weekday_warning,
    year_note,
)
from bot.texts import t
from schedules.render import escape

PASTE_CALLBACK = "planbot_import_paste"
TEXT_BLOCK, TEXT_ACTION = "planbot_import_text", "text"
YEAR_BLOCK, YEAR_ACTION = "planbot_import_year", "year"
ACTIONS_BLOCK = "planbot_import_actions"
SAVE_ACTION = "planbot_import_save"
CANCEL_ACTION = "planbot_import_cancel"
CHOICES_BLOCK, CHOICES_ACTION = "planbot_import_choices", "planbot_import_choose"
# The new events to save, ticked: one checkboxes element per block, its block id naming the
# numbers it offers ("planbot_import_keep:3,4,7"), so an untick is read against what was shown.
KEEP_BLOCK, KEEP_ACTION = "planbot_import_keep", "planbot_import_keep"
MAX_OPTIONS = 10  # Slack's limit for one checkboxes element
MAX_BLOCKS = 50  # Slack's limit for one message
OPTION_LIMIT = 75  # Slack's limit for an option's text (and its description)
PREVIEW_LINES = 15
LINE_LIMIT = 280


def paste_modal(*, lang: str, metadata: str = "") -> dict[str, Any]:
    """A modal with a multiline input for the plan's text and an optional year."""
    return View(
        type="modal",
        callback_id=PASTE_CALLBACK,
        title=PlainTextObject(text=t("import.slack.modal_title", lang)),
        submit=PlainTextObject(text=t("import.slack.submit", lang)),
        close=PlainTextObject(text=t("import.slack.close", lang)),
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=TEXT_BLOCK,
                label=PlainTextObject(text=t("import.slack.paste_label", lang)),
                hint=PlainTextObject(text=t("import.slack.paste_hint", lang)),
                element=PlainTextInputElement(
                    action_id=TEXT_ACTION, multiline=True, max_length=3000
                ),
            ),
            InputBlock(
                block_id=YEAR_BLOCK,
                optional=True,
                label=PlainTextObject(text=t("import.slack.year_label", lang)),
                hint=PlainTextObject(text=t("import.slack.year_hint", lang)),
                element=PlainTextInputElement(action_id=YEAR_ACTION, max_length=4),
            ),
        ],
    ).to_dict()


def notice_modal(*, lang: str, text: str) -> dict[str, Any]:
    """A modal that only says something (e.g. a polite refusal)."""
    return View(
        type="modal",
        title=PlainTextObject(text=t("import.slack.modal_title", lang)),
        close=PlainTextObject(text=t("import.slack.close", lang)),
        blocks=[SectionBlock(text=MarkdownTextObject(text=text))],
    ).to_dict()


def preview_blocks(
    compared: Sequence[ComparedItem],
    *,
    document: str,
    draft_id: str,
    lang: str,
    today: date,
) -> list[dict[str, Any]]:
    """The items in groups: the new ones each with a box, ticked (untick what not to save); those
    already in the plan and the changes; a choice of per-unit deadlines and changes to apply;
    Lagre/Avbryt. Never more than Slack's 50 blocks."""
    groups = {match: [c for c in compared if c.match is match] for match in Match}
    counts = {str(match): len(group) for match, group in groups.items()}
    head: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=t("import.slack.preview_groups", lang, file=document, **counts)
            )
        )
    ]
    note = year_note([c.item for c in compared], lang)
    if note:  # a plan that names no year: say which year its weekdays gave, and what else fits
        head.append(ContextBlock(elements=[MarkdownTextObject(text=f"⚠️ {escape(note)}")]))
    tail: list[Block] = [
        _group_section(match, groups[match], lang)
        for match in (Match.ALREADY, Match.CHANGE)
        if groups[match]
    ]
    past = date_note(compared, today=today, lang=lang)
    if past:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=escape(past))]))
    deadlines = [c for c in groups[Match.NEW] if may_be_per_unit(c.item)]
    suggested = [c for c in deadlines if c.item.suggest_per_unit]
    others = [c for c in deadlines if not c.item.suggest_per_unit]
    # within Slack's limit, the deadlines whose text says every unit owes them and the changes
    # come before the other deadlines (those stay possible with `planbot import --per-unit`)
    room = max(0, MAX_OPTIONS - len(suggested) - len(groups[Match.CHANGE]))
    options = [
        Option(value=f"per_unit:{c.number}", text=_choice(c, "per_unit", lang))
        for c in sorted(suggested + others[:room], key=lambda c: c.number)
    ] + [
        Option(value=f"update:{c.number}", text=_choice(c, "update", lang))
        for c in groups[Match.CHANGE]
    ]
    if options:
        tail.append(
            SectionBlock(
                block_id=CHOICES_BLOCK,
                text=MarkdownTextObject(text=t("import.slack.choices", lang)),
                accessory=CheckboxesElement(
                    action_id=CHOICES_ACTION, options=options[:MAX_OPTIONS]
                ),
            )
        )
    tail += save_or_cancel(
        note=t("import.slack.preview_note", lang),
        draft_id=draft_id,
        lang=lang,
        actions=(ACTIONS_BLOCK, SAVE_ACTION, CANCEL_ACTION),
    )
    new = _keep_blocks(
        groups[Match.NEW], document=document, lang=lang, room=MAX_BLOCKS - len(head) - len(tail)
    )
    return [block.to_dict() for block in head + new + tail]


def _keep_blocks(
    new: Sequence[ComparedItem], *, document: str, lang: str, room: int
) -> list[Block]:
    """The new events, every one ticked (so «Lagre» alone stores them all, as before), in
    checkboxes of at most ten under one heading; when Slack's 50 blocks cannot hold them all,
    the first that fit, and a line saying that the rest are stored too and how to choose among
    them (`planbot import --only`): never one left out unsaid."""
    if not new:
        return []
    chunks = [new[i : i + MAX_OPTIONS] for i in range(0, len(new), MAX_OPTIONS)]
    heading = SectionBlock(
        text=MarkdownTextObject(text=t("import.slack.keep", lang, count=len(new)))
    )
    if 1 + len(chunks) > room:
        chunks = chunks[: max(0, room - 2)]  # the heading and the line about the rest
    blocks: list[Block] = [heading]
    for chunk in chunks:
        options = [Option(value=f"keep:{c.number}", **_keep_option(c, lang)) for c in chunk]
        numbers = ",".join(str(c.number) for c in chunk)
        blocks.append(
            ActionsBlock(
                block_id=f"{KEEP_BLOCK}:{numbers}",
                elements=[
                    CheckboxesElement(
                        action_id=KEEP_ACTION, options=options, initial_options=options
                    )
                ],
            )
        )
    shown = sum(len(chunk) for chunk in chunks)
    if shown < len(new):
        rest = t(
            "import.slack.keep_rest",
            lang,
            shown=shown,
            count=len(new),
            rest=len(new) - shown,
            first=new[shown].number,
            file=document,
        )
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=rest)]))
    return blocks


def _keep_option(c: ComparedItem, lang: str) -> dict[str, Any]:
    """An option's words: '#3 26.–27. januar 2027 · Grunnskolering i Tromsø', and below it the
    kind (and a weekday that does not fit the date)."""
    text = t(
        "import.slack.keep_option",
        lang,
        number=c.number,
        when=describe_when(c.item, lang),
        title=escape(c.item.event.title),
    )
    below = kind_label(str(c.item.event.kind), lang)
    if c.item.weekday_said:
        below += " · " + t("import.slack.weekday_short", lang, said=c.item.weekday_said)
    return {
        "text": MarkdownTextObject(text=_cut(text)),
        "description": PlainTextObject(text=_cut(below)),
    }


def _cut(text: str) -> str:
    return text if len(text) <= OPTION_LIMIT else text[: OPTION_LIMIT - 1] + "…"


def save_or_cancel(
    *, note: str, draft_id: str, lang: str, actions: tuple[str, str, str]
) -> list[Any]:
    """The end of an import preview: a note, then *Lagre* / *Avbryt* carrying the draft id
    (`actions`: the block id, the save and the cancel action ids)."""
    block_id, save_action, cancel_action = actions
    return [
        ContextBlock(elements=[MarkdownTextObject(text=note)]),
        ActionsBlock(
            block_id=block_id,
            elements=[
                ButtonElement(
                    action_id=save_action,
                    text=PlainTextObject(text=t("import.slack.save", lang)),
                    value=draft_id,
                    style="primary",
                ),
                ButtonElement(
                    action_id=cancel_action,
                    text=PlainTextObject(text=t("import.slack.cancel", lang)),
                    value=draft_id,
                ),
            ],
        ),
    ]


def chosen(state: dict[str, Any]) -> tuple[frozenset[int], frozenset[int]]:
    """The per-unit deadlines and changes ticked in a preview's state (by item number)."""
    picked = state.get("values", {}).get(CHOICES_BLOCK, {}).get(CHOICES_ACTION, {})
    values = [str(o.get("value", "")) for o in picked.get("selected_options") or []]
    per_unit = {
        int(v.split(":", 1)[1]) for v in values if v.startswith("per_unit:") and v[9:].isdecimal()
    }
    update = {
        int(v.split(":", 1)[1]) for v in values if v.startswith("update:") and v[7:].isdecimal()
    }
    return frozenset(per_unit), frozenset(update)


def left_out(state: dict[str, Any]) -> frozenset[int]:
    """The new events unticked in a preview's state: those a keep block offered (its block id
    names them) and that are not among its selected options. A keep block missing from the state
    leaves its events ticked."""
    values = state.get("values", {})
    unticked: set[int] = set()
    for block_id, actions in values.items():
        prefix, _, numbers = str(block_id).partition(":")
        if prefix != KEEP_BLOCK or KEEP_ACTION not in actions:
            continue
        offered = {int(n) for n in numbers.split(",") if n.isdecimal()}
        picked = actions[KEEP_ACTION].get("selected_options") or []
        kept = {
            int(v[5:])
            for v in (str(o.get("value", "")) for o in picked)
            if v.startswith("keep:") and v[5:].isdecimal()
        }
        unticked |= offered - kept
    return frozenset(unticked)


def _group_section(match: Match, group: Sequence[ComparedItem], lang: str) -> SectionBlock:
    lines = [t(f"import.group.{match}", lang, count=len(group))]
    lines += [_line(c, lang) for c in group[:PREVIEW_LINES]]
    if len(group) > PREVIEW_LINES:
        lines.append(t("import.slack.more", lang, count=len(group) - PREVIEW_LINES))
    return SectionBlock(text=MarkdownTextObject(text="\n".join(lines)[:2900]))


def _choice(c: ComparedItem, what: str, lang: str) -> MarkdownTextObject:
    existing = c.existing
    text = t(
        f"import.slack.choice.{what}",
        lang,
        number=c.number,
        title=escape(c.item.event.title),
        when=describe_when(c.item, lang),
        existing=escape(existing.title) if existing else "",
    )
    if len(text) > OPTION_LIMIT:
        text = text[: OPTION_LIMIT - 1] + "…"
    return MarkdownTextObject(text=text)


def text_blocks(text: str) -> list[dict[str, Any]]:
    """One section of mrkdwn text (the outcome that replaces a preview)."""
    return [SectionBlock(text=MarkdownTextObject(text=text[:2900])).to_dict()]


def _line(c: ComparedItem, lang: str) -> str:
    item = c.item
    when = describe_when(item, lang)
    kind = kind_label(str(item.event.kind), lang)
    line = f"• *{escape(when)}* · {kind} · {escape(item.event.title)}"
    if c.existing is not None and c.match is Match.ALREADY:
        line += f" = #{c.existing.id} {escape(c.existing.title)}"
    elif c.existing is not None:
        line += " — " + t(
            "import.slack.in_plan", lang, when=escape(describe_event_when(c.existing, lang))
        )
    warning = weekday_warning(item, lang)
    if warning:
        line += f" {escape(warning)}"
    return line[:LINE_LIMIT]
