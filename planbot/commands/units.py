"""`planbot unit ...`: the municipal parties, their channels and leaders."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from bot.importer import ImportFileError, ImportRowsError
from bot.models import Role
from bot.report import annual_meeting_answer, deactivated_note, new_leader_answer
from bot.services.audit import CLI_ACTOR, snapshot
from bot.services.imports import file_error_text, rows_error_text
from bot.services.questions import (
    hand_over,
    new_leader_answered,
    open_new_leader_question,
    record_annual_meeting,
)
from bot.services.unit_files import (
    apply_unit_import,
    changes_text,
    export_units,
    plan_unit_import,
    read_unit_file,
    slack_user_id,
    units_csv,
    units_yaml,
)
from bot.services.units import (
    UNIT_FIELDS,
    UnitNotFound,
    change_leaders,
    find_unit,
    list_units,
    update_unit,
    user_ids_with_role,
)
from bot.services.validation import InvalidInput, is_email_address, message_of
from bot.settings import Settings
from bot.texts import t
from bot.webhooks import mask_webhook_url
from planbot.context import (
    ANNUAL_MEETING_DATE,
    PathType,
    State,
    echo_json,
    fail,
    pass_state,
    ready_runtime,
)
from planbot.usage import WordsGroup
from schedules.questions import tell_old_leaders
from schedules.slack_directory import DirectoryUnavailable, email_lookup
from schedules.transports import slack_client


@click.group(cls=WordsGroup)
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
                    "annual_meeting": u.annual_meeting.isoformat() if u.annual_meeting else None,
                }
            )
    if as_json:
        echo_json(rows)
        return
    lang = runtime.language
    if not rows:  # a county set up with PLANBOT_BUILTIN_PLAN=none, before its units file
        click.echo(t("unit.list.none_yet", lang))
        return
    head = [t(f"unit.list.{c}", lang) for c in ("slug", "name", "channel", "annual", "leaders")]
    click.echo(f"{head[0]:<12} {head[1]:<36} {head[2]:<14} {head[3]:<14} {head[4]}")
    for row in rows:
        name = row["name"] + ("" if row["active"] else f" ({t('unit.list.inactive', lang)})")
        route = row["slack_channel"] or ("Teams" if row["teams_webhook"] else "–")
        annual = row["annual_meeting"] or "–"
        leaders = ", ".join(row["leaders"]) or "–"
        click.echo(f"{row['slug']:<12} {name:<36} {route:<14} {annual:<14} {leaders}")


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
    type=ANNUAL_MEETING_DATE,
    help="Date of the unit's annual meeting (dates its relative deadlines); typed without a "
    "year (10.1), the meeting of the season under way.",
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
        except UnitNotFound as exc:
            fail(exc.text(lang, t("unit.no_match", lang, query=unit_ref)))
        if not leaders and not removed and all(value is None for value in asked):
            fail(t("valid.unit_nothing", lang, unit=found.name))
        leaders, removed = _user_ids(runtime.settings, leaders, removed, lang=lang)
        changes: dict[str, object] = {}
        if channel is not None:
            changes["slack_channel"] = channel
        if active is not None:
            changes["active"] = active
        if teams_webhook is not None:
            changes["teams_webhook_url"] = teams_webhook
        before = snapshot(found, (*UNIT_FIELDS, "teams_webhook_url"))
        was_active = found.active
        try:
            update_unit(session=session, unit=found, actor=actor, now=now, **changes)
            changed = change_leaders(
                session=session, unit=found, add=leaders, remove=removed, actor=actor, now=now
            )
        except InvalidInput as exc:
            session.rollback()
            fail(exc.message(lang))
        dated = None
        if annual_meeting and annual_meeting != found.annual_meeting:
            try:
                dated = record_annual_meeting(
                    session=session,
                    unit=found,
                    on=annual_meeting,
                    actor=actor,
                    now=now,
                    today=runtime.today(),
                )
            except InvalidInput as exc:
                session.rollback()
                fail(exc.message(lang))
        changed += snapshot(found, (*UNIT_FIELDS, "teams_webhook_url")) != before
        if not changed:
            click.echo(t("valid.unit_unchanged", lang, unit=found.name))
            return
        click.echo(t("unit.updated", lang, unit=found.name))
        if was_active and not found.active:
            today = runtime.today()
            note = deactivated_note(session=session, unit=found, today=today, lang=lang)
            if note:
                click.echo(note)
        if dated is not None and annual_meeting is not None:  # what the date sets, as in Slack
            click.echo(annual_meeting_answer(unit=found, on=annual_meeting, dated=dated, lang=lang))
        if teams_webhook is not None:
            if found.teams_webhook_url:
                masked = mask_webhook_url(found.teams_webhook_url)
                click.echo(t("teams.webhook.set", lang, unit=found.name, masked=masked))
            else:
                click.echo(t("teams.webhook.cleared", lang, unit=found.name))


def _user_ids(
    settings: Settings, leaders: tuple[str, ...], removed: tuple[str, ...], *, lang: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The leaders to add as Slack user ids, e-mail addresses looked up in Slack (as in a units
    file), and those to remove (an id stored in a form that is none is removed as written); one
    line saying what to type instead, and exit 2, for one that is none."""
    lookup = email_lookup(slack_client(settings)) if settings.slack_bot_token else None
    try:
        return (
            tuple(slack_user_id(p, lookup=lookup) for p in leaders),
            tuple(slack_user_id(p, lookup=lookup) if is_email_address(p) else p for p in removed),
        )
    except InvalidInput as exc:
        fail(exc.message(lang))
    except DirectoryUnavailable as exc:
        fail(t("units.lookup_failed", lang, error=exc), code=1)


@unit.command("import")
@click.argument("file", type=PathType(dir_okay=False, path_type=Path))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would be added, changed and deactivated; store nothing.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option(
    "--deactivate-missing",
    is_flag=True,
    help="Deactivate active units the file does not list (units are never deleted).",
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def import_(
    state: State, file: Path, dry_run: bool, as_json: bool, deactivate_missing: bool, actor: str
) -> None:
    """Add and change units and their people from a CSV or YAML file (columns in README.md).

    All or nothing: a file with a bad row stores nothing. E-mail addresses are looked up in Slack
    (users.lookupByEmail) when SLACK_BOT_TOKEN is set. Importing the same file again changes nothing.
    """
    runtime = state.runtime
    lang = runtime.language
    if not file.is_file():
        fail(t("import.error.missing", lang, file=file), code=1)
    settings = runtime.settings
    lookup = email_lookup(slack_client(settings)) if settings.slack_bot_token else None
    try:
        rows = read_unit_file(file, lookup=lookup)
    except ImportFileError as exc:
        fail(file_error_text(exc, file=file.name, lang=lang), code=1)
    except ImportRowsError as exc:
        fail(rows_error_text(exc, file=file.name, lang=lang), code=1)
    except DirectoryUnavailable as exc:
        fail(t("units.lookup_failed", lang, error=exc), code=1)
    runtime = ready_runtime(state)
    with runtime.session() as session:
        try:
            plan = plan_unit_import(
                session=session,
                rows=rows,
                today=runtime.today(),
                deactivate_missing=deactivate_missing,
            )
            store = plan.anything and not dry_run
            if store:
                apply_unit_import(
                    session=session,
                    plan=plan,
                    actor=actor,
                    now=runtime.clock.now(),
                    today=runtime.today(),
                )
        except ImportRowsError as exc:
            fail(rows_error_text(exc, file=file.name, lang=lang), code=1)
        except InvalidInput as exc:
            fail(t("units.import.failed", lang, error=message_of(exc, lang)), code=1)
    if as_json:
        echo_json({**plan.as_json(), "stored": store})
    else:
        click.echo(changes_text(plan, file=file.name, lang=lang, stored=not dry_run))


@unit.command("export")
@click.option(
    "--out",
    type=PathType(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (.csv, or .yaml/.yml for YAML) instead of standard output (CSV).",
)
@click.option(
    "--with-secrets",
    is_flag=True,
    help="Include the Teams webhook URLs (secrets); without them an import leaves webhooks alone.",
)
@pass_state
def export(state: State, out: Path | None, with_secrets: bool) -> None:
    """Every unit with its channel, people and annual meeting, in the format `unit import` reads."""
    runtime = ready_runtime(state)
    with runtime.session() as session:
        rows = export_units(session=session, with_secrets=with_secrets)
    yaml_out = out is not None and out.suffix.lower() in (".yaml", ".yml")
    text = units_yaml(rows) if yaml_out else units_csv(rows)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(t("units.export.written", runtime.language, count=len(rows), file=out), err=True)


@unit.command("handover")
@click.argument("unit_ref", metavar="UNIT")
@click.option(
    "--to", "leaders", multiple=True, help="Slack user id of the new leader (repeatable)."
)
@click.option("--same", is_flag=True, help="The same leader goes on after the annual meeting.")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def handover(state: State, unit_ref: str, leaders: tuple[str, ...], same: bool, actor: str) -> None:
    """Answer "Hvem er ny leder etter årsmøtet?" for a unit: the new leaders take over (audited),
    the question is marked done and the leader who left is told once."""
    runtime = ready_runtime(state)
    lang = runtime.language
    if bool(leaders) == same:
        fail(t("unit.handover_usage", lang))
    now = runtime.clock.now()
    with runtime.session() as session:
        try:
            found = find_unit(session=session, ref=unit_ref)
        except UnitNotFound as exc:
            fail(exc.text(lang, t("unit.no_match", lang, query=unit_ref)))
        question = open_new_leader_question(
            session=session, unit=found, today=runtime.today(), now=now
        )
        if question is None:
            if new_leader_answered(session=session, unit=found):
                who = ", ".join(user_ids_with_role(session=session, unit=found, role=Role.LEADER))
                fail(t("unit.handover_answered", lang, unit=found.name, slug=found.slug, who=who))
            fail(t("unit.handover_none", lang, unit=found.name, slug=found.slug))
        obligation, event = question
        try:
            result = hand_over(
                session=session,
                obligation=obligation,
                leaders=None if same else leaders,
                actor=actor,
                now=now,
            )
        except InvalidInput as exc:
            session.rollback()
            fail(exc.message(lang))
        tell_old_leaders(
            session=session,
            settings=runtime.settings,
            unit=found,
            event=event,
            handover=result,
            now=now,
        )
        click.echo(new_leader_answer(unit=found, who=result.after, lang=lang))
