"""The HTML of the small pages behind Teams links: headers, style, and the page itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from bot.texts import t

HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ),
]

STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:1.5rem;"
    "background:#f5f5f7;color:#1d1d1f;line-height:1.5}"
    "main{max-width:32rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem;"
    "box-shadow:0 1px 4px rgba(0,0,0,.08)}"
    "h1{font-size:1.1rem;margin:0 0 1rem;color:#6e6e73}p{font-size:1.1rem;margin:0 0 1rem}"
    "button{font-size:1.1rem;width:100%;padding:.9rem;border:0;border-radius:8px;"
    "background:#2b7a3d;color:#fff;cursor:pointer}small{color:#6e6e73}"
)


@dataclass(frozen=True)
class Page:
    """What a link page shows: a status, a message, and (on the question page) a button."""

    status: str
    text: str
    button: str | None = None
    note: str | None = None


def render_page(page: Page, *, lang: str) -> bytes:
    """A small, escaped, mobile-friendly HTML page; the button posts back to the same URL."""
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex, nofollow">',
        f"<title>{escape(t('teams.page.title', lang))}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        f"<h1>{escape(t('teams.page.title', lang))}</h1>",
        f"<p>{escape(page.text)}</p>",
    ]
    if page.button:
        parts.append(
            '<form method="post"><button type="submit">' + escape(page.button) + "</button></form>"
        )
    if page.note:
        parts.append(f"<p><small>{escape(page.note)}</small></p>")
    parts.append("</main></body></html>")
    return "\n".join(parts).encode("utf-8")


def serve_form_page(
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    *,
    lang: str,
    ask: Callable[[], tuple[Page, str | None]],
    post: Callable[[], Page],
) -> Iterable[bytes]:
    """A link page with a form: GET (and HEAD, without a body) shows `ask`'s page and form, POST
    answers with `post`'s page."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    form_html = None
    if method == "POST":
        page = post()
    else:
        page, form_html = ask()
    body = b"" if method == "HEAD" else render_form_page(page, form_html=form_html, lang=lang)
    start_response(page.status, [*HEADERS, ("Content-Length", str(len(body)))])
    return [body]


def render_form_page(page: Page, *, form_html: str | None, lang: str) -> bytes:
    """The page with its lines kept as lines and a form of its own right after the text."""
    html = render_page(page, lang=lang).replace(b"<p>", b'<p style="white-space:pre-line">', 1)
    if form_html is None:
        return html
    return html.replace(b"</p>\n", b"</p>\n" + form_html.encode("utf-8") + b"\n", 1)
