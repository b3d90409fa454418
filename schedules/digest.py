"""The weekly staff digest: the next two weeks, every open obligation, overdue escalations, failed and
dropped nudges, and units nobody can reach. Built by a pure function, shown as text or Block Kit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.dates import describe_period, format_date, format_short_date, local_date, week_label
from bot.db import readable_rows
from bot.messages import NudgeMessage
from bot.models import (
    EventState,
    Nudge,
    NudgeState,
    Obligation,
    ObligationState,
    PlanEvent,
    UnitKind,
)
from bot.report import older_line, open_units_words, relative_text, waiting_note, when_text
from bot.services.agenda import AgendaItem, list_agenda
from bot.services.events import kept_events
from bot.services.readiness import settings_problems
from bot.services.status import RelativeDue, counted_state, folded_away
from bot.services.units import name_order
from bot.services.validation import short
from bot.settings import Settings
from bot.targets import Target, staff_targets
from bot.texts import t
from schedules.outbox import enqueue_notice, plan_problems, stored_message, unit_contacts
from schedules.planner import UnitContact, obligation_counts
from schedules.render import escape, recipient_words, section_chunks

HEADER = "## "
DIGEST_RULE = "staff.digest"
MAX_BLOCKS = 50  # Slack's most blocks in one message


@dataclass(frozen=True)
class OpenDeadline:
    """A deadline with units still open."""

    title: str
    due: date | None
    when: str
    open_units: tuple[str, ...]
    total: int
    overdue_days: int = 0
    waiting: int = 0  # units not asked yet (bot.services.status.WAITING)
    # The counted units that are not open (done, exempt or waiting), for "alle unntatt …"; None:
    # always name the open ones (a relative deadline's units each with their own date).
    others: tuple[str, ...] | None = None
    undated: int = 0  # open units of a relative deadline without their own date (named below)
    # On an open line: the units past their own date, named under «Forfalt» instead. On an
    # overdue line: the deadline's open count when every open unit is past its date (the line then
    # stands for the whole deadline, which is not also listed as open).
    overdue: int = 0
    open_count: int | None = None


@dataclass(frozen=True)
class Digest:
    """What the staff read on Monday morning."""

    week: str
    iso_week: str
    upcoming: tuple[str, ...] = ()
    open: tuple[OpenDeadline, ...] = ()
    # Deadlines past OVERDUE_SHOWN_DAYS still open (title, due), the most recent first: counted on
    # one line, as /status does (bot.services.status.folded_away).
    older: tuple[tuple[str, date | None], ...] = ()
    overdue: tuple[OpenDeadline, ...] = ()
    failed: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    unreachable: tuple[str, ...] = field(default=())
    inactive: tuple[str, ...] = ()
    without_date: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    setup: tuple[str, ...] = ()  # what `planbot doctor` finds in the settings


def _upcoming_day(start: date | None, today: date, lang: str) -> str:
    """'8. des.' for what starts in the fortnight; 'pågår' for what began before it and runs on."""
    if start is None:
        return ""
    return t("digest.ongoing", lang) if start < today else format_short_date(start, lang)


def build_digest(
    *,
    today: date,
    agenda: Sequence[AgendaItem],
    events: Sequence[PlanEvent],
    obligations: Sequence[Obligation],
    units: Sequence[UnitContact],
    failed: Sequence[Nudge],
    dropped: Sequence[Nudge],
    language: str,
) -> Digest:
    """The digest's content from plain inputs (no database, no clock)."""
    lang = language
    iso = today.isocalendar()
    by_unit = {u.unit_id: u for u in units if u.active and u.kind == UnitKind.MUNICIPAL}
    upcoming = tuple(
        f"{_upcoming_day(i.start, today, lang)} · {t('kind.' + i.kind, lang)}: "
        f"{i.title} — {when_text(i, lang)}"
        for i in agenda
    )
    every_unit = {u.unit_id: u for u in units}
    open_items, overdue_items, without_date = [], [], []
    older: list[tuple[str, date | None]] = []
    unreachable: set[str] = set()
    inactive: set[str] = set()
    per_event: dict[int, list[Obligation]] = {}
    for o in obligations:
        per_event.setdefault(o.event_id, []).append(o)
    for event in sorted(events, key=lambda e: (e.end_date or date.max, e.title)):
        rows = per_event.get(event.id or 0, [])
        if event.state == EventState.CANCELLED or not rows:
            continue
        counts = obligation_counts(rows, every_unit, event_key=event.key, today=today)
        inactive.update(counts.inactive_units)
        if not counts.open:
            continue
        unreachable.update(counts.unreachable_units)
        relative = RelativeDue.of(event)
        if relative is None and folded_away(event.end_date, today=today):
            older.append((event.title, event.end_date))
            continue
        open_rows = [
            o
            for o in rows
            if o.unit_id in by_unit
            and counted_state(
                o.state,
                event_key=event.key,
                annual_meeting=by_unit[o.unit_id].annual_meeting,
                today=today,
            )
            == ObligationState.OPEN
        ]
        dues = sorted({o.due_date or event.end_date for o in open_rows} - {None})  # type: ignore[type-var]
        due = dues[0] if dues else None

        if relative is not None:
            when = relative_text(relative, lang)
            missing = [
                by_unit[o.unit_id].name for o in rows if o.unit_id in by_unit and not o.due_date
            ]
            if missing:
                without_date.append(
                    f"{event.title} ({when}): " + ", ".join(sorted(missing, key=name_order))
                )
        elif event.precision == "day" and due:
            when = format_date(due, lang)
        elif event.start_date and event.end_date:
            when = describe_period(event.start_date, event.end_date, event.precision, lang)
        else:
            when = t("undated", lang)
        # Each unit is named once: under «Forfalt» when past its own date, otherwise here; a
        # deadline whose open units are all past their date is listed under «Forfalt» only.
        late_ids = {id(o) for o in open_rows if (o.due_date or event.end_date or date.max) < today}
        overdue_rows = [o for o in open_rows if id(o) in late_ids]
        current = [o for o in open_rows if id(o) not in late_ids]
        others = None
        if relative is None:
            open_ids = {id(o) for o in open_rows}
            closed = [o for o in rows if o.unit_id in by_unit and id(o) not in open_ids]
            others = _unit_names(closed, by_unit, None, lang)
        if overdue_rows and due is not None:
            whole = not current
            overdue_items.append(
                OpenDeadline(
                    event.title,
                    due,
                    when,
                    _unit_names(overdue_rows, by_unit, relative, lang),
                    counts.total,
                    (today - due).days,
                    waiting=counts.waiting if whole else 0,
                    others=others if whole else None,
                    open_count=len(open_rows) if whole else None,
                )
            )
            if whole:
                continue
        # A relative deadline names the units with their own date; those without one are counted
        # here and named in their own part.
        dated = [o for o in current if relative is None or o.due_date]
        open_items.append(
            OpenDeadline(
                event.title,
                due,
                when,
                _unit_names(dated, by_unit, relative, lang),
                counts.total,
                waiting=counts.waiting,
                others=None if overdue_rows else others,
                undated=len(current) - len(dated),
                overdue=len(overdue_rows),
                open_count=len(open_rows),
            )
        )
    return Digest(
        week=f"{week_label(today, lang)} {iso.year}",
        iso_week=f"{iso.year}-W{iso.week:02d}",
        upcoming=upcoming,
        open=tuple(open_items),
        older=tuple(sorted(older, key=lambda o: o[1] or date.max, reverse=True)),
        overdue=tuple(overdue_items),
        failed=tuple(
            t(
                "digest.failed_line",
                lang,
                target=_recipient(r, every_unit, lang),
                error=r.last_error or "",
                title=_title(r),
            )
            for r in failed
        ),
        dropped=_dropped_lines(dropped, every_unit, lang),
        unreachable=tuple(sorted(unreachable, key=name_order)),
        inactive=tuple(sorted(inactive, key=name_order)),
        without_date=tuple(without_date),
    )


def _recipient(nudge: Nudge, units: Mapping[int, UnitContact], lang: str) -> str:
    """Whom a nudge was for, as staff say it: the unit's name («Balsfjord», not the stored
    label «unit:balsfjord»), the county office, or the person."""
    unit = units.get(nudge.unit_id) if nudge.unit_id is not None else None
    label = nudge.target_label or nudge.target
    return recipient_words(unit_name=unit.name if unit else None, label=label, lang=lang)


def _dropped_lines(
    dropped: Sequence[Nudge], units: Mapping[int, UnitContact], lang: str
) -> tuple[str, ...]:
    """One line per reminder and day that became too late, naming every unit it was for (after
    downtime the same meeting reminder was dropped for each of them)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in sorted(dropped, key=lambda r: (r.due_at is None, r.due_at, _title(r))):
        when = format_short_date(r.due_at.date(), lang) if r.due_at else ""
        grouped.setdefault((_title(r), when), []).append(_recipient(r, units, lang))
    return tuple(
        t(
            "digest.dropped_line",
            lang,
            target=", ".join(sorted(dict.fromkeys(names), key=name_order)),
            title=title,
            when=when,
        )
        for (title, when), names in grouped.items()
    )


def _unit_names(
    selected: list[Obligation],
    by_unit: dict[int, UnitContact],
    relative: RelativeDue | None,
    lang: str,
) -> tuple[str, ...]:
    """The units' names; for a relative deadline each with its own date, never one date for all
    (units without one are listed in their own section)."""
    named = sorted(selected, key=lambda o: name_order(by_unit[o.unit_id].name))
    return tuple(
        f"{by_unit[o.unit_id].name} ({format_short_date(o.due_date, lang)})"
        if relative and o.due_date
        else by_unit[o.unit_id].name
        for o in named
    )


def _title(row: Nudge) -> str:
    message = stored_message(row)
    return short(message.event_title or message.headline, 200) if message else row.rule


def _units_words(item: OpenDeadline, lang: str) -> str:
    """The open units of a digest line: named, or "alle unntatt …" when most are open."""
    if item.others is not None:
        return open_units_words(item.open_units, item.others, lang)
    undated = [t("digest.open_undated", lang, count=item.undated)] if item.undated else []
    late = [t("digest.open_overdue", lang, count=item.overdue)] if item.overdue else []
    return "; ".join([", ".join(item.open_units)] * bool(item.open_units) + undated + late)


def _overdue_line(item: OpenDeadline, lang: str) -> str:
    """A «Forfalt» line: the units past their date; with the deadline's count when it stands for
    the whole deadline (then not listed under «Åpne oppgaver» as well)."""
    units = _units_words(item, lang)
    if item.open_count is not None:
        units = t("digest.counted", lang, open=item.open_count, total=item.total, units=units)
        units += waiting_note(item.waiting, lang)
    return t(
        "digest.overdue_line", lang, title=item.title, when=item.when, count=item.overdue_days,
        units=units,
    )  # fmt: skip


def digest_lines(digest: Digest, lang: str) -> list[str]:
    """The digest as lines; section headers start with '## '."""
    lines = [HEADER + t("digest.upcoming", lang)]
    lines += [f"• {line}" for line in digest.upcoming] or [t("digest.upcoming_none", lang)]
    lines.append(HEADER + t("digest.open", lang))
    for item in digest.open:
        lines.append(
            "• "
            + t(
                "digest.open_line",
                lang,
                title=item.title,
                when=item.when,
                open=item.open_count or len(item.open_units) + item.undated,
                total=item.total,
                units=_units_words(item, lang),
            )
            + waiting_note(item.waiting, lang)
        )
    lines += older_line(digest.older, lang)  # "+ 2 eldre frister …", no bullet of its own
    if not (digest.open or digest.older):
        # Every open task is past its date: say where they are, not «no open tasks».
        lines.append(t("digest.open_all_overdue" if digest.overdue else "digest.open_none", lang))
    sections = [
        ("digest.overdue", [
            _overdue_line(i, lang) for i in digest.overdue
        ]),
        ("digest.failed", list(digest.failed)),
        ("digest.dropped", list(digest.dropped)),
        ("digest.unreachable", [", ".join(digest.unreachable)] if digest.unreachable else []),
        ("digest.without_date", list(digest.without_date)),
        ("digest.inactive", [", ".join(digest.inactive)] if digest.inactive else []),
        ("digest.problems", list(digest.problems)),
        ("digest.setup", list(digest.setup)),
    ]  # fmt: skip
    for header, items in sections:
        if items:
            lines.append(HEADER + t(header, lang))
            lines += [f"• {line}" for line in items]
    return lines


def render_digest_text(digest: Digest, lang: str) -> str:
    """The digest for a terminal."""
    out = [t("digest.title", lang, week=digest.week)]  # each part starts with its own blank line
    for line in digest_lines(digest, lang):
        if line.startswith(HEADER):
            out += ["", line.removeprefix(HEADER)]
        else:
            out.append(line)
    return "\n".join(out).strip() + "\n"


def digest_message(digest: Digest, lang: str) -> NudgeMessage:
    """The digest as a transport-neutral message (rule staff.digest)."""
    return NudgeMessage(
        idempotency_key="",  # each staff route gets its own key (digest_key)
        rule=DIGEST_RULE,
        language=lang,
        event_id=0,
        event_title=t("digest.title", lang, week=digest.week),
        event_kind="other",
        when_text=digest.week,
        headline=t("digest.title", lang, week=digest.week),
        details=tuple(digest_lines(digest, lang)),
    )


def digest_blocks(message: NudgeMessage) -> list[dict[str, Any]]:
    """Block Kit for the digest: a header, then each part in sections split at line ends (Slack's
    3,000 characters a section); past Slack's 50 blocks the last one says where to read the rest."""
    header = {"type": "plain_text", "text": message.headline[:150]}
    parts: list[list[str]] = []
    for line in message.details:
        if line.startswith(HEADER) or not parts:
            parts.append([])
        heading = line.startswith(HEADER)
        parts[-1].append(f"*{escape(line.removeprefix(HEADER))}*" if heading else escape(line))
    texts = [chunk for part in parts for chunk in section_chunks("\n".join(part))]
    if len(texts) > MAX_BLOCKS - 1:
        texts = [*texts[: MAX_BLOCKS - 2], escape(t("digest.cut", message.language))]
    sections = [{"type": "section", "text": {"type": "mrkdwn", "text": text}} for text in texts]
    return [{"type": "header", "text": header}, *sections]


def digest_key(iso_week: str, target: Target) -> str:
    """One digest per ISO week and staff route: the cron and a manual --send in the same week share
    this key (the Slack copy `digest:<week>`, the Teams copy `digest:<week>/teams`)."""
    return f"digest:{iso_week}" + ("/teams" if target.is_teams else "")


def load_digest(*, session: Session, now: datetime, settings: Settings) -> Digest:
    """The digest from what the database holds now, with the stored rows that need fixing."""
    today = local_date(now, settings.timezone)
    week_ago = now - timedelta(days=7)
    digest = build_digest(
        today=today,
        agenda=list_agenda(session=session, start=today, days=14),
        events=kept_events(
            session=session, query=select(PlanEvent).where(col(PlanEvent.per_unit).is_(True))
        )[0],
        obligations=readable_rows(
            session, select(Obligation).order_by(col(Obligation.id)), Obligation
        )[0],
        units=unit_contacts(session=session),
        failed=session.exec(
            select(Nudge).where(
                Nudge.state == NudgeState.FAILED,
                col(Nudge.updated_at) >= week_ago,
                Nudge.rule != DIGEST_RULE,
            )
        ).all(),
        dropped=session.exec(
            select(Nudge).where(
                Nudge.state == NudgeState.CANCELLED,
                col(Nudge.reason).startswith("too late"),
                col(Nudge.updated_at) >= week_ago,
            )
        ).all(),
        language=settings.language,
    )
    problems = plan_problems(session=session)
    teams_units = any(contact.teams for contact in unit_contacts(session=session))
    setup = settings_problems(settings, teams_units=teams_units)
    return replace(
        digest,
        problems=tuple(p.message(settings.language) for p in problems),
        setup=tuple(p.text(settings.language) for p in setup),
    )


def queue_digest(
    *, session: Session, now: datetime, settings: Settings
) -> dict[str, tuple[Nudge, bool]]:
    """Put this week's digest in the outbox for each staff route (bot.targets.staff_targets), once
    per ISO week each; (row, created) by transport, empty when staff have no route."""
    targets = staff_targets(settings)
    if not targets:
        return {}
    digest = load_digest(session=session, now=now, settings=settings)
    message = digest_message(digest, settings.language)
    return {
        target.transport: enqueue_notice(
            session=session,
            key=digest_key(digest.iso_week, target),
            target=target,
            message=message,
            now=now,
            expires_at=now + timedelta(days=1),
        )
        for target in targets
    }
