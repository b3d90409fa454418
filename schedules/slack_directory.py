"""Questions Planbot asks Slack about people (and later channels), for imports and the readiness check."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


class DirectoryUnavailable(RuntimeError):
    """Slack could not answer (bad token, missing scope, no network); the message says which."""


def email_lookup(client: WebClient) -> Callable[[str], str | None]:
    """A function giving the Slack user id of an e-mail address (None when Slack has no such
    user), asking `users.lookupByEmail` once per address; DirectoryUnavailable when Slack fails."""

    @cache
    def lookup(email: str) -> str | None:
        try:
            response = client.users_lookupByEmail(email=email.strip())
        except SlackApiError as exc:
            error = str(exc.response.get("error") or exc.response.status_code)
            if error == "users_not_found":
                return None
            raise DirectoryUnavailable(error) from exc
        except OSError as exc:
            raise DirectoryUnavailable(str(exc)) from exc
        user = response.get("user") or {}
        return str(user["id"]) if user.get("id") else None

    return lookup
