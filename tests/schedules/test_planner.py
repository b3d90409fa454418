"""The planner at many `now`s: the forslagsfrist series, DST, holidays, quiet hours, done/exempt,
edit, cancel and snooze — against the built-in plan in a real SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bot.models import (
    Nudge,
    NudgeState,
    ObligationState,
    PlanEventUpdate,
    Role,
)
from bot.services.events import cancel_event, find_event, update_event
from bot.services.nudges import cancel_nudges_for_obligation
from bot.services.obligations import get_obligation, set_obligation_state
from bot.services.units import assign_role, find_unit, update_unit
from bot.settings import Settings
from schedules.outbox import (
    plan_window,
    snooze_nudge,
    sync_outbox,
)
from schedules.planner import PlannedNudge
from schedules.policies import update_policy
from tests.conftest import OSLO, oslo
from tests.schedules.factories import add_deadline

NOW = oslo(2026, 11, 22, 8, 0)


def window(session: Session, settings: Settings, start: date, days: int) -> list[PlannedNudge]:
    since = datetime.combine(start, time(0), tzinfo=OSLO)
    return plan_window(
        session=session, since=since, until=since + timedelta(days=days), settings=settings
    )


def local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


def frist(planned: list[PlannedNudge]) -> list[PlannedNudge]:
    return [p for p in planned if p.event_title.startswith("Forslagsfrist")]


def test_forslagsfrist_series_to_each_of_the_22_units_and_staff(session, settings) -> None:
    planned = frist(window(session, settings, date(2026, 11, 10), 60))
    by_rule: dict[str, set[str]] = {}
    for p in planned:
        by_rule.setdefault(p.rule, set()).add(local(p.due_at).strftime("%a %Y-%m-%d %H:%M"))
    assert by_rule == {
        "deadline.before_14d": {"Tue 2026-11-17 09:00"},
        "deadline.before_7d": {"Tue 2026-11-24 09:00"},
        # 29 November is a Sunday: the working day before.
        "deadline.before_2d": {"Fri 2026-11-27 09:00"},
        "deadline.on_day": {"Tue 2026-12-01 09:00"},
        "deadline.staff_7d": {"Tue 2026-11-24 09:00"},
        "deadline.staff_2d": {"Fri 2026-11-27 09:00"},
        "deadline.staff_on_day": {"Tue 2026-12-01 09:00"},
        # The forslagsfrist closes to leaders at the deadline: one overdue reminder («send it to
        # the county office»), no weekly repeats; the county office hears who did not hand in.
        "deadline.overdue": {"Wed 2026-12-02 09:00"},
        "deadline.staff_after": {"Wed 2026-12-02 09:00"},
    }
    seven = [p for p in planned if p.rule == "deadline.before_7d"]
    assert len({p.target_label for p in seven}) == 22
    assert all(p.message.buttons for p in seven)
    tromso = next(p for p in seven if p.target_label == "unit:tromso")
    assert tromso.message.headline == (
        "⏰ Forslagsfrist til landsmøtet 2027: fristen går ut om 7 dager, tirsdag 1. desember 2026."
    )
    assert tromso.message.details[0].startswith("Oppgaven: Kommunepartiene sender sine generelle")
    assert tromso.message.details[1] == "Er Tromsø klar? Trykk «Lever» for å levere."
    staff = next(p for p in planned if p.rule == "deadline.staff_7d")
    assert staff.to == "CSTAFF" and "0 av 22" in staff.message.headline


@pytest.mark.parametrize(
    "start",
    [oslo(2026, 11, 22, 8), oslo(2026, 11, 24, 9), oslo(2026, 11, 27, 12), oslo(2026, 12, 1, 9)],
)
def test_later_nows_plan_the_rest_of_the_same_series_with_the_same_keys(
    session, settings, start: datetime
) -> None:
    whole = {p.key: p for p in frist(window(session, settings, date(2026, 11, 10), 60))}
    later = frist(
        plan_window(
            session=session, since=start, until=start + timedelta(days=40), settings=settings
        )
    )
    assert later and all(p.due_at >= start for p in later)
    for p in later:
        assert whole[p.key].due_at == p.due_at


def test_every_nudge_of_the_year_is_within_send_hours(session, settings) -> None:
    planned = window(session, settings, date(2026, 11, 22), 400)
    assert len(planned) > 500
    for p in planned:
        at = local(p.due_at).time()
        assert time(8) <= at <= time(20), (p.rule, p.due_at)


def test_quiet_hours_are_configurable(session, settings) -> None:
    late = settings.with_changes(send_from=time(10), send_until=time(16), morning=time(9))
    for p in window(session, late, date(2026, 11, 22), 60):
        assert time(10) <= local(p.due_at).time() <= time(16)
    # The monthly meeting at 19:00: "two hours before" is 17:00, moved to 16:00.
    meetings = [
        p for p in window(session, late, date(2026, 12, 8), 1) if p.rule == "meeting.on_day"
    ]
    assert {local(p.due_at).strftime("%H:%M") for p in meetings} == {"16:00"}


@pytest.mark.parametrize(
    ("day", "utc_hour"), [(date(2027, 3, 28), 7), (date(2027, 10, 31), 8), (date(2027, 3, 27), 8)]
)
def test_a_morning_nudge_stays_at_nine_local_across_dst(session, settings, day, utc_hour) -> None:
    # The clocks change on a Sunday: staff who want the reminder on the day whatever day it is
    # say so (the default moves it to the working day before).
    update_policy(session=session, rule="deadline.on_day", actor="t", now=NOW, working_days="any")
    event = add_deadline(session=session, title="DST-frist", on=day, now=NOW)
    [p] = [
        p
        for p in window(session, settings, day, 1)
        if p.event_id == event.id
        and p.rule == "deadline.on_day"
        and p.target_label == "unit:tromso"
    ]
    assert local(p.due_at).strftime("%H:%M") == "09:00"
    assert p.due_at.astimezone(UTC).hour == utc_hour


def test_two_hours_before_an_evening_meeting_across_dst(session, settings) -> None:
    event = find_event(session=session, query="teamsmøte")
    planned = [
        p
        for p in window(session, settings, date(2027, 3, 1), 260)
        if p.event_id == event.id and p.rule == "meeting.on_day" and p.target_label == "unit:bardu"
    ]
    assert len(planned) >= 8
    assert {local(p.due_at).strftime("%H:%M") for p in planned} == {"17:00"}
    assert len({p.due_at.astimezone(UTC).hour for p in planned}) == 2  # CET and CEST


@pytest.mark.parametrize(
    ("deadline", "rule", "expected"),
    [
        # 17 May 2027 is a Monday and a holiday: the 2-day nudge moves to Friday 14 May.
        (date(2027, 5, 19), "deadline.before_2d", date(2027, 5, 14)),
        # 28 March 2027 is Easter Sunday; Maundy Thursday and Good Friday are holidays too.
        (date(2027, 4, 4), "deadline.before_7d", date(2027, 3, 24)),
        # Overdue: the next working day after Easter Monday 29 March 2027.
        (date(2027, 3, 26), "deadline.overdue", date(2027, 3, 30)),
    ],
)
def test_working_day_rules_skip_norwegian_holidays(
    session, settings, deadline: date, rule: str, expected: date
) -> None:
    event = add_deadline(session=session, title="Helligdagsfrist", on=deadline, now=NOW)
    days = {
        local(p.due_at).date()
        for p in window(session, settings, deadline - timedelta(days=20), 30)
        if p.event_id == event.id and p.rule == rule
    }
    assert days == {expected}


@pytest.mark.parametrize(
    ("deadline", "sent"),
    [
        (date(2026, 12, 31), date(2026, 12, 30)),  # nyttårsaften (a Thursday): Wednesday
        (date(2027, 3, 14), date(2027, 3, 12)),  # a Sunday: Friday
        (date(2027, 5, 17), date(2027, 5, 14)),  # 17. mai (a Monday): Friday
        (date(2027, 5, 19), date(2027, 5, 19)),  # a working day: the day itself
    ],
)
def test_the_days_own_reminder_of_a_deadline_on_a_day_off_goes_the_working_day_before(
    session, settings, deadline: date, sent: date
) -> None:
    """Nobody wants «fristen går ut i dag» at 09:00 on nyttårsaften, a Sunday or 17. mai: the
    leaders and the office are told the working day before that it is tomorrow (or on Sunday)."""
    event = add_deadline(session=session, title="Fridagsfrist", on=deadline, now=NOW)
    planned = [
        p
        for p in window(session, settings, deadline - timedelta(days=5), 10)
        if p.event_id == event.id and p.rule in ("deadline.on_day", "deadline.staff_on_day")
    ]
    assert {p.rule for p in planned} == {"deadline.on_day", "deadline.staff_on_day"}
    assert {local(p.due_at).date() for p in planned} == {sent}
    if deadline == date(2026, 12, 31):
        tromso = next(p for p in planned if p.target_label == "unit:tromso")
        assert "fristen går ut i morgen, torsdag 31. desember 2026" in tromso.message.headline


def test_done_and_exempt_units_get_nothing(session, settings) -> None:
    event = find_event(session=session, query="forslagsfrist")
    for ref, state in (("tromso", ObligationState.DONE), ("bardu", ObligationState.EXEMPT)):
        obligation = get_obligation(
            session=session, event=event, unit=find_unit(session=session, ref=ref)
        )
        set_obligation_state(
            session=session, obligation=obligation, state=state, actor="t", now=NOW
        )
    planned = frist(window(session, settings, date(2026, 11, 22), 10))
    targets = {p.target_label for p in planned if p.rule == "deadline.before_7d"}
    assert len(targets) == 20 and "unit:tromso" not in targets and "unit:bardu" not in targets
    staff = next(p for p in planned if p.rule == "deadline.staff_7d")
    assert "1 av 22" in staff.message.headline
    # Most still owe: the summary names the two that do not, and counts the unreachable open ones.
    assert staff.message.details[0] == "Gjenstår: alle unntatt Bardu og Tromsø"
    assert "Ingen av de 20 kan nås" in staff.message.details[-1]


def test_inactive_unit_and_cancelled_event_get_nothing(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="senja"),
        actor="t",
        now=NOW,
        active=False,
    )
    planned = frist(window(session, settings, date(2026, 11, 22), 10))
    assert "unit:senja" not in {p.target_label for p in planned}
    cancel_event(
        session=session,
        event=find_event(session=session, query="forslagsfrist"),
        actor="t",
        now=NOW,
    )
    assert frist(window(session, settings, date(2026, 11, 22), 10)) == []


def test_channel_first_else_a_dm_to_each_leader(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    for user in ("ULEAD1", "ULEAD2"):
        assign_role(
            session=session,
            slack_user_id=user,
            role=Role.LEADER,
            unit=find_unit(session=session, ref="harstad"),
            actor="t",
            now=NOW,
        )
    seven = [
        p
        for p in frist(window(session, settings, date(2026, 11, 24), 1))
        if p.rule == "deadline.before_7d"
    ]
    to = {p.target_label: p.to for p in seven}
    assert to["unit:tromso"] == "CTROMSO"
    assert to["unit:harstad/dm:ULEAD1"] == "ULEAD1" and to["unit:harstad/dm:ULEAD2"] == "ULEAD2"
    assert to["unit:bardu"] is None  # no channel, no leader: listed, never sent


def test_month_precision_counts_from_the_start_and_says_so(session, settings) -> None:
    planned = [
        p for p in window(session, settings, date(2026, 12, 1), 40) if p.rule == "training.signup"
    ]
    assert planned and {local(p.due_at).date() for p in planned} == {date(2026, 12, 18)}
    text = planned[0].message.headline + " " + " ".join(planned[0].message.details)
    assert "i løpet av januar 2027, som begynner om 14 dager" in text
    assert "Planen sier bare «januar 2027»; dagen er ikke fastsatt ennå." in text


def test_english_texts(session, settings) -> None:
    english = settings.with_changes(language="en")
    [p] = [
        p
        for p in frist(window(session, english, date(2026, 11, 24), 1))
        if p.target_label == "unit:tromso" and p.rule == "deadline.before_7d"
    ]
    assert (
        p.message.headline
        == "⏰ Forslagsfrist til landsmøtet 2027: the deadline is in 7 days, Tuesday 1 December 2026."
    )


# --- the outbox in step with the plan ----------------------------------------------------


def rows(session: Session, **where) -> list[Nudge]:
    query = select(Nudge)
    for name, value in where.items():
        query = query.where(getattr(Nudge, name) == value)
    return list(session.exec(query))


def test_sync_is_idempotent_and_skips_unreachable_targets(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    first = sync_outbox(session=session, now=NOW, settings=settings)
    again = sync_outbox(session=session, now=NOW, settings=settings)
    assert first.inserted > 0 and first.unreachable > 0
    assert (again.inserted, again.updated, again.cancelled) == (0, 0, 0)
    targets = {r.target for r in rows(session)}
    assert targets == {"CTROMSO", "CSTAFF"}


def test_editing_an_event_replans_and_cancelling_it_cancels(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    sync_outbox(session=session, now=NOW, settings=settings)
    event = find_event(session=session, query="forslagsfrist")
    [row] = rows(session, key=f"{event.id}:once:deadline.on_day:unit:tromso")
    assert local(row.due_at) == oslo(2026, 12, 1, 9)
    update_event(
        session=session,
        event=event,
        changes=PlanEventUpdate(start_date=date(2026, 12, 3), end_date=date(2026, 12, 3)),
        actor="t",
        now=NOW,
    )
    result = sync_outbox(session=session, now=NOW, settings=settings)
    assert result.updated > 0
    session.refresh(row)
    assert local(row.due_at) == oslo(2026, 12, 3, 9) and row.state == NudgeState.PENDING
    cancel_event(session=session, event=event, actor="t", now=NOW)
    sync_outbox(session=session, now=NOW, settings=settings)
    session.refresh(row)
    assert (row.state, row.reason) == (NudgeState.CANCELLED, "event cancelled")


def test_marking_done_cancels_that_units_remaining_nudges_only(session, settings) -> None:
    for ref in ("tromso", "senja"):
        update_unit(
            session=session,
            unit=find_unit(session=session, ref=ref),
            actor="t",
            now=NOW,
            slack_channel=f"C{ref.upper()}",
        )
    sync_outbox(session=session, now=NOW, settings=settings)
    event = find_event(session=session, query="forslagsfrist")
    obligation = get_obligation(
        session=session, event=event, unit=find_unit(session=session, ref="tromso")
    )
    set_obligation_state(
        session=session,
        obligation=obligation,
        state=ObligationState.DONE,
        actor="ULEADER01",
        now=NOW,
    )
    assert cancel_nudges_for_obligation(session=session, obligation_id=obligation.id, now=NOW) > 0
    assert {r.state for r in rows(session, target="CTROMSO") if r.obligation_id} == {
        NudgeState.CANCELLED
    }
    assert {r.state for r in rows(session, target="CSENJA")} == {NudgeState.PENDING}
    # Reopened: the next sync brings the future nudges back.
    set_obligation_state(
        session=session, obligation=obligation, state=ObligationState.OPEN, actor="t", now=NOW
    )
    assert sync_outbox(session=session, now=NOW, settings=settings).revived > 0


def test_snooze_replans_one_nudge_for_the_next_morning(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    sync_outbox(session=session, now=NOW, settings=settings)
    event = find_event(session=session, query="forslagsfrist")
    [row] = rows(session, key=f"{event.id}:once:deadline.before_7d:unit:tromso")
    clicked = oslo(2026, 11, 24, 21, 30)
    snoozed = snooze_nudge(
        session=session, nudge_id=row.id, actor="ULEADER01", now=clicked, settings=settings
    )
    assert local(snoozed.due_at) == oslo(2026, 11, 25, 9) and snoozed.target == "CTROMSO"
    assert snoozed.payload["spec"]["snoozed"] is True
    again = snooze_nudge(
        session=session, nudge_id=row.id, actor="ULEADER01", now=clicked, settings=settings
    )
    assert again.id == snoozed.id
    # A later sync leaves the snoozed row alone.
    sync_outbox(session=session, now=clicked, settings=settings)
    session.refresh(snoozed)
    assert snoozed.state == NudgeState.PENDING


def test_a_relative_deadline_is_planned_per_unit_from_its_own_date(session, settings) -> None:
    from bot.services.obligations import set_anchor_date

    unit = find_unit(session=session, ref="malselv")
    set_anchor_date(
        session=session,
        unit=unit,
        anchor="annual_meeting",
        on=date(2027, 1, 31),
        actor="t",
        now=NOW,
    )
    planned = [
        p for p in window(session, settings, date(2027, 4, 1), 40) if "praktisk" in p.event_title
    ]
    assert {p.target_label for p in planned} == {"unit:malselv"}
    assert date(2027, 4, 30) in {local(p.due_at).date() for p in planned}


# --- landing well: holidays, the quiet period, one nudge a day, snoozing ------------------


def test_a_week_before_reminder_never_lands_on_17_mai(session, settings) -> None:
    from bot.models import EventKind, PlanEventCreate
    from bot.services.events import create_event

    event = create_event(
        session=session,
        event_in=PlanEventCreate(
            title="Styremøte",
            kind=EventKind.MEETING,
            start_date=date(2027, 5, 24),
            start_time=time(19),
        ),
        actor="t",
        now=NOW,
    )
    planned = [
        p
        for p in window(session, settings, date(2027, 5, 1), 30)
        if p.event_id == event.id and p.target_label == "unit:tromso"
    ]
    days = {p.rule: local(p.due_at).date() for p in planned}
    # 17 May 2027 is both Grunnlovsdag and Whit Monday: the Friday before; the meeting's own day
    # (a rule that says `any`) stays.
    assert days == {"meeting.week_before": date(2027, 5, 14), "meeting.on_day": date(2027, 5, 24)}
    week_before = next(p for p in planned if p.rule == "meeting.week_before")
    assert "om 10 dager" in week_before.message.headline


def _working_days_after_migration(
    tmp_path, *, from_revision: str, kind: str, anchor: str, offset: int, audience: str, rules
) -> dict[str, str]:
    """Each rule's working_days after migrating a database at `from_revision` holding `rules`
    ((rule, working_days) pairs of one event kind) to the head."""
    from sqlalchemy import text

    from bot.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, from_revision)
    with engine.begin() as conn:
        for rule, working_days in rules:
            conn.execute(
                text(
                    "INSERT INTO nudgepolicy (event_kind, rule, template, anchor, offset_days, at,"
                    " minutes_before_start, audience, working_days, repeat_every_days,"
                    " repeat_count, min_span_days, precisions, buttons, enabled) VALUES"
                    " (:kind, :rule, :kind, :anchor, :offset, 'morning', 0, :audience, :wd,"
                    " 0, 0, 0, '[]', 0, 1)"
                ),
                {
                    "kind": kind,
                    "rule": rule,
                    "anchor": anchor,
                    "offset": offset,
                    "audience": audience,
                    "wd": working_days,
                },
            )
    migrate(engine)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT rule, working_days FROM nudgepolicy")).all())
    engine.dispose()
    return rows


def test_migration_moves_week_before_rules_off_holidays_unless_staff_changed_them(tmp_path) -> None:
    rules = (
        ("meeting.week_before", "any"),
        ("campaign.week_before", "later"),
        ("meeting.on_day", "any"),
    )
    assert _working_days_after_migration(
        tmp_path,
        from_revision="0004",
        kind="meeting",
        anchor="start",
        offset=-7,
        audience="units",
        rules=rules,
    ) == {
        "meeting.week_before": "earlier",
        "campaign.week_before": "later",
        "meeting.on_day": "any",
    }


def test_migration_moves_a_deadlines_own_day_reminders_off_days_off_unless_staff_chose(
    tmp_path,
) -> None:
    rules = (
        ("deadline.on_day", "any"),
        ("deadline.staff_on_day", "later"),
        ("meeting.on_day", "any"),
    )
    assert _working_days_after_migration(
        tmp_path,
        from_revision="0014",
        kind="deadline",
        anchor="end",
        offset=0,
        audience="open_units",
        rules=rules,
    ) == {
        "deadline.on_day": "earlier",
        "deadline.staff_on_day": "later",
        "meeting.on_day": "any",
    }


def test_the_7_and_2_day_nudges_before_easter_become_one(session, settings) -> None:
    event = add_deadline(session=session, title="Påskefrist", on=date(2027, 3, 31), now=NOW)
    planned = [
        p
        for p in window(session, settings, date(2027, 3, 24), 1)
        if p.event_id == event.id and p.target_label in ("unit:tromso", "staff")
    ]
    # 29 March is Easter Monday, so the 2-day nudge moves back to Wednesday 24 March, the day of
    # the 7-day nudge: each target gets one, from the rule nearest the deadline, saying "om 7 dager".
    assert sorted(p.rule for p in planned) == ["deadline.before_2d", "deadline.staff_2d"]
    assert all("fristen går ut om 7 dager" in p.message.headline for p in planned)


def test_overdue_reminders_wait_out_the_quiet_period(session, settings) -> None:
    event = add_deadline(session=session, title="Julefrist", on=date(2026, 12, 17), now=NOW)

    def overdue(settings: Settings) -> dict[str, date]:
        return {
            p.rule: local(p.due_at).date()
            for p in window(session, settings, date(2026, 12, 1), 60)
            if p.event_id == event.id
            and p.target_label == "unit:tromso"
            and p.rule.startswith("deadline.overdue")
        }

    # 25 December and 1 January fall in the quiet period (12-24..01-01): both wait for Monday
    # 4 January, where they become one.
    assert overdue(settings) == {
        "deadline.overdue": date(2026, 12, 18),
        "deadline.overdue#2": date(2027, 1, 4),
        "deadline.overdue#4": date(2027, 1, 8),
        "deadline.overdue#5": date(2027, 1, 15),
    }
    assert overdue(settings.with_changes(quiet_period=None)) == {
        "deadline.overdue": date(2026, 12, 18),
        "deadline.overdue#2": date(2026, 12, 28),
        "deadline.overdue#3": date(2027, 1, 4),
        "deadline.overdue#4": date(2027, 1, 8),
        "deadline.overdue#5": date(2027, 1, 15),
    }
    december = settings.with_changes(quiet_period=((12, 1), (12, 31)))
    assert overdue(december)["deadline.overdue"] == date(2027, 1, 4)


def _tromso_rows_on(session: Session, day: date) -> list[Nudge]:
    start = datetime.combine(day, time(0), tzinfo=OSLO)
    return [
        r
        for r in rows(session, target="CTROMSO", state=NudgeState.PENDING)
        if start <= local(r.due_at) < start + timedelta(days=1)
    ]


def test_snoozing_on_the_deadline_day_brings_one_message_next_morning(session, settings) -> None:
    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    sync_outbox(session=session, now=NOW, settings=settings)
    event = find_event(session=session, query="forslagsfrist")
    event.deliver_after_due = True  # else tomorrow is too late to hand in: no snooze (walk10)
    [on_day] = rows(session, key=f"{event.id}:once:deadline.on_day:unit:tromso")
    clicked = oslo(2026, 12, 1, 20, 0)
    answer = snooze_nudge(
        session=session, nudge_id=on_day.id, actor="ULEADER01", now=clicked, settings=settings
    )
    [morning] = _tromso_rows_on(session, date(2026, 12, 2))
    assert answer.id == morning.id and morning.rule == "deadline.overdue"


def test_a_snooze_past_the_deadline_reads_as_overdue(session, settings) -> None:
    from schedules.policies import update_policy
    from schedules.render import NudgeSpec, render_nudge

    update_unit(
        session=session,
        unit=find_unit(session=session, ref="tromso"),
        actor="t",
        now=NOW,
        slack_channel="CTROMSO",
    )
    update_policy(session=session, rule="deadline.overdue", actor="t", now=NOW, enabled=False)
    sync_outbox(session=session, now=NOW, settings=settings)
    event = find_event(session=session, query="forslagsfrist")
    event.deliver_after_due = True  # else tomorrow is too late to hand in: no snooze (walk10)
    [on_day] = rows(session, key=f"{event.id}:once:deadline.on_day:unit:tromso")
    snoozed = snooze_nudge(
        session=session,
        nudge_id=on_day.id,
        actor="ULEADER01",
        now=oslo(2026, 12, 1, 20, 0),
        settings=settings,
    )
    assert [r.id for r in _tromso_rows_on(session, date(2026, 12, 2))] == [snoozed.id]
    message = render_nudge(
        key=snoozed.key,
        rule=snoozed.rule,
        spec=NudgeSpec.from_json(snoozed.payload["spec"]),
        event=event,
        moment=snoozed.due_at,
        language="nb",
        tz=OSLO,
    )
    assert message.headline.startswith(
        "⚠️ Forslagsfrist til landsmøtet 2027: fristen gikk ut i går, tirsdag 1. desember 2026"
    )
