"""Plain-text reports for people (terminal, sandbox, digest): the agenda by week, deadline status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby

from bot.dates import describe_period, format_date, format_short_date
from bot.services.agenda import AgendaItem
from bot.services.status import DeadlineDetail, DeadlineStatus
from bot.texts import t

RRULE_WORDS = {
    "FREQ=MONTHLY": "recurring.monthly",
    "FREQ=WEEKLY": "recurring.weekly",
    "FREQ=WEEKLY;INTERVAL=2": "recurring.biweekly",
    "FREQ=MONTHLY;INTERVAL=3": "recurring.quarterly",
    "FREQ=YEARLY": "recurring.yearly",
}


def describe_recurrence(rrule: str | None, lang: str) -> str | None:
    """'hver måned' for FREQ=MONTHLY;BYDAY=2TU and the like; None for a single event."""
    if not rrule:
        return None
    parts = [
        p
        for p in rrule.split(";")
        if not p.startswith(("BYDAY", "BYMONTHDAY", "BYMONTH", "UNTIL", "COUNT"))
    ]
    return t(RRULE_WORDS.get(";".join(parts), "recurring.other"), lang)


def when_text(item: AgendaItem, lang: str) -> str:
    """The date (or span) of an item in the words of its precision, with its time."""
    if item.start is None or item.end is None:
        return t("undated", lang)
    text = describe_period(item.start, item.end, item.precision, lang)
    if item.time:
        text += " " + t("agenda.at_time", lang, time=item.time.strftime("%H:%M"))
    return text


def item_line(item: AgendaItem, lang: str) -> str:
    """One agenda line: kind, title, when, where, and flags."""
    bits = [f"{t('kind.' + item.kind, lang)}: {item.title}", when_text(item, lang)]
    if item.locations:
        bits.append(", ".join(item.locations))
    recurrence = describe_recurrence(item.recurrence, lang)
    if recurrence:
        bits.append(f"({recurrence})")
    if item.state != "confirmed":
        bits.append(f"[{t('state.' + item.state, lang)}]")
    return " — ".join(bits[:2]) + ("; " + " ".join(bits[2:]) if bits[2:] else "")


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
) -> str:
    """The agenda grouped by ISO week, nearest deadline first when one is close."""
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
    if not items:
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
    if long:
        lines += ["", t("agenda.long", lang)]
        lines += [f"  • {item_line(item, lang)}" for item in long]
    if undated:
        lines += ["", t("agenda.undated", lang)]
        lines += [f"  • {t('kind.' + item.kind, lang)}: {item.title}" for item in undated]
    return "\n".join(lines)


def due_text(status: DeadlineStatus, lang: str) -> str:
    return format_date(status.due, lang) if status.due else t("status.relative_date", lang)


def summary_line(status: DeadlineStatus, lang: str) -> str:
    """'Forslagsfrist til landsmøtet, tirsdag 1. desember 2026: 9 av 22 kommunepartier ferdig, 13 gjenstår'."""
    key = "status.summary_exempt" if status.exempt else "status.summary"
    return t(
        key,
        lang,
        title=status.title,
        date=due_text(status, lang),
        done=status.done,
        total=status.total,
        open=status.open,
        exempt=status.exempt,
    )


def render_overview(statuses: list[DeadlineStatus], lang: str) -> str:
    """Every deadline with obligations, overdue ones flagged."""
    if not statuses:
        return t("status.none", lang)
    lines = []
    for status in statuses:
        if status.overdue:
            lines.append(
                "‼ "
                + t(
                    "status.overdue",
                    lang,
                    title=status.title,
                    date=due_text(status, lang),
                    open=status.open,
                )
            )
        else:
            lines.append("• " + summary_line(status, lang))
    return "\n".join(lines)


def render_detail(
    detail: DeadlineDetail, lang: str, *, only_unit_ids: set[int] | None = None
) -> str:
    """The per-unit table of one deadline: open units first, then done and exempt."""
    status = detail.status
    lines = [
        t("status.table_title", lang, title=status.title, date=due_text(status, lang)),
        summary_line(status, lang),
        "",
    ]
    rows = (
        detail.rows
        if only_unit_ids is None
        else [r for r in detail.rows if r.unit_id in only_unit_ids]
    )
    order = {"open": 0, "done": 1, "exempt": 2}
    for row in sorted(rows, key=lambda r: order.get(r.state, 3)):
        state = t("obligation." + row.state, lang)
        if row.changed_by and row.changed_at and row.state != "open":
            when = format_date(row.changed_at.date(), lang, weekday=False, year=False)
            line = t(
                "status.unit_line_by",
                lang,
                unit=row.unit_name,
                state=state,
                who=row.changed_by,
                when=when,
            )
        else:
            line = t("status.unit_line", lang, unit=row.unit_name, state=state)
        if row.note:
            line += f" — «{row.note}»" if lang == "nb" else f" — “{row.note}”"
        lines.append(
            ("✅ " if row.state == "done" else "⬜ " if row.state == "open" else "➖ ") + line
        )
    return "\n".join(lines)
