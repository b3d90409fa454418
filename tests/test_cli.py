"""The `planbot` CLI end to end, in a subprocess-free click runner against a real SQLite file."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from planbot.cli import main
from tests.conftest import SeededCopy


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2026-11-23T09:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(env["PLANBOT_NOW"]))
    runner = CliRunner()

    def invoke(*args: str, **extra_env: str):
        result = runner.invoke(main, list(args), env={**env, **extra_env}, catch_exceptions=False)
        return result

    return invoke


def test_upgrade_twice_then_agenda_lists_the_forslagsfrist_once(cli, tmp_path) -> None:
    (tmp_path / "cli.db").unlink()  # from no database at all, not the seeded copy
    first = cli("db", "upgrade")
    assert first.exit_code == 0 and "Lastet inn den innebygde planen" in first.output
    second = cli("db", "upgrade")
    assert "allerede" in second.output
    result = cli("agenda", "--from", "2026-11-22", "--days", "14", "--json")
    items = json.loads(result.output)
    frist = [i for i in items if i["start"] == "2026-12-01" and i["kind"] == "deadline"]
    assert len(frist) == 1 and "Forslagsfrist" in frist[0]["title"]
    for field in (
        "id",
        "title",
        "kind",
        "start",
        "end",
        "precision",
        "time",
        "recurrence",
        "locations",
        "audience",
    ):
        assert field in items[0]


def test_another_county_upgrades_without_the_troms_plan_and_is_told_what_next(
    cli, tmp_path
) -> None:
    (tmp_path / "cli.db").unlink()
    first = cli("db", "upgrade", PLANBOT_BUILTIN_PLAN="none")
    assert first.exit_code == 0 and "uten den innebygde planen for Troms" in first.output
    assert "planbot unit import" in first.output
    again = cli("db", "upgrade")  # the .env forgotten: still nothing of Troms
    assert "uten den innebygde planen" in again.output
    assert json.loads(cli("unit", "list", "--json").output) == []
    assert cli("unit", "list").output.startswith("Ingen enheter er lagt inn ennå.")
    bad = cli("db", "upgrade", PLANBOT_BUILTIN_PLAN="nordland")
    assert bad.exit_code != 0 and "PLANBOT_BUILTIN_PLAN='nordland'" in bad.output
    doctor = cli("doctor", SLACK_BOT_TOKEN="", PLANBOT_STAFF_CHANNEL="C0STAFF")
    assert doctor.exit_code == 1 and "Alt klart" not in doctor.output
    assert "✗ Ingen aktive kommunepartier er lagt inn" in doctor.output


def test_the_setting_on_a_database_with_the_troms_plan_says_it_stays(cli) -> None:
    out = cli("db", "upgrade", PLANBOT_BUILTIN_PLAN="none").output
    assert "gjelder bare en ny database" in out and "allerede lastet inn" not in out
    assert len(json.loads(cli("unit", "list", "--json").output)) == 23


def test_agenda_shows_the_monthly_meeting_twice_in_two_months(cli) -> None:
    items = json.loads(cli("agenda", "--from", "2026-12-01", "--days", "62", "--json").output)
    meetings = [i for i in items if i["recurrence"] == "FREQ=MONTHLY;BYDAY=2TU"]
    assert [m["start"] for m in meetings] == ["2026-12-08", "2027-01-12"]
    assert {m["time"] for m in meetings} == {"19:00"}


def test_agenda_for_people_is_grouped_by_week_in_norwegian(cli) -> None:
    out = cli("agenda", "--from", "2026-11-22", "--days", "30").output
    assert "Uke 49" in out and "tirsdag 1. desember 2026" in out
    assert "Nærmeste frist: Forslagsfrist til landsmøtet 2027" in out
    english = cli("agenda", "--from", "2026-11-22", "--days", "30", PLANBOT_LANGUAGE="en").output
    assert "Week 49" in english and "Tuesday 1 December 2026" in english


def test_a_tentative_event_says_so_after_its_date_without_a_dangling_semicolon(cli) -> None:
    out = cli("agenda", "--from", "2027-03-01", "--days", "92").output
    assert "Kampanje: Vårkampanje — våren 2027 (antatt – ikke vedtatt) [foreløpig]" in out
    assert "; [" not in out
    assert "kl. 18:00 (antatt – ikke vedtatt); Digitalt (hver 3. måned) [foreløpig]" in out


def test_status_json_lists_22_open_units(cli) -> None:
    data = json.loads(cli("status", "--json").output)
    [frist] = [d for d in data if d["title"].startswith("Forslagsfrist")]
    assert (frist["open"], frist["done"], frist["total"]) == (22, 0, 22)
    assert len(frist["units"]) == 22 and all(u["state"] == "open" for u in frist["units"])
    assert "svalbard" in {u["unit"] for u in frist["units"]}


def test_mark_done_shows_in_status(cli) -> None:
    out = cli("mark", "forslagsfrist", "Tromsø", "done", "--note", "Sendt 20. nov").output
    assert "ferdig" in out
    detail = json.loads(cli("status", "forslagsfrist", "--json").output)
    [row] = [u for u in detail["units"] if u["unit"] == "tromso"]
    assert (row["state"], row["note"], row["changed_by"]) == ("done", "Sendt 20. nov", "cli")
    assert "1 av 22 kommunepartier har levert, 21 gjenstår" in cli("status").output


def test_event_edit_changes_the_meeting_and_is_audited(cli) -> None:
    assert (
        cli(
            "event",
            "edit",
            "teamsmøte",
            "--rrule",
            "FREQ=MONTHLY;BYDAY=1TH",
            "--time",
            "18:30",
            "--date",
            "2026-12-03",
        ).exit_code
        == 0
    )
    items = json.loads(cli("agenda", "--from", "2026-12-01", "--days", "40", "--json").output)
    meetings = [i for i in items if i["title"].startswith("Teamsmøte")]
    assert [(m["start"], m["time"]) for m in meetings] == [
        ("2026-12-03", "18:30"),
        ("2027-01-07", "18:30"),
    ]
    shown = json.loads(cli("event", "show", "teamsmøte", "--json").output)
    assert shown["history"][-1]["action"] == "update"


def test_agenda_understands_the_window_in_words_like_plan(cli) -> None:
    out = cli("agenda", "neste", "uke").output
    assert out.startswith("Planen 30. november 2026 – 6. desember 2026")
    march = cli("agenda", "mars 2027").output
    assert "Planen 1. mars 2027 – 31. mars 2027" in march and "Kan falle i perioden" in march
    items = json.loads(cli("agenda", "uke", "13", "frister", "--json").output)
    assert all(i["kind"] == "deadline" for i in items)
    week = json.loads(cli("agenda", "uke", "49", "--json").output)
    assert {i["start"] for i in week} <= {f"2026-12-0{d}" for d in range(1, 7)}
    assert "Forslagsfrist til landsmøtet 2027" in {i["title"] for i in week}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("agenda", "blåbær"), "Forstod ikke «blåbær»"),
        (("agenda", "uke", "53", "2027"), "Forstod ikke «uke 53 2027»"),
        (("agenda", "--from", "31. februar"), "er ikke en dato"),  # "1. desember" is read
        (("agenda", "--days", "-3"), "helt tall"),
        (("status", "julebord"), "Fant ingen frist"),
        (("event", "edit", "teamsmøte", "--time", "25:99"), "klokkeslett"),
        (("event", "edit", "teamsmøte", "--rrule", "hver måned"), "gjentakelse"),
        (("mark", "forslagsfrist", "Oslo", "done"), "Fant ingen enhet"),
    ],
)
def test_bad_input_gets_a_clear_norwegian_answer(cli, args, expected) -> None:
    result = cli(*args)
    assert result.exit_code != 0
    assert expected in result.output


def test_bad_setting_stops_with_one_line_naming_the_variable(cli) -> None:
    result = cli("agenda", PLANBOT_LANGUAGE="de")
    assert result.exit_code == 2
    assert result.output == (
        "Innstillingsfeil: PLANBOT_LANGUAGE='de' går ikke. Skriv nb (bokmål) eller en (engelsk).\n"
    )
    english = cli("agenda", PLANBOT_LANGUAGE="en", PLANBOT_SEND_FROM="8 am")
    assert english.output == (
        "Settings error: PLANBOT_SEND_FROM='8 am' is not valid: expected a local clock time "
        "HH:MM; no nudge is sent earlier\n"
    )


def test_policies_are_listed_and_a_disabled_rule_stops_its_nudges(cli) -> None:
    rules = json.loads(cli("policy", "list", "--json").output)
    assert {"deadline.before_7d", "meeting.week_before", "campaign.midway"} <= {
        r["rule"] for r in rules
    }

    def frist_rules() -> set[str]:
        nudges = json.loads(cli("nudges", "--from", "2026-11-22", "--days", "10", "--json").output)
        return {n["rule"] for n in nudges if n["event_title"].startswith("Forslagsfrist")}

    assert "deadline.before_2d" in frist_rules()
    assert (
        "regelen deadline.before_2d"
        in cli("policy", "set", "deadline.before_2d", "--disable").output
    )
    assert "deadline.before_2d" not in frist_rules()
    assert "AV" in cli("policy", "list").output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("policy", "set", "deadline.someday", "--disable"), "Fant ingen påminnelsesregel"),
        (("policy", "set", "deadline.before_7d", "--at", "kvart over ni"), "ble ikke endret"),
        (("policy", "set", "deadline.before_7d"), "Ingenting å endre"),
    ],
)
def test_bad_policy_changes_get_a_clear_answer(cli, args, expected) -> None:
    result = cli(*args)
    assert result.exit_code != 0 and expected in result.output


def test_mark_done_from_the_cli_cancels_the_units_queued_nudges(cli, tmp_path: Path) -> None:
    from sqlmodel import select

    from bot.db import make_engine, session_scope
    from bot.models import Nudge, NudgeState
    from bot.settings import Settings
    from schedules.outbox import sync_outbox
    from tests.conftest import oslo

    cli("unit", "set", "tromso", "--channel", "CTROMSO")
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with session_scope(engine) as session:
        sync_outbox(session=session, now=oslo(2026, 11, 23, 9), settings=Settings())
    cli("mark", "forslagsfrist", "Tromsø", "done")
    with session_scope(engine) as session:
        rows = [
            r for r in session.exec(select(Nudge)) if r.obligation_id and ":unit:tromso" in r.key
        ]
        assert rows and {r.state for r in rows} == {NudgeState.CANCELLED}
    engine.dispose()


def test_unit_set_gives_and_takes_leaders_and_a_channel(cli) -> None:
    cli(
        "unit",
        "set",
        "Målselv",
        "--leader",
        "UKARI01",
        "--leader",
        "UOLA0002",
        "--channel",
        "CMALSELV",
    )
    [row] = [u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "malselv"]
    assert (row["leaders"], row["slack_channel"]) == (["UKARI01", "UOLA0002"], "CMALSELV")
    cli("unit", "set", "malselv", "--remove-leader", "UOLA0002", "--channel", "")
    [row] = [u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "malselv"]
    assert (row["leaders"], row["slack_channel"]) == (["UKARI01"], None)
