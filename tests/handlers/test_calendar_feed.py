"""`GET /calendar.ics?token=…`: 200 with the token, 403 without it, 404 when no token is configured."""

from __future__ import annotations

import dataclasses
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from icalendar import Calendar

from bot.runtime import Runtime
from handlers.calendar_feed import CALENDAR_PATH, make_calendar_feed

TOKEN = "s3cret-token-0123456789"


def get(
    runtime: Runtime, query: str = "", method: str = "GET"
) -> tuple[str, dict[str, str], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": CALENDAR_PATH,
        "QUERY_STRING": query,
    }
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(make_calendar_feed(runtime)(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def with_token(runtime: Runtime) -> Runtime:
    return dataclasses.replace(
        runtime, settings=runtime.settings.with_changes(calendar_token=TOKEN)
    )


def test_right_token_gets_the_plan_as_icalendar(with_token: Runtime) -> None:
    status, headers, body = get(with_token, f"token={TOKEN}")
    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/calendar")
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert "Forslagsfrist til landsmøtet 2027" in titles


@pytest.mark.parametrize("query", ["", "token=", "token=wrong", f"token={TOKEN}x", "tok=" + TOKEN])
def test_wrong_or_missing_token_is_forbidden(with_token: Runtime, query: str) -> None:
    status, headers, body = get(with_token, query)
    assert status == "403 Forbidden"
    assert headers["Content-Type"].startswith("text/plain")
    assert "token" in body.decode() and b"VCALENDAR" not in body


def test_no_token_configured_means_no_feed(runtime: Runtime) -> None:
    status, _, body = get(runtime, f"token={TOKEN}")
    assert status == "404 Not Found"
    assert "PLANBOT_CALENDAR_TOKEN" in body.decode()


def test_head_gets_headers_only(with_token: Runtime) -> None:
    status, headers, body = get(with_token, f"token={TOKEN}", method="HEAD")
    assert status == "200 OK" and int(headers["Content-Length"]) > 0 and body == b""
