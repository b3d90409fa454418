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
