"""One resolver for a unit typed by name on every command (left12b): the start of a name, any
case, without æøå, finds the unit when only one fits, and names the candidates when several do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.models import Unit
from bot.services.matching import split_unit
from bot.services.units import units_named
from planbot.cli import main
from tests.utils.cli_env import cli_env
from tests.utils.nordland import NORDLAND


def _nordland() -> list[Unit]:
    from bot.services.units import slug_for

    return [Unit(name=name, slug=slug_for(name)) for name in NORDLAND]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("vest", ["Vestvågøy"]),
        ("VEST", ["Vestvågøy"]),
        ("ve", ["Vefsn", "Vega", "Vestvågøy", "Vevelstad"]),
        ("bo", ["Bø"]),
        ("bod", ["Bodø"]),
    ],
)
def test_the_start_of_a_name_finds_the_units_it_fits(typed: str, meant: list[str]) -> None:
    # «bo» is Bø's whole name without its ø, so it names Bø, not also the start of Bodø.
    assert [u.name for u in units_named(typed, _nordland())] == meant


def test_status_words_end_with_the_start_of_a_unit_s_name() -> None:
    unit, rest = split_unit("forslagsfrist vest", _nordland())
    assert unit is not None and unit.name == "Vestvågøy" and rest == "forslagsfrist"
    # Two letters among other words are not taken for a unit (a deadline's word may be that short).
    assert split_unit("forslagsfrist ve", _nordland())[0] is None


@pytest.fixture
def cli(tmp_path: Path):
    env = cli_env(tmp_path / "troms.db", now="2027-01-04T10:00+01:00", plan="troms")
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), env=env)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("lav", "Lavangen"),
        ("Malselv", "Målselv"),
        ("tromso", "Tromsø"),
        ("longyear", "Svalbard (Longyearbyen)"),
        ("SENJ", "Senja"),
    ],
)
def test_planbot_status_finds_a_unit_by_the_start_of_its_name(cli, typed: str, name: str) -> None:
    result = cli("status", typed)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == name


def test_a_start_that_fits_several_units_names_them_on_every_command(cli) -> None:
    kvae = "Mente du «Kvæfjord» eller «Kvænangen»?"
    status = cli("status", "kvæ")
    assert status.exit_code != 0 and status.output.rstrip().endswith(kvae)
    for args in (("mark", "forslagsfrist", "kvæ", "done"), ("unit", "set", "kvæ", "--active")):
        result = cli(*args)
        assert result.exit_code != 0
        assert result.output == f"«kvæ» passer flere enheter. {kvae}\n"
    assert cli("mark", "forslagsfrist", "kvæn", "exempt").exit_code == 0
