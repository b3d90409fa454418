"""What every page behind a Teams card's signed link shares: reading the token, finding its
obligation, and the answers for a link that is tampered with, expired, used or gone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.dates import format_date
from bot.links import LinkClaims, LinkExpired, LinkInvalid, verify_link
from bot.models import Obligation, PlanEvent, Unit
from bot.settings import Settings
from bot.texts import t
from handlers.access import nudge_of
from handlers.obligations import load_obligation, when_words
from handlers.teams_page_html import Page

# Who the audit log names for what is done through a link.
ACTOR = "teams-link"
# The most of a small form's body a page reads.
MAX_BODY = 4096


class LinkAccess:
    """The signed links' secret, the database and the clock, and what a page needs of a token."""

    def __init__(self, *, engine: Engine, settings: Settings, clock: Clock) -> None:
        if not settings.link_secret:
            raise ValueError("the Teams link pages need PLANBOT_LINK_SECRET")
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.secret = settings.link_secret.get_secret_value()

    @property
    def lang(self) -> str:
        return self.settings.language

    def action(self, token: str) -> str | None:
        """The action a genuine link names (expired ones included); None for anything else."""
        try:
            return verify_link(token=token, secret=self.secret, now=self.clock.now()).action
        except LinkExpired as expired:
            return expired.claims.action
        except LinkInvalid:
            return None

    def claims(self, token: str, now: datetime) -> LinkClaims | Page:
        """What a genuine, unexpired link says; else the page that says why it does nothing."""
        try:
            return verify_link(token=token, secret=self.secret, now=now)
        except LinkExpired as expired:
            return Page(
                "410 Gone", t("teams.page.expired", self.lang, date=self.expiry(expired.claims))
            )
        except LinkInvalid:
            return Page("400 Bad Request", t("teams.page.invalid", self.lang))

    def load(self, session: Any, claims: LinkClaims) -> tuple[Obligation, PlanEvent, Unit] | None:
        """The link's obligation, unless it is gone or the link's nudge is not that obligation's."""
        found = load_obligation(session, claims.obligation_id)
        if found is None or not nudge_of(
            session=session, nudge_id=claims.nudge_id, obligation=found[0]
        ):
            return None
        return found

    def used_page(self, used_at: datetime | None) -> Page:
        """The answer for a link that was used before."""
        if used_at is None:  # used a moment ago by another click (the insert that lost)
            return Page("409 Conflict", t("teams.page.used_unknown", self.lang))
        when = when_words(used_at, tz=self.settings.timezone, lang=self.lang)
        return Page("409 Conflict", t("teams.page.used", self.lang, when=when))

    def expiry(self, claims: LinkClaims) -> str:
        """The day the link stops working, in words."""
        local = claims.expires_at.astimezone(self.settings.timezone)
        return format_date(local.date(), self.lang)
