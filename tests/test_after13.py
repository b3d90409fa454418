"""After the forslagsfrist (after13): what walk13 saw from 2 December 2026 into January — the
county office told who did not hand in, no dead *Lever* for a leader, one overdue reminder that
says what to do, one word per kind of obligation, and the Teams form's midnight."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import text
from sqlmodel import Session, select

from bot.db import make_engine, migrate
from bot.links import opened_at_of, sign_opened, verify_link
from bot.messages import ACTION_DELIVER
from bot.models import (
    Delivery,
    EventKind,
    NudgePolicy,
    ObligationState,
    PlanEvent,
    PlanEventCreate,
    PlanEventUpdate,
)
from bot.report import render_detail, render_overview
from bot.runtime import Runtime
from bot.services.events import create_event, find_event, update_event
from bot.services.obligations import get_obligation, set_obligation_state
from bot.services.questions import ensure_annual_meeting_question
from bot.services.status import deadline_detail, deadline_overview
from bot.services.units import list_units
from planbot.testing.slack_standin import SlackStandIn
from schedules.outbox import plan_window, sync_outbox
from schedules.planner import PlannedNudge
from schedules.policies import default_policies
from tests.conftest import LEADER, OSLO, oslo
from tests.handlers.conftest import leader, slack  # noqa: F401  (the Slack surface's fixtures)
from tests.handlers.slack import SlackClientSim
from tests.handlers.test_deliver_teams import post_form
from tests.handlers.test_links import (
    LINK_SECRET,
    Site,
    obligation_of,
    serve,
    state_of,
    with_links,
)
from tests.utils.outbox import send_due

LATE = ("bardu", "lyngen", "salangen")


def hand_in_all_but(session: Session, late: tuple[str, ...] = LATE) -> PlanEvent:
    """Every unit but `late` has handed in the forslagsfrist (by 30 November)."""
    event = find_event(session=session, query="forslagsfrist")
    for unit in list_units(session=session):
        if unit.slug in late or unit.slug == "troms":
            continue
        obligation = get_obligation(session=session, event=event, unit=unit)
        set_obligation_state(
            session=session,
            obligation=obligation,
            state=ObligationState.DONE,
            actor="cli",
            now=oslo(2026, 11, 30, 12),
        )
    return event


def planned(session: Session, runtime: Runtime, start: date, days: int) -> list[PlannedNudge]:
    since = datetime.combine(start, time(0), tzinfo=OSLO)
    return plan_window(
        session=session, since=since, until=since + timedelta(days=days), settings=runtime.settings
    )


def after(nudges: list[PlannedNudge], event: PlanEvent) -> list[PlannedNudge]:
    return [p for p in nudges if p.event_id == event.id and p.rule == "deadline.staff_after"]


# --- 1. the county office hears who did not hand in ------------------------------------------


def test_the_first_working_day_after_the_deadline_staff_hear_who_did_not_hand_in(
    runtime: Runtime,
) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        found = after(planned(session, runtime, date(2026, 11, 30), 40), event)
    assert [(p.due_at, p.target_label) for p in found] == [(oslo(2026, 12, 2, 9, 0), "staff")]
    message = found[0].message
    assert message.headline == (
        "📋 Forslagsfrist til landsmøtet 2027: fristen gikk ut tirsdag 1. desember 2026. "
        "19 av 22 kommunepartier leverte."
    )
    assert "Ikke levert: Bardu, Lyngen og Salangen" in message.details
    assert message.units_open == ()  # named once, in the past tense, not as «Gjenstår»


def test_when_every_unit_handed_in_the_summary_says_all_did(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session, late=())
        found = after(planned(session, runtime, date(2026, 12, 2), 1), event)
    assert found[0].message.headline.endswith("Alle 22 kommunepartiene leverte.")
    assert not any(d.startswith("Ikke levert") for d in found[0].message.details)


def test_a_deadline_on_a_friday_is_summed_up_on_monday(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        update_event(
            session=session,
            event=event,
            changes=PlanEventUpdate(start_date=date(2026, 12, 4), end_date=date(2026, 12, 4)),
            actor="cli",
            now=runtime.clock.now(),
        )
        found = after(planned(session, runtime, date(2026, 11, 30), 14), event)
    assert [local.astimezone(OSLO).date() for local in (p.due_at for p in found)] == [
        date(2026, 12, 7)
    ]
    assert "fristen gikk ut fredag 4. desember 2026" in found[0].message.headline


def test_the_summary_after_is_sent_once_even_when_the_bot_restarts(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    client = WebClient(token="xoxb-test", base_url=standin.api_url)
    with runtime.session() as session:
        hand_in_all_but(session)
    runtime.clock.set(oslo(2026, 12, 2, 9, 0))
    for _ in range(2):  # the bot started twice that morning: a full re-plan and a send each time
        with runtime.session() as session:
            sync_outbox(session=session, now=runtime.clock.now(), settings=runtime.settings)
        send_due(runtime, client)
        runtime.clock.advance(timedelta(minutes=30))
    runtime.clock.set(oslo(2026, 12, 3, 9, 0))
    with runtime.session() as session:
        sync_outbox(session=session, now=runtime.clock.now(), settings=runtime.settings)
    send_due(runtime, client)
    summaries = [p for p in standin.posts() if p.channel == "CSTAFF" and "leverte" in p.text]
    assert len(summaries) == 1, [p.text for p in summaries]
    assert "19 av 22 kommunepartier leverte. Ikke levert: Bardu, Lyngen og Salangen." in (
        summaries[0].text
    )


def test_a_bot_that_starts_late_in_the_morning_still_sends_the_summary(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        found = after(planned(session, runtime, date(2026, 12, 2), 1), event)
    # It was due 09:00; the day it is about is over by then, but the summary stands all day.
    assert found[0].expires_at == oslo(2026, 12, 3, 0, 0)


def test_a_deadline_without_units_gets_no_summary_after(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = create_event(
            session=session,
            event_in=PlanEventCreate(
                title="Fylkesstyret sender budsjettet",
                kind=EventKind.DEADLINE,
                start_date=date(2026, 12, 10),
                per_unit=False,
            ),
            actor="cli",
            now=runtime.clock.now(),
        )
        nudges = planned(session, runtime, date(2026, 12, 1), 20)
    assert [p.rule for p in nudges if p.event_id == event.id and p.target_label == "staff"] == [
        "deadline.staff_7d",
        "deadline.staff_2d",
        "deadline.staff_on_day",
    ]


def test_the_annual_meeting_question_is_summed_up_as_answered(runtime: Runtime) -> None:
    with runtime.session() as session:
        question = ensure_annual_meeting_question(
            session=session, today=date(2026, 12, 1), ask_from=(12, 1), now=oslo(2026, 12, 1, 9)
        )
        assert question is not None
        found = after(planned(session, runtime, date(2027, 1, 1), 10), question)
    assert found and "0 av 22 kommunepartier svarte" not in found[0].message.headline
    assert found[0].message.headline.endswith("Ingen av de 22 kommunepartiene svarte.")
    # «Ingen av de 22 … svarte» says it: no list of all 22 names after it
    assert not [d for d in found[0].message.details if d.startswith("Ikke svart")]


def _policies_after_migration(tmp_path, *, loaded: bool, rows: list[tuple[str, str, int]]):
    """The nudge rules (rule → (template, offset_days, enabled)) after migrating a database at
    0016 holding `rows` ((rule, template, offset_days) of deadlines) to the head."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0016")
    with engine.begin() as conn:
        for rule, template, offset in rows:
            conn.execute(
                text(
                    "INSERT INTO nudgepolicy (event_kind, rule, template, anchor, offset_days, at,"
                    " minutes_before_start, audience, working_days, repeat_every_days,"
                    " repeat_count, min_span_days, precisions, buttons, enabled) VALUES"
                    " ('deadline', :rule, :template, 'end', :offset, 'morning', 0, 'staff',"
                    " 'earlier', 0, 0, 0, '[\"day\"]', 0, 0)"
                ),
                {"rule": rule, "template": template, "offset": offset},
            )
        if loaded:
            conn.execute(
                text("INSERT INTO setting (key, value) VALUES ('seed:nudge-policies.yaml', 'x')")
            )
    migrate(engine)
    with Session(engine) as session:
        out = {
            p.rule: (p.template, p.offset_days, p.enabled, p.working_days, tuple(p.precisions))
            for p in session.exec(select(NudgePolicy))
        }
    engine.dispose()
    return out


def test_the_migration_adds_the_rule_to_a_database_whose_rules_were_loaded(tmp_path) -> None:
    # Staff switched off the 7-day summary and moved it to 5 days: it stays as they left it.
    rules = _policies_after_migration(
        tmp_path, loaded=True, rows=[("deadline.staff_7d", "staff_summary", -5)]
    )
    shipped = next(p for p in default_policies() if p.rule == "deadline.staff_after")
    assert rules == {
        "deadline.staff_7d": ("staff_summary", -5, False, "earlier", ("day",)),
        "deadline.staff_after": ("staff_after", 1, True, "later", shipped.precisions),
    }


def test_the_migration_leaves_a_rule_staff_already_have_and_an_unloaded_table(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    mine = [("deadline.staff_after", "staff_summary", 3)]
    assert _policies_after_migration(tmp_path / "a", loaded=True, rows=mine) == {
        "deadline.staff_after": ("staff_summary", 3, False, "earlier", ("day",))
    }
    # Rules not loaded yet: loading them brings this one with the rest.
    assert _policies_after_migration(tmp_path / "b", loaded=False, rows=[]) == {}


# --- 2. /ferdig after the hand-in has closed ---------------------------------------------------


def _blocks(slack: SlackClientSim, text: str = "") -> list[dict]:  # noqa: F811
    answer = slack.command("/ferdig", text, user=LEADER)
    return answer.replies()[0].payload["blocks"]


def test_bare_ferdig_after_the_deadline_shows_no_lever_but_what_to_do(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    runtime.clock.set(oslo(2026, 12, 2, 19, 0))
    blocks = _blocks(slack)
    row = next(b for b in blocks if "Forslagsfrist" in json.dumps(b, ensure_ascii=False))
    assert "accessory" not in row  # no *Lever* that only leads to a refusal
    assert "fristen er ute" in row["text"]["text"]
    assert "Send det dere har til fylkespartikontoret" in row["text"]["text"]
    other = [b for b in blocks if "Skolering" in json.dumps(b, ensure_ascii=False)]
    assert other and all(b.get("accessory") for b in other)  # the others keep their button


def test_bare_ferdig_before_the_deadline_keeps_lever(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    runtime.clock.set(oslo(2026, 12, 1, 21, 0))
    blocks = _blocks(slack)
    row = next(b for b in blocks if "Forslagsfrist" in json.dumps(b, ensure_ascii=False))
    assert row["accessory"]["text"]["text"] == "Lever"


def test_the_leaders_own_status_after_the_deadline_says_what_to_do(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    runtime.clock.set(oslo(2026, 12, 2, 19, 0))
    reply = slack.command("/status", "", user=LEADER).reply
    assert "Lever med /ferdig" not in reply
    assert (
        "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026, fristen er ute) — ikke "
        "levert. Dere kan ikke levere i Planbot lenger. Send det dere har til "
        "fylkespartikontoret" in reply
    )


# --- 3. the overdue reminders of a closed hand-in ---------------------------------------------


def test_a_closed_hand_in_gets_one_overdue_reminder_that_says_whom_to_send_it_to(
    runtime: Runtime,
) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        found = [
            p
            for p in planned(session, runtime, date(2026, 12, 2), 60)
            if p.event_id == event.id and p.target_label == "unit:bardu"
        ]
    assert [(p.rule, p.due_at) for p in found] == [("deadline.overdue", oslo(2026, 12, 2, 9, 0))]
    message = found[0].message
    assert "Bardu har ikke levert ennå" in message.headline
    assert any("Send det dere har til fylkespartikontoret" in d for d in message.details)
    assert ACTION_DELIVER not in message.buttons


def test_a_hand_in_that_takes_late_ones_keeps_its_weekly_reminders(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        update_event(
            session=session,
            event=event,
            changes=PlanEventUpdate(deliver_after_due=True),
            actor="cli",
            now=runtime.clock.now(),
        )
        found = [
            p
            for p in planned(session, runtime, date(2026, 12, 2), 60)
            if p.event_id == event.id and p.target_label == "unit:bardu"
        ]
    assert [p.rule for p in found] == [
        "deadline.overdue",
        "deadline.overdue#2",
        "deadline.overdue#3",
        "deadline.overdue#4",
        "deadline.overdue#5",
    ]
    assert ACTION_DELIVER in found[0].message.buttons


# --- 4. one word per kind of obligation -------------------------------------------------------


def test_the_hand_in_is_levert_in_the_staff_summary_and_status(runtime: Runtime) -> None:
    with runtime.session() as session:
        event = hand_in_all_but(session)
        on_day = [
            p
            for p in planned(session, runtime, date(2026, 12, 1), 1)
            if p.event_id == event.id and p.target_label == "staff"
        ]
        today = date(2026, 11, 30)
        overview = render_overview(deadline_overview(session=session, today=today), "nb")
        detail = render_detail(
            deadline_detail(session=session, event=event, today=today), "nb", tz=OSLO
        )
        late = render_overview(deadline_overview(session=session, today=date(2026, 12, 2)), "nb")
    assert "19 av 22 kommunepartier har levert, 3 gjenstår" in on_day[0].message.headline
    assert "19 av 22 kommunepartier har levert, 3 gjenstår" in overview
    assert "✅ Tromsø: levert (av fylkespartikontoret, 30. november)" in detail
    assert "3 kommunepartier har ikke levert" in late


def test_the_annual_meeting_question_is_svart_in_status_as_in_the_staff_summary(
    runtime: Runtime,
) -> None:
    with runtime.session() as session:
        question = ensure_annual_meeting_question(
            session=session, today=date(2026, 12, 1), ask_from=(12, 1), now=oslo(2026, 12, 1, 9)
        )
        assert question is not None
        staff = [
            p
            for p in planned(session, runtime, date(2026, 12, 29), 3)
            if p.event_id == question.id and p.target_label == "staff"
        ]
        overview = render_overview(
            deadline_overview(session=session, today=date(2026, 12, 2)), "nb"
        )
    assert staff and "0 av 22 kommunepartier har svart" in staff[0].message.headline
    assert "0 av 22 kommunepartier har svart, 22 gjenstår" in overview


# --- 5. the Teams hand-in page at midnight -----------------------------------------------------


@pytest.fixture
def site(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    yield from serve(with_links(runtime), standin)


def _open_form(site: Site, url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode("utf-8")
    start = page.index('name="opened" value="') + len('name="opened" value="')
    return page[start : page.index('"', start)]


def test_a_teams_form_opened_before_midnight_is_taken_when_sent_just_after(
    site: Site, runtime: Runtime
) -> None:
    with runtime.session() as session:
        tromso = obligation_of(session).id or 0
    url = site.link(ACTION_DELIVER, tromso)
    runtime.clock.set(oslo(2026, 12, 1, 23, 55))
    opened = _open_form(site, url)
    runtime.clock.set(oslo(2026, 12, 2, 0, 3))
    status, page = post_form(url, {"text": "Forslag 1.", "opened": opened}, [])
    assert status == 200 and "Mottatt for Tromsø" in page, page
    assert state_of(runtime, tromso) == ObligationState.DONE


@pytest.mark.parametrize("forge", ["earlier", "none", "other link"])
def test_a_teams_form_cannot_say_it_was_opened_before_the_deadline(
    site: Site, runtime: Runtime, forge: str
) -> None:
    with runtime.session() as session:
        tromso = obligation_of(session).id or 0
    url = site.link(ACTION_DELIVER, tromso)
    runtime.clock.set(oslo(2026, 12, 2, 0, 30))  # opened after midnight: too late already
    # (the page now says so without a form: the value it would have held, signed as it signs it)
    nonce = verify_link(
        token=url.rsplit("/", 1)[-1], secret=LINK_SECRET, now=runtime.clock.now()
    ).nonce
    opened = sign_opened(nonce=nonce, opened_at=runtime.clock.now(), secret=LINK_SECRET)
    if forge == "earlier":  # the browser's hidden field set back to 23:59
        seconds, _, signature = opened.partition(".")
        opened = f"{int(seconds) - 31 * 60}.{signature}"
    elif forge == "none":
        opened = ""
    else:  # a genuine value from another unit's link, opened before midnight
        other = site.link(ACTION_DELIVER, tromso + 1)
        runtime.clock.set(oslo(2026, 12, 1, 23, 59))
        opened = _open_form(site, other)
        runtime.clock.set(oslo(2026, 12, 2, 0, 30))
    status, page = post_form(url, {"text": "Forslag 1.", "opened": opened}, [])
    assert status == 422 and "kan ikke levere i Planbot lenger" in page
    assert state_of(runtime, tromso) == ObligationState.OPEN
    with runtime.session() as session:
        assert session.exec(select(Delivery)).all() == []


def test_a_signed_opening_time_is_bound_to_its_link_and_secret() -> None:
    at = oslo(2026, 12, 1, 23, 55)
    value = sign_opened(nonce="abcdefgh", opened_at=at, secret="s" * 32)
    assert opened_at_of(value, nonce="abcdefgh", secret="s" * 32) == at
    assert opened_at_of(value, nonce="abcdefgX", secret="s" * 32) is None
    assert opened_at_of(value, nonce="abcdefgh", secret="t" * 32) is None
    for junk in ("", "x.y", "123", "1.!!!", "99999999999999.abc"):
        assert opened_at_of(junk, nonce="abcdefgh", secret="s" * 32) is None
