"""`/status <kommuneparti>`: staff ask how one municipal party is doing; a leader sees only their own."""

from __future__ import annotations

import json

import pytest

from tests.conftest import LEADER, OUTSIDER, STAFF
from tests.handlers.test_commands import unescape

pytestmark = pytest.mark.usefixtures("tick_only")


def text_of(reply: str) -> str:
    """The sections' words and the buttons' labels of a reply, as one text."""
    blocks = json.loads(unescape(reply).split("\n", 1)[1])
    parts = []
    for block in blocks:
        if block["type"] == "section":
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            if element.get("type") == "button":
                parts.append("[" + element["text"]["text"] + "]")
    return "\n".join(parts)


def test_staff_see_one_unit_with_each_deadlines_state(slack) -> None:
    assert "Takk!" in slack.command("/ferdig", "forslagsfrist", user=LEADER).reply
    reply = text_of(slack.command("/status", "Tromsø", user=STAFF).reply)
    assert "*Tromsø*" in reply
    assert "✅ Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026) — ferdig" in reply
    assert "⬜ Skolering i praktisk styrearbeid for det nye styret (" in reply
    assert "Fant ingen frist" not in reply
    svalbard = text_of(slack.command("/status", "svalbard", user=STAFF).reply)
    assert svalbard.startswith("*Svalbard (Longyearbyen)*\n⬜ Forslagsfrist")


def test_a_unit_name_typed_wrong_gets_a_guess(slack) -> None:
    reply = unescape(slack.command("/status", "Trmsø", user=STAFF).reply)
    assert "Fant ingen frist som passer «Trmsø»" in reply and "Mente du «Tromsø»?" in reply


def test_staff_see_one_units_row_of_a_deadline_with_only_its_button(slack) -> None:
    for text in ("senja forslagsfrist", "forslagsfristen Senja"):
        reply = text_of(slack.command("/status", text, user=STAFF).reply)
        assert "⬜ Senja: gjenstår" in reply and "[Senja]" in reply
        assert "Tromsø" not in reply and "[Balsfjord]" not in reply


def test_a_leader_sees_their_own_unit_but_not_another(slack) -> None:
    own = text_of(slack.command("/status", "tromso", user=LEADER).reply)
    assert "⬜ Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026) — gjenstår" in own
    other = text_of(slack.command("/status", "Senja", user=LEADER).reply)
    assert other == (
        "Bare fylkespartikontoret ser hvert kommuneparti for seg. Skriv /status for oversikten"
        " over alle, eller /status Tromsø for ditt eget."
    )
    row = text_of(slack.command("/status", "senja forslagsfrist", user=LEADER).reply)
    assert "Senja: gjenstår" not in row and "Bare fylkespartikontoret" in row
    stranger = text_of(slack.command("/status", "Senja", user=OUTSIDER).reply)
    assert stranger == (
        "Bare fylkespartikontoret ser hvert kommuneparti for seg. Skriv /status for oversikten"
        " over alle."
    )


def test_words_that_name_no_deadline_and_no_unit_say_what_to_type(slack) -> None:
    reply = text_of(slack.command("/status", "finnesikke", user=STAFF).reply)
    assert reply == (
        "Fant ingen frist som passer «finnesikke». Skriv en del av tittelen, f.eks. «forslagsfrist»."
    )
