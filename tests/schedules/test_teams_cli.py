"""Teams from the command line: `planbot unit set --teams-webhook` (masked, audited as set/cleared),
`planbot digest --send` to TEAMS_WEBHOOK_URL, and `planbot run` with Teams only (no Slack tokens)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot.db import make_engine, session_scope
from bot.models import AuditEntry, Obligation, ObligationState, PlanEvent, Unit
from bot.webhooks import mask_webhook_url
from planbot.cli import main
from planbot.testing.teams_standin import TeamsWebhookStandIn
from tests.conftest import SeededCopy
from tests.handlers.test_links import fetch
from tests.schedules.teams_schema import message_errors

ROOT = Path(__file__).resolve().parents[2]
LINK_SECRET = "teams-cli-test-secret-0123456789abcdefghij"


@pytest.fixture
def webhooks() -> Iterator[TeamsWebhookStandIn]:
    with TeamsWebhookStandIn(validate=message_errors) as server:
        yield server


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2026-11-24T09:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
        "PLANBOT_STAFF_CHANNEL": "",
        "SLACK_BOT_TOKEN": "",
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": "",
    }


@pytest.fixture
def cli(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy
):
    monkeypatch.chdir(tmp_path)
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(env["PLANBOT_NOW"]))
    runner = CliRunner()

    def invoke(*args: str, **extra: str):
        return runner.invoke(main, list(args), env={**env, **extra}, catch_exceptions=False)

    return invoke


def audit_of_units(env: dict[str, str]) -> list[AuditEntry]:
    engine = make_engine(env["DATABASE_URL"])
    with session_scope(engine) as session:
        entries = list(session.exec(select(AuditEntry).where(AuditEntry.entity == "unit")))
    engine.dispose()
    return entries


def test_the_webhook_is_set_masked_and_audited_only_as_set_or_cleared(
    cli, env, webhooks: TeamsWebhookStandIn
) -> None:
    url = webhooks.webhook_url("tromso")
    secret = url.rsplit("sig=", 1)[1]
    result = cli("unit", "set", "tromso", "--teams-webhook", url)
    assert result.exit_code == 0
    assert secret not in result.output and url not in result.output
    assert f"Teams-webhook for Tromsø: {mask_webhook_url(url)}" in result.output
    assert mask_webhook_url(url).startswith("http://127.0.0.1/…/****")
    listed = cli("unit", "list", "--json").output
    assert secret not in listed
    assert next(u for u in json.loads(listed) if u["slug"] == "tromso")["teams_webhook"] is True
    cleared = cli("unit", "set", "tromso", "--teams-webhook", "")
    assert cleared.exit_code == 0 and "Teams-webhooken for Tromsø er fjernet." in cleared.output
    entries = audit_of_units(env)
    assert [(e.before, e.after) for e in entries] == [
        ({"teams_webhook": None}, {"teams_webhook": "set"}),
        ({"teams_webhook": "set"}, {"teams_webhook": "cleared"}),
    ]
    assert secret not in repr([e.model_dump() for e in entries])


def test_a_webhook_typed_without_https_is_not_shown_as_an_https_link(cli) -> None:
    """««https://?/…/****1234» er ikke en https-lenke» contradicted itself."""
    typed = "prod-12.westeurope.logic.azure.com/workflows/x?sig=SECRETSECRET1234"
    result = cli("unit", "set", "tromso", "--teams-webhook", typed)
    assert result.exit_code != 0
    assert result.output.startswith("«…****1234» er ikke en https-lenke."), result.output
    assert "SECRETSECRET" not in result.output


def test_a_bad_webhook_is_refused_without_echoing_it(cli) -> None:
    bad = "http://evil.example.org/workflows/x?sig=SECRETSECRET1234"
    result = cli("unit", "set", "tromso", "--teams-webhook", bad)
    assert result.exit_code == 2
    assert "SECRETSECRET" not in result.output
    assert "er ikke en https-lenke" in result.output


def test_digest_send_delivers_one_valid_card_to_teams_once(
    cli, webhooks: TeamsWebhookStandIn
) -> None:
    staff_url = webhooks.webhook_url("staff")
    result = cli("digest", "--send", TEAMS_WEBHOOK_URL=staff_url)
    assert result.exit_code == 0, result.output
    assert f"Ukeoversikten er sendt til Teams ({mask_webhook_url(staff_url)})." in result.output
    assert staff_url.rsplit("sig=", 1)[1] not in result.output
    [post] = webhooks.posts("staff")
    assert message_errors(post.body) == []
    assert post.texts[0] == "🗓️ Ukeoversikt for fylkespartikontoret, uke 48 2026"
    assert any("Forslagsfrist til landsmøtet 2027" in text for text in post.texts)
    again = cli("digest", "--send", TEAMS_WEBHOOK_URL=staff_url)
    assert again.exit_code == 0 and "var allerede sendt" in again.output
    assert len(webhooks.all_posts()) == 1


def test_digest_send_with_neither_slack_nor_teams_says_what_to_set(cli) -> None:
    result = cli("digest", "--send")
    assert result.exit_code == 2
    assert "Verken PLANBOT_STAFF_CHANNEL eller TEAMS_WEBHOOK_URL er satt" in result.output


def test_teams_units_need_the_link_secret(cli, webhooks: TeamsWebhookStandIn) -> None:
    cli("unit", "set", "tromso", "--teams-webhook", webhooks.webhook_url("tromso"))
    result = cli("nudges", "--send-due")
    assert result.exit_code == 2
    assert "PLANBOT_LINK_SECRET er ikke satt: Teams-kortene har signerte lenker" in result.output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_planbot_run_with_teams_only_sends_nudges_and_serves_the_links(
    cli, env, webhooks: TeamsWebhookStandIn
) -> None:
    assert (
        cli("unit", "set", "tromso", "--teams-webhook", webhooks.webhook_url("tromso")).exit_code
        == 0
    )
    port = free_port()
    run_env = {
        **os.environ,
        **env,
        "TEAMS_WEBHOOK_URL": webhooks.webhook_url("staff"),
        "PLANBOT_LINK_SECRET": LINK_SECRET,
        "PLANBOT_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PLANBOT_DISPATCH_SECONDS": "0.5",
        # In the past of the real clock, so APScheduler's first tick is due at once: d7. (APScheduler
        # first counts every missed 0.5 s interval since then: the nearer, the sooner it starts.)
        "PLANBOT_NOW": "2026-11-24T09:00+01:00",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "planbot", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=env["DATABASE_URL"].removeprefix("sqlite:///").rsplit("/", 1)[0],
        env=run_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not webhooks.posts("tromso"):
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "no Teams nudge within a minute"
            time.sleep(0.1)
        [post] = webhooks.posts("tromso")
        assert "Forslagsfrist til landsmøtet 2027" in post.texts[0]
        # The forslagsfrist asks for proposals: *Lever* opens the hand-in page.
        status, page = fetch(post.links["Lever"])
        assert status == 200 and "Vi har ingen forslag" in page
        answer = urllib.request.Request(post.links["Lever"], data=b"none=1", method="POST")
        with urllib.request.urlopen(answer, timeout=10) as response:
            status, page = response.status, response.read().decode("utf-8")
        assert status == 200 and "Mottatt for Tromsø" in page
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert b"/lenke/" in out
    # A running Teams-only bot logs at INFO, as one with Slack does (it was as quiet as the sandbox).
    assert b"INFO planbot.run: nudges: " in err  # «nudges: 2 sent, 0 failed …»
    engine = make_engine(env["DATABASE_URL"])
    with session_scope(engine) as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        event = session.exec(
            select(PlanEvent).where(PlanEvent.key == "forslagsfrist-landsmotet-2027")
        ).one()
        obligation = session.exec(
            select(Obligation).where(
                Obligation.unit_id == tromso.id, Obligation.event_id == event.id
            )
        ).one()
        assert obligation.state == ObligationState.DONE
    engine.dispose()
