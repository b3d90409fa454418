"""`planbot nudges` (preview, or send what is due) and `planbot digest` (the weekly staff digest)."""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import groupby
from typing import Any

import click
from sqlmodel import select

from bot.dates import format_date, local_date, local_datetime
from bot.models import Nudge, NudgeState
from bot.runtime import Runtime
from bot.services.units import name_order
from bot.settings import SettingsError, secret_value
from bot.targets import staff_targets
from bot.texts import t
from bot.webhooks import mask_webhook_url
from planbot.context import DATE, DAYS, State, echo_json, fail, pass_state, ready_runtime
from planbot.transports import slack_sender
from schedules.digest import load_digest, queue_digest, render_digest_text
from schedules.dispatcher import DispatcherBusy
from schedules.jobs import build_dispatcher, run_dispatch_tick
from schedules.outbox import checked_plan_window
from schedules.planner import PlannedNudge
from schedules.render import message_text, recipient_words
from schedules.teams_transport import teams_transport_for
from schedules.transports import Transport


@click.command()
@click.option("--from", "start", type=DATE, help="First day of the window (default: today).")
@click.option(
    "--days", type=DAYS, default=7, show_default=True, help="Length of the window in days."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of nudges.")
@click.option(
    "--send-due", is_flag=True, help="Instead of a preview: send the nudges that are due now."
)
@pass_state
def nudges(state: State, start: date | None, days: int, as_json: bool, send_due: bool) -> None:
    """Preview the nudges that would be sent in a window, when and to whom, without sending.

    --json fields: due_at (ISO 8601 with offset), event_id, event_title, occurrence, rule, target
    (unit:<slug>, unit:<slug>/dm:<user> or staff), to (channel or user id, null when nobody can be
    reached), reachable, unit_id, obligation_id, key, text, buttons. A stored rule or event that
    breaks the rules is skipped and named in a warning on stderr (the exit status stays 0).
    """
    runtime = ready_runtime(state)
    if send_due:
        _send_due(runtime)
        return
    settings, lang = runtime.settings, runtime.language
    start = start or runtime.today()
    since = local_datetime(start, time(0), settings.timezone)
    until = local_datetime(start + timedelta(days=days), time(0), settings.timezone)
    with runtime.session() as session:
        checked = checked_plan_window(session=session, since=since, until=until, settings=settings)
    planned = checked.nudges
    for problem in checked.problems:  # on stderr, so --json stays a list on stdout
        click.echo(t("nudges.warning", lang, problem=problem.message(lang)), err=True)
    if as_json:
        echo_json([p.as_json(settings.timezone) for p in planned])
        return
    end = start + timedelta(days=days - 1)
    first, last = format_date(start, lang), format_date(end, lang)
    if not planned:
        click.echo(t("nudges.none", lang, start=first, end=last))
        return
    click.echo(t("nudges.title", lang, start=first, end=last))
    tz = settings.timezone
    for day, items in groupby(planned, key=lambda p: local_date(p.due_at, tz)):
        click.echo("")
        click.echo(format_date(day, lang))
        for p in sorted(items, key=_reading_order):
            to = p.to or t("nudge.unreachable", lang)
            line = t(
                "nudges.line",
                lang,
                time=p.due_at.astimezone(tz).strftime("%H:%M"),
                target=recipient_words(
                    unit_name=p.message.unit_name, label=p.target_label, lang=lang
                ),
                to=to,
                text=message_text(p.message),
            )
            click.echo(f"  {line}")


def _reading_order(nudge: PlannedNudge) -> tuple[Any, ...]:
    """A day's nudges as people look for them: by time and deadline, units in Norwegian
    alphabetical order (Bodø before Bø, Øksnes last), not by their internal labels."""
    name = nudge.message.unit_name or nudge.target_label
    return (nudge.due_at, nudge.event_id, nudge.rule, name_order(name), nudge.target_label)


def _send_due(runtime: Runtime) -> None:
    lang = runtime.language
    slack = bool(runtime.settings.slack_bot_token or runtime.settings.slack_api_url)
    try:
        teams = teams_transport_for(
            engine=runtime.engine, settings=runtime.settings, clock=runtime.clock
        )
    except SettingsError as exc:
        fail(exc.in_language(runtime.language))
    if not slack and teams is None:
        fail(t("nudges.no_slack", lang))
    transports: dict[str, Transport] = {"slack": slack_sender(runtime.settings)} if slack else {}
    if teams is not None:
        transports["teams"] = teams
    try:
        dispatcher = build_dispatcher(runtime=runtime, transports=transports)
    except DispatcherBusy as exc:
        fail(str(exc), code=3)
    try:
        result = run_dispatch_tick(runtime=runtime, dispatcher=dispatcher, full=True)
    finally:
        dispatcher.close()
    click.echo(
        t(
            "nudges.sent",
            lang,
            count=result.sent,
            failed=result.failed,
            cancelled=result.cancelled,
            deferred=result.deferred,
        )
    )


@click.command()
@click.option(
    "--send",
    is_flag=True,
    help="Post it to PLANBOT_STAFF_CHANNEL and/or TEAMS_WEBHOOK_URL now (once per ISO week each; "
    "the Monday job shares it).",
)
@pass_state
def digest(state: State, send: bool) -> None:
    """The weekly staff digest: the next two weeks, open and overdue obligations, failed nudges."""
    runtime = ready_runtime(state)
    settings, lang = runtime.settings, runtime.language
    now = runtime.clock.now()
    with runtime.session() as session:
        content = load_digest(session=session, now=now, settings=settings)
    click.echo(render_digest_text(content, lang))
    if not send:
        return
    channel, teams = settings.staff_channel, settings.teams_webhook_url
    if not staff_targets(settings):
        fail(t("digest.no_channel", lang))
    if channel and not (settings.slack_bot_token or settings.slack_api_url):
        fail(t("nudges.no_slack", lang))
    try:
        teams_transport = teams_transport_for(
            engine=runtime.engine, settings=settings, clock=runtime.clock
        )
    except SettingsError as exc:
        fail(exc.in_language(runtime.language))
    with runtime.session() as session:
        queued = queue_digest(session=session, now=now, settings=settings)
    where = {"slack": channel, "teams": mask_webhook_url(secret_value(teams))}
    keys = {name: row.key for name, (row, _) in queued.items()}
    for name, (row, created) in queued.items():
        if not created and row.state == NudgeState.SENT:
            click.echo(t("digest.already_sent", lang, week=content.week, channel=where[name]))
            del keys[name]
    if not keys:
        return
    transports: dict[str, Transport] = {}
    if channel:
        transports["slack"] = slack_sender(settings)
    if teams_transport is not None:
        transports["teams"] = teams_transport
    try:
        dispatcher = build_dispatcher(runtime=runtime, transports=transports)
    except DispatcherBusy as exc:
        fail(str(exc), code=3)
    try:
        dispatcher.tick()
    finally:
        dispatcher.close()
    failed = []
    with runtime.session() as session:
        for name, key in keys.items():
            stored = session.exec(select(Nudge).where(Nudge.key == key)).one()
            error = stored.last_error or stored.state
            if name == "teams" and stored.state == NudgeState.SENT:
                click.echo(t("teams.digest.sent", lang, masked=where["teams"]))
            elif name == "teams":
                failed.append(t("teams.digest.failed", lang, masked=where["teams"], error=error))
            elif stored.state == NudgeState.SENT:
                click.echo(t("digest.sent", lang, channel=channel))
            else:
                failed.append(t("digest.failed_send", lang, error=error))
    if failed:
        fail("\n".join(failed), code=1)
