"""Which deadline or unit a person's words name: a table of what people type."""

from __future__ import annotations

import pytest

from bot.models import Unit
from bot.services.matching import match_named, names, split_unit, stem

FORSLAGSFRIST = ("Forslagsfrist til landsmøtet 2027", "forslagsfrist-landsmotet-2027")
STYREARBEID = ("Skolering i praktisk styrearbeid for det nye styret", "praktisk-styrearbeid-2027")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("forslagsfristen", "forslagsfrist"),
        ("fristene", "frist"),
        ("frister", "frist"),
        ("landsmotet", "landsmot"),
        ("mote", "mot"),
        ("uka", "uka"),
        ("2027", "2027"),
    ],
)
def test_stem_drops_definite_and_plural_endings(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("query", "forslagsfrist", "styrearbeid"),
    [
        ("forslagsfrist", True, False),
        ("forslagsfristen", True, False),
        ("«Forslagsfristen»", True, False),
        ('"FORSLAGSFRIST TIL LANDSMØTET"', True, False),
        ("landsmøtet 2027", True, False),
        ("frist", True, False),
        ("skoleringen", False, True),
        ("praktisk styrearbeid", False, True),
        ("blablabla", False, False),
        ("forslagsfrist Vi sendte to forslag", False, False),
        ("til", False, False),
        ("", False, False),
    ],
)
def test_names(query: str, forslagsfrist: bool, styrearbeid: bool) -> None:
    assert names(query, *FORSLAGSFRIST) is forslagsfrist
    assert names(query, *STYREARBEID) is styrearbeid


def test_match_named_is_unique_or_lists_what_it_could_mean() -> None:
    choices = [FORSLAGSFRIST, STYREARBEID, ("Forslagsfrist til fylkesårsmøtet", None)]
    pick = {"title": lambda c: c[0], "key": lambda c: c[1]}
    assert match_named("forslagsfristen til landsmøtet", choices, **pick).chosen == FORSLAGSFRIST
    several = match_named("forslagsfrist", choices, **pick)
    assert several.chosen is None and len(several.candidates) == 2
    assert match_named("blablabla", choices, **pick).candidates == ()


def test_split_unit_takes_a_unit_named_first_or_last() -> None:
    units = [
        Unit(id=1, slug="tromso", name="Tromsø"),
        Unit(id=2, slug="svalbard", name="Svalbard (Longyearbyen)"),
    ]
    assert split_unit("forslagsfrist Tromsø", units) == (units[0], "forslagsfrist")
    assert split_unit("TROMSO forslagsfrist", units) == (units[0], "forslagsfrist")
    assert split_unit("forslagsfrist svalbard longyearbyen", units) == (units[1], "forslagsfrist")
    assert split_unit("forslagsfrist", units) == (None, "forslagsfrist")


def test_prefer_settles_between_several_named() -> None:
    choices = [("Forslagsfrist til landsmøtet", True), ("Forslagsfrist til fylkesårsmøtet", False)]
    only_open = match_named("forslagsfrist", choices, title=lambda c: c[0], prefer=lambda c: c[1])
    assert only_open.chosen == choices[0]
    neither = match_named("forslagsfrist", choices, title=lambda c: c[0], prefer=lambda c: False)
    assert neither.chosen is None and neither.candidates == tuple(choices)
