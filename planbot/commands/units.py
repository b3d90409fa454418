"""`planbot unit ...`: the municipal parties, their channels and leaders."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from bot.services.audit import snapshot
from bot.services.obligations import set_anchor_date
from bot.services.units import (
    UNIT_FIELDS,
    UnitNotFound,
    change_leaders,
    find_unit,
    list_units,
    update_unit,
    user_ids_with_role,
)
from bot.services.validation import InvalidInput
from bot.texts import t
from bot.webhooks import mask_webhook_url
from planbot.context import DATE, State, echo_json, fail, pass_state, ready_runtime

CLI_ACTOR = "cli"


@click.group()
def unit() -> None:
    """The units (municipal parties, Svalbard, the county party)."""


@unit.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def list_(state: State, as_json: bool) -> None:
    """List the units with their Slack channel and leaders."""
    runtime = ready_runtime(state)
    with runtime.session() as session:
        rows: list[dict[str, Any]] = []
        for u in list_units(session=session, kind=None, include_inactive=True):
            rows.append(
                {
                    "id": u.id,
                    "slug": u.slug,
                    "name": u.name,
                    "kind": u.kind,
                    "active": u.active,
                    "slack_channel": u.slack_channel,
                    "teams_webhook": bool(u.teams_webhook_url),
                    "leaders": user_ids_with_role(session=session, unit=u),
                }
            )
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        leaders = ", ".join(row["leaders"]) or "–"
        click.echo(
            f"{row['slug']:<12} {row['name']:<28} {row['slack_channel'] or '–':<14} {leaders}"
        )


@unit.command("set")
@click.argument("unit_ref", metavar="UNIT")
@click.option(
    "--channel", help="Slack channel id (C… or G…) for the unit's nudges; empty to clear."
)
@click.option(
    "--leader", "leaders", multiple=True, help="Slack user id (U… or W…) of a leader (repeatable)."
)
@click.option(
    "--remove-leader", "removed", multiple=True, help="Slack user id to remove as leader."
)
@click.option(
    "--annual-meeting",
    type=DATE,
    help="Date of the unit's annual meeting (dates its relative deadlines).",
)
@click.option(
    "--active/--inactive", default=None, help="Whether the unit gets obligations and nudges."
)
@click.option(
    "--teams-webhook",
    metavar="URL",
    help="Teams Workflows webhook URL for the unit's nudges (a secret, never printed); empty to clear.",
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def set_(
    state: State,
    unit_ref: str,
    channel: str | None,
    leaders: tuple[str, ...],
    removed: tuple[str, ...],
    annual_meeting: date | None,
    active: bool | None,
    teams_webhook: str | None,
    actor: str,
) -> None:
    """Change a unit: Slack channel, Teams webhook, leaders, annual-meeting date, active."""
    runtime = ready_runtime(state)
    lang = runtime.language
    now = runtime.clock.now()
    asked = (channel, active, teams_webhook, annual_meeting)
    with runtime.session() as session:
        try:
            found = find_unit(session=session, ref=unit_ref)
        except UnitNotFound:
            fail(t("unit.no_match", lang, query=unit_ref))
        if not leaders and not removed and all(value is None for value in asked):
            fail(t("valid.unit_nothing", lang, unit=found.name))
        changes: dict[str, object] = {}
        if channel is not None:
            changes["slack_channel"] = channel
        if active is not None:
            changes["active"] = active
        if teams_webhook is not None:
            changes["teams_webhook_url"] = teams_webhook
        before = snapshot(found, (*UNIT_FIELDS, "teams_webhook_url"))
        try:
            update_unit(session=session, unit=found, actor=actor, now=now, **changes)
            changed = change_leaders(
                session=session, unit=found, add=leaders, remove=removed, actor=actor, now=now
            )
        except InvalidInput as exc:
            session.rollback()
            fail(exc.message(lang))
        changed += snapshot(found, (*UNIT_FIELDS, "teams_webhook_url")) != before
        if annual_meeting:
            changed += len(
                set_anchor_date(
                    session=session,
                    unit=found,
                    anchor="annual_meeting",
                    on=annual_meeting,
                    actor=actor,
                    now=now,
                )
            )
        if not changed:
            click.echo(t("valid.unit_unchanged", lang, unit=found.name))
            return
        click.echo(t("unit.updated", lang, unit=found.name))
        if teams_webhook is not None:
            if found.teams_webhook_url:
                masked = mask_webhook_url(found.teams_webhook_url)
                click.echo(t("teams.webhook.set", lang, unit=found.name, masked=masked))
            else:
                click.echo(t("teams.webhook.cleared", lang, unit=found.name))
