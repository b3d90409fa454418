"""The Teams hand-in page behind a signed *Lever* link: GET shows a form (text, a file, "ingen
forslag"), POST (multipart, size-limited) hands in exactly like Slack and uses the link up in the
same transaction; the answer says exactly what was received."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from html import escape
from typing import Any

from bot.db import session_scope
from bot.links import LinkUsed, claim_link, find_used_link, opened_at_of, sign_opened
from bot.models import Deliverable
from bot.services.deliveries import (
    DeliveryRefused,
    IncomingFile,
    delivery_of,
    describe,
    files_of,
    hand_in,
    hand_in_closed,
    hand_in_made_at,
    human_size,
)
from bot.texts import t
from handlers.blocks_deliver import MODE_ADD, MODE_REPLACE, spec_words
from handlers.deliveries import receipt_text
from handlers.teams_links import ACTOR, LinkAccess
from handlers.teams_page_html import Page, serve_form_page

# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 64 * 1024
# A refused body is read away up to this much; a larger one is cut off unread.
DISCARD_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class Form:
    """What the hand-in form sent."""

    text: str
    files: list[IncomingFile]
    none_answer: bool
    opened: str = ""  # when the page was opened, signed (bot.links.sign_opened)
    replace: bool = True  # what was handed in before is replaced (else added to), as in Slack


def deliver_page(
    pages: LinkAccess, token: str, environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    """Serve the hand-in page for a *Lever* link (GET: the form; POST: hand in)."""
    return serve_form_page(
        environ,
        start_response,
        lang=pages.lang,
        ask=lambda: _ask(pages, token),
        post=lambda: _post(pages, token, environ),
    )


def _ask(pages: LinkAccess, token: str) -> tuple[Page, str | None]:
    lang = pages.lang
    now = pages.clock.now()
    claims = pages.claims(token, now)
    if isinstance(claims, Page):
        return claims, None
    with session_scope(pages.engine) as session:
        used = find_used_link(session=session, nonce=claims.nonce)
        if used is not None:
            return pages.used_page(used.used_at), None
        found = pages.load(session, claims)
        if found is None:
            return Page("404 Not Found", t("teams.page.gone", lang)), None
        obligation, event, unit = found
        today = now.astimezone(pages.settings.timezone).date()
        closed = hand_in_closed(event=event, obligation=obligation, staff=False, today=today)
        if closed is not None:  # say so now, not after the form is filled in (as Slack does)
            return Page("200 OK", closed.text(lang)), None
        title = t("teams.deliver.title", lang, unit=unit.name, title=event.title)
        intro = t("teams.deliver.intro", lang, spec=spec_words(event, lang))
        delivery = delivery_of(session=session, obligation=obligation)
        already = (
            describe(delivery, files_of(session=session, delivery=delivery), lang)
            if delivery
            else []
        )
        form = _form_html(
            lang=lang,
            already=already,
            text=event.deliverable in (Deliverable.TEXT, Deliverable.TEXT_OR_FILES),
            file=event.deliverable in (Deliverable.FILES, Deliverable.TEXT_OR_FILES),
            none_ok=event.deliverable_none_ok,
            limit=human_size(pages.settings.delivery_max_bytes),
            accept=",".join(f".{k}" for k in sorted(pages.settings.delivery_types)),
            # When the page was opened, so that sending it just after the deadline is not late
            # (as in Slack); signed, so the browser cannot make it earlier.
            opened=sign_opened(nonce=claims.nonce, opened_at=now, secret=pages.secret),
        )
    note = t("teams.page.once", lang, date=pages.expiry(claims))
    return Page("200 OK", f"{title}\n{intro}", note=note), form


def _post(pages: LinkAccess, token: str, environ: dict[str, Any]) -> Page:
    lang = pages.lang
    now = pages.clock.now()
    claims = pages.claims(token, now)
    if isinstance(claims, Page):
        return claims
    limit = pages.settings.delivery_max_bytes
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + FORM_OVERHEAD:
        _discard(environ, length)
        return Page(
            "413 Content Too Large", t("teams.deliver.too_big", lang, limit=human_size(limit))
        )
    form = read_form(environ, length)
    try:
        with session_scope(pages.engine) as session:
            found = pages.load(session, claims)
            if found is None:
                return Page("404 Not Found", t("teams.page.gone", lang))
            obligation, event, unit = found
            if find_used_link(session=session, nonce=claims.nonce) is not None:
                raise LinkUsed(claims, None)
            opened_at = opened_at_of(form.opened, nonce=claims.nonce, secret=pages.secret)
            made_at = hand_in_made_at(opened_at=opened_at, now=now)
            try:
                delivery, files = hand_in(
                    session=session,
                    settings=pages.settings,
                    obligation=obligation,
                    event=event,
                    actor=ACTOR,
                    staff=False,
                    now=now,
                    text=form.text,
                    files=form.files,
                    none_answer=form.none_answer,
                    replace=form.replace,
                    handed_in_on=made_at.astimezone(pages.settings.timezone).date(),
                )
            except DeliveryRefused as exc:  # nothing stored; the link stays unused for another try
                return Page("422 Unprocessable Content", exc.text(lang))
            # Used up in the same transaction as the hand-in: a second click rolls it all back.
            claim_link(session=session, claims=claims, now=now)
            text = receipt_text(
                delivery=delivery,
                files=files,
                event=event,
                unit=unit,
                obligation=obligation,
                settings=pages.settings,
                lang=lang,
            )
            return Page("200 OK", text.replace("*", ""))
    except LinkUsed as used:
        return pages.used_page(used.used_at)


def _discard(environ: dict[str, Any], length: int) -> None:
    """Read a refused body away (so the browser sees the answer), never more than DISCARD_LIMIT."""
    left = min(length, DISCARD_LIMIT)
    while left > 0:
        chunk = environ["wsgi.input"].read(min(left, 64 * 1024))
        if not chunk:
            return
        left -= len(chunk)


def read_form(environ: dict[str, Any], length: int) -> Form:
    """The fields of a multipart/form-data (or urlencoded) body: text, file, none."""
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    content_type = environ.get("CONTENT_TYPE") or ""
    text, files, none_answer, opened, mode = "", [], False, "", ""
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode("latin-1") + body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            decoded = part.get_payload(decode=True)
            payload = decoded if isinstance(decoded, bytes) else b""
            filename = part.get_filename()
            if name == "file" and filename and payload:
                mimetype = part.get_content_type()
                files.append(IncomingFile(filename=filename, content=payload, mimetype=mimetype))
            elif name == "text":
                text = payload.decode("utf-8", errors="replace")
            elif name == "none":
                none_answer = True
            elif name == "opened":
                opened = payload.decode("ascii", errors="replace")
            elif name == "mode":
                mode = payload.decode("ascii", errors="replace")
    else:
        from urllib.parse import parse_qs

        fields = parse_qs(body.decode("utf-8", errors="replace"))
        text = (fields.get("text") or [""])[-1]
        none_answer = "none" in fields
        opened = (fields.get("opened") or [""])[-1]
        mode = (fields.get("mode") or [""])[-1]
    return Form(
        text=text.strip(),
        files=files,
        none_answer=none_answer,
        opened=opened,
        replace=mode.strip() != MODE_ADD,
    )


def _form_html(
    *,
    lang: str,
    already: list[str],
    text: bool,
    file: bool,
    none_ok: bool,
    limit: str,
    accept: str,
    opened: str,
) -> str:
    parts = [
        '<form method="post" enctype="multipart/form-data">',
        f'<input type="hidden" name="opened" value="{escape(opened)}">',
    ]
    if already:  # what is handed in already, and whether this replaces it or adds to it
        so_far = t("deliver.modal.already", lang, what="\n".join(already))
        parts.append(f'<p style="white-space:pre-line">{escape(so_far)}</p>')
        parts.append(f"<fieldset><legend>{escape(t('deliver.modal.mode', lang))}</legend>")
        for value, key, checked in (
            (MODE_REPLACE, "deliver.modal.replace", " checked"),
            (MODE_ADD, "deliver.modal.add", ""),
        ):
            parts.append(
                f'<p><label><input type="radio" name="mode" value="{value}"{checked}> '
                f"{escape(t(key, lang))}</label></p>"
            )
        parts.append("</fieldset>")
    if text:
        parts.append(
            f"<p><label>{escape(t('teams.deliver.text', lang))}<br>"
            '<textarea name="text" rows="8" style="width:100%"></textarea></label></p>'
        )
    if file:
        parts.append(
            f"<p><label>{escape(t('teams.deliver.file', lang, limit=limit))}<br>"
            f'<input type="file" name="file" multiple accept="{escape(accept)}"></label></p>'
        )
    if none_ok:
        parts.append(
            '<p><label><input type="checkbox" name="none" value="1"> '
            f"{escape(t('teams.deliver.none', lang))}</label></p>"
        )
    parts.append(f'<button type="submit">{escape(t("teams.deliver.submit", lang))}</button></form>')
    return "".join(parts)
