"""A question Planbot asks is answered, not ticked off: on every surface, for staff too
(`planbot mark` marked "Dato for årsmøtet" done where /ferdig refused it; left12b)."""

from __future__ import annotations

from datetime import date

from bot.services.questions import ensure_annual_meeting_question, ensure_new_leader_question
from bot.services.units import find_unit
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.test_ferdig import buttons, states, text_of
from tests.handlers.test_one_count import cli_result

ASKED = oslo(2026, 12, 2, 10, 0)


def _annual_meeting_question(runtime) -> str:
    runtime.clock.set(ASKED)
    with runtime.session() as session:
        event = ensure_annual_meeting_question(
            session=session, today=ASKED.date(), ask_from=(12, 1), now=runtime.clock.now()
        )
        assert event is not None
        return event.title


def test_planbot_mark_refuses_to_tick_off_the_annual_meeting_question(runtime) -> None:
    title = _annual_meeting_question(runtime)
    result = cli_result(runtime, "mark", "dato for årsmøtet", "Tromsø", "done")
    assert result.exit_code == 2
    assert result.output == (
        f"«{title}» krysses ikke av – svaret er datoen for årsmøtet, som også gir fristene som "
        "regnes fra årsmøtet, riktig dato. Skriv datoen, f.eks. "
        "«planbot unit set tromso --annual-meeting 13.2».\n"
    )
    assert states(runtime)[title] == "open"
    # «Ikke aktuelt» stays a staff decision, and the answer marks it.
    exempt = cli_result(runtime, "mark", "dato for årsmøtet", "Senja", "exempt")
    assert exempt.exit_code == 0, exempt.output
    assert cli_result(runtime, "unit", "set", "Tromsø", "--annual-meeting", "13.2").exit_code == 0
    assert states(runtime)[title] == "done: 2027-02-13"


def test_planbot_mark_refuses_to_tick_off_the_new_leader_question(runtime) -> None:
    runtime.clock.set(oslo(2027, 2, 15, 10, 0))
    with runtime.session() as session:
        event = ensure_new_leader_question(session=session, year=2027, now=runtime.clock.now())
        tromso = find_unit(session=session, ref="tromso")
        tromso.annual_meeting = date(2027, 2, 13)
        session.add(tromso)
        session.commit()
        title = event.title
    result = cli_result(runtime, "mark", "ny leder", "Tromsø", "done")
    assert result.exit_code == 2
    assert "planbot unit handover tromso --same" in result.output
    assert states(runtime)[title] == "open"


def test_staff_cannot_tick_off_the_question_in_slack_either(slack, runtime) -> None:
    title = _annual_meeting_question(runtime)
    answer = slack.command("/ferdig", "dato for årsmøtet tromsø", user=STAFF)
    assert text_of(answer).startswith(
        f"«{title}» krysses ikke av – svaret er datoen for årsmøtet, som også gir fristene som "
        "regnes fra årsmøtet, riktig dato. Velg datoen med «/plan enhet Tromsø»."
    )
    assert states(runtime)[title] == "open"
    listed = slack.command("/status", "dato for årsmøtet", user=STAFF)
    assert buttons(listed) == []
    assert "Spørsmålet krysses ikke av: svaret er datoen for årsmøtet." in text_of(listed)
    # The leader is still told to pick the date in Planbot's message.
    led = slack.command("/ferdig", "dato for årsmøtet", user=LEADER)
    assert "Velg den i meldingen fra Planbot" in text_of(led)
