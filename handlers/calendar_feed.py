"""`GET /calendar.ics?token=…`: the plan as a subscribable iCalendar feed (Outlook, Google, Teams).

Wiring (HTTP mode): `web_app.add_route("GET", CALENDAR_PATH, make_calendar_feed(runtime))`.
The token is compared in constant time with PLANBOT_CALENDAR_TOKEN; a wrong or missing token gets
403, and with no token configured the feed does not exist (404).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from urllib.parse import parse_qs

from bot.calendar import export_calendar
from bot.runtime import Runtime
from bot.settings import secret_value
from bot.texts import t

CALENDAR_PATH = "/calendar.ics"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def calendar_feed(
    environ: dict[str, Any], start_response: Callable[..., Any], *, runtime: Runtime
) -> Iterable[bytes]:
    """Serve the plan as .ics to whoever holds the calendar token."""
    lang = runtime.language
    expected = secret_value(runtime.settings.calendar_token)
    if not expected:
        return _text(start_response, "404 Not Found", t("calendar.not_configured", lang))
    given = parse_qs(environ.get("QUERY_STRING", "")).get("token", [""])[0]
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return _text(start_response, "403 Forbidden", t("calendar.forbidden", lang))
    with runtime.session() as session:
        body = export_calendar(
            session=session,
            tz=runtime.settings.timezone,
            now=runtime.clock.now(),
            name=t("calendar.name", lang),
            lang=lang,
        )
    start_response(
        "200 OK",
        [
            ("Content-Type", ICS_CONTENT_TYPE),
            ("Content-Length", str(len(body))),
            ("Content-Disposition", 'inline; filename="arbeidsplan.ics"'),
            ("Cache-Control", "private, max-age=900"),
        ],
    )
    if environ.get("REQUEST_METHOD", "GET").upper() == "HEAD":
        return [b""]
    return [body]


def make_calendar_feed(runtime: Runtime) -> WSGIApp:
    """The feed as a plain WSGI app for the HTTP router's add_route."""
    return partial(calendar_feed, runtime=runtime)


def _text(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = (text + "\n").encode()
    start_response(
        status, [("Content-Type", TEXT_CONTENT_TYPE), ("Content-Length", str(len(body)))]
    )
    return [body]
