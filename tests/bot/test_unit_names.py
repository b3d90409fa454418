"""A unit goes by every name people use for it: 'Longyearbyen' names 'Svalbard (Longyearbyen)'."""

from __future__ import annotations

import re

import pytest

from bot.services.matching import split_unit
from bot.services.units import find_unit, list_units
from bot.services.validation import check_channel_id
from bot.texts import EN, NB


@pytest.mark.parametrize(
    "ref", ["Longyearbyen", "longyearbyen", "Svalbard", "svalbard (Longyearbyen)"]
)
def test_svalbard_by_any_of_its_names(session, ref: str) -> None:
    assert find_unit(session=session, ref=ref).slug == "svalbard"


def test_ferdig_and_status_find_longyearbyen_at_the_end_of_the_words(session) -> None:
    unit, rest = split_unit("forslagsfrist Longyearbyen", list_units(session=session))
    assert unit is not None and unit.slug == "svalbard" and rest == "forslagsfrist"


@pytest.mark.parametrize("catalog", [NB, EN])
def test_the_channel_field_shows_an_example_the_check_accepts(catalog) -> None:
    examples = re.findall(r"[#\w-]*\d[\w-]*|#[\w-]+", catalog["slack.field.channel"])
    assert examples and all(check_channel_id(example) == example for example in examples)


@pytest.mark.parametrize(("typed", "meant"), [("Tromsoe", "Tromsø"), ("målsev", "Målselv")])
def test_a_unit_name_with_a_typo_suggests_the_unit(session, typed: str, meant: str) -> None:
    from bot.services.units import UnitNotFound

    with pytest.raises(UnitNotFound) as missing:
        find_unit(session=session, ref=typed)
    assert missing.value.did_you_mean("nb") == f" Mente du «{meant}»?"
    with pytest.raises(UnitNotFound) as far:
        find_unit(session=session, ref="Oslo")
    assert far.value.did_you_mean("nb") == ""
