"""The buttons of a Teams card: signed, expiring links to Planbot's pages (bot.links signs them,
handlers.teams_pages answers them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dates import format_date, local_date
from bot.links import LINK_ACTIONS, link_url, sign_link
from bot.messages import NudgeMessage
from bot.settings import Settings, require_link_settings


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

    def card_links(
        self, message: NudgeMessage, *, now: datetime, settings: Settings
    ) -> tuple[dict[str, str], str | None]:
        """A signed link for each of the nudge's buttons that has one, and the day they expire
        in words (None when there are none)."""
        if message.obligation_id is None:
            return {}, None
        expires = now + timedelta(days=self.days)
        links = {
            action: link_url(
                self.public_url,
                sign_link(
                    action=action,
                    obligation_id=message.obligation_id,
                    nudge_id=message.nudge_id,
                    expires_at=expires,
                    secret=self.secret,
                ),
            )
            for action in message.buttons
            if action in LINK_ACTIONS
        }
        if not links:
            return {}, None
        return links, format_date(local_date(expires, settings.timezone), message.language)
