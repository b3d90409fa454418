"""A deadline counted from each unit's annual meeting is dated at once for a unit whose meeting
of the season is known, whenever the deadline or the unit comes later: the yearly annual-meeting
documents (made in January, after the leaders answered in December), a relative deadline of an
imported plan. A meeting of a past season dates nothing."""

from __future__ import annotations

from datetime import UTC, date

from sqlmodel import Session, select

from bot.models import Obligation, PlanEvent, Unit
from bot.seed import load_recurring_deadlines
from bot.services.imports import ImportChoices, store_items
from bot.services.questions import record_annual_meeting
from bot.services.units import find_unit, update_unit
from tests.conftest import OSLO, oslo
from tests.utils.imports import three_weeks_after_annual_meeting

DECEMBER = oslo(2026, 12, 2, 10)
JANUARY = oslo(2027, 1, 4, 10)


def dates_of(session: Session, key: str) -> dict[str, tuple[date | None, date | None]]:
    rows = session.exec(
        select(Unit.slug, Obligation.anchor_date, Obligation.due_date)
        .join(Obligation, Obligation.unit_id == Unit.id)
        .join(PlanEvent, PlanEvent.id == Obligation.event_id)
        .where(PlanEvent.key == key)
    ).all()
    return {slug: (anchor, due) for slug, anchor, due in rows}


def due_dates(session: Session, event_id: int | None) -> dict[str, date | None]:
    """Each unit's due date for the event."""
    rows = session.exec(
        select(Unit.slug, Obligation.due_date)
        .join(Obligation, Obligation.unit_id == Unit.id)
        .where(Obligation.event_id == event_id)
    ).all()
    return dict(rows)


def test_the_yearly_documents_deadline_is_dated_from_a_meeting_answered_in_december(
    session: Session,
) -> None:
    tromso = find_unit(session=session, ref="tromso")
    record_annual_meeting(
        session=session,
        unit=tromso,
        on=date(2027, 2, 10),
        actor="t",
        now=DECEMBER,
        today=DECEMBER.astimezone(OSLO).date(),
    )
    senja = find_unit(session=session, ref="senja")
    update_unit(
        session=session, unit=senja, actor="t", now=DECEMBER, annual_meeting=date(2026, 2, 9)
    )
    added = load_recurring_deadlines(
        session=session, today=JANUARY.date(), now=JANUARY, annual_meeting_weeks=3
    )
    assert added >= 1
    dates = dates_of(session, "arsmotedokumenter-2027")
    assert dates["tromso"] == (date(2027, 2, 10), date(2027, 3, 3))
    assert dates["senja"] == (None, None)  # last season's meeting: still asked for
    assert dates["harstad"] == (None, None)


def test_a_relative_deadline_of_an_imported_plan_is_dated_for_units_whose_meeting_is_known(
    session: Session,
) -> None:
    tromso = find_unit(session=session, ref="tromso")
    record_annual_meeting(
        session=session,
        unit=tromso,
        on=date(2027, 2, 8),
        actor="t",
        now=DECEMBER,
        today=DECEMBER.astimezone(OSLO).date(),
    )
    item = three_weeks_after_annual_meeting("arbeidsplan.txt")
    summary = store_items(
        session=session,
        items=[item],
        document="arbeidsplan.txt",
        actor="t",
        now=DECEMBER,
        choices=ImportChoices(per_unit=frozenset({1})),
    )
    due = due_dates(session, summary.added[0].id)
    assert due["tromso"] == date(2027, 3, 1) and due["senja"] is None


def test_a_relative_deadline_made_just_after_local_midnight_on_1_december_skips_the_old_season(
    session: Session,
) -> None:
    """At 00:30 in Oslo on 1 December (23:30 UTC on 30 November) the new annual-meeting season has
    begun: a per-unit deadline made then is not dated from last season's meeting (its due date
    would already be past), as it is not an hour later."""
    senja = find_unit(session=session, ref="senja")
    update_unit(
        session=session, unit=senja, actor="t", now=DECEMBER, annual_meeting=date(2026, 2, 9)
    )
    item = three_weeks_after_annual_meeting("arbeidsplan.txt")
    summary = store_items(
        session=session,
        items=[item],
        document="arbeidsplan.txt",
        actor="t",
        now=oslo(2026, 12, 1, 0, 30).astimezone(UTC),  # as the clock gives it
        choices=ImportChoices(per_unit=frozenset({1})),
    )
    assert due_dates(session, summary.added[0].id)["senja"] is None
