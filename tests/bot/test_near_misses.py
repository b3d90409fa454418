"""A deadline's name typed with a typo is not guessed, but the answer suggests what was meant."""

from __future__ import annotations

import pytest

from bot.services.events import EventNotFound, find_event
from bot.services.matching import near_misses

TITLES = [
    "Forslagsfrist til landsmøtet 2027",
    "Skolering i praktisk styrearbeid for det nye styret",
    "Teamsmøte med kommunepartilederne, ordførerne og gruppelederne",
]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("forslagsfrsit", TITLES[0]),
        ("Forslagsfirst", TITLES[0]),
        ("styrearbied", TITLES[1]),
        ("praktsik styrearbeid", TITLES[1]),
        ("teamsmøtte", TITLES[2]),
    ],
)
def test_a_typo_suggests_the_title_meant(typed: str, meant: str) -> None:
    assert near_misses(typed, TITLES) == [meant]


@pytest.mark.parametrize("typed", ["xyzzy", "møt", "valgkamp", "årsmøtet 2029"])
def test_words_far_from_every_title_suggest_nothing(typed: str) -> None:
    assert near_misses(typed, TITLES) == []


def test_not_found_says_what_it_may_have_meant(session) -> None:
    with pytest.raises(EventNotFound) as missing:
        find_event(session=session, query="forslagsfrsit", per_unit_only=True)
    assert missing.value.did_you_mean("nb") == " Mente du «Forslagsfrist til landsmøtet 2027»?"
    with pytest.raises(EventNotFound) as nothing:
        find_event(session=session, query="xyzzy")
    assert nothing.value.did_you_mean("en") == ""
