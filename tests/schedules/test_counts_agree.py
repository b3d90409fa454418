"""The SQL counts of /status and the in-memory counts of the staff summary and the digest are one
rule: for any mix of done, open, exempt and inactive units they agree (issue 9)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.models import Obligation, ObligationState, Unit
from bot.report import render_detail, render_overview, unit_deadlines, unit_status_lines
from bot.runtime import build_runtime, prepare_database
from bot.services.events import find_event
from bot.services.questions import ensure_new_leader_question
from bot.services.status import WAITING, deadline_detail, deadline_overview
from bot.services.units import find_unit
from bot.settings import Settings
from schedules.digest import digest_lines, load_digest
from schedules.outbox import unit_contacts
from schedules.planner import obligation_counts
from schedules.render import Counts, NudgeSpec, render_nudge
from tests.conftest import OSLO, oslo


@pytest.mark.parametrize("seed", range(6))
def test_overview_detail_staff_summary_and_digest_agree(
    session: Session, settings: Settings, clock: FixedClock, seed: int
) -> None:
    check_counts_agree(session, settings, clock, seed)


@pytest.mark.postgres
def test_the_counts_agree_on_postgres(postgres_url: str, clock: FixedClock) -> None:
    settings = Settings(database_url=postgres_url)
    runtime = build_runtime(settings, clock=clock)
    try:
        prepare_database(runtime)
        with runtime.session() as session:
            check_counts_agree(session, settings, clock, seed=1)
    finally:
        runtime.engine.dispose()


def check_counts_agree(session: Session, settings: Settings, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    event = find_event(session=session, query="forslagsfrist")
    for obligation in session.exec(select(Obligation).where(Obligation.event_id == event.id)):
        obligation.state = rng.choice(list(ObligationState))
        session.add(obligation)
    for unit in session.exec(select(Unit)):
        unit.active = rng.random() > 0.25
        session.add(unit)
    session.flush()
    today = clock.now().date()

    status = next(
        s for s in deadline_overview(session=session, today=today) if s.event_id == event.id
    )
    detail = deadline_detail(session=session, event=event, today=today)
    obligations = session.exec(select(Obligation).where(Obligation.event_id == event.id)).all()
    contacts = {c.unit_id: c for c in unit_contacts(session=session)}
    summary = obligation_counts(obligations, contacts)
    active = {
        u.name for u in session.exec(select(Unit).where(Unit.kind == "municipal", Unit.active))
    }

    numbers = (status.done, status.open, status.exempt)
    assert numbers == (detail.status.done, detail.status.open, detail.status.exempt)
    assert numbers == (summary.done, summary.open, summary.exempt)
    assert status.total == len(detail.rows) == len(active & {r.unit_name for r in detail.rows})
    assert set(summary.inactive_units) == {r.unit_name for r in detail.inactive}
    assert set(summary.open_units) == {r.unit_name for r in detail.units_in("open")}

    digest = load_digest(session=session, now=clock.now(), settings=settings)
    line = next((d for d in digest.open if d.title == event.title), None)
    if status.open:
        assert line is not None and line.total == status.total
        assert set(line.open_units) == set(summary.open_units)
    else:
        assert line is None
    assert set(digest.inactive) >= set(summary.inactive_units)


# On 10 February 2027 a unit whose annual meeting of the 2027 season has not been held is not
# asked "who is the new leader?" yet: it waits, and is counted apart from those still to answer.
AFTER_SOME_MEETINGS = oslo(2027, 2, 10, 9, 0)
MEETINGS = {
    "held": date(2027, 1, 20),
    "held in December": date(2026, 12, 5),  # the 2027 season's, held before New Year
    "ahead": date(2027, 3, 10),
    "last season's": date(2026, 3, 1),
    "none": None,
}


@pytest.mark.parametrize("seed", range(4))
def test_the_new_leader_question_counts_units_waiting_for_their_meeting_apart_everywhere(
    session: Session, settings: Settings, seed: int
) -> None:
    rng = random.Random(seed)
    event = ensure_new_leader_question(session=session, year=2027, now=AFTER_SOME_MEETINGS)
    meetings = {}
    for unit in session.exec(select(Unit)):
        meetings[unit.id] = rng.choice(list(MEETINGS))
        unit.annual_meeting = MEETINGS[meetings[unit.id]]
        unit.active = rng.random() > 0.15
        session.add(unit)
    for obligation in session.exec(select(Obligation).where(Obligation.event_id == event.id)):
        obligation.state = rng.choice(list(ObligationState))
        session.add(obligation)
    session.flush()
    today = AFTER_SOME_MEETINGS.date()

    detail = deadline_detail(session=session, event=event, today=today)
    expected_waiting = {
        r.unit_name
        for r in detail.rows
        if r.state == ObligationState.OPEN
        and meetings[r.unit_id] in ("ahead", "last season's", "none")
    }
    assert expected_waiting and {r.unit_name for r in detail.units_in(WAITING)} == expected_waiting
    status = next(
        s for s in deadline_overview(session=session, today=today) if s.event_id == event.id
    )
    obligations = session.exec(select(Obligation).where(Obligation.event_id == event.id)).all()
    contacts = {c.unit_id: c for c in unit_contacts(session=session)}
    summary = obligation_counts(obligations, contacts, event_key=event.key, today=today)
    numbers = (status.done, status.open, status.exempt, status.waiting, status.total)
    assert numbers == (
        detail.status.done,
        detail.status.open,
        detail.status.exempt,
        detail.status.waiting,
        detail.status.total,
    )
    assert numbers == (summary.done, summary.open, summary.exempt, summary.waiting, summary.total)
    assert status.waiting == len(expected_waiting) and status.total == len(detail.rows)
    assert not set(summary.open_units) & expected_waiting

    digest = load_digest(session=session, now=AFTER_SOME_MEETINGS, settings=settings)
    line = next((d for d in digest.open if d.title == event.title), None)
    if status.open:
        assert line is not None and line.waiting == status.waiting
        assert set(line.open_units) == set(summary.open_units)
    else:
        assert line is None  # nobody still owes an answer: waiting is not remaining


def test_the_new_leader_question_says_who_has_answered_and_who_waits_for_the_meeting(
    session: Session,
) -> None:
    """/status, `planbot status` and the digest say '1 gjenstår; 21 venter på årsmøtet', not
    '22 gjenstår', when only Tromsø has held its meeting; Senja's own list says it waits."""
    event = ensure_new_leader_question(session=session, year=2027, now=AFTER_SOME_MEETINGS)
    tromso = find_unit(session=session, ref="tromso")
    tromso.annual_meeting = date(2027, 1, 20)
    senja = find_unit(session=session, ref="senja")
    senja.annual_meeting = date(2027, 3, 10)
    session.add_all([tromso, senja])
    session.flush()
    today = AFTER_SOME_MEETINGS.date()
    overview = render_overview(deadline_overview(session=session, today=today), "nb")
    assert (
        "Ny leder etter årsmøtet 2027, fredag 31. desember 2027: 0 av 22 kommunepartier har svart, "
        "1 gjenstår; 21 venter på årsmøtet" in overview
    )
    detail = render_detail(
        deadline_detail(session=session, event=event, today=today), "en", tz=OSLO
    )
    assert (
        "0 of 22 municipal parties have answered, 1 open; 21 waiting for their annual meeting"
        in (detail)
    )
    assert "⬜ Tromsø: open" in detail
    assert "⏳ Waiting for the annual meeting (asked the day after): Balsfjord, Bardu," in detail
    own = unit_status_lines(session=session, unit=senja, today=today, lang="nb")
    assert "⏳ Ny leder etter årsmøtet 2027 (fredag 31. desember 2027) — venter på årsmøtet" in own
    assert not any(
        d.is_open and d.event.id == event.id
        for d in unit_deadlines(session=session, unit=senja, today=today)
    )


def test_the_digest_names_the_one_unit_asked_not_all_when_the_rest_wait_for_their_meeting(
    session: Session, settings: Settings
) -> None:
    """Twenty-one units waiting for their meeting are not open: the digest line names Tromsø,
    the one unit asked, instead of reading 'alle' (all open, none done)."""
    event = ensure_new_leader_question(session=session, year=2027, now=AFTER_SOME_MEETINGS)
    tromso = find_unit(session=session, ref="tromso")
    tromso.annual_meeting = date(2027, 1, 20)
    session.add(tromso)
    session.flush()
    digest = load_digest(session=session, now=AFTER_SOME_MEETINGS, settings=settings)
    line = next(text for text in digest_lines(digest, "nb") if text.startswith(f"• {event.title}"))
    assert "1 av 22" in line and "Tromsø" in line, line
    assert "alle" not in line and line.endswith("; 21 venter på årsmøtet"), line


def test_the_staff_summary_of_the_new_leader_question_says_how_many_wait_for_their_meeting(
    session: Session,
) -> None:
    event = ensure_new_leader_question(session=session, year=2027, now=AFTER_SOME_MEETINGS)
    spec = NudgeSpec(
        template="staff_summary",
        occ_start=date(2027, 12, 31),
        occ_end=date(2027, 12, 31),
        anchor_day=date(2027, 12, 31),
    )
    message = render_nudge(
        key="k",
        rule="deadline.staff_summary",
        spec=spec,
        event=event,
        moment=AFTER_SOME_MEETINGS,
        language="nb",
        tz=OSLO,
        counts=Counts(done=3, open=1, waiting=18),
    )
    text = "\n".join([message.headline, *message.details])
    assert "3 av 22 kommunepartier har svart, 1 gjenstår." in text
    assert "18 har ikke hatt årsmøtet ennå og får spørsmålet dagen etter." in text
