"""/status, /ferdig and /plan enhet read a unit's name with the one resolver (left12b)."""

from __future__ import annotations

from tests.conftest import STAFF
from tests.handlers.test_ferdig import text_of


def test_slash_commands_use_the_same_resolver(slack) -> None:
    assert text_of(slack.command("/status", "lav", user=STAFF)).startswith("*Lavangen*")
    several = "«kvæ» passer flere enheter. Mente du «Kvæfjord» eller «Kvænangen»?"
    assert text_of(slack.command("/ferdig", "skolering kvæ", user=STAFF)).startswith(several)
    assert text_of(slack.command("/plan", "enhet kvæ", user=STAFF)).startswith(several)
    done = text_of(slack.command("/ferdig", "skolering lyng", user=STAFF))
    assert done.startswith("Meldt ferdig for Lyngen: «Skolering i praktisk styrearbeid")
