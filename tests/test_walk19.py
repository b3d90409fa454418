"""walk19: importing a county's 2027 plan into an empty Planbot (PLANBOT_BUILTIN_PLAN=none): the
time of a repeating meeting, and a deadline counted from a meeting the same plan dates."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.models import PlanEventCreate
from bot.services.imports import describe_event_when
from planbot.cli import main
from tests.utils.cli_env import cli_env

NOW = "2026-12-03T10:00+01:00"
Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db = tmp_path / "fylke.db"
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env=cli_env(db, now=NOW, plan="none"))

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


def preview(cli: Cli, tmp_path: Path, text: str) -> list[dict[str, Any]]:
    plan = tmp_path / "plan.txt"
    plan.write_text("Arbeidsplan 2027\n\n" + text + "\n", encoding="utf-8")
    result = cli("import", str(plan), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def titled(events: list[dict[str, Any]], start: str) -> dict[str, Any]:
    return next(e for e in events if e["title"].startswith(start))


# --- A: the time of a repeating meeting ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("Ledermøte første mandag i hver måned kl. 19.00 på Teams.", "19:00"),
        ("Ledermøte første mandag i hver måned kl 19.", "19:00"),
        ("Ledermøte første mandag i hver måned 19:00 på Teams.", "19:00"),
        ("Styremøte hver tirsdag klokka 18.30 på kontoret.", "18:30"),
    ],
)
def test_a_repeating_meeting_keeps_the_time_written_with_its_rule(
    cli: Cli, tmp_path: Path, line: str, at: str
) -> None:
    (event,) = preview(cli, tmp_path, line)
    assert event["recurrence"] and event["start"] is None
    assert event["time"] == at
    assert at not in event["title"]


def test_the_stored_repeating_meeting_is_at_its_time(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Arbeidsplan 2027\n\nLedermøte første mandag i hver måned kl. 19.00 på Teams.\n",
        encoding="utf-8",
    )
    assert cli("import", str(plan)).exit_code == 0
    agenda = json.loads(cli("agenda", "--from", "2027-01-01", "--days", "10", "--json").output)
    assert [(o["start"], o["time"]) for o in agenda] == [("2027-01-04", "19:00")]


def test_the_preview_says_the_time_of_a_repetition_with_no_start() -> None:
    event = PlanEventCreate(
        title="Ledermøte", recurrence="FREQ=MONTHLY;BYDAY=1MO", start_time=time(19, 0)
    )
    assert describe_event_when(event, "nb") == "første mandag i hver måned kl. 19:00"
    assert describe_event_when(event, "en").endswith("at 19:00")


def test_a_repetition_with_no_time_stays_without_one(cli: Cli, tmp_path: Path) -> None:
    # guard: a time in another sentence that dates something else is that event's
    events = preview(
        cli, tmp_path, "Ledermøte første mandag i hver måned. Fylkesstyret 3. mars kl. 18.00."
    )
    assert titled(events, "Ledermøte")["time"] is None
    assert titled(events, "Fylkesstyret")["time"] == "18:00"


# --- B: a deadline counted from a meeting the same plan dates -----------------------------

COUNTY_PLAN = (
    "Fylkesårsmøte 24. april 2027 i Bodø.\n"
    "Frist for forslag til fylkesårsmøtet: seks uker før fylkesårsmøtet.\n"
    "Protokoll sendes fylkespartiet innen fire uker etter årsmøtet."
)


def test_a_deadline_before_the_dated_county_meeting_falls_on_its_day(
    cli: Cli, tmp_path: Path
) -> None:
    deadline = titled(preview(cli, tmp_path, COUNTY_PLAN), "Frist for forslag")
    assert deadline["title"] == "Frist for forslag til fylkesårsmøtet"
    assert (deadline["start"], deadline["precision"], deadline["relative"]) == (
        "2027-03-13",
        "day",
        None,
    )
    assert deadline["kind"] == "deadline"


def test_a_deadline_before_a_dated_national_convention_falls_on_its_day(
    cli: Cli, tmp_path: Path
) -> None:
    text = "Landsmøtet 20. april 2027.\nForslag sendes senest åtte uker før landsmøtet."
    deadline = titled(preview(cli, tmp_path, text), "Forslag sendes")
    assert (deadline["start"], deadline["relative"]) == ("2027-02-23", None)


def test_a_deadline_after_the_units_own_annual_meeting_stays_each_units(
    cli: Cli, tmp_path: Path
) -> None:
    # guard: «årsmøtet» alone is each municipal party's own, even beside a dated county meeting
    protocol = titled(preview(cli, tmp_path, COUNTY_PLAN), "Protokoll")
    assert protocol["start"] is None
    assert protocol["relative"] == {"anchor": "annual_meeting", "months": None, "days": 28}


def test_a_deadline_before_an_undated_county_meeting_stays_relative(
    cli: Cli, tmp_path: Path
) -> None:
    # guard: the plan names the county meeting but does not date it
    text = "Styremøte 3. mars 2027.\nFrist for forslag: seks uker før fylkesårsmøtet."
    deadline = titled(preview(cli, tmp_path, text), "Frist for forslag")
    assert deadline["start"] is None
    assert deadline["relative"] == {"anchor": "annual_meeting", "months": None, "days": -42}


def test_a_counted_deadline_the_line_dates_already_is_one_event(cli: Cli, tmp_path: Path) -> None:
    text = (
        "Landsmøtet 9. mars 2027.\nForslag sendes senest 3 uker før landsmøtet, dvs. 16. februar."
    )
    events = preview(cli, tmp_path, text)
    assert [e["start"] for e in events if e["line"] == 4] == ["2027-02-16"]
