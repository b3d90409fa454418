"""The queue of hand-ins whose files are fetched from Slack: a SIGKILL mid-download loses nothing and
doubles nothing; a file that cannot be fetched is retried, and the leader is told when it fails."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlmodel import select

from bot.clock import FixedClock
from bot.models import Delivery, DeliveryFile, ObligationState, PendingDelivery
from bot.runtime import Runtime
from bot.services.deliveries import LEASE, MAX_ATTEMPTS, queue_hand_in
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import find_unit
from handlers.deliveries import process_pending
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import LEADER, oslo
from tests.utils.outbox import send_due

ROOT = Path(__file__).resolve().parents[2]
PROPOSAL = b"%PDF-1.4 proposals " * 500

WORKER = """
import sys
from slack_sdk import WebClient
from bot.runtime import build_runtime
from bot.settings import load_settings
from handlers.deliveries import process_pending

runtime = build_runtime(load_settings(dotenv_path=None))
client = WebClient(token="xoxb-test", base_url=sys.argv[1])
process_pending(runtime=runtime, client=client)
print("finished")
"""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 11, 25, 18, 0))


def _queue(runtime: Runtime, files: list[dict[str, object]]) -> int:
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        obligation = get_obligation(
            session=session, event=event, unit=find_unit(session=session, ref="tromso")
        )
        pending = queue_hand_in(
            session=session,
            key="slack:test:1",
            obligation=obligation,
            actor=LEADER,
            text="",
            none_answer=False,
            files=files,
            replace=True,
            reply_to=LEADER,
            now=runtime.clock.now(),
        )
        return pending.id or 0


def _later(runtime: Runtime, delta: timedelta) -> Runtime:
    return dataclasses.replace(runtime, clock=FixedClock(runtime.clock.now() + delta))


def _obligation_state(runtime: Runtime) -> str:
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        unit = find_unit(session=session, ref="tromso")
        return get_obligation(session=session, event=event, unit=unit).state


@pytest.mark.slow
def test_sigkill_during_a_download_loses_nothing_and_doubles_nothing(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    pending_id = _queue(runtime, [file])
    gate = standin.hold_downloads()
    env = {
        **os.environ,
        "DATABASE_URL": runtime.settings.database_url,
        "PLANBOT_NOW": runtime.clock.now().isoformat(),
        "PYTHONPATH": str(ROOT),
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER, standin.api_url], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not standin.downloads() and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.01)
        assert standin.downloads() == [file["id"]], "the worker never started the download"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    gate.set()

    with runtime.session() as session:
        pending = session.get(PendingDelivery, pending_id)
        assert pending is not None and pending.state == "pending"
        assert session.exec(select(Delivery)).all() == []
    assert _obligation_state(runtime) == ObligationState.OPEN

    # While the killed worker's lease runs, nobody takes it; after it, the retry stores it once.
    assert process_pending(runtime=runtime, client=_client(standin)) == []
    after = _later(runtime, LEASE + timedelta(seconds=1))
    outcomes = process_pending(runtime=after, client=_client(standin))
    assert [o.stored for o in outcomes] == [True]
    assert process_pending(runtime=_later(after, timedelta(hours=1)), client=_client(standin)) == []

    with runtime.session() as session:
        files = session.exec(select(DeliveryFile)).all()
        assert [f.content for f in files] == [PROPOSAL]
        assert len(session.exec(select(Delivery)).all()) == 1
    assert _obligation_state(runtime) == ObligationState.DONE
    send_due(after, _client(standin))
    send_due(_later(after, timedelta(minutes=5)), _client(standin))
    receipts = standin.posts_to(LEADER)
    assert len(receipts) == 1 and "forslag.pdf" in str(receipts[0].payload)


def test_a_file_that_cannot_be_fetched_is_retried_then_the_leader_is_told(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    file["url_private"] = file["url_private_download"] = str(file["url_private"]).replace(
        str(file["id"]), "FGONE"
    )
    pending_id = _queue(runtime, [file])
    moment = runtime
    for attempt in range(MAX_ATTEMPTS):
        outcomes = process_pending(runtime=moment, client=_client(standin))
        assert len(outcomes) == 1 and outcomes[0].failed == (attempt == MAX_ATTEMPTS - 1)
        send_due(moment, _client(standin))
        moment = _later(moment, timedelta(days=1))
    with runtime.session() as session:
        pending = session.get(PendingDelivery, pending_id)
        assert pending is not None and pending.state == "failed"
        assert session.exec(select(Delivery)).all() == []
    assert _obligation_state(runtime) == ObligationState.OPEN
    told = standin.posts_to(LEADER)
    assert len(told) == 1 and "fikk ikke hentet filene" in told[0].text


def test_a_url_outside_slack_is_never_sent_the_bot_token(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    file["url_private"] = file["url_private_download"] = "https://evil.example.org/forslag.pdf"
    _queue(runtime, [file])
    [outcome] = process_pending(runtime=runtime, client=_client(standin))
    assert outcome.failed and standin.downloads() == []


def _client(standin: SlackStandIn) -> WebClient:
    return WebClient(token="xoxb-test", base_url=standin.api_url)


def test_the_receipt_is_stored_with_the_hand_in_and_survives_a_stop_before_it_is_sent(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    """The bot stops right after storing a hand-in (nothing woke the dispatcher, nothing was posted):
    the receipt is in the outbox already, and the next dispatcher sends it once."""
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    _queue(runtime, [file])
    [outcome] = process_pending(runtime=runtime, client=_client(standin))
    assert outcome.stored and standin.posts_to(LEADER) == []

    restarted = _later(runtime, timedelta(minutes=2))
    assert send_due(restarted, _client(standin)).sent == 1
    assert send_due(_later(restarted, timedelta(minutes=1)), _client(standin)).sent == 0
    [receipt] = standin.posts_to(LEADER)
    assert "Mottatt for Tromsø" in receipt.text and "forslag.pdf" in str(receipt.payload)


def test_a_receipt_slack_refuses_at_first_is_sent_later_once(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    _queue(runtime, [file])
    woken: list[Runtime] = []
    process_pending(runtime=runtime, client=_client(standin), wake=lambda: woken.append(runtime))
    assert woken, "storing a hand-in did not wake the dispatcher"
    standin.fail("chat.postMessage", 500, count=1)
    assert send_due(runtime, _client(standin)).sent == 0
    assert standin.posts_to(LEADER) == []
    for minutes in (5, 30, 120):
        send_due(_later(runtime, timedelta(minutes=minutes)), _client(standin))
    assert len(standin.posts_to(LEADER)) == 1


@pytest.mark.parametrize("hour", [22, 6])
def test_a_receipt_goes_at_once_outside_the_hours_nudges_wait_for(
    runtime: Runtime, standin: SlackStandIn, hour: int
) -> None:
    """Nudges wait for PLANBOT_SEND_FROM; the answer to a hand-in at 22:00 or 06:00 does not."""
    night = dataclasses.replace(runtime, clock=FixedClock(oslo(2026, 11, 26, hour, 0)))
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    _queue(night, [file])
    process_pending(runtime=night, client=_client(standin))
    assert send_due(night, _client(standin)).sent == 1
    assert len(standin.posts_to(LEADER)) == 1


def test_staff_hear_when_a_receipt_can_never_be_sent(
    runtime: Runtime, standin: SlackStandIn
) -> None:
    """The leader's account is gone: staff are told the receipt did not arrive and that the hand-in
    is stored (not the channel advice a failed reminder gets)."""
    runtime.settings = runtime.settings.with_changes(staff_channel="CSTAFF")
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    _queue(runtime, [file])
    process_pending(runtime=runtime, client=_client(standin))
    standin.fail("chat.postMessage", 200, error="account_inactive")
    send_due(runtime, _client(standin))
    [notice] = [p for p in standin.posts() if p.channel == "CSTAFF"]
    assert f"Kvitteringen kom ikke fram til <@{LEADER}> (account_inactive)" in notice.text
    assert "Innleveringen er lagret" in notice.text and "planbot unit set" not in notice.text
    assert standin.posts_to(LEADER) == []
    assert "📅" not in json.dumps(notice.payload.get("blocks"), ensure_ascii=False)


@pytest.mark.parametrize("files", ['["ikke en fil"]', "42", '{"id": "F1"}'])
def test_a_queued_hand_in_edited_by_hand_is_given_up_once_and_the_next_one_is_stored(
    runtime: Runtime, standin: SlackStandIn, files: str
) -> None:
    """The oldest row in the queue holds files that are not files (a hand edit): it fails once
    with its leader told, and the hand-in queued after it is stored, not held up behind it."""
    bad = _queue(runtime, [{"id": "F0", "name": "x.pdf", "url_private": "http://x"}])
    with runtime.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE pendingdelivery SET files = '{files}' WHERE id = {bad}")
    with runtime.session() as session:  # a second unit's hand-in, queued after it
        event = find_event(session=session, query="forslagsfrist")
        senja = get_obligation(
            session=session, event=event, unit=find_unit(session=session, ref="senja")
        )
        queue_hand_in(
            session=session,
            key="slack:test:2",
            obligation=senja,
            actor=LEADER,
            text="Forslag",
            none_answer=False,
            files=[],
            replace=True,
            reply_to=None,
            now=runtime.clock.now(),
        )
    outcomes = process_pending(runtime=runtime, client=_client(standin))
    assert [(o.stored, o.failed) for o in outcomes] == [(False, True), (True, False)]
    assert (
        process_pending(runtime=_later(runtime, timedelta(hours=1)), client=_client(standin)) == []
    )
    send_due(runtime, _client(standin))
    told = standin.posts_to(LEADER)
    assert len(told) == 1 and "fikk ikke hentet filene" in told[0].text
