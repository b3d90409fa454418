"""`planbot db`: create or migrate the database."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url

from bot.runtime import keep_recurring_deadlines, prepare_database
from bot.texts import t
from planbot.context import State, pass_state
from planbot.usage import WordsGroup


@click.group(cls=WordsGroup)
def db() -> None:
    """Database commands."""


@db.command()
@pass_state
def upgrade(state: State) -> None:
    """Create or migrate the database, load the built-in plan if it was never loaded, and bring the
    recurring deadlines in step (the running bot does that too)."""
    runtime = state.runtime
    result = prepare_database(runtime)
    keep_recurring_deadlines(runtime)
    lang = runtime.language
    url = make_url(runtime.settings.database_url).render_as_string(hide_password=True)
    click.echo(t("cli.db_ready", lang, url=url))
    if result.anything:
        click.echo(
            t(
                "cli.seeded",
                lang,
                events=result.events,
                units=result.units,
                obligations=result.obligations,
            )
        )
    else:
        click.echo(t("cli.already_seeded", lang))
