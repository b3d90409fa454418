"""Signed, expiring, single-purpose links: the buttons of a Teams card, which has no bot to call back.

A token is `base64url(payload) + "." + base64url(HMAC-SHA256(secret, payload))`, where the payload is
the canonical text `v1|action|obligation_id|nudge_id|expires_at (unix seconds)|nonce`. The signature
binds every field, so a changed action, id or expiry is a tampered link. A `UsedLink` row per nonce
makes each link work once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_DELIVER,
    ACTION_DONE,
    ACTION_NEW_LEADER,
    ACTION_SNOOZE,
)
from bot.models import UsedLink

LINK_VERSION = "v1"
# Where Planbot's HTTP server answers signed links: PLANBOT_PUBLIC_URL + LINK_PATH + "/" + token.
LINK_PATH = "/lenke"
# The actions a link may carry; exempt is for staff in Slack and never goes out as a link. The
# questions' links open a page that asks for the answer (handlers.teams_question_page).
LINK_ACTIONS = (
    ACTION_DONE,
    ACTION_SNOOZE,
    ACTION_DELIVER,
    ACTION_ANNUAL_MEETING,
    ACTION_NEW_LEADER,
)
NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{43}")


class LinkInvalid(ValueError):
    """The token is malformed, or its signature does not match: nothing may be done with it."""


class LinkExpired(ValueError):
    """The token is genuine but past its expiry."""

    def __init__(self, claims: LinkClaims) -> None:
        super().__init__(f"link expired at {claims.expires_at.isoformat()}")
        self.claims = claims


class LinkUsed(ValueError):
    """The token is genuine but was used before."""

    def __init__(self, claims: LinkClaims, used_at: datetime | None) -> None:
        super().__init__(f"link {claims.nonce} already used")
        self.claims = claims
        self.used_at = used_at


@dataclass(frozen=True)
class LinkClaims:
    """What a genuine link says: which action, on which obligation, from which nudge, until when."""

    action: str
    obligation_id: int
    nudge_id: int | None
    expires_at: datetime
    nonce: str


def link_url(public_url: str, token: str) -> str:
    """The address of a signed link on Planbot's HTTP server."""
    return f"{public_url.rstrip('/')}{LINK_PATH}/{token}"


def link_token(path: str) -> str:
    """The token in the path of a request to a signed link (the inverse of link_url)."""
    return path.removeprefix(LINK_PATH).strip("/")


def new_nonce() -> str:
    """A random nonce that makes every link unique (and usable once)."""
    return secrets.token_urlsafe(12)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _canonical(
    action: str, obligation_id: int, nudge_id: int | None, expires_at: datetime, nonce: str
) -> str:
    expires = int(expires_at.astimezone(UTC).timestamp())
    nudge = "" if nudge_id is None else str(nudge_id)
    return f"{LINK_VERSION}|{action}|{obligation_id}|{nudge}|{expires}|{nonce}"


def _signature(payload: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), b"planbot-link|" + payload, hashlib.sha256).digest()


def sign_link(
    *,
    action: str,
    obligation_id: int,
    nudge_id: int | None,
    expires_at: datetime,
    secret: str,
    nonce: str | None = None,
) -> str:
    """A URL-safe token for one action on one obligation, valid until `expires_at`."""
    if action not in LINK_ACTIONS:
        raise ValueError(f"no link for action {action!r}")
    if not secret:
        raise ValueError("a link needs a secret (PLANBOT_LINK_SECRET)")
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be aware")
    nonce = nonce or new_nonce()
    if not NONCE.fullmatch(nonce):
        raise ValueError("a nonce is 8 to 64 URL-safe characters")
    payload = _canonical(action, obligation_id, nudge_id, expires_at, nonce).encode("ascii")
    return f"{_b64(payload)}.{_b64(_signature(payload, secret))}"


def verify_link(*, token: str, secret: str, now: datetime) -> LinkClaims:
    """The claims of a genuine, unexpired token; raise LinkInvalid or LinkExpired."""
    if not secret or not TOKEN.fullmatch(token or ""):
        raise LinkInvalid("malformed link")
    encoded, _, signature = token.partition(".")
    try:
        payload = _unb64(encoded)
        given = _unb64(signature)
    except (binascii.Error, ValueError) as exc:
        raise LinkInvalid("malformed link") from exc
    if not hmac.compare_digest(given, _signature(payload, secret)):
        raise LinkInvalid("bad signature")
    try:
        version, action, obligation, nudge, expires, nonce = payload.decode("ascii").split("|")
        claims = LinkClaims(
            action=action,
            obligation_id=int(obligation),
            nudge_id=int(nudge) if nudge else None,
            expires_at=datetime.fromtimestamp(int(expires), UTC),
            nonce=nonce,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise LinkInvalid("malformed payload") from exc
    if version != LINK_VERSION or action not in LINK_ACTIONS or not NONCE.fullmatch(nonce):
        raise LinkInvalid("unknown link")
    if now >= claims.expires_at:
        raise LinkExpired(claims)
    return claims


def sign_opened(*, nonce: str, opened_at: datetime, secret: str) -> str:
    """The form's proof of when its page was opened for the link `nonce` ("unix seconds.sig"):
    the browser sends it back with the form, and cannot change the time or move it to another
    link without the secret."""
    seconds = int(opened_at.astimezone(UTC).timestamp())
    return f"{seconds}.{_b64(_opened_signature(nonce, seconds, secret))}"


def opened_at_of(value: str, *, nonce: str, secret: str) -> datetime | None:
    """When the form was opened, if `value` is a genuine sign_opened for the link `nonce`;
    None for anything else (a missing, changed or borrowed value counts from when it is sent)."""
    seconds, _, signature = (value or "").partition(".")
    if not (seconds.isdigit() and len(seconds) <= 12 and secret):
        return None
    try:
        given = _unb64(signature)
    except (binascii.Error, ValueError):
        return None
    if not hmac.compare_digest(given, _opened_signature(nonce, int(seconds), secret)):
        return None
    return datetime.fromtimestamp(int(seconds), UTC)


def _opened_signature(nonce: str, seconds: int, secret: str) -> bytes:
    message = f"planbot-form-opened|{nonce}|{seconds}".encode("ascii", errors="replace")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def find_used_link(*, session: Session, nonce: str) -> UsedLink | None:
    """The record of a link's use, if it was used."""
    return session.exec(select(UsedLink).where(UsedLink.nonce == nonce)).first()


def claim_link(*, session: Session, claims: LinkClaims, now: datetime) -> UsedLink:
    """Record the link as used inside the caller's transaction; raise LinkUsed if it already was.

    The unique nonce makes two concurrent clicks (or two replicas) race safely: one insert wins.
    """
    existing = find_used_link(session=session, nonce=claims.nonce)
    if existing is not None:
        raise LinkUsed(claims, existing.used_at)
    used = UsedLink(
        nonce=claims.nonce,
        action=claims.action,
        obligation_id=claims.obligation_id,
        nudge_id=claims.nudge_id,
        used_at=now,
    )
    if not _insert_once(session, used):
        raise LinkUsed(claims, None)
    return used


def claim_submission(*, session: Session, submission: str, now: datetime) -> bool:
    """Record a modal submission (Slack's view id, hash and values, as text) inside the caller's
    transaction; False when it was already recorded: a replayed request, which changes nothing."""
    digest = hashlib.sha256(submission.encode()).hexdigest()[:40]
    return _insert_once(
        session, UsedLink(nonce=f"view-{digest}", action="view_submission", used_at=now)
    )


def _insert_once(session: Session, used: UsedLink) -> bool:
    """Insert a UsedLink unless its nonce exists (the unique nonce settles concurrent inserts)."""
    if find_used_link(session=session, nonce=used.nonce) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(used)
            session.flush()
    except IntegrityError:
        return False
    return True
