"""`planbot agenda`, `planbot status`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import click
from sqlmodel import Session

from bot.models import PlanEvent, Unit
from bot.phrases import parse_plan_query
from bot.report import (
    render_agenda,
    render_detail,
    render_overview,
    unit_deadlines,
    unit_status_lines,
)
from bot.services.agenda import list_agenda, list_relative, list_undated
from bot.services.deliveries import with_deliverables
from bot.services.events import AmbiguousEvent, EventNotFound, find_event, names_deadline
from bot.services.matching import (
    another_unit,
    inactive_unit_named,
    several_units_named,
    split_unit,
)
from bot.services.status import (
    deadline_detail,
    deadline_overview,
    inactive_units,
    no_deadline_answer,
    older_open_deadlines,
)
from bot.services.units import close_unit_names, list_units
from bot.texts import t
from planbot.context import (
    DATE,
    DAYS,
    State,
    echo_json,
    fail,
    kind_choice,
    pass_state,
    ready_runtime,
)


@click.command()
@click.argument("when", nargs=-1)
@click.option("--from", "start", type=DATE, help="First day of the window (default: today).")
@click.option(
    "--days", type=DAYS, default=14, show_default=True, help="Length of the window in days."
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=kind_choice(),
    help="Only events of this kind (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of occurrences.")
@pass_state
def agenda(
    state: State,
    when: tuple[str, ...],
    start: date | None,
    days: int,
    kinds: tuple[str, ...],
    as_json: bool,
) -> None:
    """Events in a window, recurrences expanded, in date order (grouped by week for people).

    WHEN, instead of --from/--days, says it in words as /plan does: neste uke, denne uka, mars 2027,
    uke 13, 60 dager, frister, møter.
    """
    runtime = ready_runtime(state)
    today = runtime.today()
    start = start or today
    kind_set = frozenset(kinds) or None
    if when:
        query = parse_plan_query(" ".join(when))
        window = query.window(today) if query else None
        if query is None or window is None:
            fail(t("cli.bad_when", runtime.language, text=" ".join(when)))
        start, days = window[0], (window[1] - window[0]).days + 1
        kind_set = (kind_set or frozenset()) | (query.kinds or frozenset()) or None
    with runtime.session() as session:
        items = list_agenda(session=session, start=start, days=days, kinds=kind_set)
        undated = [] if as_json else list_undated(session=session, kinds=kind_set)
        relative = [] if as_json else list_relative(session=session, kinds=kind_set)
    if as_json:
        echo_json([item.as_json() for item in items])
        return
    end = start + timedelta(days=days - 1)
    click.echo(
        render_agenda(
            items,
            start=start,
            end=end,
            today=today,
            lang=runtime.language,
            undated=undated,
            relative=relative,
        )
    )


@click.command()
@click.argument("words", nargs=-1, metavar="[EVENT] [UNIT]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_state
def status(state: State, words: tuple[str, ...], as_json: bool) -> None:
    """Deadlines with per-unit obligations: done, open, exempt. EVENT (id or part of the title) gives the per-unit table; UNIT (a municipal party) that party's deadlines, or with EVENT its row."""
    runtime = ready_runtime(state)
    lang = runtime.language
    today = runtime.today()
    event = " ".join(words).strip() or None
    with runtime.session() as session:
        if event is None:
            overview = deadline_overview(session=session, today=today)
            older = older_open_deadlines(session=session, today=today)
            if not as_json:
                inactive = inactive_units(session=session)
                click.echo(render_overview(overview, lang, inactive=inactive, older=older))
                return
            # The older deadlines still open come last, marked "folded" (the text's "+ N" line).
            shown = [(s, False) for s in overview] + [(s, True) for s in older]
            events = [(session.get(PlanEvent, s.event_id), folded) for s, folded in shown]
            echo_json(
                [
                    {
                        **with_deliverables(
                            deadline_detail(session=session, event=e, today=today).as_json(),
                            session=session,
                            event=e,
                        ),
                        "folded": folded,
                    }
                    for e, folded in events
                    if e is not None
                ]
            )
            return
        unit = None
        try:
            found = find_event(session=session, query=event, per_unit_only=True)
        except EventNotFound as exc:
            # "planbot status Tromsø" (that unit's deadlines), "… Tromsø forslagsfrist" (its row)
            units = list_units(session=session)
            unit, query = split_unit(event, units)
            if unit is None:
                off = inactive_unit_named(session=session, text=event)
                if off is not None:
                    fail(t("unit.inactive_named", lang, unit=off.name, slug=off.slug))
                several = several_units_named(event, units)
                if several is not None:  # "planbot status kvæ": as /status kvæ says it
                    fail(several.text(lang, ""))
                near = close_unit_names(event, units)
                no_match = _no_match(session, event, lang, today)
                fail(no_match + exc.did_you_mean(lang, also=near))
            if not query:
                if as_json:
                    deadlines = unit_deadlines(session=session, unit=unit, today=today)
                    echo_json([_unit_json(session, d.event, unit, today) for d in deadlines])
                    return
                lines = unit_status_lines(session=session, unit=unit, today=today, lang=lang)
                click.echo("\n".join([unit.name, *lines]))
                return
            other, rest = another_unit(query, units)
            if other is not None and not names_deadline(session=session, query=query):
                example = " ".join(["planbot status", rest, unit.name]).replace("  ", " ")
                fail(t("match.one_unit", lang, example=example, other=other.name))
            found = _deadline(session, query, lang, today)
        except AmbiguousEvent as exc:
            fail(exc.text(lang))
        if as_json:
            if unit is not None:
                echo_json(_unit_json(session, found, unit, today))
                return
            detail = deadline_detail(session=session, event=found, today=today)
            echo_json(with_deliverables(detail.as_json(), session=session, event=found))
            return
        detail = deadline_detail(session=session, event=found, today=today)
        only = {unit.id or 0} if unit is not None else None
    click.echo(render_detail(detail, lang, tz=runtime.settings.timezone, only_unit_ids=only))


def _no_match(session: Session, query: str, lang: str, today: date) -> str:
    return no_deadline_answer(session=session, query=query, today=today, lang=lang)


def _deadline(session: Session, query: str, lang: str, today: date) -> PlanEvent:
    """The per-unit deadline the words name, or stop with what to type instead."""
    try:
        return find_event(session=session, query=query, per_unit_only=True)
    except EventNotFound as exc:
        fail(_no_match(session, query, lang, today) + exc.did_you_mean(lang))
    except AmbiguousEvent as exc:
        fail(exc.text(lang))


def _unit_json(session: Session, event: PlanEvent, unit: Unit, today: date) -> dict[str, Any]:
    """A deadline's --json (as `planbot status EVENT --json`) with only `unit` in `units`."""
    data = with_deliverables(
        deadline_detail(session=session, event=event, today=today).as_json(),
        session=session,
        event=event,
    )
    data["units"] = [row for row in data["units"] if row["unit"] == unit.slug]
    return data
