"""`planbot run` that cannot start says why in one line, in the configured language, and exits ≠ 0
(a wrong Slack token, no network, a database that cannot be reached) — no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from planbot.testing.slack_standin import SlackStandIn


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "PLANBOT_NOW": "2026-11-23T09:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
        "SLACK_BOT_TOKEN": "xoxb-wrong",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_APP_TOKEN": "xapp-wrong",
    }
    return subprocess.run(
        [sys.executable, "-m", "planbot", "run", *args],
        env={**os.environ, **base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode not in (0, None) and len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("args", [("--http", "--port", "0"), ()])
def test_a_token_slack_refuses_is_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    with SlackStandIn() as standin:
        standin.fail("auth.test", 200, count=5, error="invalid_auth")
        result = start(tmp_path, *args, SLACK_API_URL=standin.api_url.rstrip("/"))
    line = one_line(result)
    assert line.startswith("Slack godtok ikke SLACK_BOT_TOKEN (invalid_auth).")
    assert "Sjekk at tokenet (xoxb-…) er riktig kopiert" in line


def test_an_app_token_slack_refuses_is_one_line_in_english(tmp_path: Path) -> None:
    with SlackStandIn() as standin:
        standin.fail("apps.connections.open", 200, count=5, error="invalid_auth")
        result = start(tmp_path, SLACK_API_URL=standin.api_url.rstrip("/"), PLANBOT_LANGUAGE="en")
    assert one_line(result).startswith("Slack did not accept SLACK_APP_TOKEN (invalid_auth).")


def test_no_network_is_one_line(tmp_path: Path) -> None:
    port = closed_port()
    result = start(tmp_path, "--http", "--port", "0", SLACK_API_URL=f"http://127.0.0.1:{port}")
    line = one_line(result)
    assert line.startswith(f"Fikk ikke kontakt med Slack på http://127.0.0.1:{port}/")
    assert "Sjekk nettverket" in line


def test_a_database_that_cannot_be_reached_is_one_line_without_its_password(
    tmp_path: Path,
) -> None:
    url = f"postgresql://planbot:hemmelig@127.0.0.1:{closed_port()}/planbot"
    line = one_line(start(tmp_path, "--http", DATABASE_URL=url))
    assert line.startswith("Får ikke kontakt med databasen")
    assert "hemmelig" not in line and "Sjekk DATABASE_URL" in line
