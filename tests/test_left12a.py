"""Defects earlier walks saw and left (left12a): an old deadline still open in every report, a
next season's annual meeting moving this season's deadlines, reminders for units that cannot act."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlmodel import Session

from bot.report import render_overview
from bot.services.questions import ensure_new_leader_question
from bot.services.status import DeadlineStatus
from bot.services.units import find_unit
from bot.settings import Settings
from handlers.blocks import capped_overview
from planbot.cli import main
from schedules.outbox import plan_window
from tests.conftest import oslo
from tests.utils.cli_env import cli_env, copy_database

MARCH_2026 = "2026-03-01T10:00+01:00"
Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def troms_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Troms' built-in plan loaded on 1 March 2026 (the 2026 annual-meeting season under way)."""
    db = tmp_path_factory.mktemp("troms") / "troms.db"
    result = CliRunner().invoke(
        main, ["db", "upgrade"], env=cli_env(db, now=MARCH_2026, plan="troms")
    )
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def cli(troms_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    db = copy_database(troms_db, tmp_path / "troms.db")
    runner = CliRunner()

    def invoke(*args: str, now: str) -> Result:
        return runner.invoke(main, list(args), env=cli_env(db, now=now, plan="troms"))

    return invoke


# --- 1. an old deadline still open: counted alike in every report --------------------------

PROPOSALS = "Forslagsfrist til landsmøtet 2027"
OLDER_LINE = (
    "+ 1 eldre frist som fortsatt er åpen: Forslagsfrist til landsmøtet 2027 "
    "(tirsdag 1. desember 2026)"
)
TWO_OLDER = (
    "+ 2 eldre frister som fortsatt er åpne: Forslagsfrist til landsmøtet 2027 "
    "(tirsdag 1. desember 2026) og Økonomirapport 2026 for fjoråret til SSB (partiloven) "
    "(mandag 1. juni 2026)"
)


def test_a_deadline_overdue_for_over_60_days_is_counted_on_one_line_in_every_report(
    cli: Cli,
) -> None:
    # 15 February 2027: the proposals deadline (1 December) is 76 days past and nobody reported
    # it done (nor the 2026 report to SSB, 1 June). /status dropped both after 60 days without a
    # word while the digest still listed them.
    now = "2027-02-15T10:00+01:00"
    status = cli("status", now=now).output
    assert TWO_OLDER in status.splitlines()
    assert "Forfalt: Forslagsfrist" not in status
    digest = cli("digest", now=now).output
    assert TWO_OLDER in digest.splitlines()
    assert "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026):" not in digest
    assert "76 dager siden" not in digest
    listed = json.loads(cli("status", "--json", now=now).output)
    assert [d["title"] for d in listed if d["folded"]] == [
        PROPOSALS,
        "Økonomirapport 2026 for fjoråret til SSB (partiloven)",
    ]
    assert all(d["open"] for d in listed if d["folded"])
    own = cli("status", "Tromsø", now=now).output
    assert f"⬜ {PROPOSALS} (tirsdag 1. desember 2026, fristen er ute) — ikke levert" in own


def test_within_60_days_the_overdue_deadline_is_flagged_in_both_and_nothing_is_folded(
    cli: Cli,
) -> None:
    now = "2027-01-29T10:00+01:00"  # 59 days after 1 December
    status = cli("status", now=now).output
    assert "‼ Forfalt: Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026)" in status
    older = "+ 1 eldre frist som fortsatt er åpen: Økonomirapport 2026 for fjoråret til SSB"
    assert older in status
    digest = cli("digest", now=now).output
    assert "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026, 59 dager siden)" in digest
    assert older in digest
    listed = json.loads(cli("status", "--json", now=now).output)
    assert [d["title"] for d in listed if d["folded"]] == [
        "Økonomirapport 2026 for fjoråret til SSB (partiloven)"
    ]


def test_a_long_chat_overview_is_cut_above_the_line_counting_older_deadlines() -> None:
    statuses = [
        DeadlineStatus(event_id=i, title=f"Frist {i}", due=date(2027, 3, i), done=0, open=1,
                       exempt=0, overdue=False)
        for i in range(1, 6)
    ]  # fmt: skip
    older = [
        DeadlineStatus(event_id=9, title=PROPOSALS, due=date(2026, 12, 1), done=0, open=22,
                       exempt=0, overdue=True, late=22)
    ]  # fmt: skip
    text = capped_overview(statuses, total=8, limit=3, lang="nb", older=older, inactive=["Bardu"])
    lines = text.split("\n")
    assert lines[3:] == [
        "… og 5 til.",
        OLDER_LINE,
        "Ikke aktive kommunepartier (telles ikke med): Bardu.",
    ]
    assert render_overview([], "nb", older=older) == OLDER_LINE


# --- 2. next season's annual meeting leaves this season's deadlines alone ------------------


def test_next_seasons_meeting_date_does_not_move_this_seasons_deadlines(cli: Cli) -> None:
    # Tromsø met on 10 March 2026; its 2026 documents were due 31 March and are still not in.
    # In November its leader enters the January 2027 meeting: the 2026 deadline moved to
    # 10 February 2027 and no longer showed as overdue.
    assert (
        cli("unit", "set", "Tromsø", "--annual-meeting", "10.3.2026", now=MARCH_2026).exit_code == 0
    )
    november = "2026-11-20T10:00+01:00"
    answer = cli("unit", "set", "Tromsø", "--annual-meeting", "20.1.2027", now=november).output
    assert (
        "Skolering i praktisk styrearbeid for det nye styret: frist tirsdag 20. april 2027"
        in answer
    )
    assert "Årsmøtedokumenter 2026" not in answer
    own = cli("status", "Tromsø", now=november).output
    assert (
        "⬜ Årsmøtedokumenter 2026 til fylkespartiet (tirsdag 31. mars 2026, fristen er ute) — "
        "ikke levert" in own
    )
    detail = json.loads(cli("status", "årsmøtedokumenter 2026", "--json", now=november).output)
    (tromso,) = [row for row in detail["units"] if row["unit"] == "tromso"]
    assert tromso["due"] == "2026-03-31"


def test_this_seasons_meeting_does_not_date_next_seasons_deadline(cli: Cli) -> None:
    # The plan's training "innen tre måneder etter årsmøtet" is the 2027 season's boards'; a 2026
    # meeting dated it 10 June 2026, overdue before the season it belongs to began.
    answer = cli("unit", "set", "Tromsø", "--annual-meeting", "10.3.2026", now=MARCH_2026).output
    assert "Årsmøtedokumenter 2026 til fylkespartiet: frist tirsdag 31. mars 2026" in answer
    assert "praktisk styrearbeid" not in answer
    own = cli("status", "Tromsø", now="2026-06-20T10:00+02:00").output
    assert (
        "Skolering i praktisk styrearbeid for det nye styret (innen tre måneder etter årsmøtet, "
        "mangler dato for årsmøtet) — gjenstår" in own
    )


# --- 3. no "who is the new leader?" reminder for a unit that has not met yet ---------------


def test_new_leader_reminders_go_only_to_units_whose_meeting_has_been_held(
    session: Session, settings: Settings
) -> None:
    # February 2027: Tromsø met on 20 January, Senja meets on 10 March 2027, the other 20 have
    # given no date. The question is due 31 December; its reminders went to all 22.
    now = oslo(2027, 2, 10, 10, 0)
    event = ensure_new_leader_question(session=session, year=2027, now=now)
    for slug, meeting in (("tromso", date(2027, 1, 20)), ("senja", date(2027, 3, 10))):
        unit = find_unit(session=session, ref=slug)
        unit.annual_meeting = meeting
        session.add(unit)
    session.flush()

    def reminded(since: tuple[int, ...], until: tuple[int, ...]) -> set[str]:
        planned = plan_window(session=session, since=oslo(*since), until=oslo(*until),
                              settings=settings)  # fmt: skip
        return {n.target_label for n in planned if n.event_id == event.id and n.unit_id}

    assert reminded((2027, 12, 20), (2028, 2, 1)) == {"unit:tromso", "unit:senja"}
    # Senja is reminded once its meeting is behind it, not before.
    assert reminded((2027, 3, 1), (2027, 3, 10)) == set()
