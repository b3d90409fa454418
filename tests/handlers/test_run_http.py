"""The issue's done-when check: `planbot run --http --port N` in a subprocess, against the stand-in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.clock import SystemClock
from tests.conftest import STAFF
from tests.handlers.slack import SECRET, SlackClientSim, sign

pytestmark = pytest.mark.slow

CALENDAR_TOKEN = "kalender-hemmelighet-1234567890"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def planbot_http(tmp_path: Path, standin):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_", "DATABASE_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'http.db'}",
        PLANBOT_NOW="2026-11-23T09:00+01:00",
        PLANBOT_STAFF_USERS=STAFF,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=standin.api_url,
        PLANBOT_CALENDAR_TOKEN=CALENDAR_TOKEN,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planbot",
            "run",
            "--http",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"planbot run --http did not start:\n{process.stdout.read()}")
            time.sleep(0.1)
    try:
        yield SlackClientSim(base + "/slack/events", standin), base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_signed_status_and_plan_over_http_and_forgeries_refused(planbot_http) -> None:
    planbot_http, _ = planbot_http
    status = planbot_http.command("/status", "", user=STAFF)
    assert status.status == 200 and status.seconds < 3
    assert "Forslagsfrist til landsmøtet 2027, tirsdag 1. desember 2026" in status.reply
    plan = planbot_http.command("/plan", "måned", user=STAFF)
    assert plan.status == 200
    assert "Forslagsfrist til landsmøtet 2027" in plan.reply
    assert "Teamsmøte med kommunepartilederne" in plan.reply and "8. desember 2026" in plan.reply
    forged = planbot_http.command("/status", "", user=STAFF, headers=sign("x", secret="wrong"))
    assert forged.status == 401
    body = urlencode({"command": "/status", "user_id": STAFF, "text": ""})
    old = int(SystemClock().now().timestamp()) - 301
    code, _, _ = planbot_http.post(
        body, content_type="application/x-www-form-urlencoded", headers=sign(body, timestamp=old)
    )
    assert code == 401


def test_the_same_server_serves_the_calendar_feed(planbot_http) -> None:
    _, base = planbot_http
    with urllib.request.urlopen(f"{base}/calendar.ics?token={CALENDAR_TOKEN}", timeout=5) as answer:
        assert answer.headers["Content-Type"].startswith("text/calendar")
        assert b"Forslagsfrist til landsm" in answer.read()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/calendar.ics?token=wrong", timeout=5)
    assert refused.value.code == 403
