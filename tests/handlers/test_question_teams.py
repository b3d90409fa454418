"""Teams units are asked too (issue 11): the question's card carries a signed link to a page that
asks for the annual-meeting date (or «Samme leder»); the answer goes through the same service as
the Slack pickers, once per link."""

from __future__ import annotations

import dataclasses
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.enums import Role
from bot.messages import ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER
from bot.models import Nudge, Obligation, Unit
from bot.runtime import Runtime
from bot.services.questions import record_annual_meeting
from bot.services.units import user_ids_with_role
from planbot.testing.slack_standin import SlackStandIn
from schedules.questions import ask_for_annual_meetings, ask_for_new_leaders
from schedules.render import message_from_json
from schedules.teams_links import LinkSettings
from schedules.teams_transport import TeamsTransport
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.test_links import LINK_SECRET, Site, audit_count, fetch, serve, with_links

HOOK = "https://example.invalid/workflows/tromso"


@pytest.fixture
def site(runtime: Runtime, standin: SlackStandIn, leader: str) -> Iterator[Site]:
    """The link pages; Tromsø (led by LEADER in Slack) also has a Teams webhook."""
    with runtime.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        tromso.teams_webhook_url = HOOK
        session.add(tromso)
    yield from serve(with_links(runtime), standin)


def post(url: str, fields: dict[str, str]) -> tuple[int, str]:
    """The form's POST as a browser sends it (urlencoded)."""
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def teams_question(site: Site, rule: str) -> Nudge:
    """The question queued for Tromsø's Teams channel."""
    with site.runtime.session() as session:
        return session.exec(
            select(Nudge).where(Nudge.rule == rule, Nudge.transport == "teams")
        ).one()


def tromso(site: Site) -> Unit:
    with site.runtime.session() as session:
        return session.exec(select(Unit).where(Unit.slug == "tromso")).one()


def obligation(site: Site, obligation_id: int) -> Obligation:
    with site.runtime.session() as session:
        found = session.get(Obligation, obligation_id)
        assert found is not None
        return found


def ask_annual_meeting(site: Site, clock: FixedClock, **kwargs: object) -> Nudge:
    clock.set(oslo(2026, 12, 1, 9, 0))
    with site.runtime.session() as session:
        ask_for_annual_meetings(
            session=session,
            settings=site.runtime.settings,
            now=clock.now(),
            **kwargs,  # type: ignore[arg-type]
        )
    return teams_question(site, "ask.annual_meeting")


def test_the_teams_card_links_to_the_question_and_slack_is_unchanged(
    site: Site, clock: FixedClock
) -> None:
    row = ask_annual_meeting(site, clock)
    assert row.target == "teams:tromso" and row.obligation_id is not None
    with site.runtime.session() as session:
        slack = session.exec(
            select(Nudge).where(Nudge.rule == "ask.annual_meeting", Nudge.transport == "slack")
        ).all()
        assert [n.target for n in slack if n.key.endswith(":" + LEADER)] == [LEADER]
    transport = TeamsTransport(
        engine=site.runtime.engine,
        settings=site.runtime.settings,
        clock=site.runtime.clock,
        links=LinkSettings(public_url=site.base, secret=LINK_SECRET, days=14),
    )
    message = message_from_json((row.payload or {})["message"])
    card = transport.render(dataclasses.replace(message, nudge_id=row.id))
    [action] = card["attachments"][0]["content"]["actions"]
    assert action["title"] == "Velg dato" and action["url"].startswith(f"{site.base}/lenke/")

    status, page = fetch(action["url"])  # the card's own link opens the question
    assert status == 200 and 'type="date"' in page and "Tromsø: Når holder dere årsmøtet?" in page


def test_the_page_of_a_question_asked_late_names_the_season_under_way(
    site: Site, clock: FixedClock
) -> None:
    """Asked in January (a county set up after New Year), the page asks about this year's
    meeting, not next year's."""
    clock.set(oslo(2027, 1, 20, 19, 0))
    with site.runtime.session() as session:
        ask_for_annual_meetings(session=session, settings=site.runtime.settings, now=clock.now())
    row = teams_question(site, "ask.annual_meeting")
    assert row.obligation_id is not None
    status, page = fetch(site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id))
    assert status == 200 and "årsmøtet 2027 under" in page and "2028" not in page


def test_only_teams_in_use_asks_only_through_teams(site: Site, clock: FixedClock) -> None:
    ask_annual_meeting(site, clock, transports=("teams",))
    with site.runtime.session() as session:
        asked = session.exec(select(Nudge).where(Nudge.rule == "ask.annual_meeting")).all()
        assert [(n.transport, n.target) for n in asked] == [("teams", "teams:tromso")]


def test_the_date_page_asks_then_records_the_date_and_styrearbeid_once(
    site: Site, clock: FixedClock
) -> None:
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    url = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    before = audit_count(site.runtime)
    status, page = fetch(url)
    assert status == 200 and 'type="date"' in page and "Lagre datoen" in page
    assert tromso(site).annual_meeting is None and audit_count(site.runtime) == before

    status, page = post(url, {"date": "2027-02-10"})
    assert status == 200, page
    assert "Tromsø: årsmøtet er onsdag 10. februar 2027." in page
    assert "Skolering i praktisk styrearbeid for det nye styret: frist mandag 10. mai 2027" in page
    assert tromso(site).annual_meeting == date(2027, 2, 10)
    answered = obligation(site, row.obligation_id)
    assert (answered.state, answered.changed_by) == ("done", "teams-link")
    after = audit_count(site.runtime)
    assert after > before

    status, _ = post(url, {"date": "2027-03-01"})  # the link is spent
    assert status == 409
    assert tromso(site).annual_meeting == date(2027, 2, 10) and audit_count(site.runtime) == after


def test_a_bad_date_or_a_tampered_link_changes_nothing(site: Site, clock: FixedClock) -> None:
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    url = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    before = audit_count(site.runtime)
    status, page = post(url, {"date": "2025-05-01"})  # not the 2027 season
    assert status == 422 and "2027" in page
    status, page = post(url, {"date": "i vår"})
    assert status == 422 and "datofeltet" in page
    tampered = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    assert post(tampered, {"date": "2027-02-10"})[0] == 400
    forged = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id, secret="x" * 40)
    assert post(forged, {"date": "2027-02-10"})[0] == 400
    assert tromso(site).annual_meeting is None and audit_count(site.runtime) == before
    assert obligation(site, row.obligation_id).state == "open"
    assert post(url, {"date": "2027-02-10"})[0] == 200  # the refused tries left the link usable


def test_samme_leder_on_the_page_answers_the_new_leader_question(
    site: Site, clock: FixedClock
) -> None:
    with site.runtime.session() as session:
        unit = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        record_annual_meeting(
            session=session,
            unit=unit,
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
    url = site.link(
        ACTION_NEW_LEADER, row.obligation_id, nudge_id=row.id, expires_at=clock.now() + timedelta(1)
    )
    status, page = fetch(url)
    assert status == 200 and "Samme leder" in page and "fylkespartikontoret" in page
    assert obligation(site, row.obligation_id).state == "open"

    status, page = post(url, {})
    assert status == 200 and "Tromsø har samme leder som før" in page
    answered = obligation(site, row.obligation_id)
    assert (answered.state, answered.changed_by) == ("done", "teams-link")
    with site.runtime.session() as session:
        assert user_ids_with_role(session=session, unit=tromso(site), role=Role.LEADER) == [LEADER]
    assert post(url, {})[0] == 409


def test_a_date_typed_as_the_page_says_it_is_taken(site: Site, clock: FixedClock) -> None:
    """A browser without a date field (an old phone) sends what the person typed; the page's own
    example is 14.03.2027, and "14.3" is the next 14 March: both are the one reading of a date."""
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    url = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    status, page = post(url, {"date": "14.3"})
    assert status == 200, page
    assert tromso(site).annual_meeting == date(2027, 3, 14)


def test_a_date_typed_without_a_year_after_the_meeting_is_this_season_s(
    site: Site, clock: FixedClock
) -> None:
    """Tromsø's leader answers on 12 December 2026, two days after a December meeting (the first
    of the 2027 season), typing "10.12": the meeting held, 10 December 2026, not the next 10
    December (2027, a season too late, refused)."""
    row = ask_annual_meeting(site, clock)
    assert row.obligation_id is not None
    url = site.link(ACTION_ANNUAL_MEETING, row.obligation_id, nudge_id=row.id)
    clock.set(oslo(2026, 12, 12, 19, 0))
    status, page = post(url, {"date": "10.12"})
    assert status == 200, page
    assert tromso(site).annual_meeting == date(2026, 12, 10)
