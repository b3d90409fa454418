"""`planbot run` with no Slack tokens: the sandbox, driven through a pipe as CI would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SeededCopy, oslo

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(tmp_path: Path, seeded_copy: SeededCopy) -> Path:
    """The sandbox's database already migrated and loaded (a copy of the session's template), so
    a test pays only for the sandbox; the last test below starts from nothing."""
    return seeded_copy(tmp_path / "sandbox.db", oslo(2026, 11, 23, 9, 0))


def run_planbot(
    tmp_path: Path, stdin: str, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_", "DATABASE_"))
    }
    environ.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sandbox.db'}",
            "PLANBOT_NOW": "2026-11-23T09:00+01:00",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "planbot", "run", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environ,
    )


def test_piped_commands_show_the_prompt_and_the_status_report(tmp_path: Path, seeded: Path) -> None:
    stdin = "/status\n/bruker UDEMOLEDER\n/ferdig forslagsfrist\n/status forslagsfrist\n/plan ny\n"
    result = run_planbot(tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Velkommen til Planbot" in out and "planbot> /status" in out
    assert "Forslagsfrist til landsmøtet 2027, tirsdag 1. desember 2026: 0 av 22" in out
    assert "Du er UDEMOLEDER (leder i Tromsø)" in out
    # The forslagsfrist asks for proposals: /ferdig opens the hand-in modal, nothing is marked yet.
    assert "[Lever]" in out and "Fristen ber om tekst eller filer, eller «ingen forslag»." in out
    assert "⬜ Tromsø: gjenstår" in out
    assert "Beklager, det er bare fylkespartikontoret" in out
    assert out.rstrip().endswith("Ha det bra!")


def test_no_stdin_prints_agenda_and_status_and_exits_cleanly(tmp_path: Path, seeded: Path) -> None:
    result = run_planbot(tmp_path, "", "--as", "USTAFF01", PLANBOT_STAFF_USERS="USTAFF01")
    assert result.returncode == 0, result.stderr
    assert "Du er USTAFF01 (fylkespartikontoret)" in result.stdout
    assert "Nærmeste frist: Forslagsfrist til landsmøtet 2027" in result.stdout
    assert "0 av 22 kommunepartier ferdig" in result.stdout


def test_english_sandbox(tmp_path: Path, seeded: Path) -> None:
    result = run_planbot(tmp_path, "/plan month\n/user UDEMOLEDER\n/quit\n", PLANBOT_LANGUAGE="en")
    assert result.returncode == 0, result.stderr
    assert (
        "Welcome to Planbot" in result.stdout
        and "Tuesday 8 December 2026 at 19:00" in result.stdout
    )
    # The welcome names the English commands it then understands.
    assert "/user UDEMOLEDER" in result.stdout and "/quit (or Ctrl-D) quits" in result.stdout
    assert "/bruker" not in result.stdout and "/slutt" not in result.stdout
    assert "You are UDEMOLEDER (leader in Tromsø)." in result.stdout


def test_the_sandbox_works_on_a_copy_and_leaves_the_real_database_alone(tmp_path: Path) -> None:
    from sqlmodel import select

    from bot.db import make_engine, session_scope
    from bot.models import Membership, Nudge, Obligation, ObligationState

    # Staff mark Tromsø (a leader would get the hand-in modal for the forslagsfrist).
    stdin = "/bruker UDEMOLEDER\n/bruker UDEMOSTAFF\n/ferdig forslagsfrist Tromsø\n"
    result = run_planbot(tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    assert "Meldt ferdig for Tromsø: «Forslagsfrist" in result.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'sandbox.db'}")
    with session_scope(engine) as session:
        assert session.exec(select(Membership)).all() == []
        states = {o.state for o in session.exec(select(Obligation))}
        assert states == {ObligationState.OPEN}
        assert session.exec(select(Nudge)).all() == []
    engine.dispose()


def test_piped_commands_see_what_the_first_tick_creates_as_a_typed_one_does(
    tmp_path: Path, seeded: Path
) -> None:
    # 2 December 2026: the first tick asks the leaders for their annual-meeting date (a deadline
    # of its own). In a terminal the scheduler's first tick runs before the first command; piped,
    # it ran after the commands, so a piped /status lacked the question a typed one showed.
    result = run_planbot(tmp_path, "/status\n", PLANBOT_NOW="2026-12-02T10:00+01:00")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    status = out.split("planbot> /status", 1)[1]
    assert "• Dato for årsmøtet 2027, torsdag 31. desember 2026: 0 av 22" in status
    # What the first tick sent is shown before the first command, as in a terminal.
    before = out.split("planbot> /status", 1)[0]
    assert "Påminnelser sendt til Slack:" in before and "Når holder dere årsmøtet?" in before
