"""The Teams pages behind the questions' signed links (Slack asks with pickers): the annual-meeting
date (a date field; the answer goes through the same service as the Slack date picker) and "who is
the new leader?" (Teams has no Slack user ids, so the page offers «Samme leder» and otherwise sends
them to the county office, which hands over with `planbot unit handover`). GET changes nothing;
a POST answers once and uses the link up in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any
from urllib.parse import parse_qs

from bot.db import session_scope
from bot.links import LinkUsed, claim_link, find_used_link
from bot.messages import ACTION_ANNUAL_MEETING, ACTION_SAME_LEADER, BUTTON_TEXT
from bot.report import already_answered, annual_meeting_answer
from bot.services.questions import (
    answer_annual_meeting_question,
    hand_over,
    is_annual_meeting_question,
    is_new_leader_question,
    question_season,
    read_annual_meeting,
)
from bot.services.validation import InvalidInput
from bot.texts import t
from handlers.teams_links import ACTOR, MAX_BODY, LinkAccess
from handlers.teams_page_html import Page, serve_form_page
from schedules.questions import tell_old_leaders


def question_page(
    pages: LinkAccess, token: str, environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """Serve a question's page (GET: the question; POST: the answer)."""
    return serve_form_page(
        environ,
        start_response,
        lang=pages.lang,
        ask=lambda: _ask(pages, token),
        post=lambda: _post(pages, token, _read_fields(environ)),
    )


def _ask(pages: LinkAccess, token: str) -> tuple[Page, str | None]:
    lang = pages.lang
    claims = pages.claims(token, pages.clock.now())
    if isinstance(claims, Page):
        return claims, None
    with session_scope(pages.engine) as session:
        used = find_used_link(session=session, nonce=claims.nonce)
        if used is not None:
            return pages.used_page(used.used_at), None
        found = pages.load(session, claims)
        if found is None or not _asks(claims.action, found[1]):
            return Page("404 Not Found", t("teams.page.gone", lang)), None
        obligation, event, unit = found
        answered = _answered(pages, obligation, event, unit)
        if answered is not None:
            return answered, None
        note = t("teams.page.once", lang, date=pages.expiry(claims))
        if claims.action == ACTION_ANNUAL_MEETING:
            year = question_season(event)
            text = "\n".join(
                (
                    f"{unit.name}: {t('question.annual_meeting', lang)}",
                    t("question.annual_meeting.why", lang, year=year),
                )
            )
            return Page("200 OK", text, note=note), _date_form(lang)
        text = "\n".join(
            (
                f"{unit.name}: {t('question.new_leader', lang)}",
                t("teams.question.same_hint", lang),
                t("teams.question.ask_office", lang),
            )
        )
        return Page(
            "200 OK", text, button=t(BUTTON_TEXT[ACTION_SAME_LEADER], lang), note=note
        ), None


def _post(pages: LinkAccess, token: str, fields: dict[str, list[str]]) -> Page:
    lang = pages.lang
    now = pages.clock.now()
    claims = pages.claims(token, now)
    if isinstance(claims, Page):
        return claims
    try:
        with session_scope(pages.engine) as session:
            found = pages.load(session, claims)
            if found is None or not _asks(claims.action, found[1]):
                return Page("404 Not Found", t("teams.page.gone", lang))
            obligation, event, unit = found
            used = find_used_link(session=session, nonce=claims.nonce)
            if used is not None:
                raise LinkUsed(claims, used.used_at)
            answered = _answered(pages, obligation, event, unit)
            if answered is not None:  # through another link, or in Slack: nothing changes
                return answered
            if claims.action == ACTION_ANNUAL_MEETING:
                typed = (fields.get("date") or [""])[-1]
                today = now.astimezone(pages.settings.timezone).date()
                try:  # a browser without a date field sends what the person typed: 14.03.2027
                    picked = read_annual_meeting(typed, today=today).day
                except InvalidInput:
                    return Page("422 Unprocessable Content", t("teams.question.bad_date", lang))
                try:
                    dated = answer_annual_meeting_question(
                        session=session,
                        obligation=obligation,
                        on=picked,
                        actor=ACTOR,
                        now=now,
                        today=today,
                    )
                except InvalidInput as exc:  # nothing stored; the link stays for another try
                    session.rollback()
                    return Page("422 Unprocessable Content", exc.message(lang))
                # Used up in the same transaction as the answer: a second click rolls it all back.
                claim_link(session=session, claims=claims, now=now)
                text = annual_meeting_answer(
                    unit=unit, on=picked, dated=dated, lang=lang, quote=str
                )
                return Page("200 OK", text)
            handover = hand_over(
                session=session, obligation=obligation, leaders=None, actor=ACTOR, now=now
            )
            tell_old_leaders(
                session=session,
                settings=pages.settings,
                unit=unit,
                event=event,
                handover=handover,
                now=now,
            )
            claim_link(session=session, claims=claims, now=now)
            return Page("200 OK", t("teams.question.same_done", lang, unit=unit.name))
    except LinkUsed as used:
        return pages.used_page(used.used_at)


def _answered(pages: LinkAccess, obligation: Any, event: Any, unit: Any) -> Page | None:
    """The page for a question answered already (bot.report.already_answered), or None."""
    text = already_answered(
        event=event, obligation=obligation, unit=unit, tz=pages.settings.timezone, lang=pages.lang
    )
    return None if text is None else Page("409 Conflict", text)


def _asks(action: str, event: Any) -> bool:
    """Whether the link's question is the event's (a link never answers another question)."""
    if action == ACTION_ANNUAL_MEETING:
        return is_annual_meeting_question(event)
    return is_new_leader_question(event)


def _read_fields(environ: dict[str, Any]) -> dict[str, list[str]]:
    """The fields of a small urlencoded form body (the rest is left unread)."""
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    return parse_qs(body.decode("utf-8", errors="replace"))


def _date_form(lang: str) -> str:
    return (
        '<form method="post">'
        f"<p><label>{escape(t('teams.question.date', lang))}<br>"
        '<input type="date" name="date" required style="font-size:1.1rem"></label></p>'
        f'<button type="submit">{escape(t("teams.question.submit", lang))}</button></form>'
    )
