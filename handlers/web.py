"""HTTP mode: a small WSGI router (POST /slack/events through Bolt, GET /healthz, added routes)
served by a threaded wsgiref server."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("planbot.web")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
SLACK_EVENTS_PATH = "/slack/events"
# Slack's payloads are a few kilobytes (a modal with every field filled is well under 100 KiB).
MAX_SLACK_BODY = 1024 * 1024
READ_TIMEOUT_SECONDS = 30
_DIGITS = re.compile(r"[0-9]{1,12}")


class WebApp:
    """Routes requests by method and path prefix; Slack's events path goes to Bolt's WSGI adapter."""

    def __init__(
        self,
        bolt_app: App | None,
        *,
        events_path: str = SLACK_EVENTS_PATH,
        signing_secret: str | None = None,
        health: Callable[[], str] | None = None,
    ) -> None:
        self.bolt_app = bolt_app
        self._routes: list[tuple[str, str, WSGIApp]] = []
        if bolt_app is not None:  # None: no Slack (Teams only), just the added routes
            secret = signing_secret if signing_secret is not None else bolt_app._signing_secret
            bolt = SlackRequestHandler(bolt_app, path=events_path)
            self.add_route("POST", events_path, SlackRequestGuard(bolt, signing_secret=secret))
        self.add_route("GET", "/healthz", healthz(health))

    def add_route(self, method: str, path_prefix: str, handler: WSGIApp) -> None:
        """Serve `method` requests whose path starts with `path_prefix` by the WSGI app `handler`."""
        self._routes.append((method.upper(), path_prefix, handler))
        # The longest prefix wins, whatever order features add their routes in.
        self._routes.sort(key=lambda route: len(route[1]), reverse=True)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "") or "/"
        allowed = False
        for route_method, prefix, handler in self._routes:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                if route_method == method or (route_method == "GET" and method == "HEAD"):
                    return handler(environ, start_response)
                allowed = True
        status = "405 Method Not Allowed" if allowed else "404 Not Found"
        start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
        return [status.encode()]


def healthz(health: Callable[[], str] | None) -> WSGIApp:
    """GET /healthz: "ok", and a second line from `health` (e.g. whether this process dispatches)."""

    def answer(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        text = "ok\n" + (health() + "\n" if health is not None else "")
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
        return [text.encode()]

    return answer


def _plain(start_response: Callable[..., Any], status: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [status.encode()]


class SlackRequestGuard:
    """Refuses at once what never comes from Slack, before Bolt sees it (and so before anything logs
    it): a missing, malformed or too large Content-Length (400/413, the body is never read), a
    non-numeric timestamp (400), a body that is not UTF-8 (400), no, a bad or a stale signature (401).
    Unauthenticated bodies are never logged."""

    def __init__(self, app: WSGIApp, *, signing_secret: str) -> None:
        self.app = app
        self.verifier = SignatureVerifier(signing_secret)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length_text = str(environ.get("CONTENT_LENGTH") or "").strip()
        if not _DIGITS.fullmatch(length_text):
            return _plain(start_response, "400 Bad Request")
        length = int(length_text)
        if length > MAX_SLACK_BODY:
            log.info("refused a %d-byte request to %s", length, environ.get("PATH_INFO"))
            return _plain(start_response, "413 Content Too Large")
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP") or "").strip()
        if not timestamp or not environ.get("HTTP_X_SLACK_SIGNATURE"):
            return _plain(start_response, "401 Unauthorized")  # unsigned
        if not _DIGITS.fullmatch(timestamp):
            return _plain(start_response, "400 Bad Request")
        body = environ["wsgi.input"].read(length)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _plain(start_response, "400 Bad Request")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if len(body) != length or not self.verifier.is_valid(text, timestamp, signature):
            log.info("refused a request with a bad or stale signature (body not logged)")
            return _plain(start_response, "401 Unauthorized")
        forwarded = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(length)}
        return self.app(forwarded, start_response)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow request never holds up Slack's next one."""

    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    """Access lines go to the log at debug level instead of stderr; a client that stops sending is
    dropped after READ_TIMEOUT_SECONDS."""

    timeout = READ_TIMEOUT_SECONDS

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s - " + format, self.address_string(), *args)


def make_web_server(
    app: WSGIApp, *, host: str = "0.0.0.0", port: int = 3000
) -> ThreadingWSGIServer:
    """A threaded wsgiref server for `app` (port 0 picks a free port)."""
    server = make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
    return server  # type: ignore[return-value]


def serve_in_thread(server: ThreadingWSGIServer, *, poll_interval: float = 0.5) -> threading.Thread:
    """Run the server in a daemon thread; `shutdown()` waits up to `poll_interval` seconds."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": poll_interval},
        name="planbot-web",
        daemon=True,
    )
    thread.start()
    return thread
