"""/ferdig on a deadline that asks for something to hand in (the forslagsfrist as built in):
*Lever* at once, never a "Meld ferdig" step that only leads to a second button."""

from __future__ import annotations

from bot.models import ObligationState
from bot.services.obligations import set_obligation_state
from tests.conftest import LEADER, STAFF
from tests.handlers.test_commands import unescape
from tests.handlers.test_links import obligation_of


def test_ferdig_alone_on_a_hand_in_deadline_opens_the_hand_in_at_once(slack, standin) -> None:
    # The forslagsfrist (the only open one once styrearbeid is done) asks for proposals: no
    # "Er den ferdig? [Ja, meld ferdig]" step that only leads to a second *Lever* button.
    assert "Takk!" in slack.command("/ferdig", "styrearbeid", user=LEADER).reply
    standin.clear()
    slack.command("/ferdig", "", user=LEADER)
    opened = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    view = next(c for c in opened if c.method == "views.open").payload["view"]
    assert view["title"]["text"] == "Lever"


def test_ferdig_lists_lever_beside_a_hand_in_deadline(slack) -> None:
    reply = unescape(slack.command("/ferdig", "", user=LEADER).reply)
    assert "trykk på knappen ved den som er ferdig" in reply
    assert (
        '"action_id": "planbot_deliver"' in reply and '"action_id": "planbot_ferdig_mark"' in reply
    )


def test_after_the_deadline_ferdig_says_where_to_send_it_instead_of_opening_a_form(
    slack, standin, clock
) -> None:
    from datetime import timedelta

    clock.advance(timedelta(days=10))  # 3 December: the forslagsfrist (1 December) has passed
    reply = unescape(slack.command("/ferdig", "forslagsfrist", user=LEADER).reply)
    assert "har gått ut, så dere kan ikke levere i Planbot lenger" in reply
    assert "fylkespartikontoret, så leverer de det for dere" in reply
    assert not standin.calls("views.open")


def test_after_ikke_aktuelt_ferdig_opens_no_hand_in(slack, standin, runtime) -> None:
    """The county office set the forslagsfrist «ikke aktuelt» for Tromsø: /ferdig says so and
    opens no form whose hand-in would turn it into «ferdig»."""
    with runtime.session() as session:
        set_obligation_state(
            session=session,
            obligation=obligation_of(session),
            state=ObligationState.EXEMPT,
            actor=STAFF,
            now=runtime.clock.now(),
        )
    reply = unescape(slack.command("/ferdig", "forslagsfrist", user=LEADER).reply)
    assert "til «ikke aktuelt» for dere, så dere trenger ikke levere noe" in reply
    assert not standin.calls("views.open")
