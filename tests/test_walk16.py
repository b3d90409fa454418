"""walk16: the county office takes in its work plan for 2027 in December 2026, through
`planbot import` (Word and PDF, built in tests/utils/plan_2027.py): what the preview calls new,
already in the plan or a change when the plan in force still holds 2026's events."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.importer.titles import guess_kind, names_election
from planbot.cli import main
from tests.utils.cli_env import cli_env
from tests.utils.plan_2027 import plan_2027_docx

NOW = "2026-12-03T10:00+01:00"
Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db = tmp_path / "troms.db"
    runner = CliRunner()

    def invoke(*args: str, now: str = NOW) -> Result:
        return runner.invoke(main, list(args), env=cli_env(db, now=now, plan="troms"))

    assert invoke("db", "upgrade").exit_code == 0
    return invoke


def preview(cli: Cli, plan: Path) -> dict[str, dict[str, Any]]:
    """The dry run's items by '<title> <start>'."""
    result = cli("import", str(plan), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    return {f"{i['title']} {i['start']}": i for i in json.loads(result.output)}


def test_a_2027_event_named_as_one_of_2026_is_new_not_a_change_of_it(
    cli: Cli, tmp_path: Path
) -> None:
    """The board met on 26 November 2026 and the 2026 plan's training in week 13 was imported
    from its text; the 2027 plan has a board meeting on 4 February and the very same line about
    the training. Both are 2027's own events: new, not "move 2026's event into 2027"."""
    assert cli("event", "add", "--title", "Fylkesstyremøte", "--kind", "møte",
               "--date", "26.11.2026").exit_code == 0  # fmt: skip
    plan_2026 = tmp_path / "arbeidsplan-2026.txt"
    plan_2026.write_text(
        "Arbeidsplan 2026\n\nGrunnskolering for nye tillitsvalgte i uke 13, 14.\n", encoding="utf-8"
    )
    assert cli("import", str(plan_2026)).exit_code == 0
    items = preview(cli, plan_2027_docx(tmp_path / "arbeidsplan-2027.docx"))
    assert items["Fylkesstyremøte 2027-02-04"]["match"] == "new"
    assert items["Grunnskolering for nye tillitsvalgte (uke 13) 2027-03-29"]["match"] == "new"
    assert items["Grunnskolering for nye tillitsvalgte (uke 14) 2027-04-05"]["match"] == "new"
    # a real change in the same year is still one
    assert items["Lagbyggersamling/toppkandidatskolering 2027-01-15"]["match"] == "change"


def test_the_same_import_run_again_names_what_the_first_run_stored(
    cli: Cli, tmp_path: Path
) -> None:
    """Staff save some of the new events, tick one as per unit and apply one change, then run the
    very same command again (did it go through?). Nothing more is stored, and the answer says
    which event of the plan each number now is, not «Nummer 6 er ikke en ny hendelse» as if
    the number had been typed wrong."""
    plan = plan_2027_docx(tmp_path / "arbeidsplan-2027.docx")
    command = ("import", str(plan), "--only", "6,7,8,9,12", "--per-unit", "9", "--update", "4")
    first = cli(*command)
    assert first.exit_code == 0, first.output
    assert "la til 5 hendelser" in first.output
    stored = preview(cli, plan)
    assert stored["Høstkampanjen 2027-09-13"]["match"] == "already"
    again = cli(*command)
    assert again.exit_code == 2
    assert again.output.startswith(
        "Nummer 4 finnes allerede i planen som #6 «Lagbyggersamling/toppkandidatskolering»"
    ), again.output
    assert "Ingenting er lagret" in again.output
    assert preview(cli, plan) == stored
    høst = stored["Høstkampanjen 2027-09-13"]["existing_id"]
    only = cli("import", str(plan), "--only", "6")
    assert only.output.startswith(f"Nummer 6 finnes allerede i planen som #{høst} «Høstkampanjen»")


def test_the_election_in_the_plan_is_not_called_a_meeting(cli: Cli, tmp_path: Path) -> None:
    """«13. september | Kommune- og fylkestingsvalget | Alle»: «fylkesting» made it a «Møte»,
    so a stored election day would be nudged about as a meeting to attend."""
    items = preview(cli, plan_2027_docx(tmp_path / "arbeidsplan-2027.docx"))
    election = items["Kommune- og fylkestingsvalget 2027-09-13"]
    assert election["kind"] == "other"
    assert election["match"] == "change"  # the plan's «Kommune- og fylkestingsvalget 2027»
    assert items["Julemøte i fylkesstyret 2027-12-09"]["kind"] == "meeting"


def test_a_committee_or_a_board_election_is_no_election_day() -> None:
    """The election rule names elections, not the committees whose names end in «-valg» nor the
    choice of a board at an annual meeting: those keep the kind their words give."""
    assert guess_kind("Møte i hovedutvalget for oppvekst") == "meeting"
    assert guess_kind("Kontrollutvalget møtes") == "meeting"
    assert guess_kind("Stortingsvalget", "Møter i fylkestinget") == "other"
    assert names_election("Kommune- og fylkestingsvalget")
    assert not names_election("Møte i utvalget")
