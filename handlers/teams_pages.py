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

from bot.db import session_scope
from bot.links import LINK_PATH, LinkClaims, LinkUsed, claim_link, find_used_link, link_token
from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_DELIVER,
    ACTION_DONE,
    ACTION_NEW_LEADER,
    ACTION_SNOOZE,
)
from bot.models import Obligation, ObligationState, PlanEvent, Unit
from bot.services.obligations import report_done
from bot.texts import t
from handlers.teams_deliver_page import deliver_page
from handlers.teams_links import ACTOR, MAX_BODY, LinkAccess
from handlers.teams_page_html import HEADERS, Page, render_page
from handlers.teams_question_page import question_page
from schedules.outbox import NudgeNotFound, SnoozeTooLate, snooze_nudge

log = logging.getLogger("planbot.links")

# The links that ask for more than a press of a button have pages of their own, with a form.
FORM_PAGES = {
    ACTION_DELIVER: deliver_page,
    ACTION_ANNUAL_MEETING: question_page,
    ACTION_NEW_LEADER: question_page,
}


class LinkPages(LinkAccess):
    """The WSGI app serving LINK_PATH/<token>: GET shows a confirmation page, POST acts once."""

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        token = link_token(environ.get("PATH_INFO") or "")
        form_page = FORM_PAGES.get(self.action(token) or "")
        if form_page is not None and method in ("GET", "HEAD", "POST"):
            return form_page(self, token, environ, start_response)
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
        claims_or_page = self.claims(token, now)
        if isinstance(claims_or_page, Page):
            return claims_or_page
        claims = claims_or_page
        with session_scope(self.engine) as session:
            used = find_used_link(session=session, nonce=claims.nonce)
            if used is not None:
                return self.used_page(used.used_at)
            found = self.load(session, claims)
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
            note=t("teams.page.once", self.lang, date=self.expiry(claims)),
        )

    def act(self, *, token: str) -> Page:
        """Use the link: record its action like the Slack button, once; say what happened."""
        now = self.clock.now()
        claims_or_page = self.claims(token, now)
        if isinstance(claims_or_page, Page):
            return claims_or_page
        claims = claims_or_page
        try:
            with session_scope(self.engine) as session:
                found = self.load(session, claims)
                if found is None:
                    return Page("404 Not Found", t("teams.page.gone", self.lang))
                claim_link(session=session, claims=claims, now=now)
                return self._perform(session, claims, found, now)
        except LinkUsed as used:
            return self.used_page(used.used_at)

    # --- the action ---------------------------------------------------------------------
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
            if not report_done(session=session, obligation=obligation, actor=ACTOR, now=now):
                # done or exempt already, or someone else marked it a moment before
                exempt = obligation.state == ObligationState.EXEMPT
                key = "teams.page.already_exempt" if exempt else "teams.page.already_done"
                return Page("200 OK", t(key, lang, **values))
            log.info("obligation %s marked done through a Teams link", obligation.id)
            return Page("200 OK", t("teams.page.done", lang, **values))
        if claims.action == ACTION_SNOOZE:
            if obligation.state != ObligationState.OPEN or claims.nudge_id is None:
                return Page("200 OK", t("teams.page.nothing_to_snooze", lang, **values))
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
            except SnoozeTooLate:
                return Page("200 OK", t("snooze.too_late", lang, **values))
            return Page("200 OK", t("teams.page.snoozed", lang, **values))
        return Page("400 Bad Request", t("teams.page.invalid", lang))


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
