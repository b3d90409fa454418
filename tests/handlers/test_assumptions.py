"""Assumed dates and times read as assumptions everywhere until staff mark them decided (issue 9)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from icalendar import Calendar

from bot.report import assumed_mark
from bot.runtime import Runtime
from handlers.blocks import nudge_blocks
from planbot.sandbox import blocks_to_text
from schedules.outbox import plan_window
from schedules.teams_cards import nudge_card
from tests.conftest import OSLO, STAFF
from tests.handlers.test_interactive import published
from tests.handlers.test_one_count import cli

MEETING = "Teamsmøte med kommunepartilederne"
MARK = "(antatt – ikke vedtatt)"


def meeting_nudge(runtime: Runtime):
    """The leaders' nudge a week before the December meeting (1 December)."""
    since = datetime(2026, 12, 1, 0, 0, tzinfo=OSLO)
    with runtime.session() as session:
        planned = plan_window(
            session=session, since=since, until=since + timedelta(days=1), settings=runtime.settings
        )
    return next(p.message for p in planned if p.event_title.startswith(MEETING))


def meeting_vevent(runtime: Runtime):
    calendar = Calendar.from_ical(cli(runtime, "export-ics"))
    return next(v for v in calendar.walk("VEVENT") if str(v["SUMMARY"]).startswith(MEETING))


def line_of(text: str, needle: str = MEETING) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_the_assumed_meeting_time_says_so_in_every_view_until_decided(
    runtime: Runtime, slack, standin
) -> None:
    assert f"19:00 {MARK}" in line_of(cli(runtime, "agenda", "--days", "30"))
    assert f"19:00 {MARK}" in slack.command("/plan", "måned", user=STAFF).reply
    slack.event({"type": "app_home_opened", "user": STAFF, "tab": "home"})
    assert f"19:00 {MARK}" in published(standin)

    nudge = meeting_nudge(runtime)
    slack_text = blocks_to_text(nudge_blocks(nudge))
    assert f"19:00 {MARK}" in slack_text and "antatt – ikke vedtatt i planen" in slack_text
    card = json.dumps(nudge_card(nudge, links={}), ensure_ascii=False)
    assert f"19:00 {MARK}" in card

    vevent = meeting_vevent(runtime)
    assert vevent["STATUS"] == "TENTATIVE"
    assert "Antatt – ikke vedtatt:" in str(vevent["DESCRIPTION"])

    cli(runtime, "event", "edit", "teamsmøte", "--decided")

    assert "antatt" not in line_of(cli(runtime, "agenda", "--days", "30"))
    assert "antatt" not in line_of(slack.command("/plan", "måned", user=STAFF).reply)
    decided = meeting_nudge(runtime)
    assert "antatt" not in blocks_to_text(nudge_blocks(decided))
    vevent = meeting_vevent(runtime)
    assert vevent["STATUS"] == "CONFIRMED" and "DESCRIPTION" not in vevent


def test_the_mark_is_in_both_languages_and_only_for_a_real_assumption() -> None:
    assert assumed_mark("Set to the second Tuesday", "en") == " (assumed – not decided)"
    assert assumed_mark("Satt til andre tirsdag", "nb") == f" {MARK}"
    assert assumed_mark("", "en") == "" and assumed_mark("   ", "nb") == ""
