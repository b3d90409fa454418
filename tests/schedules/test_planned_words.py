"""The planner renders a nudge's words only when they are read, putting the words all units share
together once per moment: what it gives must read exactly as the dispatcher's own rendering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.models import Obligation, ObligationState, PlanEvent
from bot.services.obligations import set_obligation_state
from bot.services.units import find_unit, update_unit
from bot.settings import Settings
from schedules.outbox import plan_window, unit_contacts
from schedules.planner import obligation_counts
from schedules.render import render_nudge
from tests.conftest import oslo

NOW = oslo(2026, 11, 22, 8)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_planned_message_reads_as_the_dispatcher_renders_it(
    session, settings: Settings, language: str
) -> None:
    settings = settings.model_copy(update={"language": language})
    for i, slug in enumerate(("tromso", "harstad", "senja")):
        unit = find_unit(session=session, ref=slug)
        update_unit(session=session, unit=unit, actor="test", now=NOW, slack_channel=f"C0{i}X")
    done = session.exec(select(Obligation)).first()
    assert done is not None
    set_obligation_state(
        session=session, obligation=done, state=ObligationState.DONE, actor="t", now=NOW
    )
    planned = plan_window(
        session=session, since=NOW, until=NOW + timedelta(days=400), settings=settings
    )
    units = {u.unit_id: u for u in unit_contacts(session=session)}
    events = {e.id: e for e in session.exec(select(PlanEvent))}
    obligations = list(session.exec(select(Obligation)))
    templates = set()
    for p in planned:
        event = events[p.event_id]
        counts = obligation_counts([o for o in obligations if o.event_id == event.id], units)
        expected = render_nudge(
            key=p.key,
            rule=p.rule,
            spec=p.spec,
            event=event,
            moment=p.due_at,
            language=language,
            tz=settings.timezone,
            counts=counts if p.unit_id is None else None,
            unit_id=p.unit_id,
            obligation_id=p.obligation_id,
        )
        assert p.message == expected, p.key
        templates.add(p.spec.template)
    # Staff summaries with counts, unit deadlines naming their unit, overdue ones, meetings.
    assert {"staff_summary", "deadline", "deadline_overdue"} <= templates
    assert len(templates) >= 5, templates


def test_the_shared_words_cache_names_every_field_of_a_nudge_spec() -> None:
    """EventWording keys its cache of shared words on NudgeSpec's fields one by one (for speed). A
    field added to NudgeSpec must be added to that key (or named here as not changing the words),
    or two nudges that differ in it would share one text."""
    import dataclasses
    import inspect

    from schedules.render import EventWording, NudgeSpec

    source = inspect.getsource(EventWording.render)
    not_in_key = {"buttons"}  # the buttons come from the event (fill_nudge), not from the words
    for field in dataclasses.fields(NudgeSpec):
        if field.name not in not_in_key:
            assert f"spec.{field.name}" in source.split("words = ")[0], field.name
