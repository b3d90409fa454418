"""Slack ids typed in lower case (`u0123abcd`, `c0staff`) are read as Slack writes them, wherever
Planbot reads one: a CLI option, a units file, .env; a name is still refused, saying what an id
looks like and where to find it (left12b)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.services.validation import InvalidInput, check_channel_id, check_user_id
from bot.settings import SettingsError, load_settings
from planbot.cli import main
from tests.utils.cli_env import cli_env


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("u0123abcd", "U0123ABCD"),
        ("U0123abcd", "U0123ABCD"),
        ("<@u0123abcd>", "U0123ABCD"),
        ("https://troms-ap.slack.com/team/u0123abcd", "U0123ABCD"),
        ("w0123abcd", "W0123ABCD"),
    ],
)
def test_a_user_id_typed_in_lower_case_is_read_in_capitals(typed: str, read: str) -> None:
    assert check_user_id(typed) == read


@pytest.mark.parametrize(("typed", "read"), [("c0staff", "C0STAFF"), ("g01abcdef", "G01ABCDEF")])
def test_a_channel_id_typed_in_lower_case_is_read_in_capitals(typed: str, read: str) -> None:
    assert check_channel_id(typed) == read


@pytest.mark.parametrize("name", ["ulrik", "wenche", "Ulrik", "ukari01"])
def test_a_name_is_not_taken_for_a_user_id(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_user_id(name)
    assert refused.value.message("nb") == (
        f"«{name}» er ikke en Slack-bruker-ID. Skriv ID-en, f.eks. U0123ABCD "
        "(i Slack: profilen → ⋮ → Kopier medlems-ID)."
    )


@pytest.mark.parametrize("name", ["general", "ceo"])
def test_a_channel_name_is_not_taken_for_a_channel_id(name: str) -> None:
    with pytest.raises(InvalidInput):
        check_channel_id(name)


def test_staff_ids_in_lower_case_in_env_are_read_in_capitals() -> None:
    settings = load_settings(
        {"PLANBOT_STAFF_USERS": "u0staff, U0OTHER1", "PLANBOT_STAFF_CHANNEL": "c0staff"},
        dotenv_path=None,
    )
    assert settings.staff_users == frozenset({"U0STAFF", "U0OTHER1"})
    assert settings.staff_channel == "C0STAFF"
    named = load_settings({"PLANBOT_STAFF_CHANNEL": "#kontoret"}, dotenv_path=None)
    assert named.staff_channel == "#kontoret"


def test_a_staff_name_in_env_is_refused_saying_where_to_find_the_id() -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings({"PLANBOT_STAFF_USERS": "ulrik"}, dotenv_path=None)
    assert "(i Slack: profilen → ⋮ → Kopier medlems-ID)" in refused.value.in_language("nb")


def test_unit_set_and_a_units_file_read_lower_case_ids(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "troms.db", now="2027-01-04T10:00+01:00", plan="troms")
    env["PLANBOT_STAFF_USERS"] = "u0staff"
    runner = CliRunner()
    set_ = ["unit", "set", "Tromsø", "--channel", "c0tromso", "--leader", "u0123abcd"]
    result = runner.invoke(main, set_, env=env)
    assert result.exit_code == 0, result.output
    path = tmp_path / "enheter.csv"
    path.write_text("navn;kanal;leder\nSenja;c0senja1;u0senja1\n", encoding="utf-8")
    result = runner.invoke(main, ["unit", "import", str(path)], env=env)
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["unit", "list"], env=env).output
    tromso = next(line for line in listed.splitlines() if line.startswith("tromso"))
    senja = next(line for line in listed.splitlines() if line.startswith("senja"))
    assert "C0TROMSO" in tromso and "U0123ABCD" in tromso
    assert "C0SENJA1" in senja and "U0SENJA1" in senja
