"""The forslagsfrist day (walk13): Troms' leaders and county staff from 30 November 2026 into the
annual-meeting season, as they meet it in Slack and on the command line."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.models import Delivery, ObligationState
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import find_unit
from handlers.blocks import VALUE
from handlers.blocks_deliver import TEXT_BLOCK
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import LEADER, oslo
from tests.handlers.conftest import leader, slack  # noqa: F401  (the Slack surface's fixtures)
from tests.handlers.slack import SlackClientSim

PROPOSALS = "Forslag 1: Gratis ferje mellom Tromsø og Karlsøy for ungdom."


def _hand_in_form(bot: SlackClientSim, standin: SlackStandIn) -> dict[str, Any]:
    """/ferdig forslag opens the hand-in modal (views.open); its view."""
    standin.clear()
    bot.command("/ferdig", "forslag", user=LEADER)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    view = next(c for c in calls if c.method == "views.open").payload["view"]
    return view if isinstance(view, dict) else json.loads(view)


def _tromso_state(runtime: Runtime) -> str:
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        unit = find_unit(session=session, ref="tromso")
        return get_obligation(session=session, event=event, unit=unit).state


def test_a_hand_in_form_opened_before_midnight_is_taken_when_sent_just_after(
    runtime: Runtime,
    standin: SlackStandIn,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # 1 December 23:55: Tromsø's leader opens the form, pastes the proposals and presses «Send»
    # at 00:03. The form answered «Fristen … har gått ut … Send det dere har til
    # fylkespartikontoret» and kept the proposals typed on the phone.
    runtime.clock.set(oslo(2026, 12, 1, 23, 55))
    view = _hand_in_form(slack, standin)
    runtime.clock.set(oslo(2026, 12, 2, 0, 3))
    values = {TEXT_BLOCK: {VALUE: {"type": "plain_text_input", "value": PROPOSALS}}}
    answer = slack.submit(view, values, user=LEADER)
    assert answer.status == 200 and answer.body in ("", "{}"), answer.body
    receipt = standin.wait_for(lambda _: any("Mottatt" in p.text for p in standin.posts_to(LEADER)))
    assert receipt, "no receipt was sent to the leader"
    assert _tromso_state(runtime) == ObligationState.DONE
    with runtime.session() as session:
        assert session.exec(select(Delivery)).one().text == PROPOSALS


def test_a_hand_in_form_left_open_over_the_night_is_not_taken_the_next_day(
    runtime: Runtime,
    standin: SlackStandIn,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    runtime.clock.set(oslo(2026, 12, 1, 23, 55))
    view = _hand_in_form(slack, standin)
    runtime.clock.advance(timedelta(hours=10))  # 2 December 09:55
    values = {TEXT_BLOCK: {VALUE: {"type": "plain_text_input", "value": PROPOSALS}}}
    errors = json.loads(slack.submit(view, values, user=LEADER).body)["errors"]
    assert "har gått ut, så dere kan ikke levere i Planbot lenger" in errors[TEXT_BLOCK]
    assert _tromso_state(runtime) == ObligationState.OPEN


@pytest.mark.parametrize("typed", ["1.12", "1/12", "1. desember", "01.12.2026", "1.12.26"])
def test_a_deadline_named_by_its_date_is_the_one_due_that_day(
    runtime: Runtime,
    standin: SlackStandIn,
    slack: SlackClientSim,  # noqa: F811
    typed: str,
) -> None:
    # «/ferdig 1.12» on the evening of 1 December: «Fant ingen åpen frist for Tromsø som passer
    # «1.12»», and the list again, though only the forslagsfrist is due that day.
    runtime.clock.set(oslo(2026, 12, 1, 21, 0))
    standin.clear()
    slack.command("/ferdig", typed, user=LEADER)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    assert any(c.method == "views.open" for c in calls)


def test_a_date_no_deadline_is_due_on_names_none(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    runtime.clock.set(oslo(2026, 12, 1, 21, 0))
    reply = slack.command("/ferdig", "2.12", user=LEADER).reply
    assert "Fant ingen åpen frist for Tromsø som passer «2.12»" in reply
    late = slack.command("/ferdig", "1.12.2027", user=LEADER).reply
    assert "passer «1.12.2027»" in late


def test_a_second_hand_in_form_starts_with_an_empty_text_field(
    runtime: Runtime,
    standin: SlackStandIn,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # Tromsø hands in its proposals, then opens the form again to add a file: the text field
    # held «Levert til nå: • tekst (…): > …», the summary shown above it, and sending the form
    # as it stood («Erstatt det») would have replaced the proposals with that summary.
    runtime.clock.set(oslo(2026, 12, 1, 21, 0))
    view = _hand_in_form(slack, standin)
    values = {TEXT_BLOCK: {VALUE: {"type": "plain_text_input", "value": PROPOSALS}}}
    assert slack.submit(view, values, user=LEADER).status == 200
    standin.wait_for(lambda _: any("Mottatt" in p.text for p in standin.posts_to(LEADER)))
    again = _hand_in_form(slack, standin)
    (field,) = [b for b in again["blocks"] if b.get("block_id") == TEXT_BLOCK]
    assert not field["element"].get("initial_value")
    assert any("Levert til nå" in json.dumps(b, ensure_ascii=False) for b in again["blocks"])
