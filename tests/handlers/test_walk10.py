"""Troms this week and the months ahead, as its leaders and staff type it in Slack (signed
requests through the Bolt app against the Slack stand-in): careless words are answered with
what to type instead, never echoed back as an example."""

from __future__ import annotations

import pytest

from bot.models import Role
from bot.services.units import assign_role, find_unit
from tests.conftest import LEADER, STAFF
from tests.handlers.test_commands import unescape

pytestmark = pytest.mark.usefixtures("tick_only")


@pytest.fixture
def two_units(runtime) -> None:
    """The Tromsø leader also leads Karlsøy."""
    with runtime.session() as session:
        assign_role(
            session=session,
            slack_user_id=LEADER,
            role=Role.LEADER,
            unit=find_unit(session=session, ref="karlsoy"),
            actor="t",
            now=runtime.clock.now(),
        )
        session.commit()


@pytest.mark.usefixtures("two_units")
@pytest.mark.parametrize("typed", ["🎉", "forslagsfirst", "ferdig"])
def test_a_leader_of_two_units_typing_no_deadline_is_not_shown_it_as_an_example(
    slack, typed: str
) -> None:
    reply = unescape(slack.command("/ferdig", typed, user=LEADER).reply)
    assert f"Fant ingen frist som passer «{typed}»." in reply
    assert f"/ferdig {typed} " not in reply
    assert "f.eks. /ferdig forslagsfrist Tromsø." in reply and "Takk!" not in reply


@pytest.mark.usefixtures("two_units")
def test_a_leader_of_two_units_naming_a_deadline_is_only_asked_which_unit(slack) -> None:
    reply = unescape(slack.command("/ferdig", "angre forslagsfristen", user=LEADER).reply)
    assert "Fant ingen frist" not in reply
    assert "f.eks. /ferdig angre forslagsfristen Tromsø." in reply


def test_nynorsk_angra_undoes_like_angre(slack) -> None:
    slack.command("/ferdig", "styrearbeid", user=LEADER).replies()
    reply = unescape(slack.command("/ferdig", "angra styrearbeid", user=LEADER).reply)
    assert "angret: «Skolering i praktisk styrearbeid for det nye styret» gjenstår igjen" in reply


def test_the_note_hint_puts_the_bar_after_a_word_that_names_a_deadline(slack) -> None:
    """«/ferdig nå er styrearbeid gjort»: the hint shows «/ferdig styrearbeid | …», not «/ferdig
    nå | …», which would mark nothing either."""
    reply = unescape(slack.command("/ferdig", "nå er styrearbeid gjort", user=LEADER).reply)
    assert "/ferdig styrearbeid | Gjort på styremøtet 12. mars" in reply
    assert "/ferdig nå |" not in reply
    other = unescape(slack.command("/ferdig", "vi er klare", user=LEADER).reply)
    assert "/ferdig forslagsfrist | Gjort på styremøtet 12. mars" in other


@pytest.fixture
def kvanangen_inactive(runtime) -> None:
    from bot.services.units import update_unit

    with runtime.session() as session:
        unit = find_unit(session=session, ref="kvanangen")
        update_unit(session=session, unit=unit, actor="t", now=runtime.clock.now(), active=False)
        session.commit()


@pytest.mark.usefixtures("kvanangen_inactive")
@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("/status", "kvænangen"),
        ("/status", "forslagsfrist Kvænangen"),
        ("/ferdig", "styrearbeid kvænangen"),
    ],
)
def test_staff_naming_an_inactive_unit_are_told_it_is_inactive(slack, command, text) -> None:
    """Not «Fant ingen frist som passer «kvænangen»», which sent staff looking for a deadline."""
    reply = unescape(slack.command(command, text, user=STAFF).reply)
    assert reply.startswith("Kvænangen er ikke aktiv i Planbot, så fristene der følges ikke opp")
    assert "planbot unit set kvanangen --active" in reply and "Fant ingen frist" not in reply


@pytest.mark.usefixtures("two_units")
def test_a_leader_of_two_units_is_shown_the_command_that_names_the_unit(slack) -> None:
    """«Meld ferdig med /ferdig» under Karlsøy only led to «which unit?»: the line names both."""
    reply = unescape(slack.command("/status", "", user=LEADER).reply)
    assert "— gjenstår. Meld ferdig med /ferdig forslagsfrist Karlsøy" in reply
    assert "— gjenstår. Meld ferdig med /ferdig skolering Tromsø" in reply


def test_a_leader_of_one_unit_is_still_told_just_ferdig(slack) -> None:
    reply = unescape(slack.command("/status", "", user=LEADER).reply)
    assert (
        "— gjenstår. Meld ferdig med /ferdig" in reply and "/ferdig skolering Tromsø" not in reply
    )


def test_an_older_nudges_remind_me_tomorrow_on_the_last_day_of_a_hand_in_says_why_not(
    slack, standin, runtime, clock
) -> None:
    """The 7-day nudge's «Minn meg på i morgen» pressed on 1 December: tomorrow the unit could
    no longer hand in through Planbot, so nothing is queued and the leader is told to hand in
    today (before: «vi minner dere på det igjen i morgen», then «fristen er ute»)."""
    from sqlmodel import select

    from bot.messages import ACTION_SNOOZE
    from bot.models import Deliverable, Nudge, PlanEventUpdate
    from bot.services.events import find_event, update_event
    from tests.conftest import oslo
    from tests.handlers.test_interactive import post_nudge, value_of

    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        changes = PlanEventUpdate(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=False)
        update_event(session=session, event=event, changes=changes, actor="t", now=clock.now())
        session.commit()
    message = post_nudge(standin, runtime)
    clock.set(oslo(2026, 12, 1, 20, 30))
    answer = slack.click(ACTION_SNOOZE, value_of(message), user=LEADER, message=message)
    text = answer.replies()[0].payload["text"]
    assert "går ut i dag, og i morgen kan dere ikke levere i Planbot lenger" in text
    with runtime.session() as session:
        assert not session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).all()
    clock.set(oslo(2026, 11, 29, 20, 30))  # two days before: tomorrow is still in time
    again = slack.click(ACTION_SNOOZE, value_of(message), user=LEADER, message=message)
    assert "i morgen" in again.replies()[0].payload["text"]
    with runtime.session() as session:
        assert session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).all()


@pytest.mark.parametrize(
    ("command", "text", "said"),
    [
        ("/ferdig", "styrearbeid tromsø senja", "«/ferdig styrearbeid Senja»"),
        ("/ferdig", "angre styrearbeid tromsø, senja", "«/ferdig angre styrearbeid Senja»"),
        ("/status", "tromsø og senja", "«/status Senja»"),
        ("/status", "forslagsfrist tromsø senja", "«/status forslagsfrist Senja»"),
    ],
)
def test_staff_naming_two_units_at_once_are_told_one_at_a_time(
    slack, runtime, command, text, said
) -> None:
    """Not «Fant ingen åpen frist for Senja som passer «styrearbeid tromsø»» with a hint about
    notes: nothing is marked, and the answer says how to do both."""
    reply = unescape(slack.command(command, text, user=STAFF).reply)
    assert reply.startswith(
        f"Ett kommuneparti om gangen: skriv f.eks. {said}, og så det samme for Tromsø."
    )


def test_staff_marking_a_hand_in_done_in_slack_are_told_nothing_was_handed_in(
    slack, runtime, clock
) -> None:
    """As `planbot mark`: the zip will say «ikke levert» for Tromsø."""
    from bot.models import Deliverable, PlanEventUpdate
    from bot.services.events import find_event, update_event

    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        changes = PlanEventUpdate(deliverable=Deliverable.TEXT_OR_FILES)
        update_event(session=session, event=event, changes=changes, actor="t", now=clock.now())
        session.commit()
    reply = unescape(slack.command("/ferdig", "forslagsfrist tromsø", user=STAFF).reply)
    assert "Meldt ferdig for Tromsø" in reply
    assert "Tromsø har ikke levert noe i Planbot" in reply
    plain = unescape(slack.command("/ferdig", "styrearbeid tromsø", user=STAFF).reply)
    assert "har ikke levert" not in plain
