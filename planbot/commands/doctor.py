"""`planbot doctor`: the readiness check a staff member runs before the first nudge."""

from __future__ import annotations

import click

from bot.db import schema_is_current
from bot.models import Unit, UnitKind
from bot.runtime import Runtime
from bot.services.readiness import (
    Problem,
    fix_counts,
    leaders_by_unit,
    people_lines,
    settings_problems,
    unit_problems,
)
from bot.services.units import list_units
from bot.services.validation import is_channel_ref
from bot.texts import t
from bot.webhooks import is_webhook_url
from planbot.context import State, echo_json, pass_state
from schedules.outbox import plan_problems
from schedules.slack_directory import slack_problems
from schedules.teams_cards import notice_card
from schedules.teams_transport import teams_transport
from schedules.transports import TransportError, slack_client


def readiness_problems(
    runtime: Runtime, *, each_unit: bool = True, send_test: bool = False
) -> tuple[list[Problem], int]:
    """Every problem of the set-up, and how many municipal parties are active; without
    `each_unit` Slack is asked only about the token (quick enough for start-up)."""
    settings = runtime.settings
    if not schema_is_current(runtime.engine):
        return [Problem("doctor.db_behind")], 0
    with runtime.session() as session:
        units = list_units(session=session, kind=None)
        leaders = leaders_by_unit(session=session, units=units)
        rows = plan_problems(session=session)
    lang = settings.language
    teams_units = [unit for unit in units if is_webhook_url(unit.teams_webhook_url or "")]
    problems = settings_problems(settings, teams_units=bool(teams_units))
    problems += unit_problems(units=units, leaders=leaders)
    problems += [Problem("doctor.bad_row", {"problem": row.message(lang)}) for row in rows]
    if settings.slack_bot_token:
        problems += slack_problems(
            slack_client(settings),
            # One line for a staff channel of the wrong form (settings_problems), not a second
            # «finner ikke kanalen» from Slack.
            staff_channel=(
                settings.staff_channel
                if settings.staff_channel and is_channel_ref(settings.staff_channel)
                else None
            ),
            units=units,
            leaders=leaders,
            each_unit=each_unit,
        )
    if send_test:
        problems += _send_test_cards(runtime, teams_units)
    municipal = sum(1 for unit in units if unit.kind == UnitKind.MUNICIPAL)
    return problems, municipal


def startup_summary(runtime: Runtime) -> str | None:
    """One line for `planbot run` when the set-up has problems (None when it has none)."""
    problems, _ = readiness_problems(runtime, each_unit=False)
    if not problems:
        return None
    count, blocking = fix_counts(problems)
    return t("run.doctor", runtime.language, count=count, blocking=blocking)


def _send_test_cards(runtime: Runtime, units: list[Unit]) -> list[Problem]:
    lang = runtime.language
    transport = teams_transport(
        engine=runtime.engine,
        settings=runtime.settings,
        clock=runtime.clock,
        require_links=False,
        retries=0,
    )
    stamp = runtime.clock.now().isoformat()
    problems = []
    for unit in units:
        card = notice_card(t("doctor.teams_test_title", lang, unit=unit.name), lang=lang)
        try:
            transport.post(
                unit.teams_webhook_url or "",
                card,
                key=f"doctor:{unit.slug}:{stamp}",
                pace_key=unit.slug,
            )
        except TransportError as exc:
            problems.append(
                Problem(
                    "doctor.teams_failed", {"unit": unit.name, "error": exc.code}, unit=unit.slug
                )
            )
        else:
            click.echo(t("doctor.teams_sent", lang, unit=unit.name), err=True)
    return problems


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.option("--send-test", is_flag=True, help="Post one test card to each unit's Teams webhook.")
@pass_state
def doctor(state: State, as_json: bool, send_test: bool) -> None:
    """Check the set-up before the first nudge: settings, database, Slack token and scopes,
    channels, leaders, that every municipal party can be reached, and the stored rows the
    planner skips.

    One line per problem with the fix (four or more unreachable units share one line); exit
    status 1 when anything would stop a nudge.
    """
    runtime = state.runtime
    lang = runtime.language
    problems, municipal = readiness_problems(runtime, send_test=send_test)
    blocking = [p for p in problems if p.blocking]
    if as_json:
        echo_json(
            {
                "ok": not blocking,
                "problems": [p.as_json(lang) for p in problems],
                "units": municipal,
            }
        )
    else:
        for line in people_lines(problems, lang):
            click.echo(line)
        if problems:
            count, stopping = fix_counts(problems)
            click.echo(t("doctor.summary", lang, count=count, blocking=stopping))
        else:
            click.echo(t("doctor.ok", lang, units=municipal))
    if blocking:
        raise SystemExit(1)
