"""Transports: how a nudge reaches people. A Transport posts a NudgeMessage and classifies failures;
Slack here; Teams (schedules/teams_transport.py) follows the same protocol."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackObjectFormationError, SlackRequestError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RateLimitErrorRetryHandler, RetryState

from bot.messages import METADATA_EVENT_TYPE, STAFF_ONLY_ACTIONS, NudgeMessage
from bot.settings import Settings, secret_value
from schedules.pacing import Pacer
from schedules.render import message_text

log = logging.getLogger(__name__)

# Slack errors that no retry will cure: the row is marked failed and staff are told once.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "channel_is_archived",
        "account_inactive",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "restricted_action",
        "restricted_action_read_only_channel",
        "team_access_not_granted",
        "ekm_access_denied",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "metadata_too_large",
        "as_user_not_supported",
    }
)


class LeaseLost(Exception):
    """The dispatcher no longer owns the row it was about to post (its lease ran out and another
    dispatcher took it): nothing is posted."""


_FENCE: ContextVar[Callable[[], bool] | None] = ContextVar("planbot_fence", default=None)


@contextmanager
def fenced(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block `before_post()` calls `check`: the dispatcher's check-and-extend of its
    lease on the row (fencing), so that it is done right before each post, after any wait."""
    token = _FENCE.set(check)
    try:
        yield
    finally:
        _FENCE.reset(token)


def before_post() -> None:
    """Called by a transport right before each post, after pacing and retry waits."""
    check = _FENCE.get()
    if check is not None and not check():
        raise LeaseLost


class FencedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits Retry-After, then retries), re-checking the lease after the
    wait so that a long Retry-After never posts a row another dispatcher has taken over."""

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        super().prepare_for_next_attempt(
            state=state, request=request, response=response, error=error
        )
        if request.url.endswith("chat.postMessage"):
            before_post()


class TransportError(Exception):
    """A send that did not go through: `permanent` (give up) or transient (retry later).

    `uncertain` means the message may have been posted anyway (a timeout after the request left):
    the next attempt first looks for it in the channel's history.
    """

    def __init__(
        self,
        code: str,
        *,
        permanent: bool,
        uncertain: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.uncertain = uncertain
        self.retry_after = retry_after


@dataclass(frozen=True)
class Delivery:
    """One message for one channel, carrying the idempotency key it is recognised by."""

    channel: str
    message: NudgeMessage
    key: str


@dataclass(frozen=True)
class Receipt:
    """What the transport answered for a delivered message."""

    channel: str
    ts: str | None


class Transport(Protocol):
    """What the dispatcher needs from a way of reaching people."""

    name: str

    def open_channel(self, target: str) -> str:
        """The channel to post in for a target (a DM channel for a user id)."""
        ...

    def send(self, delivery: Delivery) -> Receipt:
        """Post one message; raise TransportError."""
        ...

    def find_sent(self, *, channel: str, keys: Collection[str]) -> dict[str, str]:
        """Which of `keys` were already posted in `channel` (key → ts), for crash recovery."""
        ...


class SlackTransport:
    """chat.postMessage with metadata, paced per channel and workspace; 429 retried by slack_sdk.

    `blocks` renders a message as Block Kit; the composition root hands in the Slack surface's.
    """

    name = "slack"

    def __init__(
        self,
        *,
        client: WebClient,
        blocks: Callable[[NudgeMessage], list[dict[str, Any]]],
        pacer: Pacer | None = None,
        history_limit: int = 200,
    ) -> None:
        self.client = client
        self.pacer = pacer
        self.blocks = blocks
        self.history_limit = history_limit
        self._dm_channels: dict[str, str] = {}
        self._named_channels: dict[str, str] | None = None

    def open_channel(self, target: str) -> str:
        """The channel id for a target: a DM for a user id, the id of a `#name` (channels listed
        once per process), else the target itself."""
        if target.startswith("#"):
            return self._channel_by_name(target)
        if not target.startswith(("U", "W")):
            return target
        if target not in self._dm_channels:
            response = self._call(lambda: self.client.conversations_open(users=target))
            self._dm_channels[target] = response["channel"]["id"]
        return self._dm_channels[target]

    def _channel_by_name(self, target: str) -> str:
        name = target.removeprefix("#").lower()
        if self._named_channels is None or name not in self._named_channels:
            found: dict[str, str] = {}
            cursor: str | None = None

            def page() -> Any:
                return self.client.conversations_list(
                    types="public_channel,private_channel",
                    exclude_archived=True,
                    limit=1000,
                    cursor=cursor,
                )

            while True:
                answer = self._call(page)
                found.update({c["name"].lower(): c["id"] for c in answer.get("channels") or []})
                cursor = (answer.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
            self._named_channels = found
        if name not in self._named_channels:
            raise TransportError("channel_not_found", permanent=True)
        return self._named_channels[name]

    def send(self, delivery: Delivery) -> Receipt:
        slot = self.pacer.acquire(delivery.channel) if self.pacer is not None else None
        before_post()
        message = delivery.message
        try:
            response = self._post(delivery, message)
        except TransportError as exc:
            if slot is not None and self.pacer is not None and _not_counted(exc):
                self.pacer.refund(slot)
            raise
        return Receipt(channel=response.get("channel") or delivery.channel, ts=response.get("ts"))

    def _post(self, delivery: Delivery, message: NudgeMessage) -> Any:
        if delivery.channel.startswith("D"):  # a leader's DM: no staff-only button to refuse
            buttons = tuple(b for b in message.buttons if b not in STAFF_ONLY_ACTIONS)
            message = replace(message, buttons=buttons)
        return self._call(
            lambda: self.client.chat_postMessage(
                channel=delivery.channel,
                text=message_text(message),
                blocks=self.blocks(message),
                metadata={
                    "event_type": METADATA_EVENT_TYPE,
                    "event_payload": {"key": delivery.key},
                },
                unfurl_links=False,
                unfurl_media=False,
            ),
            posting=True,
        )

    def find_sent(self, *, channel: str, keys: Collection[str]) -> dict[str, str]:
        wanted = set(keys)
        response = self._call(
            lambda: self.client.conversations_history(
                channel=channel, include_all_metadata=True, limit=self.history_limit
            )
        )
        found = {}
        for message in response.get("messages") or []:
            meta = message.get("metadata") or {}
            key = (meta.get("event_payload") or {}).get("key")
            if meta.get("event_type") == METADATA_EVENT_TYPE and key in wanted:
                found[key] = message["ts"]
        return found

    def _call(self, fn: Callable[[], Any], *, posting: bool = False) -> Any:
        try:
            return fn()
        except SlackApiError as exc:
            raise classify_slack_error(exc, posting=posting) from exc
        except SlackObjectFormationError as exc:  # refused before sending (a text over Slack's
            # limits, e.g. a name written by hand): no retry cures it
            raise TransportError(f"invalid_blocks: {exc}"[:200], permanent=True) from exc
        except (TimeoutError, URLError, ConnectionError, SlackRequestError, OSError) as exc:
            raise TransportError(
                f"{type(exc).__name__}: {exc}"[:200], permanent=False, uncertain=posting
            ) from exc


def _not_counted(exc: TransportError) -> bool:
    """Whether Slack surely did not count the post against the rate limit (429, 5xx, no answer)."""
    return exc.code == "ratelimited" or exc.code.startswith("http_5") or exc.uncertain


def classify_slack_error(exc: SlackApiError, *, posting: bool) -> TransportError:
    """Permanent for errors no retry cures; transient (uncertain for a post) otherwise."""
    response = exc.response
    status = getattr(response, "status_code", 200)
    error = ""
    try:
        error = str(response.get("error") or "")
    except (AttributeError, TypeError):
        error = ""
    if status == 429:
        retry = response.headers.get("Retry-After") or response.headers.get("retry-after")
        retry_after = float(retry[0] if isinstance(retry, list) else retry) if retry else None
        return TransportError("ratelimited", permanent=False, retry_after=retry_after)
    if error in PERMANENT_ERRORS:
        return TransportError(error, permanent=True)
    return TransportError(error or f"http_{status}", permanent=False, uncertain=posting)


def slack_client(
    settings: Settings, *, token: str | None = None, timeout: int = 15, retries: int = 6
) -> WebClient:
    """The one Web API client factory: SLACK_BOT_TOKEN (or `token`) at SLACK_API_URL when set,
    retrying only HTTP 429 itself, at most `retries` times (slack_sdk's handler, honouring
    Retry-After).

    A 429 is never posted, so retrying it cannot double a message. A 5xx or a dropped connection
    may come after Slack stored the post: those go back to the dispatcher as uncertain, and the next
    attempt looks for the message in the channel's history before posting again.
    """
    kwargs: dict[str, Any] = {}
    if settings.slack_api_url:
        kwargs["base_url"] = settings.slack_api_url + "/"
    return WebClient(
        token=token or secret_value(settings.slack_bot_token),
        timeout=timeout,
        retry_handlers=[FencedRateLimitRetryHandler(max_retry_count=retries)],
        **kwargs,
    )


def slack_transport(
    settings: Settings,
    *,
    blocks: Callable[[NudgeMessage], list[dict[str, Any]]],
    timeout: int = 15,
    pace: bool = True,
    rate_window: float = 60.0,
) -> SlackTransport:
    """The Slack transport for these settings (paced at ~1/s per channel and the workspace budget,
    counted over `rate_window` seconds)."""
    pacer = Pacer(per_minute=settings.slack_rate_per_minute, window=rate_window) if pace else None
    return SlackTransport(
        client=slack_client(settings, timeout=timeout), blocks=blocks, pacer=pacer
    )
