"""Hostile HTTP requests to /slack/events are answered at once (400, 401, 413), their bodies are
never read when too large and never logged when unauthenticated (issue 14 items 4 and 9)."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import logging
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from bot.runtime import Runtime
from handlers.web import MAX_SLACK_BODY
from planbot.testing.slack_standin import SlackStandIn
from tests.handlers.conftest import serve
from tests.handlers.slack import SECRET, SlackClientSim, sign


@pytest.fixture
def bot(runtime: Runtime, standin: SlackStandIn) -> Iterator[SlackClientSim]:
    yield from serve(runtime, standin)


def raw_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, float]:
    """POST with exactly these headers (no Content-Length added); (status, seconds)."""
    parsed = urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
    started = time.perf_counter()
    try:
        conn.putrequest("POST", parsed.path, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        if body:
            conn.send(body)
        status = conn.getresponse().status
    finally:
        conn.close()
    return status, time.perf_counter() - started


FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize("length", ["abc", "-1", "", "1e3", " 12x"])
def test_a_malformed_content_length_is_answered_400_at_once(
    bot: SlackClientSim, length: str
) -> None:
    body = b"command=%2Fstatus"
    headers = {"Content-Type": FORM, "Content-Length": length, **sign(body.decode())}
    status, seconds = raw_post(bot.url, b"" if length == "-1" else body, headers)
    assert status == 400
    assert seconds < 2


def test_a_non_numeric_timestamp_is_answered_400(bot: SlackClientSim) -> None:
    body = b"command=%2Fstatus"
    headers = {
        "Content-Type": FORM,
        "Content-Length": str(len(body)),
        **sign(body.decode()),
        "X-Slack-Request-Timestamp": "nå",
    }
    assert raw_post(bot.url, body, headers)[0] == 400


def test_a_signed_body_that_is_not_utf8_is_answered_400(bot: SlackClientSim) -> None:
    body = b"command=%2Fstatus&text=\xff\xfe"
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    headers = {
        "Content-Type": FORM,
        "Content-Length": str(len(body)),
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }
    assert raw_post(bot.url, body, headers)[0] == 400


def test_a_huge_body_is_refused_before_it_is_read(bot: SlackClientSim) -> None:
    headers = {
        "Content-Type": FORM,
        "Content-Length": str(50 * MAX_SLACK_BODY),
        **sign("x"),
    }
    # Only the headers are sent: an answer proves the server did not wait for 50 MiB.
    status, seconds = raw_post(bot.url, b"", headers)
    assert status == 413
    assert seconds < 2


def test_a_forged_body_is_refused_and_never_logged(
    bot: SlackClientSim, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = "command=%2Fstatus&text=FORGED-MARKER-" + "A" * 5000
    headers = {
        "Content-Type": FORM,
        "Content-Length": str(len(body)),
        "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }
    assert raw_post(bot.url, body.encode(), headers)[0] == 401
    time.sleep(0.05)
    assert "FORGED-MARKER" not in caplog.text


def test_a_signed_command_still_works(bot: SlackClientSim) -> None:
    answer = bot.command("/status", "", user="USTAFF01")
    assert answer.status == 200
    assert answer.reply
