"""`planbot db`: create or migrate the database."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from bot.runtime import keep_recurring_deadlines, prepare_database
from bot.seed import builtin_plan_left_out
from bot.texts import t
from planbot.context import State, pass_state
from planbot.usage import WordsGroup


@click.group(cls=WordsGroup)
def db() -> None:
    """Database commands."""


@db.command()
@pass_state
def upgrade(state: State) -> None:
    """Create or migrate the database, load the built-in plan (Troms Arbeiderparti's units and
    plan; none with PLANBOT_BUILTIN_PLAN=none) if it was never loaded, and bring the recurring
    deadlines in step (the running bot does that too)."""
    runtime = state.runtime
    result = prepare_database(runtime)
    keep_recurring_deadlines(runtime)
    lang = runtime.language
    url = make_url(runtime.settings.database_url).render_as_string(hide_password=True)
    click.echo(t("cli.db_ready", lang, url=url))
    with runtime.session() as session:
        left_out = builtin_plan_left_out(session=session)
    if left_out:
        click.echo(t("cli.without_builtin_plan", lang))
    elif result.anything:
        click.echo(
            t(
                "cli.seeded",
                lang,
                events=result.events,
                units=result.units,
                obligations=result.obligations,
            )
        )
    elif runtime.settings.builtin_plan == "none":
        click.echo(t("cli.builtin_plan_kept", lang))
    else:
        click.echo(t("cli.already_seeded", lang))
