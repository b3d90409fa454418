"""`planbot recurring`: the deadlines that come back every year (legal and the party's own)."""

from __future__ import annotations

import click

from bot.runtime import keep_recurring_deadlines
from bot.services.recurring import UnknownRecurring, list_recurring, switch_recurring
from bot.texts import t
from planbot.commands.events import CLI_ACTOR
from planbot.context import State, echo_json, fail, pass_state, ready_runtime
from planbot.usage import WordsGroup


@click.group(cls=WordsGroup)
def recurring() -> None:
    """Recurring deadlines (the yearly report to SSB under the Political Parties Act, the annual
    meeting's documents to the county party): list them, switch one off or on."""


@recurring.command("list")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: key, title, source, on, instances."
)
@pass_state
def list_command(state: State, as_json: bool) -> None:
    """Each recurring deadline, whether it is on, its source, and its instances in the plan."""
    runtime = ready_runtime(state)
    keep_recurring_deadlines(runtime)
    lang = runtime.language
    with runtime.session() as session:
        rows = list_recurring(session=session)
    if as_json:
        echo_json([row.as_json() for row in rows])
        return
    for row in rows:
        switch = t("recurring.on" if row.on else "recurring.off", lang)
        click.echo(f"{row.key} ({switch}): {row.title}")
        click.echo(f"  {t('recurring.source', lang, source=row.source)}")


def _switch(state: State, key: str, on: bool, actor: str) -> None:
    runtime = ready_runtime(state)
    lang = runtime.language
    with runtime.session() as session:
        try:
            changed = switch_recurring(
                session=session,
                key=key,
                on=on,
                actor=actor,
                now=runtime.clock.now(),
                today=runtime.today(),
            )
        except UnknownRecurring:
            keys = ", ".join(row.key for row in list_recurring(session=session))
            fail(t("recurring.unknown", lang, key=key, keys=keys))
    click.echo(
        t("recurring.switched_on" if on else "recurring.switched_off", lang, key=key, count=changed)
    )


@recurring.command("off")
@click.argument("key")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def off(state: State, key: str, actor: str) -> None:
    """Switch a recurring deadline off: its coming instances are cancelled, no new ones are made."""
    _switch(state, key, False, actor)


@recurring.command("on")
@click.argument("key")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def on(state: State, key: str, actor: str) -> None:
    """Switch a recurring deadline on again."""
    _switch(state, key, True, actor)
