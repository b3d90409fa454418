"""An annual-meeting date typed without a year is the season under way's: a leader reporting on
20 January the meeting held on the 10th types "10.1" and means 10 January this year, not next."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.services.questions import read_annual_meeting
from planbot.cli import main
from tests.utils.cli_env import cli_env


@pytest.mark.parametrize(
    ("typed", "today", "meant"),
    [
        ("10.1", date(2027, 1, 20), date(2027, 1, 10)),  # held ten days ago
        ("15.3", date(2027, 1, 20), date(2027, 3, 15)),  # ahead, this season
        ("15.1", date(2026, 12, 5), date(2027, 1, 15)),  # asked in December for the next season
        ("10.12", date(2026, 12, 5), date(2026, 12, 10)),  # a December meeting opens the season
        ("10. januar", date(2027, 1, 20), date(2027, 1, 10)),
        ("10.1.2027", date(2027, 1, 20), date(2027, 1, 10)),  # a typed year is kept
    ],
)
def test_a_yearless_meeting_date_is_read_in_the_season_under_way(
    typed: str, today: date, meant: date
) -> None:
    assert read_annual_meeting(typed, today=today).day == meant


def test_unit_set_reads_a_yearless_meeting_date_in_the_season_under_way(tmp_path: Path) -> None:
    db = tmp_path / "troms.db"
    env = cli_env(db, now="2027-01-20T10:00+01:00", plan="troms")
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    result = runner.invoke(main, ["unit", "set", "tromsø", "--annual-meeting", "10.1"], env=env)
    assert result.exit_code == 0, result.output
    assert "årsmøtet er søndag 10. januar 2027" in result.output
