"""Words a volunteer reads in Slack: who did it ("av fylkespartikontoret", never "av cli") and what
a leader may not do for another unit."""

from __future__ import annotations

import pytest

from bot.models import ObligationState
from bot.services.audit import CLI_ACTOR
from bot.services.events import find_event
from bot.services.obligations import get_obligation, mark_obligation
from bot.services.units import find_unit
from tests.conftest import LEADER, STAFF
from tests.handlers.test_commands import unescape

pytestmark = pytest.mark.usefixtures("tick_only")


def mark_from_the_cli(runtime, unit: str) -> None:
    with runtime.session() as session:
        obligation = get_obligation(
            session=session,
            event=find_event(session=session, query="forslagsfrist"),
            unit=find_unit(session=session, ref=unit),
        )
        mark_obligation(
            session=session,
            obligation=obligation,
            state=ObligationState.DONE,
            actor=CLI_ACTOR,
            now=runtime.clock.now(),
        )


def test_a_unit_marked_on_the_command_line_was_marked_by_the_county_office(slack, runtime) -> None:
    mark_from_the_cli(runtime, "tromso")
    status = unescape(slack.command("/status", "forslagsfrist", user=STAFF).reply)
    assert "Tromsø: ferdig (av fylkespartikontoret, 23. november)" in status
    again = unescape(slack.command("/ferdig", "forslagsfrist", user=LEADER).reply)
    assert "er allerede meldt ferdig for Tromsø av fylkespartikontoret" in again
    assert "cli" not in status + again


def test_a_leader_acting_for_another_unit_is_told_plainly(slack) -> None:
    reply = unescape(slack.command("/ferdig", "forslagsfrist Senja", user=LEADER).reply)
    assert (
        "Beklager, bare lederen av Senja eller fylkespartikontoret kan gjøre dette for Senja."
        in reply
    )


def test_the_modal_says_when_a_new_date_is_a_holiday_or_has_passed(slack, standin) -> None:
    from tests.handlers.test_interactive import event_values, opened_view

    for start, note in (
        ("2026-12-25", "NB: fredag 25. desember 2026 er en helligdag (første juledag)."),
        ("2026-11-20", "NB: fredag 20. november 2026 er allerede passert."),
    ):
        standin.clear()
        slack.command("/plan", "ny", user=STAFF)
        view = opened_view(standin)
        assert slack.submit(view, event_values(title=f"Samling {start}", start=start), user=STAFF)
        calls = standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
        confirm = next(c for c in calls if c.method == "chat.postEphemeral")
        assert confirm.text.endswith(note), confirm.text


def test_the_note_example_is_not_a_hand_in_answer(slack) -> None:
    # After the bar, words fill the hand-in's text field on the forslagsfrist: an example like
    # "Vi har ingen forslag i år" would be handed in as the proposals' text.
    help_text = unescape(slack.command("/ferdig", "hjelp", user=LEADER).reply)
    assert "/ferdig styrearbeid | Gjort på styremøtet 12. mars" in help_text
    assert "ingen forslag i år" not in help_text


def test_status_with_a_typo_suggests_the_deadline(slack) -> None:
    reply = unescape(slack.command("/status", "forslagsfrsit", user=STAFF).reply)
    assert "Mente du «Forslagsfrist til landsmøtet 2027»?" in reply


def test_a_leader_of_two_units_is_asked_which_one_and_nothing_is_marked(slack, runtime) -> None:
    from bot.models import Role
    from bot.services.units import assign_role

    with runtime.session() as session:
        assign_role(
            session=session,
            slack_user_id=LEADER,
            role=Role.LEADER,
            unit=find_unit(session=session, ref="karlsoy"),
            actor=STAFF,
            now=runtime.clock.now(),
        )
        session.commit()
    reply = unescape(slack.command("/ferdig", "styrearbeid", user=LEADER).reply)
    assert (
        "Du er leder i Karlsøy og Tromsø. Skriv hvilket kommuneparti du melder for, f.eks." in reply
    )
    assert "/ferdig styrearbeid Tromsø." in reply and "Takk!" not in reply
    marked = unescape(slack.command("/ferdig", "styrearbeid karlsøy", user=LEADER).reply)
    assert "Takk! Karlsøy har meldt «Skolering i praktisk styrearbeid" in marked


def test_plan_avlys_of_a_cancelled_event_says_so(slack, runtime) -> None:
    from bot.services.events import cancel_event

    with runtime.session() as session:
        event = find_event(session=session, query="teamsmøte")
        cancel_event(session=session, event=event, actor=STAFF, now=runtime.clock.now())
        session.commit()
    reply = unescape(slack.command("/plan", "avlys teamsmøte", user=STAFF).reply)
    assert "er allerede avlyst; ingenting er endret." in reply and "Fant ingen" not in reply
