"""The Slack surface under test: the real Bolt app in HTTP mode on 127.0.0.1, against the stand-in."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.models import Deliverable, Role
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.units import assign_role, find_unit
from handlers.app import build_app
from handlers.web import WebApp
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import LEADER, STAFF
from tests.handlers.slack import SECRET, SlackClientSim
from tests.utils.outbox import send_due
from tests.utils.web import serving


@pytest.fixture
def leader(runtime: Runtime) -> str:
    """LEADER leads Tromsø."""
    with runtime.session() as session:
        unit = find_unit(session=session, ref="tromso")
        assign_role(
            session=session,
            slack_user_id=LEADER,
            role=Role.LEADER,
            unit=unit,
            actor=STAFF,
            now=runtime.clock.now(),
        )
    return LEADER


@pytest.fixture
def tick_only(runtime: Runtime) -> None:
    """The forslagsfrist as a plain tick (no deliverable), for tests of marking done itself."""
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        event.deliverable = Deliverable.NONE
        session.add(event)


def serve(runtime: Runtime, standin: SlackStandIn) -> Iterator[SlackClientSim]:
    client = WebClient(token="xoxb-test", base_url=standin.api_url)
    app = build_app(
        runtime=runtime,
        client=client,
        signing_secret=SECRET,
        wake=lambda: send_due(runtime, client),
    )
    with serving(WebApp(app)) as origin:
        yield SlackClientSim(f"{origin}/slack/events", standin)


@pytest.fixture
def slack(runtime: Runtime, standin: SlackStandIn, leader: str) -> Iterator[SlackClientSim]:
    """Signed requests to the bot (Norwegian), with LEADER leading Tromsø."""
    yield from serve(runtime, standin)


@pytest.fixture
def slack_en(runtime: Runtime, standin: SlackStandIn, leader: str) -> Iterator[SlackClientSim]:
    """The same bot with PLANBOT_LANGUAGE=en."""
    english = dataclasses.replace(runtime, settings=runtime.settings.with_changes(language="en"))
    yield from serve(english, standin)
