"""A local stand-in for Teams Workflows webhooks: records what Planbot posts, answers 202 like
Workflows, throttles over ~4 requests per second per webhook, and can be told to fail."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from planbot.testing.localserver import JSONHandler, LocalServer

WEBHOOK_PREFIX = "/workflows/"


@dataclass
class WebhookFault:
    """A status to answer with, `count` times, for one webhook (or every one when None); `delay`
    holds the answer back after the post is recorded (a client timeout then leaves it uncertain)."""

    webhook: str | None
    status: int
    count: int
    retry_after: int | None = 1
    delay: float = 0.0


@dataclass
class WebhookPost:
    """One POST as the stand-in received it."""

    webhook: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float
    status: int = 202

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300

    @property
    def key(self) -> str | None:
        """The Idempotency-Key header Planbot sends (Workflows ignores it; tests count by it)."""
        value = next((v for k, v in self.headers.items() if k.lower() == "idempotency-key"), None)
        return unquote(value) if value is not None else None

    @property
    def card(self) -> dict[str, Any]:
        """The first Adaptive Card of the message."""
        return self.body["attachments"][0]["content"]

    @property
    def texts(self) -> list[str]:
        """Every TextBlock text of the card, in order."""
        return [block.get("text", "") for block in self.card.get("body", [])]

    @property
    def links(self) -> dict[str, str]:
        """The card's Action.OpenUrl buttons: title → url."""
        return {a["title"]: a["url"] for a in self.card.get("actions", [])}


@dataclass
class WebhookState:
    """Everything the stand-in remembers; guarded by `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    posts: list[WebhookPost] = field(default_factory=list)
    faults: list[WebhookFault] = field(default_factory=list)
    gone: dict[str, int] = field(default_factory=dict)
    recent: dict[str, list[float]] = field(default_factory=dict)
    throttled: int = 0


class TeamsWebhookStandIn(LocalServer):
    """A threaded HTTP server with one webhook per name: `webhook_url("tromso")`.

    `per_second` (default 4) is the rate over which it answers 429 with Retry-After, like Workflows;
    0 turns it off. `validate`, when given, returns a list of problems with a message; a message with
    problems is answered 400 and recorded with that status. `latency` delays every answer (after the
    post is recorded).
    """

    thread_name = "teams-standin"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        per_second: float = 4.0,
        validate: Callable[[dict[str, Any]], list[str]] | None = None,
        latency: float = 0.0,
    ) -> None:
        self.state = WebhookState()
        self.latency = latency
        self.per_second = per_second
        self.validate = validate
        super().__init__(host=host, port=port)

    # --- lifecycle ----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.origin

    def webhook_url(self, name: str) -> str:
        """A URL shaped like a Workflows trigger, with a signature in its query, for `name`."""
        sig = secrets.token_urlsafe(16)
        return (
            f"{self.base_url}{WEBHOOK_PREFIX}{name}/triggers/manual/paths/invoke"
            f"?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={sig}"
        )

    # --- what tests read ----------------------------------------------------------------
    def posts(self, webhook: str | None = None, *, accepted: bool = True) -> list[WebhookPost]:
        """Posts received (by default only those answered 2xx), for one webhook or all."""
        with self.state.lock:
            return [
                p
                for p in self.state.posts
                if (webhook is None or p.webhook == webhook) and (p.accepted or not accepted)
            ]

    def all_posts(self) -> list[WebhookPost]:
        """Every post, whatever it was answered."""
        return self.posts(accepted=False)

    # --- what tests set up --------------------------------------------------------------
    def fail(
        self,
        webhook: str | None,
        status: int,
        count: int = 1,
        *,
        retry_after: int | None = 1,
        delay: float = 0.0,
    ) -> None:
        """Answer the next `count` posts to `webhook` with `status` (429 carries Retry-After)."""
        with self.state.lock:
            self.state.faults.append(WebhookFault(webhook, status, count, retry_after, delay))

    def remove(self, webhook: str, status: int = 404) -> None:
        """The workflow was deleted: every post to it is answered `status` from now on."""
        with self.state.lock:
            self.state.gone[webhook] = status

    # --- the server ---------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(JSONHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                url = urlparse(self.path)
                if not url.path.startswith(WEBHOOK_PREFIX) or "sig" not in parse_qs(url.query):
                    self.send_json(404, {"error": {"code": "NotFound"}})
                    return
                name = url.path.removeprefix(WEBHOOK_PREFIX).split("/", 1)[0]
                try:
                    body = json.loads(raw.decode("utf-8"))
                except ValueError:
                    body = {"raw": raw.decode("utf-8", "replace")}
                status, headers, answer = standin._answer(name, body, dict(self.headers.items()))
                self.send_json(status, answer, headers)

        return Handler

    def _answer(
        self, name: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], dict[str, Any] | None]:
        now = time.monotonic()
        fault = self._take_fault(name)
        status, headers, answer = self._decide(name, body, headers, now, fault)
        # Received and recorded: a slow answer (latency, an injected delay) may come too late for
        # the client, which then cannot know whether the message arrived.
        delay = self.latency + (fault.delay if fault is not None else 0.0)
        if delay:
            time.sleep(delay)
        return status, headers, answer

    def _decide(
        self,
        name: str,
        body: dict[str, Any],
        headers: dict[str, str],
        now: float,
        fault: WebhookFault | None,
    ) -> tuple[int, dict[str, str], dict[str, Any] | None]:
        with self.state.lock:
            post = WebhookPost(name, body, headers, now)
            self.state.posts.append(post)
            if name in self.state.gone:
                post.status = self.state.gone[name]
                return post.status, {}, {"error": {"code": "WorkflowNotFound"}}
            if fault is not None:
                post.status = fault.status
                extra = (
                    {"Retry-After": str(fault.retry_after)}
                    if fault.status == 429 and fault.retry_after is not None
                    else {}
                )
                return fault.status, extra, {"error": {"code": f"Injected{fault.status}"}}
            if self._throttled(name, now):
                post.status = 429
                self.state.throttled += 1
                return 429, {"Retry-After": "1"}, {"error": {"code": "TooManyRequests"}}
            problems = self.validate(body) if self.validate else []
            if problems:
                post.status = 400
                return 400, {}, {"error": {"code": "InvalidCard", "message": problems[:5]}}
            post.status = 202
            return 202, {}, None

    def _take_fault(self, name: str) -> WebhookFault | None:
        with self.state.lock:
            for fault in self.state.faults:
                if fault.webhook in (None, name) and fault.count > 0:
                    fault.count -= 1
                    return fault
        return None

    def _throttled(self, name: str, now: float) -> bool:
        if not self.per_second:
            return False
        window = [at for at in self.state.recent.get(name, []) if now - at < 1.0]
        if len(window) >= self.per_second:
            self.state.recent[name] = window
            return True
        window.append(now)
        self.state.recent[name] = window
        return False
