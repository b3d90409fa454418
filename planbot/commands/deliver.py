"""`planbot deliver` and `planbot deliverables`: hand in for a unit, and collect what was handed in."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import click

from bot.services.deliveries import (
    DeliveryRefused,
    IncomingFile,
    collect,
    delivery_of,
    export_collection,
    files_of,
    hand_in,
    short_description,
    zip_bytes,
)
from bot.services.obligations import NoObligation, get_obligation
from bot.services.units import UnitNotFound, find_unit
from bot.texts import t
from planbot.commands.events import CLI_ACTOR, _find
from planbot.context import PathType, State, fail, pass_state, ready_runtime


@click.command()
@click.argument("event_query", metavar="DEADLINE")
@click.argument("unit_ref", metavar="UNIT")
@click.option(
    "--file",
    "paths",
    multiple=True,
    type=PathType(dir_okay=False, path_type=Path),
    help="A file the unit hands in (repeatable).",
)
@click.option("--text", default="", help="The unit's answer as text.")
@click.option("--none", "none_answer", is_flag=True, help="The unit has none (e.g. no proposals).")
@click.option("--add", is_flag=True, help="Add to what the unit handed in instead of replacing it.")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def deliver(
    state: State,
    event_query: str,
    unit_ref: str,
    paths: tuple[Path, ...],
    text: str,
    none_answer: bool,
    add: bool,
    actor: str,
) -> None:
    """Hand in for a unit (e.g. proposals it e-mailed) exactly as its leader would; marks it done.

    Staff only: recorded in the audit log as --actor, and allowed after the deadline.
    """
    runtime = ready_runtime(state)
    lang = runtime.language
    if not (paths or text.strip() or none_answer):
        fail(t("cli.deliver.nothing", lang))
    files = []
    for path in paths:
        if not path.is_file():
            fail(t("cli.deliver.no_file", lang, path=path))
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        files.append(IncomingFile(filename=path.name, content=path.read_bytes(), mimetype=mimetype))
    with runtime.session() as session:
        event = _find(session, event_query, lang, per_unit_only=True)
        try:
            unit = find_unit(session=session, ref=unit_ref)
            obligation = get_obligation(session=session, event=event, unit=unit)
        except UnitNotFound as exc:
            fail(exc.text(lang, t("unit.no_match", lang, query=unit_ref)))
        except NoObligation:
            fail(t("obligation.none", lang, unit=unit.name, title=event.title))
        earlier = delivery_of(session=session, obligation=obligation)
        before = short_description(earlier, files_of(session=session, delivery=earlier), lang)
        try:
            delivery, stored = hand_in(
                session=session,
                settings=runtime.settings,
                obligation=obligation,
                event=event,
                actor=actor,
                staff=True,
                now=runtime.clock.now(),
                text=text,
                files=files,
                none_answer=none_answer,
                replace=not add,
            )
        except DeliveryRefused as exc:
            session.rollback()
            fail(exc.text(lang))
        lines = [
            t("cli.deliver.done", lang, unit=unit.name, title=event.title),
            t("cli.deliver.stored", lang, what=short_description(delivery, stored, lang)),
        ]
        if earlier is not None and not add:
            # A second hand-in replaces the first (the Slack form asks; here --add says so).
            lines.append(t("cli.deliver.replaced", lang, before=before))
        click.echo("\n".join(lines))


@click.command()
@click.argument("event_query", metavar="DEADLINE")
@click.option(
    "--out",
    type=PathType(file_okay=False, path_type=Path),
    help="Write one folder per unit, index.csv and tekster.docx here.",
)
@click.option(
    "--zip", "zip_path", type=PathType(dir_okay=False, path_type=Path), help="Write a zip file."
)
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def deliverables(
    state: State, event_query: str, out: Path | None, zip_path: Path | None, actor: str
) -> None:
    """What each unit handed in for a deadline; with --out or --zip, everything for staff: one
    folder per unit, an index (unit, who, when, what) and the text answers as one .docx."""
    runtime = ready_runtime(state)
    lang = runtime.language
    with runtime.session() as session:
        event = _find(session, event_query, lang, per_unit_only=True)
        if out is None and zip_path is None:
            click.echo(event.title)
            for row in collect(session=session, event=event):
                what = short_description(row.delivery, row.files, lang)
                click.echo(f"  {row.unit.name}: {what}")
            return
        folder, entries = export_collection(
            session=session,
            event=event,
            actor=actor,
            now=runtime.clock.now(),
            lang=lang,
            tz=runtime.settings.timezone,
        )
        title = event.title
    if zip_path is not None:
        zip_path.write_bytes(zip_bytes(entries, folder=folder))
        click.echo(
            t("cli.deliverables.written", lang, count=len(entries), title=title, path=zip_path)
        )
    if out is not None:
        for relative, content in entries:
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        click.echo(t("cli.deliverables.written", lang, count=len(entries), title=title, path=out))
