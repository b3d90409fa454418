"""`planbot event ...` and `planbot mark`: look at and change plan events and obligations."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from bot.models import (
    Deliverable,
    EventKind,
    EventState,
    ObligationState,
    PlanEventCreate,
    PlanEventUpdate,
)
from bot.report import next_dates_line, render_event
from bot.services.agenda import next_dates
from bot.services.audit import CLI_ACTOR, history, snapshot
from bot.services.deliveries import delivery_of, parse_deliverable
from bot.services.events import (
    AUDITED,
    AmbiguousEvent,
    EventNotFound,
    cancel_event,
    create_event,
    date_change,
    date_notes,
    find_event,
    find_event_to_cancel,
    new_event_dates,
    update_event,
)
from bot.services.obligations import NoObligation, get_obligation, mark_obligation
from bot.services.questions import check_tick
from bot.services.units import UnitNotFound, find_unit
from bot.services.validation import InvalidInput, check_rrule, message_of, parse_clock_time
from bot.texts import t
from planbot.context import (
    DATE,
    State,
    chosen_year_notes,
    echo_json,
    event_state_choice,
    fail,
    kind_choice,
    obligation_state_choice,
    pass_state,
    precision_choice,
    ready_runtime,
)
from planbot.usage import WordsGroup


def _find(session, query: str, lang: str, *, to_cancel: bool = False, **kwargs):  # type: ignore[no-untyped-def]
    try:
        if to_cancel:
            return find_event_to_cancel(session=session, query=query)
        return find_event(session=session, query=query, **kwargs)
    except EventNotFound as exc:
        fail(t("event.no_match", lang, query=query) + exc.did_you_mean(lang))
    except AmbiguousEvent as exc:
        fail(exc.text(lang))


@click.group(cls=WordsGroup)
def event() -> None:
    """Look at and change plan events (staff)."""


@event.command("show")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def show(state: State, query: str, as_json: bool) -> None:
    """Show one event (id, key or part of the title) with its change history."""
    runtime = ready_runtime(state)
    with runtime.session() as session:
        found = _find(session, query, runtime.language, include_cancelled=True)
        changes = history(session=session, entity="event", entity_id=found.id)
        if as_json:
            data = found.model_dump(mode="json")
            data["history"] = [e.model_dump(mode="json") for e in changes]
            echo_json(data)
            return
        click.echo(render_event(found, changes, runtime.language, tz=runtime.settings.timezone))


@event.command("add")
@click.option("--title", required=True, help="The event's title.")
@click.option(
    "--kind",
    type=kind_choice(),
    default=EventKind.OTHER.value,
    show_default=True,
    help="Kind of event (also in Norwegian: frist, møte, kampanje, skolering, årsmøte, konferanse, annet).",
)
@click.option(
    "--date",
    "start",
    type=DATE,
    help="Date (the first day of a longer event): 2026-12-01, 1.12.2026, 1.12.26 or 1.12 (the "
    "next 1 December).",
)
@click.option("--end", type=DATE, help="Last day of an event over several days.")
@click.option(
    "--precision",
    type=precision_choice(),
    help="How exactly --date is meant: the whole week, month, … around it (default: day; also "
    "dag, uke, måned, sesong, kvartal, år).",
)
@click.option("--time", "at", help="Local start time: 19:30, 19.30, 1930 or kl 19.")
@click.option("--place", "places", multiple=True, help="A place; repeat for several.")
@click.option("--description", default="", help="What to do (deadline nudges show it).")
@click.option("--url", help="A link people open from the nudges, e.g. the Teams meeting.")
@click.option(
    "--per-unit", is_flag=True, help="Every municipal party must deliver or answer by this date."
)
@click.option("--tentative", is_flag=True, help="The date is not final yet.")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def add(
    state: State,
    title: str,
    kind: str,
    start: date | None,
    end: date | None,
    precision: str | None,
    at: str | None,
    places: tuple[str, ...],
    description: str,
    url: str | None,
    per_unit: bool,
    tentative: bool,
    actor: str,
) -> None:
    """Add an event to the plan: title, kind, date, time, places, what to do, a link."""
    runtime = ready_runtime(state)
    lang = runtime.language
    try:
        event_in = PlanEventCreate(
            title=title.strip(),
            kind=EventKind(kind),
            **new_event_dates(start=start, end=end, precision=precision),
            start_time=parse_clock_time(at) if at else None,
            locations=[p.strip() for p in places if p.strip()],
            description=description.strip(),
            url=url,
            per_unit=per_unit,
            audience=["leader"] if per_unit else [],
            state=EventState.TENTATIVE if tentative else EventState.CONFIRMED,
        )
    except ValueError as exc:
        fail(t("event.invalid_new", lang, error=message_of(exc, lang)))
    with runtime.session() as session:
        try:
            created = create_event(
                session=session, event_in=event_in, actor=actor, now=runtime.clock.now()
            )
        except InvalidInput as exc:
            session.rollback()
            fail(exc.message(lang))
        click.echo(t("event.added", lang, id=created.id, title=created.title))
        for note in [
            *chosen_year_notes(lang),
            *date_notes(event=created, today=runtime.today(), lang=lang),
        ]:
            click.echo(note)


@event.command("edit")
@click.argument("query")
@click.option("--title", help="New title.")
@click.option("--kind", type=kind_choice(), help="New kind.")
@click.option("--date", "start", type=DATE, help="New start date (and end date unless --end).")
@click.option("--end", type=DATE, help="New end date.")
@click.option(
    "--precision",
    type=precision_choice(),
    help="How exactly the new date is meant (default with --date: day; also dag, uke, måned, …).",
)
@click.option("--time", "at", help="Local start time HH:MM (00:00–23:59); empty clears it.")
@click.option("--rrule", help="RFC 5545 recurrence, e.g. FREQ=MONTHLY;BYDAY=1TU.")
@click.option(
    "--state",
    "new_state",
    type=event_state_choice(),
    help="New state (also foreløpig, bekreftet, avlyst).",
)
@click.option(
    "--url", help="A link people open from the nudges, e.g. the Teams meeting; empty removes it."
)
@click.option(
    "--deliverable",
    help="What each unit hands in: none, text, files or text_or_files (with --none-ok: or none).",
)
@click.option(
    "--none-ok/--none-not-ok",
    "none_ok",
    default=None,
    help='Whether "we have none" (ingen forslag) is an answer.',
)
@click.option(
    "--late-changes/--no-late-changes",
    "late_changes",
    default=None,
    help="Whether leaders may still replace or add to a hand-in after the deadline.",
)
@click.option("--decided", is_flag=True, help="Clear the assumption note: the plan now says this.")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def edit(
    state: State,
    query: str,
    title: str | None,
    kind: str | None,
    start: date | None,
    end: date | None,
    precision: str | None,
    at: str | None,
    rrule: str | None,
    new_state: str | None,
    url: str | None,
    deliverable: str | None,
    none_ok: bool | None,
    late_changes: bool | None,
    decided: bool,
    actor: str,
) -> None:
    """Change an event (id, key or part of the title): title, kind, dates, time, recurrence, state,
    link, what each unit hands in.

    A new date makes the event a day event (a month or season event becomes that day) unless
    --precision is given too; without --end a day event keeps its length.
    """
    runtime = ready_runtime(state)
    lang = runtime.language
    changes: dict[str, Any] = {}
    for field, value in (("title", title), ("kind", kind), ("state", new_state)):
        if value is not None:
            changes[field] = value
    try:
        if at is not None:
            changes["start_time"] = parse_clock_time(at) if at.strip() else None
        if rrule is not None:
            changes["recurrence"] = check_rrule(rrule) if rrule.strip() else None
    except InvalidInput as exc:
        fail(exc.message(lang))
    if url is not None:
        changes["url"] = url
    if deliverable is not None:
        spec = parse_deliverable(deliverable)
        if spec is None:
            fail(t("event.bad_deliverable", lang, value=deliverable))
        changes["deliverable"] = spec
    if none_ok is not None:
        changes["deliverable_none_ok"] = none_ok
    if late_changes is not None:
        changes["deliver_after_due"] = late_changes
    if decided:
        changes["assumptions"] = ""
    if not changes and start is None and end is None and precision is None:
        fail(t("event.nothing_to_change", lang))
    with runtime.session() as session:
        found = _find(session, query, lang, include_cancelled=True)
        try:
            changes.update(date_change(event=found, start=start, end=end, precision=precision))
            before = snapshot(found, AUDITED)
            update_event(
                session=session,
                event=found,
                changes=PlanEventUpdate(**changes),
                actor=actor,
                now=runtime.clock.now(),
            )
        except ValueError as exc:
            session.rollback()
            fail(t("event.invalid", lang, error=message_of(exc, lang)))
        if snapshot(found, AUDITED) == before:
            click.echo(t("valid.event_unchanged", lang, title=found.title))
            return
        click.echo(t("event.updated", lang, id=found.id, title=found.title))
        for note in chosen_year_notes(lang):
            click.echo(note)
        dates = ("start_date", "end_date", "recurrence")
        if snapshot(found, dates) != {key: before[key] for key in dates}:
            for note in date_notes(event=found, today=runtime.today(), lang=lang):
                click.echo(note)
        if found.recurrence:
            click.echo(next_dates_line(next_dates(found, today=runtime.today()), lang))


@event.command("cancel")
@click.argument("query")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def cancel(state: State, query: str, actor: str) -> None:
    """Cancel an event: it stays in the log, and nothing more is sent for it."""
    runtime = ready_runtime(state)
    lang = runtime.language
    with runtime.session() as session:
        found = _find(session, query, lang, to_cancel=True)
        if found.state == EventState.CANCELLED:
            click.echo(t("event.already_cancelled", lang, id=found.id, title=found.title))
            return
        cancel_event(session=session, event=found, actor=actor, now=runtime.clock.now())
        click.echo(t("event.cancelled", lang, id=found.id, title=found.title))


@click.command()
@click.argument("event_query", metavar="EVENT")
@click.argument("unit_ref", metavar="UNIT")
@click.argument("new_state", metavar="STATE", type=obligation_state_choice())
@click.option("--note", help="A note kept with the obligation.")
@click.option(
    "--actor", default=CLI_ACTOR, show_default=True, help="Who is recorded in the audit log."
)
@pass_state
def mark(
    state: State, event_query: str, unit_ref: str, new_state: str, note: str | None, actor: str
) -> None:
    """Mark a unit's obligation for a deadline as done, open or exempt (also in Norwegian:
    ferdig, gjenstår/åpen, ikke-aktuelt)."""
    runtime = ready_runtime(state)
    lang = runtime.language
    with runtime.session() as session:
        found = _find(session, event_query, lang, per_unit_only=True)
        try:
            unit = find_unit(session=session, ref=unit_ref)
            obligation = get_obligation(session=session, event=found, unit=unit)
        except UnitNotFound as exc:
            fail(exc.text(lang, t("unit.no_match", lang, query=unit_ref)))
        except NoObligation:
            fail(t("obligation.none", lang, unit=unit.name, title=found.title))
        try:
            check_tick(found, new_state)
        except InvalidInput as exc:
            how = t(f"cli.{exc.key}", lang, slug=unit.slug)
            fail(f"{exc.message(lang)} {how}")
        changed = mark_obligation(
            session=session,
            obligation=obligation,
            state=ObligationState(new_state),
            actor=actor,
            now=runtime.clock.now(),
            note=note,
        )
        key = ("obligation.marked." if changed else "obligation.unchanged.") + new_state
        click.echo(t(key, lang, unit=unit.name, title=found.title))
        asks = new_state == ObligationState.DONE and found.deliverable != Deliverable.NONE
        if asks and delivery_of(session=session, obligation=obligation) is None:
            # Done, but the collection (planbot deliverables) says «ikke levert».
            word = (found.title.split() or ["#"])[0].lower()
            click.echo(t("mark.nothing_handed_in", lang, unit=unit.name, slug=unit.slug, word=word))
