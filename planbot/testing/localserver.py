"""A small threaded HTTP server on this machine, run in a daemon thread: the base of the local
stand-ins for Slack's Web API and for Teams webhooks."""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class QuietServer(ThreadingHTTPServer):
    """A client that went away (killed, timed out) is expected here, not an error to print."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class JSONHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers JSON."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        return

    def send_json(
        self, status: int, body: dict[str, Any] | None, headers: dict[str, str] | None = None
    ) -> None:
        """Answer `status` with `body` as JSON (no body when None) and extra headers."""
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a timeout)


class LocalServer:
    """Serves `_handler_class()` on host:port (0: any free port) in a thread; `with` starts and stops."""

    thread_name = "local-server"
    # How often serve_forever looks whether stop() was called (the library's default is 0.5 s).
    poll_interval = 0.01

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = QuietServer((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    @property
    def origin(self) -> str:
        """http://host:port of the running server."""
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)  # an AF_INET server's host is a str, never bytes
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
