"""After the forslagsfrist a leader is told what to do: a first hand-in goes through the county
office; a change of what was handed in is no longer possible (unless the deadline allows it)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from bot.models import ObligationState
from bot.services.deliveries import DeliveryRefused, check_hand_in
from tests.bot.test_deliveries import _tromso


def refusal(session: Session, state: ObligationState) -> str:
    event, obligation = _tromso(session)
    obligation.state = state
    with pytest.raises(DeliveryRefused) as refused:
        check_hand_in(
            event=event,
            obligation=obligation,
            text="Forslag",
            file_count=0,
            none_answer=False,
            staff=False,
            today=date(2026, 12, 2),
        )
    return refused.value.text("nb")


def test_a_first_hand_in_after_the_deadline_goes_through_the_county_office(session) -> None:
    assert refusal(session, ObligationState.OPEN) == (
        "Fristen for «Forslagsfrist til landsmøtet 2027» har gått ut, så dere kan ikke levere i "
        "Planbot lenger. Send det dere har til fylkespartikontoret, så leverer de det for dere."
    )


def test_a_change_after_the_deadline_is_refused_as_a_change(session) -> None:
    assert "så leveringen kan ikke endres lenger" in refusal(session, ObligationState.DONE)
