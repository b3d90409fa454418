"""`planbot event edit --url`: a link for an event, checked by the event service."""

import json

from tests.test_cli import cli  # noqa: F401  (the CLI runner fixture)

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting%40thread.v2/0"


def test_edit_sets_checks_and_removes_the_link(cli) -> None:  # noqa: F811
    bad = cli("event", "edit", "teamsmøte", "--url", "teams.microsoft.com/l/x")
    assert bad.exit_code != 0
    assert "«teams.microsoft.com/l/x» er ikke en lenke" in bad.output
    assert json.loads(cli("event", "show", "teamsmøte", "--json").output)["url"] is None
    good = cli("event", "edit", "teamsmøte", "--url", TEAMS)
    assert good.exit_code == 0
    assert json.loads(cli("event", "show", "teamsmøte", "--json").output)["url"] == TEAMS
    nudges = json.loads(cli("nudges", "--from", "2026-12-08", "--days", "1", "--json").output)
    on_day = [n for n in nudges if n["rule"] == "meeting.on_day"]
    assert on_day and all(f"🔗 Bli med i møtet: {TEAMS}" in n["text"] for n in on_day)
    assert cli("event", "edit", "teamsmøte", "--url", "").exit_code == 0
    assert json.loads(cli("event", "show", "teamsmøte", "--json").output)["url"] is None


def test_add_an_event_with_a_link_and_a_deadline_that_says_what_to_do(cli) -> None:  # noqa: F811
    bad = cli(
        "event", "add", "--title", "Nye ledere", "--kind", "meeting", "--date", "2027-01-12",
        "--url", "www.teams.no",
    )  # fmt: skip
    assert bad.exit_code != 0 and "«www.teams.no» er ikke en lenke" in bad.output
    assert cli("event", "show", "Nye ledere").exit_code != 0
    added = cli(
        "event", "add", "--title", "Nye ledere", "--kind", "meeting", "--date", "2027-01-12",
        "--time", "19:00", "--place", "Teams", "--url", TEAMS,
    )  # fmt: skip
    assert added.exit_code == 0 and "La til #" in added.output
    shown = json.loads(cli("event", "show", "Nye ledere", "--json").output)
    assert (shown["url"], shown["start_time"], shown["locations"]) == (TEAMS, "19:00:00", ["Teams"])
    frist = cli(
        "event", "add", "--title", "Medlemstall til fylket", "--kind", "deadline",
        "--date", "2027-01-15", "--per-unit", "--description", "Send medlemstallet til fylket.",
    )  # fmt: skip
    assert frist.exit_code == 0
    nudges = json.loads(cli("nudges", "--from", "2027-01-08", "--days", "1", "--json").output)
    seven = [
        n
        for n in nudges
        if n["event_title"] == "Medlemstall til fylket" and n["target"].startswith("unit:")
    ]
    assert seven and all("Oppgaven: Send medlemstallet til fylket." in n["text"] for n in seven)
