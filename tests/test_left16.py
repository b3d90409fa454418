"""Defects earlier rounds noticed and left (left16): the digest naming an overdue deadline twice,
and others in the same spirit, each reproduced as staff or a leader meets it."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import cli  # noqa: F401  (the fixture)

WEEK_AFTER = "2026-12-07T09:00+01:00"  # the Monday after the forslagsfrist (1 December)
APRIL = "2027-04-15T09:00+02:00"


def _part(text: str, header: str) -> str:
    """One part of the digest text: from its header to the next blank line."""
    return text.split(header, 1)[1].split("\n\n", 1)[0] if header in text else ""


def test_the_digest_lists_an_overdue_deadline_once_under_forfalt_with_its_count(cli) -> None:  # noqa: F811
    out = cli("digest", PLANBOT_NOW=WEEK_AFTER).output
    assert out.count("Forslagsfrist til landsmøtet 2027") == 1, out
    overdue = _part(out, "Forfalt — følg opp")
    assert (
        "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026, 6 dager siden): " in overdue
    )
    assert "22 av 22 gjenstår — alle" in overdue
    english = cli("digest", PLANBOT_NOW=WEEK_AFTER, PLANBOT_LANGUAGE="en").output
    assert english.count("Forslagsfrist til landsmøtet 2027") == 1
    assert "6 days ago): 22 of 22 open — all of them" in english


def test_only_overdue_tasks_left_is_not_no_open_tasks(cli) -> None:  # noqa: F811
    assert cli("event", "cancel", "styrearbeid").exit_code == 0
    out = cli("digest", PLANBOT_NOW=WEEK_AFTER).output
    assert "Ingen åpne oppgaver" not in out, out
    assert "Alle åpne oppgaver har passert fristen; se «Forfalt» under." in out
    assert "22 av 22 gjenstår — alle" in _part(out, "Forfalt — følg opp")


def test_a_unit_past_its_own_date_is_named_under_forfalt_only(cli) -> None:  # noqa: F811
    assert cli("unit", "set", "tromso", "--annual-meeting", "2027-01-10").exit_code == 0
    assert cli("unit", "set", "senja", "--annual-meeting", "2027-02-20").exit_code == 0
    out = cli("digest", PLANBOT_NOW=APRIL).output
    assert out.count("Tromsø (10. apr.)") == 1, out
    assert "Tromsø (10. apr.)" in _part(out, "Forfalt — følg opp")
    opened = _part(out, "Åpne oppgaver")
    assert (
        "22 av 22 gjenstår — Senja (20. mai); 20 uten egen dato (se under); 1 forfalt (se under)"
        in opened
    )


# --- 2. the annual-meeting date is checked against the local date, not UTC's ------------------


def test_half_past_midnight_on_1_december_refuses_a_meeting_of_the_season_over(cli) -> None:  # noqa: F811
    """00:30 in Oslo is still 30 November in UTC: the 2027 season is asked about, and a 2026
    meeting (a year typed wrong) would date its deadlines in the past, as it is at 01:30."""
    for moment in ("2026-12-01T00:30+01:00", "2026-12-01T01:30+01:00"):
        result = cli("unit", "set", "tromso", "--annual-meeting", "2026-03-10", PLANBOT_NOW=moment)
        assert result.exit_code != 0, (moment, result.output)
        assert "en sesong som er over" in result.output and "årsmøtet i 2027" in result.output


def test_half_past_midnight_on_new_years_day_takes_a_meeting_a_year_ahead(cli) -> None:  # noqa: F811
    result = cli(
        "unit",
        "set",
        "tromso",
        "--annual-meeting",
        "2028-01-01",
        PLANBOT_NOW="2027-01-01T00:30+01:00",
    )
    assert result.exit_code == 0, result.output


# --- 4. the nudge rules say the one-reminder cap the planner applies ---------------------------


def test_policy_list_and_the_rules_file_say_how_often_overdue_reminders_repeat(cli) -> None:  # noqa: F811
    """README: weekly, four times, but only the first after a hand-in deadline closed to leaders
    (the forslagsfrist); the planner caps it so (tests/schedules/test_planner.py). The rule list
    staff read, and the rules file's header, now say both, never only «4»."""
    line = next(r for r in cli("policy", "list").output.splitlines() if "deadline.overdue" in r)
    assert line.endswith(
        "så 4 ganger til, hver 7. dag; bare den første når innleveringen stenger ved fristen "
        "(som forslagsfristen)"
    ), line
    english = cli("policy", "list", PLANBOT_LANGUAGE="en").output
    assert "then 4 more times, every 7 days; only the first when hand-in closes" in english
    assert "deadline.before_7d" in english and "more times" not in next(
        r for r in english.splitlines() if "deadline.before_7d" in r
    )
    header = (Path(__file__).parents[1] / "bot/data/nudge-policies.yaml").read_text("utf-8")
    assert "sends only its first nudge for a hand-in deadline closed to" in header


# --- 7. a start of a name several units share: one answer on every surface ---------------------

SEVERAL = "«kvæ» passer flere enheter. Mente du «Kvæfjord» eller «Kvænangen»?"


def test_planbot_status_with_a_start_several_units_share_names_them_as_slash_status_does(
    cli,  # noqa: F811
) -> None:
    """README: `planbot status kvæ` answers ««kvæ» passer flere enheter. Mente du …?», as /status
    kvæ and /ferdig … kvæ do; it said «Fant ingen frist som passer «kvæ» …» instead."""
    for args in (("status", "kvæ"), ("status", "forslagsfrist", "kvæ")):
        result = cli(*args)
        assert result.exit_code != 0
        assert result.output.strip() == SEVERAL, (args, result.output)
    english = cli("status", "kvæ", PLANBOT_LANGUAGE="en").output.strip()
    assert english == "“kvæ” fits several units. Did you mean “Kvæfjord” or “Kvænangen”?"
    assert cli("mark", "forslagsfrist", "kvæ", "done").output.strip() == SEVERAL
