"""HTTP mode: a small WSGI router (POST /slack/events through Bolt, GET /healthz, added routes)
served by a threaded wsgiref server."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger("planbot.web")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
SLACK_EVENTS_PATH = "/slack/events"


class WebApp:
    """Routes requests by method and path prefix; Slack's events path goes to Bolt's WSGI adapter."""

    def __init__(self, bolt_app: App | None, *, events_path: str = SLACK_EVENTS_PATH) -> None:
        self.bolt_app = bolt_app
        self._routes: list[tuple[str, str, WSGIApp]] = []
        if bolt_app is not None:  # None: no Slack (Teams only), just the added routes
            self.add_route("POST", events_path, SlackRequestHandler(bolt_app, path=events_path))
        self.add_route("GET", "/healthz", _healthz)

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


def _healthz(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"ok\n"]


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow request never holds up Slack's next one."""

    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    """Access lines go to the log at debug level instead of stderr."""

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
