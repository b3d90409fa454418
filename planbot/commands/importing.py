"""`planbot import` and `planbot export-ics`: read a plan into the database, publish it as a calendar."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click

from bot.calendar import export_calendar
from bot.importer import ImportFileError, ImportRowsError, read_import_file
from bot.importer.reading import read_text_file
from bot.services.audit import CLI_ACTOR
from bot.services.imports import (
    ComparedItem,
    ImportChoiceError,
    ImportChoices,
    Match,
    check_choices,
    compare_with_plan,
    date_note,
    describe_event_when,
    describe_when,
    file_error_text,
    kind_label,
    rows_error_text,
    store_items,
    summary_text,
    weekday_warning,
    year_note,
)
from bot.services.unit_files import is_unit_file
from bot.texts import t
from planbot.context import PathType, State, YearType, echo_json, fail, pass_state, ready_runtime

NUMBER_WIDTH = 3
WHEN_WIDTH = 30
KIND_WIDTH = 12
TITLE_WIDTH = 44
QUOTE_WIDTH = 60


def preview_table(compared: Sequence[ComparedItem], *, file: str, lang: str, today: date) -> str:
    """The items in three groups (new, already in the plan, changes; then repeats), each row
    numbered: when (in the words of its precision), kind, title, and what it is to the plan."""
    out = [t("import.preview.count", lang, count=len(compared), file=file)]
    note = year_note([c.item for c in compared], lang)
    if note:
        out += ["", note]
    header = tuple(t(f"import.table.{name}", lang) for name in ("when", "kind", "title", "quote"))
    for match in Match:
        group = [c for c in compared if c.match is match]
        if not group:
            continue
        out += ["", t(f"import.group.{match}", lang, count=len(group)), _row(("#", *header))]
        out += [_row((str(c.number), *_cells(c, lang))) for c in group]
    past = date_note(compared, today=today, lang=lang)
    out += ["", *([past, ""] if past else []), t("import.preview.choices", lang)]
    return "\n".join(out)


def _cells(c: ComparedItem, lang: str) -> tuple[str, str, str, str]:
    """When, kind, title and the last column: the plan's event, a hint, or the quote."""
    event = c.item.event
    if c.existing is not None and c.match is Match.ALREADY:
        last = t("import.preview.same_as", lang, id=c.existing.id, title=c.existing.title)
    elif c.existing is not None and c.match is Match.CHANGE:
        last = t(
            "import.preview.change_from",
            lang,
            id=c.existing.id,
            title=c.existing.title,
            when=describe_event_when(c.existing, lang),
            number=c.number,
        )
    elif c.match is Match.NEW and c.item.suggest_per_unit:
        last = t("import.preview.per_unit_hint", lang, number=c.number)
    else:
        last = " ".join((event.source_quote or "").split())
    last = weekday_warning(c.item, lang) or last
    return describe_when(c.item, lang), kind_label(str(event.kind), lang), event.title, last


def _row(cells: tuple[str, ...]) -> str:
    widths = (NUMBER_WIDTH, WHEN_WIDTH, KIND_WIDTH, TITLE_WIDTH, QUOTE_WIDTH)
    return "  ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _fit(text: str, width: int) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)


def _is_units_file(file: Path) -> bool:
    try:
        return is_unit_file(read_text_file(file), name=file.name)
    except (ImportFileError, OSError):
        return False


def _numbers(values: tuple[str, ...], *, option: str, lang: str) -> frozenset[int]:
    """'3', '3,5' or '3 5' given once or more, as item numbers; a clear line when not numbers."""
    numbers: set[int] = set()
    for value in values:
        for part in value.replace(",", " ").split():
            if not part.isdecimal():
                fail(t("import.choice.not_number", lang, option=option, value=part), code=2)
            numbers.add(int(part))
    return frozenset(numbers)


@click.command("import")
@click.argument("file", type=PathType(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=YearType(),
    help="The plan's default year, when the document does not say it clearly.",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what the file holds compared with the plan; store nothing.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (the events found, or the summary)."
)
@click.option(
    "--only",
    multiple=True,
    metavar="N[,N]",
    help="Store only these new events (numbers from the preview); default: every new event.",
)
@click.option(
    "--per-unit",
    multiple=True,
    metavar="N[,N]",
    help="Make these new deadlines one task per municipal party (never done without this).",
)
@click.option(
    "--update",
    multiple=True,
    metavar="N[,N]",
    help="Apply these changes to the plan's events (numbers from the preview's changes).",
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def import_plan(
    state: State,
    file: Path,
    year: int | None,
    dry_run: bool,
    as_json: bool,
    only: tuple[str, ...],
    per_unit: tuple[str, ...],
    update: tuple[str, ...],
    actor: str,
) -> None:
    """Import a plan (.docx, .pdf, .txt) or a CSV/YAML/.ics file: compared with the plan, new events
    are stored as tentative; events already in the plan are skipped; changes only with --update."""
    runtime = state.runtime
    lang = runtime.language
    choices = ImportChoices(
        only=_numbers(only, option="--only", lang=lang) if only else None,
        per_unit=_numbers(per_unit, option="--per-unit", lang=lang),
        update=_numbers(update, option="--update", lang=lang),
    )
    if not file.is_file():
        fail(t("import.error.missing", lang, file=file), code=1)
    try:
        items = read_import_file(
            path=file, year=year, tz=runtime.settings.timezone, today=runtime.today()
        )
    except ImportFileError as exc:
        said = file_error_text(exc, file=file.name, lang=lang)
        if _is_units_file(file):  # the units sheet given to the plan import
            said += "\n" + t("import.error.units_file", lang, file=file)
        fail(said, code=1)
    except ImportRowsError as exc:
        fail(rows_error_text(exc, file=file.name, lang=lang), code=1)
    runtime = ready_runtime(state)
    try:
        with runtime.session() as session:
            if dry_run:
                compared = compare_with_plan(session=session, items=items)
                check_choices(compared, choices)
                if as_json:
                    echo_json([c.as_json() for c in compared])
                else:
                    click.echo(
                        preview_table(compared, file=file.name, lang=lang, today=runtime.today())
                    )
                    click.echo("")
                    click.echo(t("import.preview.dry_run", lang))
                return
            summary = store_items(
                session=session,
                items=items,
                document=file.name,
                actor=actor,
                now=runtime.clock.now(),
                choices=choices,
            )
    except ImportChoiceError as exc:
        fail(exc.text(lang), code=2)
    if as_json:
        echo_json(summary.as_json())
    else:
        click.echo(summary_text(summary, file=file.name, lang=lang))


@click.command("export-ics")
@click.option(
    "--out",
    type=PathType(dir_okay=False, writable=True, path_type=Path),
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
