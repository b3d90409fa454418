"""Questions Planbot asks Slack about people and channels, for imports and the readiness check."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.models import Unit
from bot.services.readiness import Problem


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


# The bot scopes manifest.yaml asks for (tests/handlers/test_manifest.py keeps them equal).
SLACK_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "users:read",
    "users:read.email",
    "channels:history",
    "groups:history",
    "im:history",
    "channels:read",
    "groups:read",
    "files:read",
    "files:write",  # the staff's zip of hand-ins (files.uploadV2)
)


def slack_problems(
    client: WebClient,
    *,
    staff_channel: str | None,
    units: Sequence[Unit],
    leaders: Mapping[int, Sequence[str]],
    each_unit: bool = True,
) -> list[Problem]:
    """Ask Slack whether the token works with the manifest's scopes and (with `each_unit`)
    whether each channel exists with Planbot in it and each leader is an active user; one
    Problem for each answer that is not right."""
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        return [Problem("doctor.slack_token", {"error": error})]
    except OSError as exc:
        return [Problem("doctor.slack_unreachable", {"url": client.base_url, "error": exc})]
    problems = []
    granted = {s.strip() for s in str(answer.headers.get("x-oauth-scopes") or "").split(",")}
    missing = [scope for scope in SLACK_SCOPES if scope not in granted]
    if missing:
        problems.append(Problem("doctor.slack_scopes", {"scopes": ", ".join(missing)}))
    if staff_channel and each_unit:
        problems += _channel_problems(client, staff_channel, name=None, slug=None)
    for unit in units if each_unit else ():
        if not unit.active:
            continue
        if unit.slack_channel:
            problems += _channel_problems(
                client, unit.slack_channel, name=unit.name, slug=unit.slug
            )
        for user in leaders.get(unit.id or 0, ()):
            problem = _user_problem(client, user, unit=unit)
            if problem is not None:
                problems.append(problem)
    return problems


def _channel_problems(
    client: WebClient, channel: str, *, name: str | None, slug: str | None
) -> list[Problem]:
    where = {"unit": name} if name else {}
    try:
        info = client.conversations_info(channel=channel)["channel"] or {}
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        key = "doctor.unit_channel_missing" if name else "doctor.staff_channel_missing"
        return [Problem(key, {**where, "channel": channel, "error": error}, unit=slug)]
    if info.get("is_archived"):
        key = "doctor.unit_channel_archived" if name else "doctor.staff_channel_archived"
        return [Problem(key, {**where, "channel": channel}, unit=slug)]
    if not info.get("is_member"):
        key = "doctor.unit_channel_member" if name else "doctor.staff_channel_member"
        # A public channel still takes posts (chat:write.public); a private one does not.
        blocking = bool(info.get("is_private"))
        return [Problem(key, {**where, "channel": channel}, blocking=blocking, unit=slug)]
    return []


def _user_problem(client: WebClient, user: str, *, unit: Unit) -> Problem | None:
    try:
        info = client.users_info(user=user)["user"] or {}
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        values = {"unit": unit.name, "user": user, "error": error}
        return Problem(
            "doctor.leader_missing", values, blocking=not unit.slack_channel, unit=unit.slug
        )
    if info.get("deleted"):
        values = {"unit": unit.name, "user": user}
        return Problem(
            "doctor.leader_deactivated", values, blocking=not unit.slack_channel, unit=unit.slug
        )
    return None
