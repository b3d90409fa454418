"""Plain-text reports for people (terminal, sandbox, digest): the agenda by week, deadline status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from babel.lists import format_list
from sqlmodel import Session

from bot.dates import (
    describe_period,
    describe_recurrence,
    format_date,
    format_short_date,
    holiday_words,
    local_date,
)
from bot.models import (
    AuditEntry,
    Deliverable,
    Obligation,
    ObligationState,
    PlanEvent,
    Unit,
)
from bot.services.agenda import AgendaItem, RelativeItem
from bot.services.audit import actor_words
from bot.services.deliveries import hand_in_closed
from bot.services.events import find_event
from bot.services.imports import anchor_words, describe_event_when, relative_rule_text
from bot.services.obligations import NoObligation, due_date_of, get_obligation
from bot.services.questions import (
    is_annual_meeting_question,
    question_answer_key,
    question_answered,
)
from bot.services.status import (
    WAITING,
    DeadlineDetail,
    DeadlineStatus,
    RelativeDue,
    counted_state,
    event_word,
    nearest_deadlines,
    unit_older_open,
    worded,
)
from bot.services.validation import OBLIGATION_STATES
from bot.texts import NB, t


def assumed_mark(assumptions: str | None, lang: str) -> str:
    """' (antatt – ikke vedtatt)' after a date or time the plan does not decide; '' once decided."""
    return " " + t("assumed.mark", lang) if (assumptions or "").strip() else ""


def when_text(item: AgendaItem, lang: str) -> str:
    """The date (or span) of an item in the words of its precision, with its time; assumed ones say so."""
    if item.start is None or item.end is None:
        return t("undated", lang)
    text = describe_period(item.start, item.end, item.precision, lang)
    if item.time:
        text += " " + t("agenda.at_time", lang, time=item.time.strftime("%H:%M"))
    return text + assumed_mark(item.assumptions, lang)


def item_line(item: AgendaItem, lang: str) -> str:
    """One agenda line: kind, title, when, where, and flags."""
    bits = [f"{t('kind.' + item.kind, lang)}: {item.title}", when_text(item, lang)]
    if item.locations:
        bits.append(", ".join(item.locations))
    if item.recurrence:
        bits.append(f"({describe_recurrence(item.recurrence, lang)})")
    line = " — ".join(bits[:2]) + ("; " + " ".join(bits[2:]) if bits[2:] else "")
    if item.state != "confirmed":
        line += f" [{t('state.' + item.state, lang)}]"
    return line


def next_dates_line(dates: Sequence[date], lang: str) -> str:
    """'Neste: torsdag 3. desember 2026, torsdag 7. januar 2027, …' (the preview of a rule)."""
    if not dates:
        return t("event.no_next_dates", lang)
    return t("event.next_dates", lang, dates=", ".join(format_date(d, lang) for d in dates) + ", …")


def week_heading(day: date, lang: str) -> str:
    monday = day - timedelta(days=day.weekday())
    return t(
        "agenda.week",
        lang,
        week=day.isocalendar().week,
        start=format_short_date(monday, lang),
        end=format_short_date(monday + timedelta(days=6), lang),
    )


def next_deadline_line(items: Iterable[AgendaItem], today: date, lang: str) -> str | None:
    """A headline for the nearest deadline within two weeks, if there is one."""
    for item in items:
        if item.kind == "deadline" and item.end and item.precision == "day" and item.end >= today:
            days = (item.end - today).days
            if days > 14:
                return None
            if days == 0:
                return t("agenda.next_deadline_today", lang, title=item.title)
            if days == 1:
                return t(
                    "agenda.next_deadline_tomorrow",
                    lang,
                    title=item.title,
                    date=format_date(item.end, lang),
                )
            return t(
                "agenda.next_deadline",
                lang,
                title=item.title,
                date=format_date(item.end, lang),
                days=days,
            )
    return None


def render_agenda(
    items: list[AgendaItem],
    *,
    start: date,
    end: date,
    today: date,
    lang: str,
    undated: list[AgendaItem] | None = None,
    relative: list[RelativeItem] | None = None,
) -> str:
    """The agenda grouped by ISO week, nearest deadline first when one is close."""
    if start == end:
        day = format_date(start, lang)
        holiday = holiday_words(start, lang)
        lines = [t("agenda.title_day", lang, day=f"{day} ({holiday})" if holiday else day)]
    else:
        lines = [
            t(
                "agenda.title",
                lang,
                start=format_date(start, lang, weekday=False),
                end=format_date(end, lang, weekday=False),
            )
        ]
    headline = next_deadline_line(items, today, lang)
    if headline:
        lines += ["", "⚠ " + headline]
    if not items and start == end:
        lines += ["", t("agenda.empty_day", lang, day=format_date(start, lang))]
    elif not items:
        lines += [
            "",
            t("agenda.empty", lang, start=format_date(start, lang), end=format_date(end, lang)),
        ]
    weekly = [item for item in items if not item.spans_period]
    for _, group in groupby(weekly, key=lambda i: max(i.start or start, start).isocalendar()[:2]):
        group_items = list(group)
        lines += ["", week_heading(max(group_items[0].start or start, start), lang)]
        lines += [f"  • {item_line(item, lang)}" for item in group_items]
    long = sorted(
        (item for item in items if item.spans_period),
        key=lambda i: (i.end or date.max, i.start or date.max, i.title),
    )
    for key, shown in (
        ("agenda.long", [i for i in long if not i.coarser_than(start, end)]),
        ("agenda.coarser", [i for i in long if i.coarser_than(start, end)]),
    ):
        if shown:
            lines += ["", t(key, lang)]
            lines += [f"  • {item_line(item, lang)}" for item in shown]
    if undated:
        lines += ["", t("agenda.undated", lang)]
        lines += [f"  • {t('kind.' + item.kind, lang)}: {item.title}" for item in undated]
    if relative:
        lines += ["", t("agenda.relative", lang)]
        for rel in relative:
            rule = relative_text(rel.relative, lang)
            title = f"{t('kind.' + rel.kind, lang)}: {rel.title}"
            lines.append("  • " + t("agenda.relative_line", lang, title=title, rule=rule))
            lines += [
                "      "
                + t("agenda.relative_own", lang, unit=unit, date=_own_date(due, rel.relative, lang))
                for unit, due in rel.own
            ]
    return "\n".join(lines)


def _own_date(due: date | None, relative: RelativeDue, lang: str) -> str:
    if due:
        return format_date(due, lang)
    return t("count.no_own_due", lang, anchor=anchor_words(relative.anchor, lang))


def relative_text(relative: RelativeDue, lang: str) -> str:
    """'innen tre måneder etter årsmøtet', 'senest 21 dager før årsmøtet'."""
    anchor = anchor_words(relative.anchor, lang)
    return relative_rule_text(relative.months, relative.days, anchor, lang)


def due_text(status: DeadlineStatus, lang: str) -> str:
    """The deadline's date, or for a relative deadline the rule each unit counts by."""
    if status.due:
        return format_date(status.due, lang)
    if status.relative:
        return relative_text(status.relative, lang)
    return t("undated", lang)


def own_due_text(due: date | None, relative: RelativeDue | None, lang: str) -> str:
    """One unit's own due date; for a relative deadline without one, the rule and what is missing."""
    if due:
        return format_date(due, lang)
    if relative:
        missing = t("count.no_own_due", lang, anchor=anchor_words(relative.anchor, lang))
        return f"{relative_text(relative, lang)}, {missing}"
    return t("undated", lang)


def summary_line(status: DeadlineStatus, lang: str) -> str:
    """'Forslagsfrist til landsmøtet, tirsdag 1. desember 2026: 9 av 22 kommunepartier ferdig, 13 gjenstår'."""
    return t(
        "status.summary",
        lang,
        title=status.title,
        date=due_text(status, lang),
        counts=counts_line(status, lang),
    )


def counts_line(status: DeadlineStatus, lang: str) -> str:
    """'9 av 22 kommunepartier ferdig, 13 gjenstår' (and how many are exempt, and without a date)."""
    if not status.total:  # a county that has not added its units yet, or none active
        return t("status.counts_none", lang)
    base = "status.counts_late" if status.all_open_late else "status.counts"
    key = worded(base + "_exempt" if status.exempt else base, status.word)
    return (
        t(key, lang, done=status.done, total=status.total, open=status.open, exempt=status.exempt)
        + _without_date_note(status, lang)
        + waiting_note(status.waiting, lang)
    )


def waiting_note(waiting: int, lang: str) -> str:
    """'; 21 venter på årsmøtet': the units not asked yet, or nothing."""
    return "; " + t("count.waiting_meeting", lang, count=waiting) if waiting else ""


def _without_date_note(status: DeadlineStatus, lang: str) -> str:
    if not (status.relative and status.without_date):
        return ""
    anchor = anchor_words(status.relative.anchor, lang)
    return "; " + t("count.without_date_short", lang, count=status.without_date, anchor=anchor)


def inactive_line(units: Sequence[str], lang: str) -> list[str]:
    """The line naming the inactive units (counted nowhere), or no line."""
    return [t("count.inactive", lang, units=", ".join(units))] if units else []


def open_units_words(open_units: Sequence[str], others: Sequence[str], lang: str) -> str:
    """The open units as staff read them on a phone: their names, or, when more are open than
    not, "alle" or "alle unntatt Bodø og Rana" (`others`: the counted units not open)."""
    if not others:
        return t("units.open.all", lang)
    if len(open_units) > len(others):
        return t("units.open.all_but", lang, units=format_list(list(others), locale=lang))
    return ", ".join(open_units)


OLDER_NAMED = 3  # the folded deadlines named on their line; the rest counted


def older_line(older: Sequence[tuple[str, date | None]], lang: str) -> list[str]:
    """The line that counts the deadlines folded away (status.folded_away) that units still owe,
    naming the most recent ones with their dates: "+ 2 eldre frister som fortsatt er åpne: …";
    `older`: (title, due) pairs. No line when there are none."""
    if not older:
        return []
    named = [
        f"{title} ({format_date(due, lang)})" if due else title
        for title, due in older[:OLDER_NAMED]
    ]
    if len(older) > OLDER_NAMED:
        named.append(t("units.deactivated.more", lang, count=len(older) - OLDER_NAMED))
    titles = format_list(named, locale=lang)
    return [t("status.older", lang, count=len(older), titles=titles)]


def overview_footer(
    *, older: Sequence[DeadlineStatus] = (), inactive: Sequence[str] = (), lang: str
) -> list[str]:
    """The overview's last lines (never cut off with the deadlines): the older deadlines still
    open, then the inactive units."""
    return [*older_line([(s.title, s.due) for s in older], lang), *inactive_line(inactive, lang)]


def render_overview(
    statuses: list[DeadlineStatus],
    lang: str,
    *,
    inactive: Sequence[str] = (),
    older: Sequence[DeadlineStatus] = (),
) -> str:
    """Every deadline with obligations, overdue ones flagged; the older deadlines still open
    (folded away) counted on one line, the inactive units named last."""
    footer = overview_footer(older=older, inactive=inactive, lang=lang)
    if not statuses:
        none = [] if older else [t("status.none", lang)]
        return "\n".join([*none, *footer])
    lines = []
    for status in statuses:
        if status.overdue:
            lines.append(
                "‼ "
                + t(
                    worded("status.overdue", status.word),
                    lang,
                    title=status.title,
                    date=due_text(status, lang),
                    count=status.late,
                )
            )
        else:
            lines.append("• " + summary_line(status, lang))
    return "\n".join([*lines, *footer])


def render_detail(
    detail: DeadlineDetail, lang: str, *, tz: ZoneInfo, only_unit_ids: set[int] | None = None
) -> str:
    """The per-unit table of one deadline: open units first, then done and exempt (each with the
    day it changed, in `tz`)."""
    status = detail.status
    counts = counts_line(status, lang)  # on a line of its own: a capital ("Ingen aktive …")
    lines = [
        t("status.table_title", lang, title=status.title, date=due_text(status, lang)),
        counts[:1].upper() + counts[1:],
        "",
    ]
    rows = (
        detail.rows
        if only_unit_ids is None
        else [r for r in detail.rows if r.unit_id in only_unit_ids]
    )
    order = {"open": 0, "done": 1, "exempt": 2}
    for row in sorted(rows, key=lambda r: order.get(r.state, 3)):
        if row.waiting:
            continue  # named together below: not asked yet, nothing owed
        # An open row past its own due date is told as missed ("ikke levert"), not "gjenstår".
        told = "late" if row.late else row.state
        state = t(worded("obligation." + told, status.word), lang)
        if row.changed_by and row.changed_at and row.state != "open":
            when = format_date(local_date(row.changed_at, tz), lang, weekday=False, year=False)
            line = t(
                "status.unit_line_by",
                lang,
                unit=row.unit_name,
                state=state,
                who=actor_words(row.changed_by, lang),
                when=when,
            )
        else:
            line = t("status.unit_line", lang, unit=row.unit_name, state=state)
        if status.relative:
            line += " — " + _row_due(row.due, status.relative, lang)
        if row.note:
            line += f" — «{row.note}»" if lang == "nb" else f" — “{row.note}”"
        lines.append(
            ("✅ " if row.state == "done" else "⬜ " if row.state == "open" else "➖ ") + line
        )
    waiting = [row.unit_name for row in rows if row.waiting]
    if waiting:
        lines.append("⏳ " + t("status.units_waiting", lang, units=", ".join(waiting)))
    if only_unit_ids is None:
        missing = [row.unit_name for row in detail.without_date]
        if missing and status.relative:
            anchor = anchor_words(status.relative.anchor, lang)
            lines += ["", t("count.without_date", lang, anchor=anchor, units=", ".join(missing))]
        inactive = inactive_line([row.unit_name for row in detail.inactive], lang)
        lines += ["", *inactive] if inactive else []
    return "\n".join(lines)


def _row_due(due: date | None, relative: RelativeDue, lang: str) -> str:
    if due:
        return t("count.own_due", lang, date=format_date(due, lang, weekday=False))
    return t("count.no_own_due", lang, anchor=anchor_words(relative.anchor, lang))


def render_event(event: PlanEvent, changes: list[AuditEntry], lang: str, *, tz: ZoneInfo) -> str:
    """One event for people (`planbot event show`): what, when and where, then who changed it."""
    quote = f"«{event.source_quote}»" if event.source_quote else ""
    fields = [
        ("kind", t(f"kind.{event.kind}", lang)),
        ("when", describe_event_when(event, lang)),
        ("state", t(f"state.{event.state}", lang)),
        ("places", ", ".join(event.locations)),
        ("per_unit", t("event.show.yes", lang) if event.per_unit else ""),
        ("responsible", event.responsible),
        ("description", event.description),
        ("url", event.url or ""),
        ("assumptions", event.assumptions),
        ("source", ": ".join(filter(None, [event.source_document or "", quote]))),
        ("key", event.key or ""),
    ]
    lines = [f"#{event.id} {event.title}"]
    lines += [f"{t(f'event.show.{name}', lang)}: {value}" for name, value in fields if value]
    if changes:
        lines += ["", t("event.show.changes", lang)]
    for entry in changes:
        at = entry.at.astimezone(tz) if entry.at else None
        when = f"{format_date(at.date(), lang, weekday=False)} {at:%H:%M}" if at else ""
        changed = sorted(
            key
            for key in (entry.after or {})
            if (entry.before or {}).get(key) != (entry.after or {}).get(key)
        )
        action = (
            t(f"event.show.action.{entry.action}", lang)
            if entry.action in SHOWN_ACTIONS
            else entry.action
        )
        if entry.action == "update" and changed:
            # In the person's words ("dato, sluttdato"), not the stored fields ("start_date").
            action += " (" + ", ".join(changed_field_words(changed, lang)) + ")"
        lines.append(f"  {when}  {actor_words(entry.actor, lang)}: {action}")
    return "\n".join(lines)


SHOWN_ACTIONS = ("create", "update", "download_deliverables")
FIELD_WORDS = [key.removeprefix("event.field.") for key in NB if key.startswith("event.field.")]


def changed_field_words(fields: list[str], lang: str) -> list[str]:
    """An event's changed fields in words, in the order a person fills them in."""
    known = sorted((f for f in fields if f in FIELD_WORDS), key=FIELD_WORDS.index)
    return [t(f"event.field.{f}", lang) for f in known] + [f for f in fields if f not in known]


# --- one unit's deadlines (/status Tromsø, App Home, /ferdig, planbot status Tromsø) -----------

UNIT_DEADLINE_LIMIT = 60


@dataclass(frozen=True)
class UnitDeadline:
    """One deadline a unit owes something for, with its obligation."""

    event: PlanEvent
    obligation: Obligation
    today: date | None = None  # when given, an open one past its date says the deadline is over
    waiting: bool = False  # open, but the unit is not asked yet (status.counted_state)

    @property
    def is_open(self) -> bool:
        return self.obligation.state == ObligationState.OPEN and not self.waiting

    @property
    def state(self) -> str:
        """The state as counted: done, open, exempt, or WAITING (not asked yet)."""
        return WAITING if self.waiting else self.obligation.state

    @property
    def is_late(self) -> bool:
        """Open and past the unit's own due date: missed, not still to do («ikke levert»)."""
        due = self.obligation.due_date or self.event.end_date
        return self.is_open and due is not None and self.today is not None and due < self.today

    def open_line(self, lang: str, *, unit: Unit | None = None) -> str:
        """The unit's open deadline in its own list (/status, App Home), saying what to do: hand
        it in, or report it done; with `unit` (its leader leads several) the command names the
        deadline and the unit, since /ferdig alone would only ask which."""
        hand_in = self.event.deliverable != Deliverable.NONE
        closed = (
            hand_in_closed(
                event=self.event, obligation=self.obligation, staff=False, today=self.today
            )
            if hand_in and self.today is not None
            else None
        )
        if closed is not None:  # «Lever med /ferdig» would only be refused: say what to do
            return t(
                "slack.status.your_open_closed",
                lang,
                title=self.event.title,
                date=self.due_text(lang),
                advice=closed.advice(lang),
            )
        question = question_answer_key(self.event)
        if question is not None:  # answered in Planbot's message, not reported done: say how
            how = question.removeprefix("ferdig.question.")
            key = f"slack.status.your_open_question.{how}"
            return t(key, lang, title=self.event.title, date=self.due_text(lang))
        key = "slack.status.your_open_deliver" if hand_in else "slack.status.your_open"
        command = "/ferdig"
        if unit is not None and self.event.title.split():
            command = f"/ferdig {self.event.title.split()[0].lower()} {unit.name}"
        return t(key, lang, title=self.event.title, date=self.due_text(lang), command=command)

    def due_text(self, lang: str) -> str:
        """The unit's own due date in words (a relative deadline's rule when it has none), and
        that it is over when the unit has still not done it."""
        due = self.obligation.due_date or self.event.end_date
        text = own_due_text(due, RelativeDue.of(self.event), lang)
        if self.is_late:
            return t("status.due_over", lang, date=text)
        return text


def unit_deadlines(*, session: Session, unit: Unit, today: date) -> list[UnitDeadline]:
    """The deadlines still current (ahead, overdue or undated) that the unit has an obligation for,
    then the older ones it still has open (folded away in the overview, named here)."""
    out = []
    nearest, _ = nearest_deadlines(session=session, today=today, limit=UNIT_DEADLINE_LIMIT)
    older = unit_older_open(session=session, unit_id=unit.id or 0, today=today)
    for event_id in [status.event_id for status in nearest] + older:
        event = find_event(session=session, query=str(event_id))
        try:
            obligation = get_obligation(session=session, event=event, unit=unit)
        except NoObligation:
            continue
        if (
            obligation.state in OBLIGATION_STATES
        ):  # one written by hand is left out (and named to staff)
            state = counted_state(
                obligation.state,
                event_key=event.key,
                annual_meeting=unit.annual_meeting,
                today=today,
            )
            waiting = state == WAITING
            out.append(
                UnitDeadline(event=event, obligation=obligation, today=today, waiting=waiting)
            )
    return out


def deactivated_note(*, session: Session, unit: Unit, today: date, lang: str) -> str | None:
    """What making a unit inactive leaves behind: its open deadlines, no longer followed up."""
    titles = [
        d.event.title for d in unit_deadlines(session=session, unit=unit, today=today) if d.is_open
    ]
    if not titles:
        return None
    shown = [t("units.deactivated.title", lang, title=title) for title in titles[:3]]
    if len(titles) > 3:
        shown.append(t("units.deactivated.more", lang, count=len(titles) - 3))
    deadlines = format_list(shown, locale=lang)
    return t(
        "units.deactivated.open",
        lang,
        unit=unit.name,
        slug=unit.slug,
        count=len(titles),
        deadlines=deadlines,
    )


def unit_status_lines(*, session: Session, unit: Unit, today: date, lang: str) -> list[str]:
    """One unit's current deadlines, each with its state (/status Tromsø, planbot status Tromsø)."""
    lines = [
        t(
            worded(f"slack.status.unit_{'late' if d.is_late else d.state}", event_word(d.event)),
            lang,
            title=d.event.title,
            date=d.due_text(lang),
        )
        for d in unit_deadlines(session=session, unit=unit, today=today)
    ]
    return lines or [t("slack.status.unit_none", lang, unit=unit.name)]


def new_leader_answer(*, unit: Unit, who: Sequence[str], lang: str) -> str:
    """The answer to "who is the new leader?" in one line: who leads the unit now (`who`
    written for the surface: mentions in Slack, ids on a terminal), or, for «the same leader» of
    a unit with no leader registered, that, instead of «Svalbard:  er leder.»."""
    if not who:
        return t("question.new_leader.answered_nobody", lang, unit=unit.name)
    return t("question.new_leader.answered", lang, unit=unit.name, who=", ".join(who))


def annual_meeting_answer(
    *,
    unit: Unit,
    on: date,
    dated: Sequence[tuple[PlanEvent, Obligation]],
    lang: str,
    quote: Callable[[str], str] = str,
) -> str:
    """The answer's lines: the unit's annual-meeting date and each deadline it dates (names
    through `quote`: Slack's escaping in Slack; as they are on a terminal or a page that
    escapes its own text)."""
    lines = [
        t(
            "question.annual_meeting.answered",
            lang,
            unit=quote(unit.name),
            date=format_date(on, lang),
        )
    ]
    lines += [
        t(
            "question.annual_meeting.due",
            lang,
            title=quote(event.title),
            date=format_date(due, lang),
        )
        for event, row in dated
        if (due := due_date_of(row, event)) is not None
    ]
    return "\n".join(lines)


def already_answered(
    *, event: PlanEvent, obligation: Obligation, unit: Unit, tz: ZoneInfo, lang: str
) -> str | None:
    """What a second answer to a question already answered is told (a Teams link: the reminder's
    card, another leader's): that it was answered, what and when, and whom to tell of a change;
    None while the question is open."""
    if not question_answered(obligation):
        return None
    when = ""
    if obligation.changed_at is not None:
        local = obligation.changed_at.astimezone(tz)
        at = t("agenda.at_time", lang, time=local.strftime("%H:%M"))
        when = f" ({format_date(local.date(), lang, year=False)} {at})"
    if is_annual_meeting_question(event) and unit.annual_meeting is not None:
        day = format_date(unit.annual_meeting, lang)
        return t("question.answered.annual_meeting", lang, unit=unit.name, when=when, date=day)
    return t("question.answered.new_leader", lang, unit=unit.name, when=when)
