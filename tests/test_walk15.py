"""walk15: a Troms unit that lives in Teams, after the merges of 1 December 2026. The hand-in page
behind a *Lever* link says what Slack's form says before it is filled in: a closed hand-in says so
instead of showing a form that will refuse it, and something handed in already is shown, with
«Erstatt det» / «Legg til» as in Slack (the page replaced it silently)."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.messages import ACTION_DELIVER
from bot.models import Delivery, ObligationState
from bot.runtime import Runtime
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import STAFF, oslo
from tests.handlers.test_deliver_teams import post_form
from tests.handlers.test_links import Site, obligation_of, serve, state_of, with_links
from tests.utils.obligations import mark_as


@pytest.fixture
def site(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    yield from serve(with_links(runtime), standin)


@pytest.fixture
def tromso(runtime: Runtime) -> int:
    with runtime.session() as session:
        return obligation_of(session).id or 0


def open_page(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_a_lever_link_opened_after_the_deadline_says_so_without_a_form(
    site: Site, runtime: Runtime, tromso: int
) -> None:
    """Tromsø's secretary opens the card's link on 2 December at 19:00: the forslagsfrist ran out
    at midnight and takes no late hand-ins. The page says so before anything is typed (Slack's
    /ferdig and *Lever* do), not after the proposals are pasted and sent."""
    url = site.link(ACTION_DELIVER, tromso)
    runtime.clock.set(oslo(2026, 12, 2, 19, 0))
    status, page = open_page(url)
    assert status == 200
    assert "kan ikke levere i Planbot lenger" in page
    assert "<textarea" not in page and "<form" not in page
    assert state_of(runtime, tromso) == ObligationState.OPEN


def test_a_lever_link_after_ikke_aktuelt_shows_no_form(
    site: Site, runtime: Runtime, tromso: int
) -> None:
    url = site.link(ACTION_DELIVER, tromso)
    mark_as(runtime, tromso, ObligationState.EXEMPT, actor=STAFF)
    status, page = open_page(url)
    assert status == 200 and "til «ikke aktuelt» for dere" in page and "<form" not in page


def test_the_page_shows_what_is_handed_in_and_adds_to_it_when_asked(
    site: Site, runtime: Runtime, tromso: int
) -> None:
    """The leader hands in the proposals from the first card; the deputy opens another card's link
    the same evening to add a file. The page shows «Levert til nå» and asks whether to replace it
    or add to it (as Slack's form does); «Legg til» keeps the proposals, the default replaces."""
    runtime.clock.set(oslo(2026, 12, 1, 20, 0))
    first = site.link(ACTION_DELIVER, tromso)
    status, _ = post_form(first, {"text": "Forslag: mer kollektivtransport."}, [])
    assert status == 200
    second = site.link(ACTION_DELIVER, tromso)
    status, page = open_page(second)
    assert status == 200
    assert "Levert til nå:" in page and "mer kollektivtransport." in page
    assert 'name="mode" value="replace" checked' in page and 'value="add"' in page
    assert "Erstatt det" in page and "Legg til" in page

    status, page = post_form(second, {"text": "Forslag: flere bussavganger.", "mode": "add"}, [])
    assert status == 200, page
    with runtime.session() as session:
        text = session.exec(select(Delivery)).one().text
    assert "mer kollektivtransport." in text and "flere bussavganger." in text

    third = site.link(ACTION_DELIVER, tromso)
    status, page = post_form(third, {"text": "Bare dette."}, [])
    assert status == 200, page
    with runtime.session() as session:
        assert session.exec(select(Delivery)).one().text == "Bare dette."
