"""Changing a recurrence keeps every occurrence the new rule has in the window, and the CLI and the
Slack modal preview the next dates (issue 9: the README's own fix dropped the December meeting)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.models import PlanEventUpdate
from bot.runtime import Runtime
from bot.services.agenda import list_agenda
from bot.services.events import find_event, update_event
from tests.conftest import STAFF
from tests.handlers.test_interactive import opened_view
from tests.handlers.test_one_count import cli

FIRST_THURSDAY = "FREQ=MONTHLY;BYDAY=1TH"
PREVIEW = "Neste: torsdag 3. desember 2026, torsdag 7. januar 2027, torsdag 4. februar 2027, …"


def meeting_dates(runtime: Runtime, start: str = "2026-11-23", days: int = 75) -> list[str]:
    items = json.loads(cli(runtime, "agenda", "--from", start, "--days", str(days), "--json"))
    return [i["start"] for i in items if i["key"] == "teamsmote-kommunepartiledere"]


def test_the_readme_fix_keeps_the_december_meeting_and_previews_the_dates(
    runtime: Runtime,
) -> None:
    assert meeting_dates(runtime) == ["2026-12-08", "2027-01-12"]
    output = cli(
        runtime,
        "event", "edit", "teamsmøte", "--rrule", FIRST_THURSDAY, "--time", "18:00", "--decided",
    )  # fmt: skip
    assert PREVIEW in output
    assert meeting_dates(runtime) == ["2026-12-03", "2027-01-07", "2027-02-04"]
    shown = json.loads(cli(runtime, "event", "show", "teamsmøte", "--json"))
    assert (shown["start_date"], shown["end_date"]) == ("2026-12-03", "2026-12-03")


@pytest.mark.parametrize(
    "rule",
    [
        FIRST_THURSDAY,
        "FREQ=MONTHLY;BYDAY=-1MO",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE",
    ],
)
def test_no_occurrence_of_the_new_rule_is_lost(runtime: Runtime, session, rule: str) -> None:
    from bot.dates import expand_recurrence

    today = runtime.today()
    event = find_event(session=session, query="teamsmøte")
    until = event.recurrence_until or date(2027, 12, 31)
    update_event(
        session=session,
        event=event,
        changes=PlanEventUpdate(recurrence=rule),
        actor=STAFF,
        now=runtime.clock.now(),
    )
    # Every date the new rule has from the start of the old series' month (and not before today).
    wanted = expand_recurrence(rule, date(2026, 12, 1), max(today, date(2026, 12, 1)), until)
    if rule.startswith("FREQ=WEEKLY"):
        wanted = expand_recurrence(rule, date(2026, 12, 7), date(2026, 12, 7), until)
    days = (until - today).days + 1
    shown = [
        i.start
        for i in list_agenda(session=session, start=today, days=days)
        if i.event_id == event.id
    ]
    assert shown == wanted and shown[0] - today < timedelta(days=45)


def test_a_moved_series_start_is_kept_as_given(runtime: Runtime) -> None:
    cli(runtime, "event", "edit", "teamsmøte", "--rrule", FIRST_THURSDAY, "--date", "2027-01-07")
    assert meeting_dates(runtime) == ["2027-01-07", "2027-02-04"]


def test_the_slack_modal_changes_the_rule_and_previews_the_next_dates(
    slack, standin, runtime: Runtime
) -> None:
    slack.command("/plan", "endre teamsmøte", user=STAFF)
    view = opened_view(standin)
    block = next(b for b in view["blocks"] if b.get("block_id") == "recurrence")
    assert block["element"]["initial_value"] == "FREQ=MONTHLY;BYDAY=2TU"
    values = {
        "title": {"value": {"value": "Teamsmøte med kommunepartilederne"}},
        "kind": {"value": {"selected_option": {"value": "meeting"}}},
        "start": {"value": {"selected_date": "2026-12-08"}},
        "time": {"value": {"selected_time": "18:00"}},
        "recurrence": {"value": {"value": "hver første torsdag"}},
    }
    bad = slack.submit(view, values, user=STAFF)
    assert "RRULE" in json.loads(bad.body)["errors"]["recurrence"]
    values["recurrence"] = {"value": {"value": FIRST_THURSDAY}}
    assert slack.submit(view, values, user=STAFF).body == ""
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
    confirm = next(c for c in calls if c.method == "chat.postEphemeral")
    assert PREVIEW in confirm.text
    assert meeting_dates(runtime)[:2] == ["2026-12-03", "2027-01-07"]
