"""The readiness check (`planbot doctor`): what in the set-up would stop or weaken a nudge.

This module holds the checks that need only the settings and the database; the questions to
Slack and Teams live beside their transports (schedules/). Each problem is one line in the
reader's language that names the fix; `blocking` ones would stop a nudge from being sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from bot.enums import Role, UnitKind
from bot.models import Unit
from bot.services.units import user_ids_with_role
from bot.services.validation import is_channel_ref, is_user_id
from bot.settings import Settings
from bot.targets import staff_targets
from bot.texts import t
from bot.webhooks import is_webhook_url


@dataclass(frozen=True)
class Problem:
    """One thing to fix: a text key with its values, and whether it would stop a nudge."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    blocking: bool = True
    unit: str | None = None  # the unit's slug, when the problem is one unit's

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)

    def as_json(self, lang: str) -> dict[str, Any]:
        """The `planbot doctor --json` shape (fields are only ever added)."""
        return {
            "check": self.key.removeprefix("doctor."),
            "unit": self.unit,
            "blocking": self.blocking,
            "text": self.text(lang),
        }


def settings_problems(settings: Settings, *, teams_units: bool) -> list[Problem]:
    """Routes and secrets the settings leave out."""
    problems = []
    teams_in_use = teams_units or bool(settings.teams_webhook_url)
    if not settings.slack_bot_token and not teams_in_use:
        problems.append(Problem("doctor.no_route"))
    if not staff_targets(settings):
        problems.append(Problem("doctor.no_staff_channel"))
    elif settings.staff_channel and not is_channel_ref(settings.staff_channel):
        # «general»: neither an id nor a #name, so Slack has no channel by that name to post to.
        name = settings.staff_channel.strip("#<> ").replace(" ", "-").lower() or "kanal"
        values = {"value": settings.staff_channel, "name": name}
        problems.append(Problem("doctor.bad_staff_channel", values))
    if teams_units and not (settings.link_secret and settings.public_url):
        # A unit's cards carry signed links: `planbot run` refuses to start without them (the
        # staff's TEAMS_WEBHOOK_URL alone gets cards without buttons).
        problems.append(Problem("doctor.link_secret"))
    if not settings.staff_users:
        problems.append(Problem("doctor.no_staff", blocking=False))
    return problems


KINDS = frozenset(kind.value for kind in UnitKind)


def unit_problems(*, units: list[Unit], leaders: dict[int, list[str]]) -> list[Problem]:
    """Active municipal parties that no route reaches (no channel, no leader, no Teams), or
    none at all (a county that has not added its units yet)."""
    if not any(unit.active and unit.kind == UnitKind.MUNICIPAL for unit in units):
        return [Problem("doctor.no_units")]
    problems = []
    for unit in units:
        if unit.active and unit.kind not in KINDS:  # written by hand: nudged as nothing
            values = {"unit": unit.name, "slug": unit.slug, "value": unit.kind}
            problems.append(Problem("doctor.bad_kind", values, unit=unit.slug))
        if not unit.active or unit.kind != UnitKind.MUNICIPAL:
            continue
        problems += _malformed_routes(unit, leaders.get(unit.id or 0, []))
        if not (unit.slack_channel or leaders.get(unit.id or 0) or unit.teams_webhook_url):
            problems.append(
                Problem(
                    "doctor.unreachable", {"unit": unit.name, "slug": unit.slug}, unit=unit.slug
                )
            )
    return problems


def _malformed_routes(unit: Unit, leaders: list[str]) -> list[Problem]:
    """A unit's channel, leaders and webhook written (by hand, by an old version) in a form that
    cannot be one: the planner does not use them, so each is a line to fix."""
    values = {"unit": unit.name, "slug": unit.slug}
    problems = []
    if unit.slack_channel and not is_channel_ref(unit.slack_channel):
        values_channel = {**values, "value": unit.slack_channel}
        problems.append(Problem("doctor.bad_channel", values_channel, unit=unit.slug))
    for leader in leaders:
        if not is_user_id(leader):
            problems.append(
                Problem("doctor.bad_leader", {**values, "value": leader}, unit=unit.slug)
            )
    if unit.teams_webhook_url and not is_webhook_url(unit.teams_webhook_url):
        problems.append(Problem("doctor.bad_webhook", values, unit=unit.slug))
    return problems


# From this many unreachable units on, people read one line naming them instead of one line each.
UNREACHABLE_TOGETHER = 4
NAMES_SHOWN = 10


def people_lines(problems: list[Problem], lang: str) -> list[str]:
    """The problems as people read them, one line each ('✗' stops a nudge, '!' weakens one);
    many unreachable units make one line that names them (`--json` keeps one problem per unit)."""
    unreachable = [p for p in problems if p.key == "doctor.unreachable"]
    together = len(unreachable) >= UNREACHABLE_TOGETHER
    lines = []
    for problem in problems:
        if together and problem.key == "doctor.unreachable":
            if problem is unreachable[0]:
                lines.append("✗ " + _unreachable_line(unreachable, lang))
            continue
        lines.append(("✗ " if problem.blocking else "! ") + problem.text(lang))
    return lines


def fix_counts(problems: list[Problem]) -> tuple[int, int]:
    """(things to fix, how many of them stop a nudge) as people see them listed: many unreachable
    units are one line, so they count once."""
    unreachable = [p for p in problems if p.key == "doctor.unreachable"]
    if len(unreachable) >= UNREACHABLE_TOGETHER:
        problems = [p for p in problems if p.key != "doctor.unreachable"] + unreachable[:1]
    return len(problems), sum(1 for p in problems if p.blocking)


def _unreachable_line(unreachable: list[Problem], lang: str) -> str:
    names = [str(p.values["unit"]) for p in unreachable]
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown = t("doctor.unreachable_more", lang, names=shown, count=len(names) - NAMES_SHOWN)
    slug = unreachable[0].values["slug"]
    return t("doctor.unreachable_many", lang, count=len(names), units=shown, slug=slug)


def leaders_by_unit(*, session: Session, units: list[Unit]) -> dict[int, list[str]]:
    """Each unit's leaders (Slack user ids)."""
    return {
        unit.id or 0: user_ids_with_role(session=session, unit=unit, role=Role.LEADER)
        for unit in units
    }
