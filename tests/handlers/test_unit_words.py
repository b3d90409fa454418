"""A unit is called by the one word for its kind (bot.services.units.unit_kind_word): Svalbard,
which the plans treat like a municipal party but which is no municipality, is a lokallag."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.enums import Role
from bot.messages import ACTION_DONE, NudgeMessage
from bot.services.units import assign_role, find_unit, unit_kind_word, unit_label
from handlers.blocks import nudge_blocks, unit_modal
from schedules.teams_cards import nudge_card
from tests.conftest import STAFF

SVALBARD_LEADER = "USVALBARD1"


@pytest.mark.parametrize(
    ("name", "kind", "word"),
    [
        ("Tromsø", "municipal", "municipal"),
        ("Svalbard (Longyearbyen)", "municipal", "local"),
        ("Longyearbyen", "municipal", "local"),
        ("Troms Arbeiderparti", "county", "county"),
        ("Svalbard AUF", "other", "other"),
        ("Senja", "written-by-hand", "other"),
    ],
)
def test_the_word_for_a_unit(name: str, kind: str, word: str) -> None:
    assert unit_kind_word(name=name, kind=kind) == word


@pytest.mark.parametrize(
    ("lang", "tromso", "svalbard"),
    [
        ("nb", "Kommuneparti: Tromsø", "Lokallag: Svalbard (Longyearbyen)"),
        ("en", "Municipal party: Tromsø", "Local branch: Svalbard (Longyearbyen)"),
    ],
)
def test_a_nudge_in_slack_and_teams_names_svalbard_a_lokallag(
    lang: str, tromso: str, svalbard: str
) -> None:
    message = NudgeMessage(
        idempotency_key="left11",
        rule="deadline.on_day",
        event_id=1,
        event_title="Forslagsfrist til landsmøtet 2027",
        event_kind="deadline",
        headline="Forslagsfrist til landsmøtet 2027 er i dag",
        when_text="tirsdag 1. desember 2026",
        language=lang,
        unit_name="Tromsø",
        obligation_id=1,
        buttons=(ACTION_DONE,),
    )
    for unit, label in (("Tromsø", tromso), ("Svalbard (Longyearbyen)", svalbard)):
        named = dataclasses.replace(message, unit_name=unit)
        slack = json.dumps(nudge_blocks(named), ensure_ascii=False)
        teams = json.dumps(nudge_card(named, links={}, links_expire=None), ensure_ascii=False)
        assert label in slack and label in teams
        assert unit_label(name=unit, lang=lang) == label
    assert "Kommuneparti: Svalbard" not in json.dumps(
        nudge_blocks(dataclasses.replace(message, unit_name="Svalbard (Longyearbyen)")),
        ensure_ascii=False,
    )


def test_the_svalbard_leaders_status_and_its_unit_modal_say_lokallag(slack, runtime) -> None:
    with runtime.session() as session:
        svalbard = find_unit(session=session, ref="svalbard")
        assign_role(
            session=session,
            slack_user_id=SVALBARD_LEADER,
            role=Role.LEADER,
            unit=svalbard,
            actor=STAFF,
            now=runtime.clock.now(),
        )
        tromso = find_unit(session=session, ref="tromso")
        assert (
            unit_modal(unit=svalbard, lang="nb", metadata={}, leaders=[])["title"]["text"]
            == "Lokallag"
        )
        assert (
            unit_modal(unit=tromso, lang="nb", metadata={}, leaders=[])["title"]["text"]
            == "Kommuneparti"
        )
    reply = slack.command("/status", "", user=SVALBARD_LEADER).reply
    assert "Ditt lokallag, Svalbard (Longyearbyen)" in reply
    assert "kommuneparti, Svalbard" not in reply
