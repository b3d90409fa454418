"""Serve a WSGI app on this machine for one test, and stop it at once afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from handlers.web import make_web_server, serve_in_thread

# serve_forever looks this often whether shutdown() was called (the library's default is 0.5 s).
STOP_POLL_SECONDS = 0.01


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve `app` on a free port of 127.0.0.1 in a thread; yield its http://host:port."""
    server = make_web_server(app, host="127.0.0.1", port=0)
    serve_in_thread(server, poll_interval=STOP_POLL_SECONDS)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
