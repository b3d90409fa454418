"""Every value typed at the CLI is checked by the services: one clear line, exit ≠ 0, nothing stored."""

import json
from pathlib import Path

import pytest

from tests.test_cli import cli  # noqa: F401  (the fixture)


def rule(cli, name: str) -> dict:  # noqa: F811
    return next(r for r in json.loads(cli("policy", "list", "--json").output) if r["rule"] == name)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--at", "25:00"), "«25:00» er ikke et gyldig tidspunkt for regelen"),
        (("--at", "9:75"), "«9:75» er ikke et gyldig tidspunkt"),
        (("--offset-days", "3"), "minner før datoen, så antall dager må være 0 eller mindre"),
        (("--offset-days", "-4000"), "Skriv et tall mellom -365 og 365"),
    ],
)
def test_a_bad_rule_change_is_refused_and_nothing_is_stored(cli, args, expected) -> None:  # noqa: F811
    before = rule(cli, "deadline.before_2d")
    result = cli("policy", "set", "deadline.before_2d", *args)
    assert result.exit_code != 0
    assert expected in result.output and "Regelen ble ikke endret" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert rule(cli, "deadline.before_2d") == before
    nudges = cli("nudges", "--from", "2026-11-22", "--days", "10", "--json")
    assert nudges.exit_code == 0 and "deadline.before_2d" in nudges.output


def test_a_rule_after_its_date_needs_a_positive_offset_and_a_good_time_is_kept(cli) -> None:  # noqa: F811
    refused = cli("policy", "set", "deadline.overdue", "--offset-days", "0", PLANBOT_LANGUAGE="en")
    assert refused.exit_code != 0 and "must be 1 or more, not 0" in refused.output
    assert (
        cli("policy", "set", "deadline.before_2d", "--at", "9.30", "--offset-days", "-3").exit_code
        == 0
    )
    assert (
        rule(cli, "deadline.before_2d")["at"],
        rule(cli, "deadline.before_2d")["offset_days"],
    ) == (
        "09:30",
        -3,
    )
    again = cli("policy", "set", "deadline.before_2d", "--at", "09:30")
    assert again.exit_code == 0 and "allerede slik" in again.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--leader", "@kari"), "«@kari» er ikke en Slack-bruker-ID"),
        (("--leader", "ukari01"), "er ikke en Slack-bruker-ID"),
        (("--remove-leader", "Kari Nordmann"), "er ikke en Slack-bruker-ID"),
        (("--channel", "#ap-tromso"), "«#ap-tromso» er ikke en Slack-kanal-ID"),
        (("--channel", "D0123ABCD"), "er ikke en Slack-kanal-ID"),
    ],
)
def test_bad_slack_ids_are_refused_and_nothing_is_stored(cli, args, expected) -> None:  # noqa: F811
    result = cli("unit", "set", "tromso", "--channel", "CTROMSO01", *args)
    assert result.exit_code != 0 and expected in result.output
    assert len(result.output.strip().splitlines()) == 1
    [row] = [u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "tromso"]
    assert (row["slack_channel"], row["leaders"]) == (None, [])


def test_unit_set_with_nothing_to_change_says_so(cli) -> None:  # noqa: F811
    nothing = cli("unit", "set", "tromso")
    assert nothing.exit_code != 0 and "Ingenting å endre for Tromsø" in nothing.output
    assert "Oppdaterte" not in nothing.output
    first = cli("unit", "set", "tromso", "--channel", "CTROMSO01", "--leader", "<@UKARI01>")
    assert first.exit_code == 0 and "Oppdaterte Tromsø" in first.output
    same = cli("unit", "set", "tromso", "--channel", "CTROMSO01", "--leader", "UKARI01")
    assert same.exit_code == 0 and "Tromsø er allerede slik; ingenting ble endret." in same.output
    [row] = [u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "tromso"]
    assert (row["slack_channel"], row["leaders"]) == ("CTROMSO01", ["UKARI01"])


def test_event_edit_with_the_end_before_the_start_changes_nothing(cli) -> None:  # noqa: F811
    before = json.loads(cli("event", "show", "forslagsfrist", "--json").output)
    result = cli("event", "edit", "forslagsfrist", "--end", "2026-11-20")
    assert result.exit_code != 0
    assert "Sluttdatoen 20. november 2026 er før startdatoen 1. desember 2026" in result.output
    assert "Endret" not in result.output
    after = json.loads(cli("event", "show", "forslagsfrist", "--json").output)
    assert (after["end_date"], len(after["history"])) == (
        before["end_date"],
        len(before["history"]),
    )


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_recurrence_more_frequent_than_daily_is_refused(cli, freq: str) -> None:  # noqa: F811
    result = cli("event", "edit", "teamsmøte", "--rrule", f"FREQ={freq}")
    assert result.exit_code != 0 and "gjentas oftere enn én gang om dagen" in result.output
    shown = json.loads(cli("event", "show", "teamsmøte", "--json").output)
    assert shown["recurrence"] == "FREQ=MONTHLY;BYDAY=2TU"


def test_a_sub_daily_recurrence_is_refused_from_csv_and_ics(cli, tmp_path: Path) -> None:  # noqa: F811
    csv = tmp_path / "plan.csv"
    csv.write_text("title,start,recurrence\nHvert minutt,1970-01-01,FREQ=MINUTELY\n")
    result = cli("import", str(csv))
    assert result.exit_code != 0 and "gjentas oftere enn én gang om dagen" in result.output
    ics = tmp_path / "plan.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:a@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:19700101T000000Z\r\n"
        "SUMMARY:Hver time\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = cli("import", str(ics))
    assert (
        result.exit_code != 0
        and "«FREQ=HOURLY» gjentas oftere enn én gang om dagen" in result.output
    )
    titles = {i["title"] for i in json.loads(cli("agenda", "--days", "30", "--json").output)}
    assert not {"Hvert minutt", "Hver time"} & titles


def test_a_new_date_makes_a_month_event_a_day_event(cli) -> None:  # noqa: F811
    result = cli("event", "edit", "6", "--date", "2027-01-14")
    assert result.exit_code == 0 and "Endret" in result.output
    shown = json.loads(cli("event", "show", "6", "--json").output)
    assert (shown["start_date"], shown["end_date"], shown["precision"]) == (
        "2027-01-14",
        "2027-01-14",
        "day",
    )
    agenda = cli("agenda", "--from", "2027-01-11", "--days", "7").output
    assert "torsdag 14. januar 2027" in agenda and "januar 2027 (" not in agenda
    kept = cli("event", "edit", "6", "--date", "2027-02-03", "--precision", "month")
    assert kept.exit_code == 0
    shown = json.loads(cli("event", "show", "6", "--json").output)
    assert (shown["start_date"], shown["end_date"], shown["precision"]) == (
        "2027-02-01",
        "2027-02-28",
        "month",
    )
    same = cli("event", "edit", "6", "--date", "2027-02-01", "--end", "2027-02-28")
    assert "er allerede slik" in same.output
    assert json.loads(cli("event", "show", "6", "--json").output)["precision"] == "month"


def test_a_bad_leader_id_an_old_version_stored_can_still_be_removed(cli, tmp_path: Path) -> None:  # noqa: F811
    from bot.db import make_engine, session_scope
    from bot.models import Role
    from bot.services.units import assign_role, find_unit
    from tests.conftest import oslo

    cli("db", "upgrade")
    engine = make_engine(f"sqlite:///{tmp_path / 'cli.db'}")
    with session_scope(engine) as session:
        unit = find_unit(session=session, ref="tromso")
        assign_role(  # what `unit set --leader "@kari"` stored before input was checked
            session=session,
            slack_user_id="@kari",
            role=Role.LEADER,
            unit=unit,
            actor="cli",
            now=oslo(2026, 11, 20, 9),
        )
    engine.dispose()
    result = cli("unit", "set", "tromso", "--remove-leader", "@kari", "--leader", "UKARI01")
    assert result.exit_code == 0 and "Oppdaterte Tromsø" in result.output
    [row] = [u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "tromso"]
    assert row["leaders"] == ["UKARI01"]


def test_an_empty_title_is_refused_in_the_persons_language(cli) -> None:  # noqa: F811
    result = cli("event", "edit", "teamsmøte", "--title", "  ")
    assert result.exit_code != 0 and "Skriv en tittel" in result.output
    assert len(result.output.strip().splitlines()) == 1
    long = cli("event", "edit", "teamsmøte", "--title", "x" * 301, PLANBOT_LANGUAGE="en")
    assert "The title has 301 characters" in long.output
