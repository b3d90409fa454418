"""The Teams transport: Adaptive Cards posted to Workflows webhooks, with signed links as buttons.

Exactly once, as far as a webhook allows. A Workflows webhook keeps no history Planbot could read
back (unlike Slack's conversations.history), so every post is journalled in `TeamsPost`: `posting`
is committed just before the HTTP request, `accepted` or `rejected` right after the answer. After a
crash (or a timeout once the request has left) the dispatcher asks `find_sent`:
- `accepted`: it arrived; recorded as sent, never posted again;
- `rejected` or no journal row: it never left, or Teams refused it; sent (again) safely;
- still `posting`: it may or may not have arrived. Planbot does not post it again (at most once,
  so nobody gets a reminder twice) and tells staff that this one reminder may be missing.
That window is one HTTP request long; everything claimed but not yet posted is sent normally.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.dates import format_date, local_date
from bot.db import session_scope
from bot.links import LINK_ACTIONS, LINK_PATH, sign_link
from bot.messages import NudgeMessage
from bot.models import Nudge, TeamsPost, Unit
from bot.settings import Settings, require_link_settings, secret_value
from bot.targets import TEAMS, Target
from bot.texts import t
from schedules.digest import DIGEST_RULE
from schedules.outbox import notify_staff
from schedules.pacing import Pacer
from schedules.render import message_from_json
from schedules.teams_cards import digest_card, message_bytes, nudge_card
from schedules.transports import Delivery, Receipt, TransportError, before_post

log = logging.getLogger(__name__)

TRANSPORT = TEAMS
# Workflows throttles over about 4 requests per second per webhook; stay under it.
SECONDS_PER_POST = 0.25
POSTING, ACCEPTED, REJECTED = "posting", "accepted", "rejected"
UNVERIFIED = "unverified"


@dataclass(frozen=True)
class LinkSettings:
    """Where signed links point, what signs them, and how long they work."""

    public_url: str
    secret: str
    days: int

    @classmethod
    def from_settings(cls, settings: Settings) -> LinkSettings:
        """The link settings; raise SettingsError naming PLANBOT_LINK_SECRET or PLANBOT_PUBLIC_URL."""
        public_url, secret = require_link_settings(settings)
        return cls(public_url=public_url.rstrip("/"), secret=secret, days=settings.link_days)


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

    # --- the Transport protocol ---------------------------------------------------------
    def open_channel(self, target: str) -> str:
        """A Teams target is its own channel; the webhook URL is looked up at each send."""
        return target

    def send(self, delivery: Delivery) -> Receipt:
        """Post one nudge's card to its webhook once; raise TransportError."""
        journal = self._journal_state(delivery.key)
        if journal == ACCEPTED:
            return Receipt(channel=delivery.channel, ts=ACCEPTED)
        if journal == POSTING:
            self._note_uncertain(delivery.key)
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
            state = self._journal_state(key)
            if state == ACCEPTED:
                found[key] = ACCEPTED
            elif state == POSTING:
                self._note_uncertain(key)
                found[key] = UNVERIFIED
        return found

    # --- rendering ----------------------------------------------------------------------
    def render(self, message: NudgeMessage) -> dict[str, Any]:
        """The Workflows message for a nudge, with signed links for its buttons."""
        if message.rule == DIGEST_RULE:
            return digest_card(message)
        links: dict[str, str] = {}
        expires_text = None
        if self.links is not None and message.obligation_id is not None:
            now = self.clock.now()
            expires = now + timedelta(days=self.links.days)
            for action in message.buttons:
                if action not in LINK_ACTIONS:
                    continue
                token = sign_link(
                    action=action,
                    obligation_id=message.obligation_id,
                    nudge_id=message.nudge_id,
                    expires_at=expires,
                    secret=self.links.secret,
                )
                links[action] = f"{self.links.public_url}{LINK_PATH}/{token}"
            if links:
                day = local_date(expires, self.settings.timezone)
                expires_text = format_date(day, message.language)
        return nudge_card(message, links=links, links_expire=expires_text)

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
        self._journal(key, POSTING)
        try:
            status, answer = self._post_once(url, body, headers)
        except _NotSent as exc:
            self._journal(key, REJECTED)
            raise TransportError(f"teams_unreachable: {exc}", permanent=False) from exc
        except _Uncertain as exc:
            # The journal stays `posting`: the dispatcher will check before any resend.
            raise TransportError(
                f"teams_no_answer: {exc}", permanent=False, uncertain=True
            ) from exc
        if 200 <= status < 300:
            self._journal(key, ACCEPTED, status)
            return status
        self._journal(key, REJECTED, status)
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

    # --- the journal --------------------------------------------------------------------
    def _journal_state(self, key: str) -> str | None:
        with Session(self.engine) as session:
            row = session.exec(select(TeamsPost).where(TeamsPost.key == key)).first()
            return row.state if row is not None else None

    def _journal(self, key: str, state: str, status: int | None = None) -> None:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.exec(select(TeamsPost).where(TeamsPost.key == key)).first()
            if row is None:
                row = TeamsPost(key=key, state=state, started_at=now)
            row.state, row.status = state, status
            if state == POSTING:
                row.started_at, row.finished_at = now, None
            else:
                row.finished_at = now
            session.add(row)

    def _note_uncertain(self, key: str) -> None:
        """Tell staff (once) that a Teams post may not have arrived and will not be repeated."""
        now = self.clock.now()
        lang = self.settings.language
        with session_scope(self.engine) as session:
            row = session.exec(select(Nudge).where(Nudge.key == key)).first()
            if row is None or row.rule.startswith("staff."):
                log.error("teams post %s may not have arrived; not repeated", key)
                return
            log.error("teams post %s may not have arrived; not repeated (at most once)", key)
            stored = message_from_json((row.payload or {})["message"])
            headline = t(
                "teams.uncertain",
                lang,
                target=row.target_label or row.target,
                headline=stored.headline,
            )
            notify_staff(
                session=session,
                row=row,
                key=f"teams-uncertain:{row.id}",
                headline=headline,
                now=now,
                settings=self.settings,
            )


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
