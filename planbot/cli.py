"""`planbot`: the command line of Planbot. Commands only add options over time; see README.md."""

from __future__ import annotations

from typing import Any

import click
from sqlalchemy.exc import OperationalError

from bot.db import DatabaseUnavailable, database_problem
from bot.texts import t
from planbot.commands import (
    db,
    deliver,
    doctor,
    events,
    importing,
    nudges,
    plan,
    policies,
    recurring,
    run,
    units,
    worker,
)
from planbot.context import fail, language
from planbot.usage import WordsGroup, usage_in_words


class PlanbotGroup(WordsGroup):
    """The command group; a lost, read-only or unreachable database ends any command with one line
    in the person's language and exit code 4 instead of a traceback, and a command line that click
    refuses (unknown command or option, missing or bad value) is answered in that language too."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        with usage_in_words(language):
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DatabaseUnavailable, OperationalError) as exc:
            problem = database_problem(exc)
            if problem is None:
                raise
            key, values = problem
            fail(t(key, language(), **values), 4)


@click.group(
    cls=PlanbotGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="planbot")
def main() -> None:
    """Planbot keeps the county party's work plan: events, deadlines, nudges and status reports.

    Settings come from the environment and a .env file (see .env.example). Output for people is in
    PLANBOT_LANGUAGE (nb or en); --json output is for machines.
    """


main.add_command(db.db)
main.add_command(plan.agenda)
main.add_command(plan.status)
main.add_command(run.run)
main.add_command(events.event)
main.add_command(events.mark)
main.add_command(deliver.deliver)
main.add_command(deliver.deliverables)
main.add_command(units.unit)
main.add_command(nudges.nudges)
main.add_command(nudges.digest)
main.add_command(importing.import_plan)
main.add_command(importing.export_ics)
main.add_command(policies.policy)
main.add_command(recurring.recurring)
main.add_command(doctor.doctor)
main.add_command(worker.worker)
