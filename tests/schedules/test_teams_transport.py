"""Teams through the outbox, against the local Workflows webhook stand-in: a Teams-only unit gets its
forslagsfrist nudges as valid Adaptive Cards and its "Ferdig" link marks it done; Slack and Teams
side by side; 429, 5xx and timeouts; deleted workflows; pacing; the journal after a crash."""

from __future__ import annotations

import os
import random
import signal
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from sqlmodel import select

from bot.clock import FixedClock, SystemClock
from bot.db import make_engine, migrate, session_scope
from bot.messages import ACTION_DONE, ACTION_SNOOZE, NudgeMessage
from bot.models import Nudge, NudgeState, Obligation, ObligationState, TeamsPost, Unit
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import find_unit, update_unit
from bot.webhooks import mask_webhook_url
from handlers.blocks import outbox_blocks
from handlers.teams_pages import LinkPages, add_link_routes
from planbot.testing.slack_standin import SlackStandIn
from planbot.testing.teams_standin import TeamsWebhookStandIn
from schedules.dispatcher import Dispatcher
from schedules.jobs import run_dispatch_tick
from schedules.outbox import sync_outbox
from schedules.render import message_to_json
from schedules.teams_journal import ACCEPTED, POSTING, UNVERIFIED
from schedules.teams_links import LinkSettings
from schedules.teams_transport import TeamsTransport
from schedules.transports import SlackTransport, slack_client
from tests.conftest import oslo
from tests.schedules.factories import add_deadline
from tests.schedules.teams_schema import message_errors
from tests.utils.web import serving
from tests.utils.workers import start_worker

LINK_SECRET = "teams-transport-test-secret-0123456789abcdef"
FORSLAGSFRIST = "forslagsfrist-landsmotet-2027"
D7 = oslo(2026, 11, 24, 9, 0)


class Router:
    """A bare WSGI router with add_route, so the link pages are served without any Slack app."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, str, object]] = []

    def add_route(self, method: str, prefix: str, handler: object) -> None:
        self.routes.append((method, prefix, handler))

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        for method, prefix, handler in self.routes:
            if environ["REQUEST_METHOD"] in (method, "HEAD") and environ["PATH_INFO"].startswith(
                prefix
            ):
                return handler(environ, start_response)  # type: ignore[operator]
        start_response("404 Not Found", [])
        return [b""]


@pytest.fixture
def webhooks() -> Iterator[TeamsWebhookStandIn]:
    with TeamsWebhookStandIn(validate=message_errors) as server:
        yield server


@pytest.fixture
def teams_runtime(runtime: Runtime, webhooks: TeamsWebhookStandIn, clock: FixedClock) -> Runtime:
    """The built-in plan on the d7 morning of the forslagsfrist; staff only on Teams; link pages up."""
    clock.set(D7)
    runtime.settings = runtime.settings.with_changes(
        staff_channel=None,
        teams_webhook_url=webhooks.webhook_url("staff"),
        link_secret=LINK_SECRET,
        public_url="http://127.0.0.1:1",
    )
    return runtime


@pytest.fixture
def link_site(teams_runtime: Runtime) -> Iterator[str]:
    router = Router()
    add_link_routes(
        router,
        LinkPages(
            engine=teams_runtime.engine, settings=teams_runtime.settings, clock=teams_runtime.clock
        ),
    )
    with serving(router) as base:
        teams_runtime.settings = teams_runtime.settings.with_changes(public_url=base)
        yield base


def set_webhook(runtime: Runtime, slug: str, url: str | None, **extra: object) -> None:
    with runtime.session() as session:
        unit = find_unit(session=session, ref=slug)
        update_unit(
            session=session,
            unit=unit,
            actor="test",
            now=runtime.clock.now(),
            teams_webhook_url=url,
            **extra,
        )


def teams_transport_for(runtime: Runtime, **kwargs: object) -> TeamsTransport:
    options: dict[str, object] = {"timeout": 5.0, **kwargs}
    return TeamsTransport(
        engine=runtime.engine,
        settings=runtime.settings,
        clock=runtime.clock,
        links=LinkSettings.from_settings(runtime.settings),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
def dispatch(teams_runtime: Runtime) -> Iterator:
    """tick(**transport options): one dispatcher pass (sync + send) with the Teams transport."""
    made: list[Dispatcher] = []

    def tick(slack: SlackStandIn | None = None, **options: object):  # type: ignore[no-untyped-def]
        while made:
            made.pop().close()
        transports: dict[str, object] = {"teams": teams_transport_for(teams_runtime, **options)}
        if slack is not None:
            client = slack_client(
                teams_runtime.settings.with_changes(slack_api_url=slack.api_url.rstrip("/"))
            )
            transports["slack"] = SlackTransport(client=client, blocks=outbox_blocks)
        dispatcher = Dispatcher(
            engine=teams_runtime.engine,
            settings=teams_runtime.settings,
            transports=transports,  # type: ignore[arg-type]
            clock=teams_runtime.clock,
            settle_seconds=0,
        )
        made.append(dispatcher)
        return run_dispatch_tick(runtime=teams_runtime, dispatcher=dispatcher)

    yield tick
    while made:
        made.pop().close()


def accepted_keys(webhooks: TeamsWebhookStandIn) -> Counter[str]:
    return Counter(p.key for p in webhooks.posts() if p.key)


def rows(runtime: Runtime, **where: object) -> list[Nudge]:
    with runtime.session() as session:
        query = select(Nudge)
        for name, value in where.items():
            query = query.where(getattr(Nudge, name) == value)
        return list(session.exec(query))


# --- done when ------------------------------------------------------------------------------


def test_a_teams_only_unit_gets_its_forslagsfrist_nudge_and_ferdig_marks_it_done(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, link_site: str, dispatch
) -> None:
    set_webhook(teams_runtime, "tromso", webhooks.webhook_url("tromso"))
    result = dispatch()
    assert result.failed == 0
    posts = webhooks.posts("tromso")
    assert len(posts) == 1
    post = posts[0]
    assert message_errors(post.body) == []
    assert post.card["version"] == "1.4"
    assert post.texts[0].startswith("⏰ Forslagsfrist til landsmøtet 2027: fristen går ut om 7")
    assert "om 7 dager" in post.texts[0]
    assert any("Kommuneparti: Tromsø" in text for text in post.texts)
    # The forslagsfrist asks for proposals: *Lever* takes the place of *Ferdig*.
    assert set(post.links) == {"Lever", "Minn meg på i morgen"}
    assert all(url.startswith(link_site + "/lenke/") for url in post.links.values())
    # The staff summary went to the staff's Teams webhook; no other unit has a way in.
    staff = webhooks.posts("staff")
    assert len(staff) == 1 and "0 av 22 kommunepartier har levert" in staff[0].texts[0]
    assert {p.webhook for p in webhooks.posts()} == {"tromso", "staff"}

    answer = urllib.request.Request(post.links["Lever"], data=b"none=1", method="POST")
    with urllib.request.urlopen(answer, timeout=10) as response:
        status, page = response.status, response.read().decode("utf-8")
    assert status == 200 and "Mottatt for Tromsø" in page and "ingen forslag" in page
    with teams_runtime.session() as session:
        event = find_event(session=session, query=FORSLAGSFRIST)
        obligation = get_obligation(
            session=session, event=event, unit=find_unit(session=session, ref="tromso")
        )
        assert obligation.state == ObligationState.DONE

    # Two days before the deadline: nothing more for Tromsø, and nothing sent twice.
    teams_runtime.clock.set(oslo(2026, 11, 29, 9, 0))  # type: ignore[attr-defined]
    dispatch()
    assert len(webhooks.posts("tromso")) == 1
    assert max(accepted_keys(webhooks).values()) == 1


def test_a_teams_only_unit_is_asked_for_its_annual_meeting_and_answers_on_the_page(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, link_site: str, dispatch
) -> None:
    set_webhook(teams_runtime, "tromso", webhooks.webhook_url("tromso"))
    teams_runtime.clock.set(oslo(2026, 12, 1, 9, 0))  # type: ignore[attr-defined]
    dispatch()
    dispatch()  # asked once, not again on the next tick
    [post] = [p for p in webhooks.posts("tromso") if "årsmøtet?" in p.texts[0]]
    assert message_errors(post.body) == [] and set(post.links) == {"Velg dato"}
    answer = urllib.request.Request(post.links["Velg dato"], data=b"date=2027-02-10", method="POST")
    with urllib.request.urlopen(answer, timeout=10) as response:
        page = response.read().decode("utf-8")
    assert "praktisk styrearbeid for det nye styret: frist mandag 10. mai 2027" in page
    with teams_runtime.session() as session:
        tromso = find_unit(session=session, ref="tromso")
        assert (
            tromso.annual_meeting is not None and tromso.annual_meeting.isoformat() == "2027-02-10"
        )


def test_a_unit_with_slack_and_teams_gets_one_message_on_each(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, standin: SlackStandIn, dispatch
) -> None:
    set_webhook(teams_runtime, "harstad", webhooks.webhook_url("harstad"), slack_channel="CHARSTAD")
    dispatch(slack=standin)
    dispatch(slack=standin)  # a second pass sends nothing again
    slack_posts = [c for c in standin.posts() if c.channel == "CHARSTAD"]
    assert len(slack_posts) == 1
    assert len(webhooks.posts("harstad")) == 1
    harstad = rows(teams_runtime, rule="deadline.before_7d")
    by_transport = Counter(r.transport for r in harstad if "harstad" in r.target_label)
    assert by_transport == Counter({"slack": 1, "teams": 1})
    assert {r.state for r in harstad if "harstad" in r.target_label} == {NudgeState.SENT}


# --- faults ---------------------------------------------------------------------------------


def test_429_and_5xx_for_a_while_then_everything_exactly_once(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, dispatch
) -> None:
    """The transport posts once per send; the outbox's one retry policy tries again later, never
    sooner than Retry-After."""
    for slug in ("tromso", "harstad", "senja"):
        set_webhook(teams_runtime, slug, webhooks.webhook_url(slug))
    webhooks.fail("tromso", 429, 2, retry_after=120)
    webhooks.fail("harstad", 503, 1)
    webhooks.fail("senja", 500, 4)
    webhooks.fail("staff", 502, 2)
    start = teams_runtime.clock.now()
    result = dispatch()
    assert result.deferred == 4
    refused = Counter(p.status for p in webhooks.all_posts() if not p.accepted)
    assert refused == Counter({500: 1, 429: 1, 502: 1, 503: 1})  # one post each, no retry inside
    [limited] = [
        r for r in rows(teams_runtime, transport="teams") if r.last_error == "teams_http_429"
    ]
    assert limited.next_attempt_at >= start + timedelta(
        seconds=120
    )  # Retry-After over 30 s backoff
    for _ in range(4):
        teams_runtime.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
        dispatch()
    keys = accepted_keys(webhooks)
    due = [r for r in rows(teams_runtime, transport="teams") if r.due_at <= D7]
    assert len(due) == 4  # three units and the staff summary
    assert set(keys) == {r.key for r in due}
    assert max(keys.values()) == 1
    assert {r.state for r in due} == {NudgeState.SENT}
    refused = Counter(p.status for p in webhooks.all_posts() if not p.accepted)
    assert refused == Counter({500: 4, 429: 2, 502: 2, 503: 1})


def test_a_deleted_workflow_fails_for_good_and_staff_are_told_in_teams(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, dispatch
) -> None:
    set_webhook(teams_runtime, "tromso", webhooks.webhook_url("tromso"))
    webhooks.remove("tromso", 410)
    dispatch()
    [failed] = rows(teams_runtime, state=NudgeState.FAILED)
    assert failed.last_error == "teams_http_410"
    assert len(webhooks.all_posts()) >= 1 and len(webhooks.posts("tromso")) == 0
    notices = [p for p in webhooks.posts("staff") if "kom ikke fram" in p.texts[0]]
    assert len(notices) == 1
    assert any("planbot unit set tromso --teams-webhook URL" in text for text in notices[0].texts)
    dispatch()  # never retried, never reported twice
    assert len([p for p in webhooks.all_posts() if p.webhook == "tromso"]) == 1
    assert len([p for p in webhooks.posts("staff") if "kom ikke fram" in p.texts[0]]) == 1


def test_staff_on_slack_and_teams_get_summaries_on_both_and_each_notice_once(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, standin: SlackStandIn, dispatch
) -> None:
    """Staff nudges go to every staff route; a notice goes once, to Slack, else (when the staff
    channel itself is what failed) to Teams."""
    teams_runtime.settings = teams_runtime.settings.with_changes(staff_channel="CSTAFF")
    set_webhook(teams_runtime, "tromso", webhooks.webhook_url("tromso"))
    webhooks.remove("tromso", 410)
    standin.set_channel_error("CSTAFF", "channel_not_found")
    dispatch(slack=standin)
    dispatch(slack=standin)  # nothing is reported twice
    summaries = rows(teams_runtime, rule="deadline.staff_7d")
    assert {(r.target, r.state) for r in summaries} == {
        ("CSTAFF", NudgeState.FAILED),
        ("teams:staff", NudgeState.SENT),
    }
    # The unit's failure went to the staff channel only (which refused it: nobody is told twice).
    unit_notice = rows(
        teams_runtime, key=f"failure:{rows(teams_runtime, target='teams:tromso')[0].id}"
    )
    assert [r.target for r in unit_notice] == ["CSTAFF"]
    # The staff channel's own failure could only be told in Teams.
    [slack_failed] = [r for r in summaries if r.target == "CSTAFF"]
    assert [r.target for r in rows(teams_runtime, key=f"failure:{slack_failed.id}")] == [
        "teams:staff"
    ]
    notices = [p for p in webhooks.posts("staff") if "kom ikke fram" in p.texts[0]]
    assert len(notices) == 1


def test_no_webhook_url_ever_reaches_the_database_or_an_error(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, dispatch
) -> None:
    url = webhooks.webhook_url("tromso")
    set_webhook(teams_runtime, "tromso", url)
    webhooks.remove("tromso", 404)
    dispatch()
    secret = url.rsplit("sig=", 1)[1]
    for row in rows(teams_runtime):
        assert secret not in repr(row.model_dump())
    assert mask_webhook_url(url).endswith("****" + secret.replace("-", "").replace("_", "")[-4:])
    assert secret not in mask_webhook_url(url)


def test_a_timeout_after_the_post_left_is_not_repeated_and_staff_are_told(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, dispatch
) -> None:
    set_webhook(teams_runtime, "tromso", webhooks.webhook_url("tromso"))
    webhooks.fail("tromso", 202, 1, delay=1.5)  # received, but answered too late
    dispatch(timeout=0.4)
    [row] = rows(teams_runtime, target="teams:tromso", rule="deadline.before_7d")
    assert row.state == NudgeState.PENDING and row.verify_before_send
    teams_runtime.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
    dispatch(timeout=0.4)
    [row] = rows(teams_runtime, target="teams:tromso", rule="deadline.before_7d")
    assert (row.state, row.ts) == (NudgeState.SENT, UNVERIFIED)
    assert len([p for p in webhooks.all_posts() if p.webhook == "tromso"]) == 1
    notes = [p for p in webhooks.posts("staff") if "vet ikke om den kom fram" in p.texts[0]]
    assert len(notes) == 1


def test_the_journal_decides_after_a_crash(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn, dispatch
) -> None:
    """Rows left in `sending`: accepted ones are recorded, unposted ones are sent, and the one
    caught mid-request is not repeated (at most once) but reported."""
    for slug in ("tromso", "harstad", "senja"):
        set_webhook(teams_runtime, slug, webhooks.webhook_url(slug))
    now = teams_runtime.clock.now()
    with teams_runtime.session() as session:
        sync_outbox(session=session, now=now, settings=teams_runtime.settings)
    with teams_runtime.session() as session:
        query = select(Nudge).where(Nudge.rule == "deadline.before_7d")
        units = {r.target: r for r in session.exec(query)}
        for target, journal in (
            ("teams:tromso", ACCEPTED),
            ("teams:harstad", POSTING),
            ("teams:senja", None),
        ):
            row = units[target]
            row.state, row.claimed_by, row.claimed_at = NudgeState.SENDING, "dead", now
            session.add(row)
            if journal is not None:
                session.add(TeamsPost(key=row.key, state=journal, started_at=now))
    dispatch()
    after = {r.target: r for r in rows(teams_runtime, rule="deadline.before_7d")}
    assert after["teams:tromso"].state == NudgeState.SENT
    assert after["teams:tromso"].ts == ACCEPTED
    assert after["teams:harstad"].ts == UNVERIFIED
    assert after["teams:senja"].ts == ACCEPTED
    assert [p.webhook for p in webhooks.all_posts() if p.webhook != "staff"] == ["senja"]
    notes = [p for p in webhooks.posts("staff") if "vet ikke om den kom fram" in p.texts[0]]
    assert len(notes) == 1 and "harstad" in notes[0].texts[0]


def test_pacing_stays_under_four_posts_a_second_per_webhook(
    teams_runtime: Runtime, webhooks: TeamsWebhookStandIn
) -> None:
    from schedules.teams_transport import teams_transport

    transport = teams_transport(
        engine=teams_runtime.engine, settings=teams_runtime.settings, clock=teams_runtime.clock
    )
    url = webhooks.webhook_url("busy")
    message = {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": [{"type": "TextBlock", "text": "hei"}],
                },
            }
        ],
    }
    started = time.monotonic()
    for n in range(9):
        transport.post(url, message, key=f"pace:{n}", pace_key="busy")
    elapsed = time.monotonic() - started
    assert webhooks.state.throttled == 0
    assert len(webhooks.posts("busy")) == 9
    assert elapsed >= 8 * 0.25


# --- a dispatcher process killed with SIGKILL and restarted ---------------------------------


def make_teams_wave(url: str, webhooks: TeamsWebhookStandIn, count: int) -> list[str]:
    """`count` Teams-only units, a deadline with their obligations, and one nudge each due now."""
    engine = make_engine(url)
    migrate(engine)
    now = SystemClock().now()
    keys = []
    with session_scope(engine) as session:
        units = [
            Unit(
                slug=f"lag-{i:03d}",
                name=f"Lag {i:03d}",
                teams_webhook_url=webhooks.webhook_url(f"lag-{i:03d}"),
            )
            for i in range(count)
        ]
        session.add_all(units)
        session.flush()
        event = add_deadline(
            session=session, title="Bølgefrist", on=now.date() + timedelta(days=7), now=now
        )
        obligations = {
            o.unit_id: o
            for o in session.exec(select(Obligation).where(Obligation.event_id == event.id))
        }
        for unit in units:
            key = f"teamswave:{event.id}:{unit.slug}"
            message = NudgeMessage(
                idempotency_key=key,
                rule="deadline.before_7d",
                language="nb",
                event_id=event.id or 0,
                event_title=event.title,
                event_kind=event.kind,
                when_text="om sju dager",
                headline=f"⏰ {event.title} ({unit.name})",
                unit_id=unit.id,
                unit_name=unit.name,
                obligation_id=obligations[unit.id].id,
                buttons=(ACTION_DONE, ACTION_SNOOZE),
            )
            session.add(
                Nudge(
                    key=key,
                    rule="deadline.before_7d",
                    event_id=event.id,
                    unit_id=unit.id,
                    obligation_id=obligations[unit.id].id,
                    target=f"teams:{unit.slug}",
                    target_label=f"unit:{unit.slug}/teams",
                    transport="teams",
                    due_at=now - timedelta(minutes=1),
                    expires_at=now + timedelta(days=3),
                    next_attempt_at=now - timedelta(minutes=1),
                    payload={"origin": "test", "spec": None, "message": message_to_json(message)},
                    created_at=now,
                    updated_at=now,
                )
            )
            keys.append(key)
    engine.dispose()
    return keys


TEAMS_WORKER_ARGS = ("--teams", "--no-sync", "--until-idle", "--settle", "0.3")


def teams_worker_env(url: str, webhooks: TeamsWebhookStandIn) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "PLANBOT_LINK_SECRET": LINK_SECRET,
        "PLANBOT_PUBLIC_URL": "http://127.0.0.1:9",
        "TEAMS_WEBHOOK_URL": webhooks.webhook_url("staff"),
        "PLANBOT_SEND_FROM": "00:00",
        "PLANBOT_SEND_UNTIL": "23:59",
        "PLANBOT_STAFF_CHANNEL": "",
        "PLANBOT_NOW": "",
        "SLACK_BOT_TOKEN": "",
        "SLACK_API_URL": "",
    }


def teams_worker(url: str, webhooks: TeamsWebhookStandIn, log: Path, *extra: str) -> BaseProcess:
    """`python -m planbot.dispatch_worker --teams`, forked from a process that has Planbot imported
    (starts at once); its standard error goes to `log`."""
    return start_worker([*TEAMS_WORKER_ARGS, *extra], teams_worker_env(url, webhooks), stderr=log)


@pytest.mark.slow
def test_sigkill_during_a_teams_wave_never_posts_twice_and_reports_what_may_be_missing(
    tmp_path,
) -> None:
    url = f"sqlite:///{tmp_path / 'teams-crash.db'}"
    log = tmp_path / "workers.log"
    with TeamsWebhookStandIn(validate=message_errors, latency=0.03) as webhooks:
        keys = make_teams_wave(url, webhooks, 80)
        rng = random.Random(6)
        kills = 0
        while kills < 12:
            before = len(webhooks.all_posts())
            proc = teams_worker(url, webhooks, log, "--workers", "2", "--interval", "0.05")
            deadline = time.monotonic() + 30
            while len(webhooks.all_posts()) == before and proc.exitcode is None:
                assert time.monotonic() < deadline, "the dispatcher never started sending"
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.25))
            if proc.exitcode is not None:
                break
            os.kill(proc.pid, signal.SIGKILL)
            proc.join()
            kills += 1
        last = teams_worker(url, webhooks, log)
        last.join(timeout=120)
        assert last.exitcode == 0, log.read_text()
        posted = Counter(p.key for p in webhooks.posts() if p.key in set(keys))
        notes = [p for p in webhooks.posts("staff") if "vet ikke om den kom fram" in p.texts[0]]
        assert all(message_errors(p.body) == [] for p in webhooks.posts())
    assert kills >= 6, f"only {kills} kills landed during the wave"
    assert [k for k, n in posted.items() if n > 1] == []  # never twice
    engine = make_engine(url)
    with session_scope(engine) as session:
        wave = {r.key: r for r in session.exec(select(Nudge).where(Nudge.transport == "teams"))}
        wave = {k: r for k, r in wave.items() if k in set(keys)}
    engine.dispose()
    assert {r.state for r in wave.values()} == {NudgeState.SENT}
    unverified = {k for k, r in wave.items() if r.ts == UNVERIFIED}
    lost = set(keys) - set(posted)
    assert lost <= unverified  # whatever is missing was reported to staff
    # Each kill leaves at most one request in flight per send thread (two here).
    assert len(notes) == len(unverified) <= 2 * kills
    assert len(posted) >= len(keys) - 2 * kills
    print(f"kills {kills}: {len(posted)} posted, {len(unverified)} unverified, {len(lost)} lost")
