"""The pages behind the signed links in Teams cards: GET asks, POST acts (once), both say what happened.

A GET never changes anything, so link-preview bots that fetch the URL do no harm. A POST records the
action exactly like the Slack button (handlers.obligations.mark: audited, queued nudges cancelled;
snooze through schedules.outbox.snooze_nudge) and uses the link up in the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.dates import format_date
from bot.db import session_scope
from bot.links import (
    LINK_PATH,
    LinkClaims,
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    claim_link,
    find_used_link,
    verify_link,
)
from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_DELIVER,
    ACTION_DONE,
    ACTION_NEW_LEADER,
    ACTION_SNOOZE,
)
from bot.models import Obligation, ObligationState, PlanEvent, Unit
from bot.settings import Settings
from bot.texts import t
from handlers.access import nudge_of
from handlers.link_html import HEADERS, Page, render_page
from handlers.obligations import load_obligation, mark, when_words

log = logging.getLogger("planbot.links")

ACTOR = "teams-link"
MAX_BODY = 4096
# The questions' links open a page that asks for the answer (handlers.question_page).
QUESTION_ACTIONS = (ACTION_ANNUAL_MEETING, ACTION_NEW_LEADER)


class LinkPages:
    """The WSGI app serving /lenke/<token>: GET shows a confirmation page, POST acts once."""

    def __init__(self, *, engine: Engine, settings: Settings, clock: Clock) -> None:
        if not settings.link_secret:
            raise ValueError("LinkPages needs PLANBOT_LINK_SECRET")
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.secret = settings.link_secret.get_secret_value()

    @property
    def lang(self) -> str:
        return self.settings.language

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        token = (environ.get("PATH_INFO") or "").removeprefix(LINK_PATH).strip("/")
        action = self._action(token)
        if action == ACTION_DELIVER and method in ("GET", "HEAD", "POST"):
            from handlers.deliver_page import deliver_page

            return deliver_page(self, token, environ, start_response)
        if action in QUESTION_ACTIONS and method in ("GET", "HEAD", "POST"):
            from handlers.question_page import question_page

            return question_page(self, token, environ, start_response)
        if method in ("GET", "HEAD"):
            page = self.ask(token=token)
        elif method == "POST":
            _drain(environ)
            page = self.act(token=token)
        else:
            page = Page("405 Method Not Allowed", t("teams.page.invalid", self.lang))
        body = b"" if method == "HEAD" else render_page(page, lang=self.lang)
        start_response(page.status, [*HEADERS, ("Content-Length", str(len(body)))])
        return [body]

    # --- the two steps ------------------------------------------------------------------
    def ask(self, *, token: str) -> Page:
        """The question page for a genuine, unused link (nothing is changed)."""
        now = self.clock.now()
        claims_or_page = self._claims(token, now)
        if isinstance(claims_or_page, Page):
            return claims_or_page
        claims = claims_or_page
        with session_scope(self.engine) as session:
            used = find_used_link(session=session, nonce=claims.nonce)
            if used is not None:
                return self._used_page(used.used_at)
            found = self._load(session, claims)
            if found is None:
                return Page("404 Not Found", t("teams.page.gone", self.lang))
            _, event, unit = found
            question = t(
                f"teams.page.ask.{claims.action}", self.lang, title=event.title, unit=unit.name
            )
        return Page(
            "200 OK",
            question,
            button=t(f"teams.page.confirm.{claims.action}", self.lang),
            note=t("teams.page.once", self.lang, date=self._expiry(claims)),
        )

    def act(self, *, token: str) -> Page:
        """Use the link: record its action like the Slack button, once; say what happened."""
        now = self.clock.now()
        claims_or_page = self._claims(token, now)
        if isinstance(claims_or_page, Page):
            return claims_or_page
        claims = claims_or_page
        try:
            with session_scope(self.engine) as session:
                found = self._load(session, claims)
                if found is None:
                    return Page("404 Not Found", t("teams.page.gone", self.lang))
                claim_link(session=session, claims=claims, now=now)
                return self._perform(session, claims, found, now)
        except LinkUsed as used:
            return self._used_page(used.used_at)

    # --- helpers ------------------------------------------------------------------------
    def _action(self, token: str) -> str | None:
        """The action a genuine link names (expired ones included); None for anything else."""
        try:
            return verify_link(token=token, secret=self.secret, now=self.clock.now()).action
        except LinkExpired as expired:
            return expired.claims.action
        except LinkInvalid:
            return None

    def _load(self, session: Any, claims: LinkClaims) -> tuple[Obligation, PlanEvent, Unit] | None:
        """The link's obligation, unless it is gone or the link's nudge is not that obligation's."""
        found = load_obligation(session, claims.obligation_id)
        if found is None or not nudge_of(
            session=session, nudge_id=claims.nudge_id, obligation=found[0]
        ):
            return None
        return found

    def _claims(self, token: str, now: datetime) -> LinkClaims | Page:
        try:
            return verify_link(token=token, secret=self.secret, now=now)
        except LinkExpired as expired:
            return Page(
                "410 Gone", t("teams.page.expired", self.lang, date=self._expiry(expired.claims))
            )
        except LinkInvalid:
            return Page("400 Bad Request", t("teams.page.invalid", self.lang))

    def _perform(
        self,
        session: Any,
        claims: LinkClaims,
        found: tuple[Obligation, PlanEvent, Unit],
        now: datetime,
    ) -> Page:
        obligation, event, unit = found
        lang = self.lang
        values = {"title": event.title, "unit": unit.name}
        if claims.action == ACTION_DONE:
            if obligation.state == ObligationState.DONE:
                return Page("200 OK", t("teams.page.already_done", lang, **values))
            mark(
                session=session,
                obligation=obligation,
                state=ObligationState.DONE,
                actor=ACTOR,
                now=now,
            )
            log.info("obligation %s marked done through a Teams link", obligation.id)
            return Page("200 OK", t("teams.page.done", lang, **values))
        if claims.action == ACTION_SNOOZE:
            if obligation.state != ObligationState.OPEN or claims.nudge_id is None:
                return Page("200 OK", t("teams.page.nothing_to_snooze", lang, **values))
            from schedules.outbox import NudgeNotFound, snooze_nudge

            try:
                snooze_nudge(
                    session=session,
                    nudge_id=claims.nudge_id,
                    actor=ACTOR,
                    now=now,
                    settings=self.settings,
                )
            except NudgeNotFound:
                return Page("404 Not Found", t("teams.page.gone", lang))
            return Page("200 OK", t("teams.page.snoozed", lang, **values))
        return Page("400 Bad Request", t("teams.page.invalid", lang))

    def _used_page(self, used_at: datetime | None) -> Page:
        when = when_words(used_at, tz=self.settings.timezone, lang=self.lang) if used_at else "–"
        return Page("409 Conflict", t("teams.page.used", self.lang, when=when))

    def _expiry(self, claims: LinkClaims) -> str:
        local = claims.expires_at.astimezone(self.settings.timezone)
        return format_date(local.date(), self.lang)


def _drain(environ: dict[str, Any]) -> None:
    """Read (and ignore) a small request body, so the connection stays usable."""
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        length = 0
    if length > 0:
        environ["wsgi.input"].read(length)


def add_link_routes(web: Any, pages: LinkPages) -> None:
    """Mount the link pages on the web app (handlers.web.WebApp.add_route)."""
    for method in ("GET", "POST"):
        web.add_route(method, LINK_PATH, pages)
