"""A deadline nudge ends by naming the button it carries: «Ferdig», «Lever», or the question's
picker — never «Ferdig» beside a *Lever* button; and its one-line text reads as sentences."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.messages import ACTION_DELIVER, ACTION_EXEMPT, ACTION_SNOOZE
from bot.models import Deliverable, EventKind, PlanEvent
from bot.services.questions import QUESTION_PREFIX
from schedules.render import NudgeSpec, message_text, render_nudge
from tests.conftest import OSLO

DUE = date(2026, 12, 1)


def ask(event: PlanEvent, template: str, lang: str) -> str:
    return nudge(event, template, lang).details[-1]


def nudge(event: PlanEvent, template: str, lang: str = "nb"):
    spec = NudgeSpec(
        template=template,
        occ_start=DUE,
        occ_end=DUE,
        anchor_day=DUE,
        unit_name="Målselv",
        buttons=True,
    )
    day = DUE if template == "deadline" else date(2026, 12, 2)
    message = render_nudge(
        key="k",
        rule="r",
        spec=spec,
        event=event,
        moment=datetime.combine(day, time(9), OSLO),
        language=lang,
        tz=OSLO,
        unit_id=7,
        obligation_id=9,
    )
    return message


def deadline(**fields) -> PlanEvent:
    return PlanEvent(
        id=1,
        title="Forslagsfrist til landsmøtet 2027",
        kind=EventKind.DEADLINE,
        start_date=DUE,
        end_date=DUE,
        per_unit=True,
        **fields,
    )


@pytest.mark.parametrize(
    ("template", "lang", "expected"),
    [
        ("deadline", "nb", "Er Målselv klar? Trykk «Lever» for å levere."),
        ("deadline", "en", "Is Målselv ready? Press “Hand in” to hand it in."),
    ],
)
def test_a_deadline_that_asks_for_a_hand_in_says_lever(template, lang, expected) -> None:
    event = deadline(deliverable=Deliverable.TEXT_OR_FILES, deliverable_none_ok=True)
    assert ask(event, template, lang) == expected


def test_after_a_hand_in_deadline_lever_is_there_only_if_leaders_may_hand_in_late() -> None:
    strict = deadline(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=False)
    late = nudge(strict, "deadline_overdue")
    assert ACTION_DELIVER not in late.buttons and ACTION_SNOOZE in late.buttons
    assert late.details[-1] == (
        "Fristen er ute, så dere kan ikke levere i Planbot lenger. Send det dere har til "
        "fylkespartikontoret, så leverer de det for dere."
    )
    assert ACTION_DELIVER in nudge(strict, "deadline").buttons  # before the deadline: Lever
    lenient = deadline(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=True)
    assert nudge(lenient, "deadline_overdue").details[-1] == (
        "Trykk «Lever» for å levere nå, eller si fra til fylkespartikontoret om dere trenger hjelp."
    )


def test_on_the_last_day_of_a_hand_in_there_is_no_remind_me_tomorrow() -> None:
    """Tomorrow they could no longer hand in through Planbot: «Minn meg på i morgen» on the
    deadline's own day would remind them too late. Still offered where late hand-ins are
    allowed, for a plain deadline, and before the last day."""
    strict = deadline(deliverable=Deliverable.TEXT_OR_FILES)
    assert nudge(strict, "deadline").buttons == (ACTION_DELIVER, ACTION_EXEMPT)
    lenient = deadline(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=True)
    assert ACTION_SNOOZE in nudge(lenient, "deadline").buttons
    assert ACTION_SNOOZE in nudge(deadline(), "deadline").buttons
    before = NudgeSpec(
        template="deadline",
        occ_start=DUE,
        occ_end=DUE,
        anchor_day=DUE,
        unit_name="Målselv",
        buttons=True,
    )
    early = render_nudge(
        key="k",
        rule="r",
        spec=before,
        event=strict,
        moment=datetime.combine(date(2026, 11, 24), time(9), OSLO),
        language="nb",
        tz=OSLO,
        unit_id=7,
        obligation_id=9,
    )
    assert ACTION_SNOOZE in early.buttons


def test_after_the_deadline_the_task_does_not_say_to_hand_in_through_planbot() -> None:
    """The forslagsfrist's task says «Lever forslagene i Planbot …»: beside «you can no longer
    hand in through Planbot» it contradicts it, so the late reminder leaves it out."""
    how = "Send forslagene. Lever forslagene i Planbot (som tekst eller filer)."
    strict = deadline(deliverable=Deliverable.TEXT_OR_FILES, description=how)
    assert f"Oppgaven: {how}" in nudge(strict, "deadline").details
    late = nudge(strict, "deadline_overdue")
    assert not any("Lever forslagene i Planbot" in d for d in late.details), late.details
    lenient = deadline(
        deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=True, description=how
    )
    assert f"Oppgaven: {how}" in nudge(lenient, "deadline_overdue").details
    plain = deadline(description="Send protokollen.")
    assert "Oppgaven: Send protokollen." in nudge(plain, "deadline_overdue").details


def test_an_assumed_deadline_says_the_deadline_is_assumed_not_the_time() -> None:
    """«Årsmøtedokumenter … innen tre uker» (weeks from a setting): «Tidspunktet er antatt» read
    as if an hour had been guessed."""
    event = deadline(assumptions="Antall uker etter årsmøtet er en innstilling.")
    assert "Fristen er antatt – ikke vedtatt i planen ennå." in nudge(event, "deadline").details
    assert (
        "Tidspunktet er antatt – ikke vedtatt i planen ennå."
        not in nudge(event, "deadline").details
    )


def test_an_overdue_hand_in_says_not_handed_in() -> None:
    """«har ikke meldt ferdig ennå» above «Trykk «Lever»»: the unit's own list says «ikke
    levert», and so does the reminder."""
    event = deadline(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=True)
    late = nudge(event, "deadline_overdue")
    assert late.headline.endswith("og Målselv har ikke levert ennå.")
    english = nudge(event, "deadline_overdue", "en").headline
    assert english.endswith("and Målselv has not handed it in yet.")


def test_a_plain_deadline_still_says_ferdig() -> None:
    assert (
        ask(deadline(), "deadline", "nb") == "Er Målselv ferdig? Trykk «Ferdig» når det er gjort."
    )


def test_a_question_overdue_says_not_answered_not_not_reported_done() -> None:
    """«… og Målselv har ikke meldt ferdig ennå» under «Svar med knappen nedenfor» mixed two
    things; a question is answered."""
    event = deadline(key=f"{QUESTION_PREFIX}2027")
    late = nudge(event, "deadline_overdue")
    assert late.headline.endswith("og Målselv har ikke svart ennå.")
    assert nudge(event, "deadline_overdue", "en").headline.endswith("Målselv has not answered yet.")
    assert nudge(deadline(), "deadline_overdue").headline.endswith("har ikke meldt ferdig ennå.")


def test_a_question_reminder_points_to_its_picker_not_to_ferdig() -> None:
    event = deadline(key=f"{QUESTION_PREFIX}2027")
    assert ask(event, "deadline", "nb") == "Svar med knappen nedenfor."
    assert ask(event, "deadline_overdue", "en").startswith("Answer with the button below, or")


def test_the_one_line_text_ends_each_part_as_a_sentence() -> None:
    event = PlanEvent(
        id=2,
        title="Teamsmøte",
        kind=EventKind.MEETING,
        start_date=DUE,
        end_date=DUE,
        start_time=time(19),
        locations=["Teams"],
        assumptions="Satt til andre tirsdag.",
    )
    spec = NudgeSpec(template="meeting", occ_start=DUE, occ_end=DUE, anchor_day=DUE)
    message = render_nudge(
        key="k",
        rule="r",
        spec=spec,
        event=event,
        moment=datetime(2026, 11, 24, 9, tzinfo=OSLO),
        language="nb",
        tz=OSLO,
    )
    assert "Sted: Teams. Tidspunktet er antatt" in message_text(message)
