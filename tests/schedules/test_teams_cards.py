"""Adaptive Cards for Teams: valid against the official 1.4 schema, in the Slack words, under 28 KB."""

from __future__ import annotations

import copy
import dataclasses

import pytest
from sqlmodel import Session

from bot.clock import FixedClock
from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_DELIVER,
    ACTION_DONE,
    ACTION_EXEMPT,
    ACTION_NEW_LEADER,
    ACTION_SAME_LEADER,
    ACTION_SNOOZE,
    NudgeMessage,
)
from bot.services.units import unit_label
from bot.settings import Settings
from bot.texts import t
from handlers.blocks import nudge_blocks
from schedules.digest import Digest, OpenDeadline, digest_lines, digest_message, load_digest
from schedules.teams_cards import (
    MAX_MESSAGE_BYTES,
    digest_card,
    message_bytes,
    nudge_card,
)
from tests.schedules.teams_schema import card_errors, message_errors

LINKS = {
    ACTION_DONE: "https://planbot.example.org/lenke/abc.def",
    ACTION_SNOOZE: "https://planbot.example.org/lenke/ghi.jkl",
}
UNITS = [f"Kommuneparti {n:03d}" for n in range(356)]


def deadline_nudge(lang: str, **changes: object) -> NudgeMessage:
    values = {
        "title": "Forslagsfrist til landsmøtet 2027",
        "when": "tirsdag 1. desember 2026" if lang == "nb" else "Tuesday 1 December 2026",
        "relative": t("nudge.rel.days", lang, days=7),
        "unit": "Tromsø",
    }
    message = NudgeMessage(
        idempotency_key="deadline:1:2026-12-01:d7:unit:21:teams",
        rule="d7",
        language=lang,
        event_id=1,
        event_title=values["title"],
        event_kind="deadline",
        when_text=values["when"],
        headline=t("nudge.deadline", lang, **values),
        details=(t("nudge.deadline.ask", lang, **values),),
        nudge_id=7,
        unit_id=21,
        unit_name="Tromsø",
        obligation_id=42,
        buttons=(ACTION_DONE, ACTION_SNOOZE),
    )
    return dataclasses.replace(message, **changes) if changes else message  # type: ignore[arg-type]


def card_of(message: dict) -> dict:
    return message["attachments"][0]["content"]


def texts_of(card: dict) -> list[str]:
    return [block["text"] for block in card["body"]]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_nudge_card_is_a_valid_workflows_message_in_the_slack_words(lang: str) -> None:
    message = nudge_card(deadline_nudge(lang), links=LINKS, links_expire="15. desember 2026")
    assert message_errors(message) == []
    card = card_of(message)
    assert card["version"] == "1.4"
    texts = texts_of(card)
    assert texts[0] == deadline_nudge(lang).headline
    assert unit_label(name="Tromsø", lang=lang) in texts[1]
    assert t("nudge.deadline.ask", lang, unit="Tromsø") in texts
    actions = card["actions"]
    assert [a["type"] for a in actions] == ["Action.OpenUrl", "Action.OpenUrl"]
    assert [a["title"] for a in actions] == [
        t("button.done", lang),
        t("button.snooze", lang),
    ]
    assert [a["url"] for a in actions] == [LINKS[ACTION_DONE], LINKS[ACTION_SNOOZE]]


def slack_words(blocks: list[dict]) -> dict[str, str]:
    """The words of each action in Slack blocks: a button's text, a picker's placeholder."""
    return {
        element["action_id"]: (element.get("text") or element["placeholder"])["text"]
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
    }


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize(
    "buttons",
    [(ACTION_DONE, ACTION_SNOOZE), (ACTION_DELIVER, ACTION_SNOOZE), (ACTION_ANNUAL_MEETING,)],
)
def test_slack_and_teams_show_the_same_words_on_the_same_buttons(
    lang: str, buttons: tuple[str, ...]
) -> None:
    message = deadline_nudge(lang, buttons=buttons)
    links = {action: f"https://planbot.example.org/lenke/{action}" for action in buttons}
    card = card_of(nudge_card(message, links=links))
    teams = {a["url"].rsplit("/", 1)[1]: a["title"] for a in card["actions"]}
    assert teams == {a: w for a, w in slack_words(nudge_blocks(message)).items() if a in buttons}
    primary = {a["title"] for a in card["actions"] if a.get("style") == "positive"}
    slack_primary = {
        e["text"]["text"]
        for b in nudge_blocks(message)
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("style") == "primary"
    }
    assert primary == slack_primary


def test_the_new_leader_question_is_a_link_in_teams_and_a_picker_in_slack() -> None:
    message = deadline_nudge("nb", buttons=(ACTION_NEW_LEADER, ACTION_SAME_LEADER))
    card = card_of(nudge_card(message, links={ACTION_NEW_LEADER: LINKS[ACTION_DONE]}))
    assert [a["title"] for a in card["actions"]] == ["Svar"]
    slack = slack_words(nudge_blocks(message))
    assert slack == {ACTION_NEW_LEADER: "Velg ny leder", ACTION_SAME_LEADER: "Samme leder"}


def test_norwegian_card_says_ferdig() -> None:
    card = card_of(nudge_card(deadline_nudge("nb"), links=LINKS))
    assert card["actions"][0]["title"] == "Ferdig"
    assert card["actions"][1]["title"] == "Minn meg på i morgen"
    assert card["lang"] == "nb"


def test_no_link_no_button() -> None:
    message = deadline_nudge("nb", buttons=(ACTION_DONE, ACTION_SNOOZE, ACTION_EXEMPT))
    card = card_of(nudge_card(message, links={ACTION_DONE: LINKS[ACTION_DONE]}))
    assert [a["title"] for a in card["actions"]] == ["Ferdig"]
    bare = card_of(nudge_card(message, links={}))
    assert "actions" not in bare
    assert card_errors(bare) == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_staff_summary_with_every_unit_open_is_cut_short_and_stays_valid(lang: str) -> None:
    summary = deadline_nudge(
        lang,
        rule="d7_staff",
        headline=t(
            "nudge.staff_summary",
            lang,
            title="Forslagsfrist",
            when="1. desember",
            relative="om 7 dager",
            done=0,
            total=356,
            open=356,
        ),
        details=(),
        unit_name=None,
        obligation_id=None,
        buttons=(),
        units_open=tuple(UNITS),
    )
    message = nudge_card(summary, links={})
    assert message_errors(message) == []
    units_line = texts_of(card_of(message))[-1]
    more = t("slack.more", lang, count=356 - 40)
    assert units_line.endswith(more)
    assert ("… og 316 til." if lang == "nb" else "… and 316 more.") in units_line


def test_an_enormous_nudge_is_shrunk_under_the_webhook_limit() -> None:
    long_names = tuple(f"Kommuneparti med et svært langt navn nummer {n}" * 3 for n in range(2000))
    message = nudge_card(deadline_nudge("nb", units_open=long_names), links=LINKS)
    assert len(message_bytes(message)) <= MAX_MESSAGE_BYTES
    assert message_errors(message) == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_digest_card_of_the_built_in_plan_is_valid_in_the_slack_words(
    lang: str, session: Session, clock: FixedClock
) -> None:
    settings = Settings(language=lang)
    digest = load_digest(session=session, now=clock.now(), settings=settings)
    message = digest_message(digest, lang)
    wrapped = digest_card(message)
    assert message_errors(wrapped) == []
    texts = texts_of(card_of(wrapped))
    assert texts[0] == t("digest.title", lang, week=digest.week)
    assert t("digest.upcoming", lang) in texts
    assert t("digest.open", lang) in texts
    assert any("Forslagsfrist" in text for text in texts)
    slack_lines = [line.removeprefix("## ") for line in digest_lines(digest, lang)]
    assert set(slack_lines) <= set(texts)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_national_digest_is_cut_under_the_limit_and_stays_valid(lang: str) -> None:
    open_deadlines = tuple(
        OpenDeadline(f"Frist {n}", None, "1. desember 2026", tuple(UNITS), 356) for n in range(40)
    )
    digest = Digest(
        week="uke 48 2026",
        iso_week="2026-W48",
        upcoming=tuple(f"1. des · Møte: Hendelse {n}" for n in range(200)),
        open=open_deadlines,
        overdue=open_deadlines,
        unreachable=tuple(UNITS),
    )
    wrapped = digest_card(digest_message(digest, lang))
    assert len(message_bytes(wrapped)) <= MAX_MESSAGE_BYTES
    assert message_errors(wrapped) == []
    assert any(text.startswith("…") for text in texts_of(card_of(wrapped)))


def test_the_schema_check_catches_invalid_cards() -> None:
    good = card_of(nudge_card(deadline_nudge("nb"), links=LINKS))
    assert card_errors(good) == []
    unknown_property = copy.deepcopy(good)
    unknown_property["body"][0]["colour"] = "red"
    assert card_errors(unknown_property)
    bad_size = copy.deepcopy(good)
    bad_size["body"][0]["size"] = "Huge"
    assert card_errors(bad_size)
    no_url = copy.deepcopy(good)
    del no_url["actions"][0]["url"]
    assert card_errors(no_url)
    unknown_element = copy.deepcopy(good)
    unknown_element["body"].append({"type": "Marquee", "text": "hei"})
    assert card_errors(unknown_element)
    wrong_envelope = nudge_card(deadline_nudge("nb"), links=LINKS)
    wrong_envelope["attachments"][0]["contentType"] = "application/vnd.microsoft.card.hero"
    assert message_errors(wrong_envelope)


def test_a_notice_without_a_date_has_no_empty_date_line_in_either_surface() -> None:
    """A staff notice about a receipt has no date: neither the card nor the blocks say "📅 "."""
    message = deadline_nudge("nb", when_text="", unit_name=None, buttons=())
    card = card_of(nudge_card(message, links={}))
    assert not any(text.startswith("📅") for text in texts_of(card))
    assert card_errors(card) == []
    assert "📅" not in str(nudge_blocks(message))
    dated = deadline_nudge("nb")
    assert any(text.startswith("📅") for text in texts_of(card_of(nudge_card(dated, links={}))))
    assert "📅" in str(nudge_blocks(dated))
