"""A leader's own open deadlines in /status say what to do: hand in the forslagsfrist, tick the rest."""

from __future__ import annotations

from tests.conftest import LEADER
from tests.handlers.test_commands import unescape


def test_the_leaders_own_lines_say_lever_for_a_hand_in_and_ferdig_for_a_tick(slack) -> None:
    reply = unescape(slack.command("/status", "", user=LEADER).reply)
    assert (
        "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026) — ikke levert. Lever med /ferdig"
        in reply
    )
    assert "Skolering i praktisk styrearbeid for det nye styret (" in reply
    assert "— gjenstår. Meld ferdig med /ferdig" in reply


def test_app_home_says_the_same_as_status(slack, standin) -> None:
    from tests.handlers.test_interactive import published

    slack.event({"type": "app_home_opened", "user": LEADER, "tab": "home"})
    view = unescape(published(standin))
    assert (
        "— ikke levert. Lever med /ferdig" in view and "— gjenstår. Meld ferdig med /ferdig" in view
    )
