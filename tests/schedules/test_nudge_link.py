"""A nudge carries its event's link (a Teams meeting) from the planner to the Teams card."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.models import PlanEventUpdate
from bot.services.events import find_event, update_event
from bot.texts import t
from schedules.teams_cards import nudge_card
from tests.schedules.teams_schema import message_errors
from tests.schedules.test_planner import NOW, window
from tests.schedules.test_teams_cards import LINKS, card_of, deadline_nudge

TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting%40thread.v2/0"


def test_the_planner_puts_the_events_link_on_its_nudges(session, settings) -> None:
    event = find_event(session=session, query="teamsmøte")
    update_event(
        session=session, event=event, changes=PlanEventUpdate(url=TEAMS), actor="t", now=NOW
    )
    planned = [p for p in window(session, settings, date(2026, 12, 8), 1) if p.event_id == event.id]
    assert planned and {p.message.url for p in planned} == {TEAMS}
    assert planned[0].message.link_text == "🔗 Bli med i møtet"
    english = settings.with_changes(language="en")
    [first, *_] = [
        p for p in window(session, english, date(2026, 12, 8), 1) if p.event_id == event.id
    ]
    assert first.message.link_text == "🔗 Join the meeting"


def test_the_teams_card_opens_the_link_beside_its_signed_buttons() -> None:
    message = replace(deadline_nudge("nb"), url=TEAMS)
    wrapped = nudge_card(message, links=LINKS, links_expire="15. desember 2026")
    assert message_errors(wrapped) == []
    actions = card_of(wrapped)["actions"]
    assert actions[-1] == {"type": "Action.OpenUrl", "title": "🔗 Åpne lenken", "url": TEAMS}
    alone = card_of(nudge_card(replace(message, buttons=()), links={}, links_expire="x"))
    assert [a["url"] for a in alone["actions"]] == [TEAMS]
    # Only signed buttons expire: a card with just the link says nothing about expiry.
    note = t("teams.card.links_note", "nb", date="x")
    assert note not in [block["text"] for block in alone["body"]]
