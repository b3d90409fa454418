"""The Teams transport: Adaptive Cards (schedules.teams_cards) posted to Workflows webhooks once,
paced, with the journal around each post (schedules.teams_journal) and signed links as buttons
(schedules.teams_links)."""

from __future__ import annotations

import http.client
from collections.abc import Collection
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.messages import NudgeMessage
from bot.models import Unit
from bot.settings import Settings, secret_value
from bot.targets import TEAMS, Target
from schedules.digest import DIGEST_RULE
from schedules.pacing import Pacer
from schedules.teams_cards import digest_card, message_bytes, nudge_card
from schedules.teams_journal import ACCEPTED, POSTING, REJECTED, UNVERIFIED, TeamsJournal
from schedules.teams_links import LinkSettings
from schedules.transports import Delivery, Receipt, TransportError, before_post

TRANSPORT = TEAMS
# Workflows throttles over about 4 requests per second per webhook; stay under it.
SECONDS_PER_POST = 0.25


class _NotSent(Exception):
    """The request never reached the server (no connection): safe to try again."""


class _Uncertain(Exception):
    """The request left but no answer came: it may have arrived."""


class TeamsTransport:
    """Posts nudges as Adaptive Cards to Workflows webhooks: paced and journalled; each send posts
    once, and the outbox's RetryPolicy decides when to try again."""

    name = TRANSPORT

    def __init__(
        self,
        *,
        engine: Engine,
        settings: Settings,
        clock: Clock,
        links: LinkSettings | None = None,
        pacer: Pacer | None = None,
        timeout: float = 15.0,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.links = links
        self.pacer = pacer
        self.timeout = timeout
        self.journal = TeamsJournal(engine=engine, settings=settings, clock=clock)

    # --- the Transport protocol ---------------------------------------------------------
    def open_channel(self, target: str) -> str:
        """A Teams target is its own channel; the webhook URL is looked up at each send."""
        return target

    def send(self, delivery: Delivery) -> Receipt:
        """Post one nudge's card to its webhook once; raise TransportError."""
        journal = self.journal.state(delivery.key)
        if journal == ACCEPTED:
            return Receipt(channel=delivery.channel, ts=ACCEPTED)
        if journal == POSTING:
            self.journal.note_uncertain(delivery.key)
            return Receipt(channel=delivery.channel, ts=UNVERIFIED)
        url = self.webhook_url(delivery.channel)
        if not url:
            raise TransportError("teams_webhook_missing", permanent=True)
        body = self.render(delivery.message)
        self.post(url, body, key=delivery.key, pace_key=delivery.channel)
        return Receipt(channel=delivery.channel, ts=ACCEPTED)

    def find_sent(self, *, channel: str, keys: Collection[str]) -> dict[str, str]:
        """Keys the journal knows arrived, and (at most once) those that may have arrived."""
        found: dict[str, str] = {}
        for key in keys:
            state = self.journal.state(key)
            if state == ACCEPTED:
                found[key] = ACCEPTED
            elif state == POSTING:
                self.journal.note_uncertain(key)
                found[key] = UNVERIFIED
        return found

    # --- rendering ----------------------------------------------------------------------
    def render(self, message: NudgeMessage) -> dict[str, Any]:
        """The Workflows message for a nudge, with signed links for its buttons."""
        if message.rule == DIGEST_RULE:
            return digest_card(message)
        if self.links is None:
            return nudge_card(message, links={})
        links, expires = self.links.card_links(
            message, now=self.clock.now(), settings=self.settings
        )
        return nudge_card(message, links=links, links_expire=expires)

    def webhook_url(self, target: str) -> str | None:
        """The webhook URL of a target: the staff's from TEAMS_WEBHOOK_URL, a unit's from its row."""
        parsed = Target.parse(target)
        if parsed.is_staff_teams:
            return secret_value(self.settings.teams_webhook_url)
        if not parsed.is_teams:
            return None
        with Session(self.engine) as session:
            unit = session.exec(select(Unit).where(Unit.slug == parsed.address)).first()
            return unit.teams_webhook_url if unit is not None else None

    # --- posting ------------------------------------------------------------------------
    def post(self, url: str, message: dict[str, Any], *, key: str, pace_key: str) -> int:
        """POST a message once with the journal around it; raise TransportError (429 with its
        Retry-After, 5xx and 408 transient, other refusals permanent)."""
        body = message_bytes(message)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            # Workflows ignores this header; it documents intent and lets the stand-in count keys.
            "Idempotency-Key": quote(key, safe=""),
        }
        if self.pacer is not None:
            self.pacer.acquire(pace_key)
        before_post()
        self.journal.record(key, POSTING)
        try:
            status, answer = self._post_once(url, body, headers)
        except _NotSent as exc:
            self.journal.record(key, REJECTED)
            raise TransportError(f"teams_unreachable: {exc}", permanent=False) from exc
        except _Uncertain as exc:
            # The journal stays `posting`: the dispatcher will check before any resend.
            raise TransportError(
                f"teams_no_answer: {exc}", permanent=False, uncertain=True
            ) from exc
        if 200 <= status < 300:
            self.journal.record(key, ACCEPTED, status)
            return status
        self.journal.record(key, REJECTED, status)
        if status == 429:
            wait = _retry_after(answer.get("retry-after"), self.clock.now())
            raise TransportError("teams_http_429", permanent=False, retry_after=wait)
        raise TransportError(f"teams_http_{status}", permanent=not (status >= 500 or status == 408))

    def _post_once(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str]]:
        parts = urlsplit(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname or "", parts.port, timeout=self.timeout)
        try:
            try:
                connection.connect()
            except OSError as exc:  # nothing was sent
                raise _NotSent(type(exc).__name__) from exc
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                raise _Uncertain(type(exc).__name__) from exc
            return response.status, {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()


def _retry_after(value: str | None, now: datetime) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); 1 when absent."""
    if not value:
        return 1.0
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - now).total_seconds())
    except (TypeError, ValueError):
        return 1.0


def teams_transport(
    *, engine: Engine, settings: Settings, clock: Clock, require_links: bool = True, **kwargs: Any
) -> TeamsTransport:
    """The Teams transport for these settings, paced under Workflows' ~4 requests per second."""
    links = LinkSettings.from_settings(settings) if require_links else None
    pacer = Pacer(per_channel_seconds=SECONDS_PER_POST, per_minute=0)
    return TeamsTransport(
        engine=engine, settings=settings, clock=clock, links=links, pacer=pacer, **kwargs
    )


def units_use_teams(*, session: Session) -> bool:
    """Whether any active unit has a Teams webhook (then signed links must be configured)."""
    query = select(Unit.id).where(
        col(Unit.teams_webhook_url).is_not(None), col(Unit.active).is_(True)
    )
    return session.exec(query).first() is not None


def teams_transport_for(
    *, engine: Engine, settings: Settings, clock: Clock, **kwargs: Any
) -> TeamsTransport | None:
    """The Teams transport when anything uses Teams (a unit's webhook or TEAMS_WEBHOOK_URL), else None.

    Units on Teams get cards with signed links, so then PLANBOT_LINK_SECRET and PLANBOT_PUBLIC_URL
    are required: a SettingsError naming the missing one stops start-up.
    """
    with Session(engine) as session:
        units = units_use_teams(session=session)
    if not units and not settings.teams_webhook_url:
        return None
    return teams_transport(
        engine=engine, settings=settings, clock=clock, require_links=units, **kwargs
    )
