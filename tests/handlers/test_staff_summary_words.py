"""The staff summary of a deadline on a phone: the count first, then the few names that matter,
and the same numbers as /status (left12b)."""

from __future__ import annotations

from bot.models import ObligationState
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation, set_obligation_state
from bot.services.units import find_unit, list_units
from handlers.blocks import nudge_blocks
from planbot.sandbox import blocks_to_text
from tests.conftest import STAFF
from tests.handlers.test_one_count import cli, staff_summary


def _done(runtime: Runtime, count: int) -> list[str]:
    """The first `count` units (by name) marked done on the forslagsfrist; their names."""
    now = runtime.clock.now()
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        units = list_units(session=session)[:count]
        for unit in units:
            obligation = get_obligation(session=session, event=event, unit=unit)
            set_obligation_state(
                session=session,
                obligation=obligation,
                state=ObligationState.DONE,
                actor=STAFF,
                now=now,
            )
        tromso = find_unit(session=session, ref="tromso")
        tromso.slack_channel = "C0TROMSO"  # the one unit Planbot can reach
        session.add(tromso)
        session.commit()
        return [unit.name for unit in units]


def test_when_most_units_still_owe_the_summary_names_the_few_that_do_not(runtime) -> None:
    # 3 of 22 done: the summary listed the 19 that owe, and then the same 18 again as unreachable.
    done = _done(runtime, 3)
    text = blocks_to_text(nudge_blocks(staff_summary(runtime)))
    assert "3 av 22 kommunepartier har levert, 19 gjenstår." in text
    assert "Gjenstår: alle unntatt Balsfjord, Bardu og Dyrøy" in text
    assert "Bare Tromsø av de 19 kan nås; de andre har ingen kanal eller leder registrert." in text
    assert not any(name in text for name in ("Gratangen", "Senja", "Harstad"))
    assert done == ["Balsfjord", "Bardu", "Dyrøy"]
    assert "3 av 22 kommunepartier har levert, 19 gjenstår" in cli(runtime, "status")


def test_when_most_units_are_done_the_summary_names_the_seven_that_owe_once(runtime) -> None:
    _done(runtime, 15)
    text = blocks_to_text(nudge_blocks(staff_summary(runtime)))
    assert "15 av 22 kommunepartier har levert, 7 gjenstår." in text
    owe = "Senja, Skjervøy, Storfjord, Svalbard (Longyearbyen), Sørreisa, Tjeldsund, Tromsø"
    assert f"Gjenstår: {owe}" in text and text.count("Senja") == 1
    assert "Bare Tromsø av de 7 kan nås" in text
    assert "15 av 22 kommunepartier har levert, 7 gjenstår" in cli(runtime, "status")
