"""`planbot policy ...`: the nudge rules per event kind, and changing them."""

from __future__ import annotations

import click

from bot.services.audit import CLI_ACTOR
from bot.services.units import did_you_mean
from bot.services.validation import message_of
from bot.texts import t
from planbot.context import Choice, State, echo_json, fail, pass_state, ready_runtime
from planbot.usage import WordsGroup
from schedules.policies import PolicyNotFound, PolicyUnchanged, all_policy_rows, update_policy


@click.group(cls=WordsGroup)
def policy() -> None:
    """The nudge rules: when, before or after which date, to whom (staff)."""


@policy.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of rules.")
@pass_state
def list_(state: State, as_json: bool) -> None:
    """List every nudge rule, switched on or off."""
    runtime = ready_runtime(state)
    with runtime.session() as session:
        rows = [row.model_dump(exclude={"id"}) for row in all_policy_rows(session=session)]
    if as_json:
        echo_json(rows)
        return
    lang = runtime.language
    for row in rows:
        flag = " " if row["enabled"] else t("policy.off", lang)
        at = row["at"] if row["at"] != "before_start" else f"-{row['minutes_before_start']} min"
        click.echo(
            f"{flag:<4}{row['rule']:<28} {row['anchor']:<6} {row['offset_days']:+4d} d  {at:<9} "
            f"{row['audience']:<13} {row['working_days']}" + _repeats(row, lang)
        )


def _repeats(row: dict[str, object], lang: str) -> str:
    """How often a rule repeats, with the one-reminder cap the planner applies to reminders
    after a hand-in deadline closed to leaders (schedules.planner._moments); '' for none."""
    count, every = row["repeat_count"], row["repeat_every_days"]
    if not (count and every):
        return ""
    words = t("policy.repeats", lang, count=count, every=every)
    return words + (t("policy.repeats.closed", lang) if row["audience"] == "overdue_units" else "")


@policy.command("set")
@click.argument("rule")
@click.option("--enable/--disable", "enabled", default=None, help="Switch the rule on or off.")
@click.option(
    "--offset-days",
    type=int,
    help="Days from the event's date: 0 or less for a rule before it, 1 or more for one after it.",
)
@click.option("--at", "at", help="morning (PLANBOT_MORNING), HH:MM (00:00–23:59), or before_start.")
@click.option(
    "--minutes-before-start", type=click.IntRange(0, 24 * 60), help="With --at before_start."
)
@click.option(
    "--working-days",
    type=Choice(["any", "earlier", "later"]),
    help="On a weekend or holiday: send anyway, the working day before, or the one after.",
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def set_(
    state: State,
    rule: str,
    enabled: bool | None,
    offset_days: int | None,
    at: str | None,
    minutes_before_start: int | None,
    working_days: str | None,
    actor: str,
) -> None:
    """Change one rule.

    When it falls, at what hour, on which days, or whether it is on; for example `planbot policy set deadline.before_2d --offset-days -3`."""
    runtime = ready_runtime(state)
    lang = runtime.language
    changes = {
        field: value
        for field, value in (
            ("enabled", enabled),
            ("offset_days", offset_days),
            ("at", at),
            ("minutes_before_start", minutes_before_start),
            ("working_days", working_days),
        )
        if value is not None
    }
    if not changes:
        fail(t("policy.nothing", lang))
    with runtime.session() as session:
        try:
            update_policy(
                session=session, rule=rule, actor=actor, now=runtime.clock.now(), **changes
            )
        except PolicyNotFound as exc:
            fail(t("policy.no_match", lang, rule=rule) + did_you_mean(exc.near, lang))
        except PolicyUnchanged:
            click.echo(t("policy.unchanged", lang, rule=rule))
            return
        except ValueError as exc:
            fail(t("policy.invalid", lang, error=message_of(exc, lang)))
    click.echo(t("policy.updated", lang, rule=rule))
