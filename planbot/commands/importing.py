"""`planbot import` and `planbot export-ics`: read a plan into the database, publish it as a calendar."""

from __future__ import annotations

from pathlib import Path

import click

from bot.calendar import export_calendar
from bot.importer import ImportFileError, ImportItem, ImportRowsError, read_import_file
from bot.services.imports import (
    describe_when,
    file_error_text,
    kind_label,
    rows_error_text,
    store_items,
    summary_text,
)
from bot.texts import t
from planbot.context import State, echo_json, fail, pass_state, ready_runtime

CLI_ACTOR = "cli"
WHEN_WIDTH = 34
KIND_WIDTH = 12
TITLE_WIDTH = 48
QUOTE_WIDTH = 70


def preview_table(items: list[ImportItem], *, file: str, lang: str) -> str:
    """The found events as a table for people: when (in the words of its precision), kind, title, quote."""
    rows = [
        (
            describe_when(item, lang),
            kind_label(str(item.event.kind), lang),
            item.event.title,
            " ".join((item.event.source_quote or "").split()),
        )
        for item in items
    ]
    header = tuple(t(f"import.table.{name}", lang) for name in ("when", "kind", "title", "quote"))
    widths = (WHEN_WIDTH, KIND_WIDTH, TITLE_WIDTH, QUOTE_WIDTH)
    out = [t("import.preview.count", lang, count=len(items), file=file), ""]
    for row in [header, *rows]:
        cells = [_fit(cell, width) for cell, width in zip(row, widths, strict=True)]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(1990, 2100),
    help="The plan's year, when the document does not say it clearly.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be imported; store nothing.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (the events found, or the summary)."
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def import_plan(
    state: State, file: Path, year: int | None, dry_run: bool, as_json: bool, actor: str
) -> None:
    """Import a plan (.docx, .pdf, .txt) or a CSV/YAML/.ics file; new events are stored as tentative."""
    runtime = state.runtime
    lang = runtime.language
    if not file.is_file():
        fail(t("import.error.missing", lang, file=file), code=1)
    try:
        items = read_import_file(path=file, year=year, tz=runtime.settings.timezone)
    except ImportFileError as exc:
        fail(file_error_text(exc, file=file.name, lang=lang), code=1)
    except ImportRowsError as exc:
        fail(rows_error_text(exc, file=file.name, lang=lang), code=1)
    if dry_run:
        if as_json:
            echo_json([item.as_json() for item in items])
        else:
            click.echo(preview_table(items, file=file.name, lang=lang))
            click.echo("")
            click.echo(t("import.preview.dry_run", lang))
        return
    runtime = ready_runtime(state)
    with runtime.session() as session:
        summary = store_items(
            session=session,
            items=items,
            document=file.name,
            actor=actor,
            now=runtime.clock.now(),
        )
    if as_json:
        echo_json(summary.as_json())
    else:
        click.echo(summary_text(summary, file=file.name, lang=lang))


@click.command("export-ics")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
@pass_state
def export_ics(state: State, out: Path | None) -> None:
    """The plan as an iCalendar file (.ics) for Outlook, Google Calendar or Teams."""
    runtime = ready_runtime(state)
    lang = runtime.language
    with runtime.session() as session:
        data = export_calendar(
            session=session,
            tz=runtime.settings.timezone,
            now=runtime.clock.now(),
            name=t("calendar.name", lang),
            lang=lang,
        )
    if out is None:
        click.echo(data, nl=False)
        return
    out.write_bytes(data)
    click.echo(t("export.written", lang, count=data.count(b"BEGIN:VEVENT"), path=out), err=True)
