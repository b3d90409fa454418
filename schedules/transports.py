"""Transports: how a nudge reaches people. A Transport posts a NudgeMessage and classifies failures;
Slack is the first (Teams comes later through the same protocol)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry import RateLimitErrorRetryHandler

from bot.messages import METADATA_EVENT_TYPE, NudgeMessage
from bot.settings import Settings
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

    def open_channel(self, target: str) -> str:
        if not target.startswith(("U", "W")):
            return target
        if target not in self._dm_channels:
            response = self._call(lambda: self.client.conversations_open(users=target))
            self._dm_channels[target] = response["channel"]["id"]
        return self._dm_channels[target]

    def send(self, delivery: Delivery) -> Receipt:
        if self.pacer is not None:
            self.pacer.acquire(delivery.channel)
        message = delivery.message
        response = self._call(
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
        return Receipt(channel=response.get("channel") or delivery.channel, ts=response.get("ts"))

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
        except (TimeoutError, URLError, ConnectionError, SlackRequestError, OSError) as exc:
            raise TransportError(
                f"{type(exc).__name__}: {exc}"[:200], permanent=False, uncertain=posting
            ) from exc


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


def slack_client(settings: Settings, *, timeout: int = 15, retries: int = 3) -> WebClient:
    """A WebClient that retries only HTTP 429 itself (slack_sdk's handler, honouring Retry-After).

    A 429 is never posted, so retrying it cannot double a message. A 5xx or a dropped connection
    may come after Slack stored the post: those go back to the dispatcher as uncertain, and the next
    attempt looks for the message in the channel's history before posting again.
    """
    kwargs: dict[str, Any] = {}
    if settings.slack_api_url:
        kwargs["base_url"] = settings.slack_api_url + "/"
    return WebClient(
        token=settings.slack_bot_token,
        timeout=timeout,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=retries * 2)],
        **kwargs,
    )


def slack_transport(
    settings: Settings,
    *,
    blocks: Callable[[NudgeMessage], list[dict[str, Any]]],
    timeout: int = 15,
    pace: bool = True,
) -> SlackTransport:
    """The Slack transport for these settings (paced at ~1/s per channel and the workspace budget)."""
    pacer = Pacer(per_minute=settings.slack_rate_per_minute) if pace else None
    return SlackTransport(
        client=slack_client(settings, timeout=timeout), blocks=blocks, pacer=pacer
    )
