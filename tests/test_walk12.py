"""Troms' plan walked from January to June 2027 as its staff and leaders meet it (walk12)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.services.validation import read_day
from planbot.cli import main
from tests.utils.cli_env import cli_env, copy_database

JANUARY = "2027-01-04T10:00+01:00"
Cli = Callable[..., Result]


def _env(db: Path, now: str) -> dict[str, str]:
    return cli_env(db, now=now, plan="troms")


@pytest.fixture(scope="module")
def troms_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with Troms' built-in plan and units (made once)."""
    db = tmp_path_factory.mktemp("troms") / "troms.db"
    result = CliRunner().invoke(main, ["db", "upgrade"], env=_env(db, JANUARY))
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def cli(troms_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    db = copy_database(troms_db, tmp_path / "troms.db")
    runner = CliRunner()

    def invoke(*args: str, now: str = JANUARY) -> Result:
        return runner.invoke(main, list(args), env=_env(db, now))

    return invoke


def test_a_meeting_typed_a_year_late_in_january_is_refused_and_names_this_season(
    cli: Cli, tmp_path: Path
) -> None:
    # 4 January 2027: Tromsø meets 13 February; «13.2.2028» is a slip that would date the
    # 2027 deadlines ("innen tre uker etter årsmøtet") in 2028, and the answer named 2028.
    result = cli("unit", "set", "Tromsø", "--annual-meeting", "13.2.2028")
    assert result.exit_code == 2, result.output
    assert result.output == (
        "13. februar 2028 er mer enn ett år fram i tid. Er året riktig? "
        "Skriv datoen for årsmøtet i 2027.\n"
    )
    path = tmp_path / "årsmøter.csv"
    path.write_text("navn;årsmøte\nTromsø;13.02.2028\n", encoding="utf-8")
    assert "Skriv datoen for årsmøtet i 2027" in cli("unit", "import", str(path)).output
    assert "2028" not in cli("unit", "list").output
    assert cli("unit", "set", "Tromsø", "--annual-meeting", "13.2.2027").exit_code == 0


def test_a_monthly_meeting_moved_to_a_weekday_names_its_dates_on_a_holiday(cli: Cli) -> None:
    # The Teams meeting put on the first Thursday: 6 May 2027 is Kristi himmelfartsdag, and
    # staff learn it when they change the rule, as they do for a single day.
    spring = "2027-03-22T10:00+01:00"
    result = cli(
        "event",
        "edit",
        "teamsmote-kommunepartiledere",
        "--rrule",
        "FREQ=MONTHLY;BYDAY=1TH",
        now=spring,
    )
    assert result.exit_code == 0, result.output
    assert "NB: torsdag 6. mai 2027 er en helligdag (Kristi himmelfartsdag).\n" in result.output
    assert "1. april" not in result.output.split("Neste:")[0]  # an ordinary Thursday
    result = cli(
        "event",
        "edit",
        "teamsmote-kommunepartiledere",
        "--rrule",
        "FREQ=MONTHLY;BYDAY=3MO",
        now=spring,
    )
    assert "NB: mandag 17. mai 2027 er en helligdag (andre pinsedag og grunnlovsdag)." in (
        result.output
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("3. januar", date(2028, 1, 3)),  # 4 January 2027: the next 3 January is 2028's
        ("13. februar", date(2027, 2, 13)),
        ("13. feb. 2027", date(2027, 2, 13)),
        ("6 mars 2027", date(2027, 3, 6)),
        ("1. Desember", date(2027, 12, 1)),
    ],
)
def test_a_day_typed_with_its_month_s_name_is_read_as_the_day(typed: str, read: date) -> None:
    # "/plan 1. desember" was read, but «--annual-meeting "13. februar"» was «ikke en dato».
    assert read_day(typed, today=date(2027, 1, 4)).day == read


def test_the_annual_meeting_typed_with_its_month_s_name_dates_the_deadlines(cli: Cli) -> None:
    result = cli("unit", "set", "Svalbard", "--annual-meeting", "6. mars")
    assert result.exit_code == 0, result.output
    assert "Svalbard (Longyearbyen): årsmøtet er lørdag 6. mars 2027." in result.output
    assert cli("unit", "set", "Svalbard", "--annual-meeting", "6. marts").exit_code == 2


def test_an_overdue_relative_deadline_counts_only_the_units_past_their_own_date(
    cli: Cli,
) -> None:
    # 8 March 2027: Harstad, Lyngen and Tromsø are past their "innen tre uker etter årsmøtet";
    # Senja (13 March) still has time and 18 have no date. The line said «22 … har ikke meldt
    # ferdig».
    for unit, meeting in [("Harstad", "4.1"), ("Lyngen", "31.1"), ("Tromsø", "13.2")]:
        assert cli("unit", "set", unit, "--annual-meeting", meeting).exit_code == 0
    assert cli("unit", "set", "Senja", "--annual-meeting", "20.2").exit_code == 0
    overview = cli("status", now="2027-03-08T10:00+01:00").output
    assert (
        "‼ Forfalt: Årsmøtedokumenter 2027 til fylkespartiet (innen tre uker etter årsmøtet): "
        "3 kommunepartier har ikke levert\n"
    ) in overview
    assert "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026): 22 kommunepartier" in (
        cli("status", now=JANUARY).output
    )
