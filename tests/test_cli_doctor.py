"""`planbot doctor`: the readiness check against the Slack stand-in (issue 11)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.clock import FixedClock
from bot.runtime import build_runtime
from bot.settings import Settings
from planbot.cli import main
from planbot.commands.doctor import startup_summary
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import SeededCopy

NOW = "2026-11-23T09:00+01:00"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(NOW))
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": NOW,
        "PLANBOT_LANGUAGE": "nb",
        "PLANBOT_STAFF_USERS": "U0STAFF",
        "PLANBOT_STAFF_CHANNEL": "C0STAFF",
    }
    runner = CliRunner()

    def invoke(*args: str, **extra: str):
        return runner.invoke(main, list(args), env={**env, **extra})

    return invoke


@pytest.fixture
def slack(cli, tmp_path: Path):
    """Every municipal party but Tromsø has a channel Planbot is in; Tromsø has nothing."""
    with SlackStandIn() as standin:
        standin.add_channel("fylkeskontoret", "C0STAFF")
        lines = ["name,channel"]
        for slug in json.loads(cli("unit", "list", "--json").output):
            if slug["kind"] == "municipal" and slug["slug"] != "tromso":
                channel = f"C0{slug['slug'].upper().replace('-', '')}"
                standin.add_channel(slug["slug"], channel)
                lines.append(f"{slug['name']},{channel}")
        (tmp_path / "kanaler.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert cli("unit", "import", str(tmp_path / "kanaler.csv")).exit_code == 0
        yield standin


def slack_env(standin: SlackStandIn) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": standin.api_url.rstrip("/")}


def test_a_unit_with_no_channel_and_no_leader_is_named_unreachable(cli, slack) -> None:
    result = cli("doctor", "--json", **slack_env(slack))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    [problem] = report["problems"]
    assert (problem["check"], problem["unit"], problem["blocking"]) == (
        "unreachable",
        "tromso",
        True,
    )
    assert "Tromsø kan ikke nås" in problem["text"] and "planbot unit set tromso" in problem["text"]
    asked = {c.payload["channel"] for c in slack.calls("conversations.info")}
    assert "C0STAFF" in asked and "C0SENJA" in asked

    assert cli("unit", "set", "tromso", "--leader", "U0TROMSO").exit_code == 0
    fixed = cli("doctor", **slack_env(slack))
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output.strip() == "Alt klart: 22 kommunepartier kan nås."


def test_many_unreachable_units_are_one_line_for_people_and_one_problem_each_in_json(cli) -> None:
    out = cli("doctor").output
    lines = [line for line in out.splitlines() if "kan ikke nås" in line]
    assert lines == [
        "✗ 22 kommunepartier kan ikke nås (ingen kanal, ingen leder og ingen Teams-lenke): "
        "Balsfjord, Bardu, Dyrøy, Gratangen, Harstad, Ibestad, Karlsøy, Kvæfjord, Kvænangen, "
        "Kåfjord og 12 til. Gi hvert en kanal eller en leder, f.eks. «planbot unit set balsfjord "
        "--leader U0123ABCD», eller alle på én gang med «planbot unit import FIL.csv»."
    ]
    report = json.loads(cli("doctor", "--json").output)
    unreachable = [p["unit"] for p in report["problems"] if p["check"] == "unreachable"]
    assert len(unreachable) == 22 and "tromso" in unreachable


def test_missing_scopes_channels_and_leaders_are_one_line_each(cli, slack) -> None:
    slack.state.scopes = ("commands", "chat:write")
    slack.add_channel("senja", "C0SENJA", member=False, private=True)
    slack.add_user("U0GONE", deleted=True)
    cli("unit", "set", "tromso", "--leader", "U0GONE")
    cli("unit", "set", "lyngen", "--channel", "C0NOSUCH")
    result = cli("doctor", **slack_env(slack), PLANBOT_LANGUAGE="en")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any("lacks the scopes chat:write.public" in line for line in lines)
    assert any(line.startswith("✗ Senja: Planbot is not in the channel C0SENJA") for line in lines)
    assert any("Lyngen: cannot find the channel C0NOSUCH (channel_not_found)" in x for x in lines)
    assert any("Tromsø: the leader U0GONE is deactivated in Slack" in line for line in lines)
    assert lines[-1] == "4 things to fix, 4 of them stop nudges."


def test_a_wrong_token_is_one_line_and_no_further_questions(cli, slack) -> None:
    slack.fail("auth.test", 200, error="invalid_auth")
    result = cli("doctor", **slack_env(slack))
    assert result.exit_code == 1
    assert "Slack godtar ikke SLACK_BOT_TOKEN (invalid_auth)" in result.output
    assert slack.calls("conversations.info") == []


def test_without_slack_or_teams_nothing_can_be_sent(cli) -> None:
    result = cli("doctor", "--json", PLANBOT_STAFF_CHANNEL="")
    checks = {p["check"] for p in json.loads(result.output)["problems"]}
    assert {"no_route", "no_staff_channel", "unreachable"} <= checks
    assert result.exit_code == 1


def test_start_up_gives_a_one_line_summary_without_asking_about_each_unit(
    cli, slack, tmp_path
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'cli.db'}",
        staff_channel="C0STAFF",
        staff_users=frozenset({"U0STAFF"}),
        slack_bot_token="xoxb-test",
        slack_api_url=slack.api_url.rstrip("/"),
    )
    runtime = build_runtime(settings, clock=FixedClock(datetime.fromisoformat(NOW)))
    line = startup_summary(runtime)
    assert line == (
        "Sjekk av oppsettet: 1 ting å rette (1 stopper påminnelser). "
        "Kjør «planbot doctor» for detaljer."
    )
    assert [c.method for c in slack.calls()] == ["auth.test"]
    cli("unit", "set", "tromso", "--channel", "C0SENJA")
    assert startup_summary(runtime) is None


def test_the_weekly_digest_names_what_the_settings_lack(cli) -> None:
    out = cli("digest", PLANBOT_STAFF_USERS="").output
    assert "Oppsettet (se «planbot doctor»)" in out
    assert "Ingen ansatte er registrert" in out
    assert "Oppsettet" not in cli("digest", SLACK_BOT_TOKEN="xoxb-test").output


def test_a_bare_staff_channel_name_says_what_to_write_and_ids_and_names_still_pass(
    cli, slack
) -> None:
    """PLANBOT_STAFF_CHANNEL=general (no #, not an id) posted nowhere without a word; doctor
    (and so the start-up line and the digest) names it once, in PLANBOT_LANGUAGE."""
    result = cli("doctor", **slack_env(slack), PLANBOT_STAFF_CHANNEL="general")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "general" in line]
    assert lines == [
        "✗ PLANBOT_STAFF_CHANNEL er «general», som verken er en kanal-ID eller et #navn, så "
        "oppsummeringene og ukeoversikten kommer ikke fram. Skriv kanal-ID-en (f.eks. C0123ABCD, "
        "nederst i kanaldetaljene i Slack) eller #general i .env."
    ], result.output
    english = cli("doctor", "--json", PLANBOT_STAFF_CHANNEL="general", PLANBOT_LANGUAGE="en")
    [problem] = [p for p in json.loads(english.output)["problems"] if "general" in p["text"]]
    assert problem["check"] == "bad_staff_channel" and problem["blocking"]
    assert "Write the channel ID (e.g. C0123ABCD" in problem["text"]
    for works in ("C0STAFF", "c0staff", "#fylkeskontoret"):
        out = cli("doctor", "--json", PLANBOT_STAFF_CHANNEL=works).output
        assert "bad_staff_channel" not in out, works
