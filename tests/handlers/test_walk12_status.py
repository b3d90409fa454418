"""/status for staff in the annual-meeting season (walk12)."""

from __future__ import annotations

from datetime import date

from bot.services.questions import ensure_new_leader_question
from bot.services.units import find_unit
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.test_ferdig import buttons, states, text_of


def test_staff_get_no_mark_button_for_a_unit_still_waiting_for_its_annual_meeting(
    slack, runtime
) -> None:
    # 15 February 2027: Tromsø met on 13 February, the other 21 have not yet. "Ny leder etter
    # årsmøtet" says "1 gjenstår; 21 venter på årsmøtet"; its buttons offered all 22 names.
    runtime.clock.set(oslo(2027, 2, 15, 10, 0))
    with runtime.session() as session:
        ensure_new_leader_question(session=session, year=2027, now=runtime.clock.now())
        tromso = find_unit(session=session, ref="tromso")
        tromso.annual_meeting = date(2027, 2, 13)
        session.add(tromso)
        session.commit()
    listed = slack.command("/status", "ny leder", user=STAFF)
    assert "1 gjenstår; 21 venter på årsmøtet" in text_of(listed)
    # A question is answered, not ticked off (left12b): no mark button, but how to answer it;
    # staff answer it here for Tromsø only (walk14): «Samme leder» beside its picker.
    assert [b["text"]["text"] for b in buttons(listed)] == ["Samme leder"]
    assert "Spørsmålet krysses ikke av: svaret er hvem som leder nå." in text_of(listed)


def test_a_leader_cannot_tick_off_a_question_planbot_asks_only_answer_it(slack, runtime) -> None:
    # Tromsø's leader typed «/ferdig ny leder» (or pressed «Meld ferdig» beside it in the
    # /ferdig list): it was marked done with no leader chosen, the old one kept the reminders.
    runtime.clock.set(oslo(2027, 2, 15, 10, 0))
    with runtime.session() as session:
        event = ensure_new_leader_question(session=session, year=2027, now=runtime.clock.now())
        tromso = find_unit(session=session, ref="tromso")
        tromso.annual_meeting = date(2027, 2, 13)
        session.add(tromso)
        session.commit()
        title = event.title
    answer = slack.command("/ferdig", "ny leder", user=LEADER)
    assert text_of(answer).startswith(
        f"«{title}» krysser du ikke av – du svarer med hvem som leder nå. Velg den nye lederen "
        "i meldingen fra Planbot, eller trykk «Samme leder», så går påminnelsene til riktig person."
    )
    assert states(runtime)[title] == "open"
