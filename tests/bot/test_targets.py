"""A target is a transport and an address, stored as one string; one function decides where staff
messages go."""

import pytest

from bot.settings import Settings
from bot.targets import TEAMS_STAFF, Target, staff_targets

TEAMS_URL = "https://example.invalid/workflows/staff?sig=secret"


@pytest.mark.parametrize(
    ("stored", "transport", "address"),
    [
        ("teams:tromso", "teams", "tromso"),
        ("teams:staff", "teams", "staff"),
        ("C0123STAFF", "slack", "C0123STAFF"),
        ("U0LEADER", "slack", "U0LEADER"),
        ("#kommuneparti", "slack", "#kommuneparti"),
    ],
)
def test_the_stored_column_reads_and_writes_the_same_string(
    stored: str, transport: str, address: str
) -> None:
    target = Target.parse(stored)
    assert (target.transport, target.address) == (transport, address)
    assert str(target) == stored


def test_the_staff_teams_webhook_is_not_a_unit() -> None:
    assert Target.parse("teams:staff").is_staff_teams
    assert not Target.teams("tromso").is_staff_teams
    assert not Target.slack("staff").is_teams


@pytest.mark.parametrize(
    ("channel", "teams", "everywhere", "notice"),
    [
        ("CSTAFF", TEAMS_URL, ("CSTAFF", "teams:staff"), ("CSTAFF",)),
        ("CSTAFF", None, ("CSTAFF",), ("CSTAFF",)),
        (None, TEAMS_URL, ("teams:staff",), ("teams:staff",)),
        (None, None, (), ()),
    ],
)
def test_staff_nudges_go_to_every_route_and_a_notice_once(
    channel: str | None, teams: str | None, everywhere: tuple[str, ...], notice: tuple[str, ...]
) -> None:
    settings = Settings(staff_channel=channel, teams_webhook_url=teams)
    assert tuple(map(str, staff_targets(settings))) == everywhere
    assert tuple(map(str, staff_targets(settings, notice=True))) == notice


def test_a_notice_about_a_failed_staff_post_takes_the_other_route() -> None:
    both = Settings(staff_channel="CSTAFF", teams_webhook_url=TEAMS_URL)
    assert staff_targets(both, notice=True, avoid=Target.slack("CSTAFF")) == (TEAMS_STAFF,)
    assert staff_targets(both, notice=True, avoid=TEAMS_STAFF) == (Target.slack("CSTAFF"),)
    slack_only = Settings(staff_channel="CSTAFF")
    assert staff_targets(slack_only, notice=True, avoid=Target.slack("CSTAFF")) == ()
