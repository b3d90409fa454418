"""Teams Workflows webhook URLs: whether a URL can be one, and how to show it (it is a secret)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEBHOOK_URL = re.compile(r"^https?://[^/\s?#]+[^\s]*$")
# Where a link to a Teams channel, chat or meeting points (not a webhook).
TEAMS_APP_HOSTS = frozenset({"teams.microsoft.com", "teams.live.com", "teams.cloud.microsoft"})


def mask_webhook_url(url: str | None) -> str:
    """A webhook URL safe to print: scheme and host, then only its last four characters."""
    if not url:
        return "–"
    parts = urlsplit(url)
    tail = re.sub(r"[^A-Za-z0-9]", "", url)[-4:]
    if not parts.scheme or not parts.hostname:
        # Not a link as typed ("prod-12.…/workflows/…" without https://): never shown as one.
        return f"…****{tail}"
    return f"{parts.scheme}://{parts.hostname}/…/****{tail}"


def webhook_mistake(url: str) -> str | None:
    """What a pasted link is instead of a Workflows webhook: 'teams_link' (a link to a channel,
    chat or meeting in Teams), 'connector' (a retired Office 365 connector), or None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host in TEAMS_APP_HOSTS or host.endswith(".teams.microsoft.com"):
        return "teams_link"
    if host.endswith(".webhook.office.com") or (
        host == "outlook.office.com" and parts.path.startswith("/webhook")
    ):
        return "connector"
    return None


def is_webhook_url(url: str) -> bool:
    """Whether `url` can be a webhook: https with a host (plain http only on this machine), and
    not a link to Teams itself or a retired connector."""
    url = url.strip()
    if not WEBHOOK_URL.match(url) or webhook_mistake(url):
        return False
    parts = urlsplit(url)
    local = parts.hostname in ("localhost", "::1") or (parts.hostname or "").startswith("127.")
    return parts.scheme == "https" or (parts.scheme == "http" and local)
