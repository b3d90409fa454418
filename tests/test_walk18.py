"""walk18: the secretary of Nordland Arbeiderparti sets Planbot up from nothing
(PLANBOT_BUILTIN_PLAN=none) following only the README, with the careless files real staff make:
a units sheet saved from Excel, a leader id pasted with '@', two units in Teams."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.services.validation import InvalidInput, check_user_id
from planbot.cli import main
from tests.utils.cli_env import cli_env

NOW = "2026-12-03T10:00+01:00"
Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db = tmp_path / "nordland.db"
    runner = CliRunner()

    def invoke(*args: str, now: str = NOW) -> Result:
        return runner.invoke(main, list(args), env=cli_env(db, now=now, plan="none"))

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


def excel_sheet(tmp_path: Path, text: str) -> Path:
    """A sheet as Excel on Windows saves it: semicolons, Windows-1252, CRLF, empty rows after."""
    path = tmp_path / "enheter.csv"
    path.write_bytes((text.replace("\n", "\r\n") + ";;;\r\n;;;\r\n").encode("cp1252"))
    return path


def test_a_sheet_headed_kommuneparti_is_read_as_the_units_names(cli: Cli, tmp_path: Path) -> None:
    sheet = excel_sheet(
        tmp_path, "Kommuneparti;Leder;Kanal;Årsmøte\nBodø;U0BODO01;;15.02.2027\nRøst;U0ROST01;;\n"
    )
    result = cli("unit", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "lagret 2 nye" in result.output
    listed = cli("unit", "list").output
    assert "Bodø" in listed and "Røst" in listed


def test_a_sheet_with_no_name_column_is_told_the_norwegian_name(cli: Cli, tmp_path: Path) -> None:
    sheet = excel_sheet(tmp_path, "Sted;Leder\nBodø;U0BODO01\n")
    result = cli("unit", "import", str(sheet))
    assert result.exit_code != 0
    assert "én av dem må hete «navn» (eller «name»)" in result.output


@pytest.mark.parametrize("pasted", ["@U0BODO01", " @u0bodo01 ", "<@U0BODO01>"])
def test_a_leader_id_pasted_with_the_at_sign_is_the_id(pasted: str) -> None:
    assert check_user_id(pasted) == "U0BODO01"


def test_a_name_after_the_at_sign_is_still_no_user_id() -> None:
    with pytest.raises(InvalidInput):
        check_user_id("@kari")


def test_a_units_sheet_with_a_leader_pasted_with_at_is_stored(cli: Cli, tmp_path: Path) -> None:
    sheet = excel_sheet(tmp_path, "Navn;Leder\nBodø;@U0BODO01\n")
    result = cli("unit", "import", str(sheet))
    assert result.exit_code == 0, result.output
    assert "U0BODO01" in cli("unit", "list").output
    assert "@U0BODO01" not in cli("unit", "list").output


TEAMS_HOOK = (
    "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"
    "?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=XYZ"
)


@pytest.mark.slow
def test_run_as_a_leader_is_the_sandbox_even_with_units_in_teams(cli: Cli, tmp_path: Path) -> None:
    """Two of Nordland's units live in Teams; `planbot run --as U…` (the README's way into the
    sandbox) started the Teams-only bot instead, which serves until stopped and posts for real."""
    sheet = excel_sheet(
        tmp_path, f"Navn;Leder;Teams\nRøst;U0ROST01;\nTræna;U0TRAENA;{TEAMS_HOOK}\n"
    )
    assert cli("unit", "import", str(sheet)).exit_code == 0
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PLANBOT_", "DATABASE_"))
    }
    env.update(cli_env(tmp_path / "nordland.db", now=NOW, plan="none"))
    env["PLANBOT_LINK_SECRET"] = "x" * 40
    env["PLANBOT_PUBLIC_URL"] = "https://planbot.nordland.example"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "planbot", "run", "--as", "U0ROST01"],
            input="/status Røst\n",
            capture_output=True,
            text=True,
            timeout=45,
            cwd=tmp_path,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("planbot run --as started the Teams-only bot, not the sandbox")
    assert result.returncode == 0, result.stderr
    assert "Du er U0ROST01 (leder i Røst)" in result.stdout
    assert result.stdout.rstrip().endswith("Ha det bra!")


def test_a_monthly_meeting_the_plan_gives_no_start_is_held_from_the_plans_year(
    cli: Cli, tmp_path: Path
) -> None:
    """Nordland's plan: «første mandag i hver måned» and no day to start from. It was stored with
    no start, listed as «Uten dato (avklares)» and never nudged about."""
    plan = tmp_path / "Arbeidsplan_NordlandAP_2027.txt"
    plan.write_text(
        "Arbeidsplan for Nordland Arbeiderparti\n\n"
        "Fylkesårsmøtet holdes 23.–25. april i Bodø.\n"
        "Ledermøte på Teams med kommunepartilederne første mandag i hver måned kl. 19.00.\n",
        encoding="utf-8",
    )
    sheet = excel_sheet(tmp_path, "Kommuneparti;Leder\nRøst;U0ROST01\n")
    assert cli("unit", "import", str(sheet)).exit_code == 0
    assert cli("import", str(plan), "--year", "2027").exit_code == 0
    agenda = cli("agenda", "mars", "2027").output
    assert "Ledermøte på Teams med kommunepartilederne — mandag 1. mars 2027" in agenda
    january = cli("agenda", "--from", "2027-01-01", "--days", "10").output
    assert "mandag 4. januar 2027" in january
    nudges = cli("nudges", "--from", "2027-02-22", "--days", "8").output
    assert "Ledermøte på Teams med kommunepartilederne" in nudges
    # The same plan imported again finds the meeting already in the plan.
    again = cli("import", str(plan), "--year", "2027", "--dry-run").output
    assert "Finnes allerede i planen (2)" in again


def test_a_repetition_that_names_no_day_stays_undated(cli: Cli, tmp_path: Path) -> None:
    """«fire ganger i året» gives no days: a start would invent them (1 January, 1 April, …)."""
    plan = tmp_path / "Arbeidsplan_2027.txt"
    plan.write_text(
        "Fylkesårsmøtet holdes 23.–25. april i Bodø.\n"
        "Organisasjonsnytt: digitalt møte fire ganger i året.\n",
        encoding="utf-8",
    )
    assert cli("import", str(plan), "--year", "2027").exit_code == 0
    assert "Uten dato (avklares)" in cli("agenda", "--from", "2027-01-01", "--days", "200").output


def test_a_plan_whose_year_is_only_in_its_file_name_is_told_that_year(
    cli: Cli, tmp_path: Path
) -> None:
    plan = tmp_path / "Arbeidsplan_NordlandAP_2027.txt"
    plan.write_text("Fylkesårsmøtet holdes 23.–25. april i Bodø.\n", encoding="utf-8")
    result = cli("import", str(plan), "--dry-run")
    assert result.exit_code != 0
    assert "Gjelder planen 2027, som filnavnet sier, så bruk --year 2027" in result.output
