"""A Teams question answers once (left16): a spent link says when it was used, and another link
to a question already answered (the reminder's card, the other leader's) says it has been answered,
what, and when, and changes nothing."""

from __future__ import annotations

from datetime import date

from bot.clock import FixedClock
from bot.messages import ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER
from bot.services.questions import record_annual_meeting
from schedules.questions import ask_for_new_leaders
from tests.conftest import STAFF, oslo
from tests.handlers.test_links import Site, audit_count, fetch
from tests.handlers.test_question_teams import (  # noqa: F401  (site: the fixture)
    ask_annual_meeting,
    obligation,
    post,
    site,
    teams_question,
    tromso,
)


def test_a_spent_date_link_says_when_it_was_used(site: Site, clock: FixedClock) -> None:  # noqa: F811
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    url = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    clock.set(oslo(2026, 12, 1, 19, 5))
    assert post(url, {"date": "2027-02-10"})[0] == 200
    clock.set(oslo(2026, 12, 2, 8, 0))
    status, page = post(url, {"date": "2027-03-01"})
    assert status == 409 and "allerede brukt (tirsdag 1. desember kl. 19:05)" in page, page
    assert "–" not in page


def test_another_link_to_an_answered_date_question_says_so_and_changes_nothing(
    site: Site,  # noqa: F811
    clock: FixedClock,
) -> None:
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    first = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    second = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    clock.set(oslo(2026, 12, 1, 19, 5))
    assert post(first, {"date": "2027-02-10"})[0] == 200
    before = audit_count(site.runtime)
    clock.set(oslo(2026, 12, 3, 12, 0))
    answered = (
        "Tromsø har allerede svart (tirsdag 1. desember kl. 19:05): årsmøtet er onsdag "
        "10. februar 2027. Er datoen endret? Si fra til fylkespartikontoret."
    )
    status, page = fetch(second)
    assert status == 409 and answered in page and 'type="date"' not in page, page
    status, page = post(second, {"date": "2027-03-01"})
    assert status == 409 and answered in page, page
    assert tromso(site).annual_meeting == date(2027, 2, 10)
    assert audit_count(site.runtime) == before


def test_another_link_to_an_answered_leader_question_says_so(site: Site, clock: FixedClock) -> None:  # noqa: F811
    with site.runtime.session() as session:
        record_annual_meeting(
            session=session,
            unit=tromso(site),
            on=date(2027, 2, 10),
            actor=STAFF,
            now=clock.now(),
            today=site.runtime.today(),
        )
    clock.set(oslo(2027, 2, 11, 9, 0))
    with site.runtime.session() as session:
        ask_for_new_leaders(session=session, settings=site.runtime.settings, now=clock.now())
    row = teams_question(site, "ask.new_leader")
    assert row.obligation_id is not None
    first = site.link(ACTION_NEW_LEADER, row.obligation_id, nudge_id=row.id)
    second = site.link(ACTION_NEW_LEADER, row.obligation_id, nudge_id=row.id)
    assert post(first, {})[0] == 200
    before = audit_count(site.runtime)
    answered = "Tromsø har allerede svart på hvem som er leder (torsdag 11. februar kl. 09:00)."
    status, page = fetch(second)
    assert status == 409 and answered in page and "Samme leder</button>" not in page, page
    status, page = post(second, {})
    assert status == 409 and answered in page, page
    assert audit_count(site.runtime) == before
    assert obligation(site, row.obligation_id).state == "done"
