"""`planbot mark` says in whole sentences what happened to the unit's obligation, in nb and en."""

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbot.cli import main
from tests.conftest import SeededCopy


@pytest.fixture
def mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2026-11-23T09:00+01:00",
    }
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(env["PLANBOT_NOW"]))

    def invoke(unit: str, state: str, lang: str = "nb") -> str:
        result = CliRunner().invoke(
            main,
            ["mark", "forslagsfrist", unit, state],
            env={**env, "PLANBOT_LANGUAGE": lang},
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return invoke


def test_each_state_reads_as_a_norwegian_sentence(mark) -> None:
    title = "«Forslagsfrist til landsmøtet 2027»"
    assert mark("tromso", "open") == f"Tromsø: {title} gjenstår fortsatt; ingenting er endret."
    assert mark("tromso", "done") == f"Tromsø: {title} er nå ferdig."
    assert mark("tromso", "done") == f"Tromsø: {title} var allerede ferdig; ingenting er endret."
    assert mark("tromso", "open") == f"Tromsø: {title} er åpnet igjen og gjenstår."
    assert mark("senja", "exempt") == f"Senja: {title} er nå merket «ikke aktuelt»."
    assert mark("senja", "exempt") == (
        f"Senja: {title} var allerede merket «ikke aktuelt»; ingenting er endret."
    )


def test_each_state_reads_as_an_english_sentence(mark) -> None:
    title = "“Forslagsfrist til landsmøtet 2027”"
    assert mark("tromso", "open", "en") == f"Tromsø: {title} is still open; nothing was changed."
    assert mark("tromso", "done", "en") == f"Tromsø: {title} is now done."
    assert mark("tromso", "open", "en") == f"Tromsø: {title} is open again."
    assert mark("senja", "exempt", "en") == f"Senja: {title} is now marked “not applicable”."
