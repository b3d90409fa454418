"""The words of a nudge: a transport-neutral NudgeMessage, from an event, a rule and the send moment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from babel.lists import format_list

from bot.dates import Precision, describe_period, format_date, local_date, local_datetime
from bot.messages import (
    ACTION_ANNUAL_MEETING,
    ACTION_DELIVER,
    ACTION_DONE,
    ACTION_EXEMPT,
    ACTION_NEW_LEADER,
    ACTION_SAME_LEADER,
    ACTION_SNOOZE,
    NudgeMessage,
)
from bot.models import EventState, PlanEvent
from bot.report import assumed_mark, open_units_words
from bot.services.questions import is_annual_meeting_question, is_new_leader_question
from bot.services.status import event_word, worded
from bot.texts import t

UNIT_BUTTONS = (ACTION_DONE, ACTION_SNOOZE, ACTION_EXEMPT)
# A deadline that asks for something to hand in gets *Lever* where the others have *Ferdig*.
DELIVER_BUTTONS = (ACTION_DELIVER, ACTION_SNOOZE, ACTION_EXEMPT)
# The words a deadline nudge ends with name its main button (`nudge.<template>.ask<suffix>`).
ASK_SUFFIX = {
    ACTION_DELIVER: ".deliver",
    ACTION_ANNUAL_MEETING: ".answer",
    ACTION_NEW_LEADER: ".answer",
}
# Templates whose relative words count from the deadline, and those that ask a unit to act.
DEADLINE_TEMPLATES = ("deadline", "deadline_overdue", "staff_summary", "staff_after")
# The county office's summaries of a deadline: before it (and on its day), and once after it.
STAFF_TEMPLATES = ("staff_summary", "staff_after")


# Slack's limit of 3,000 characters in a section's text, with a margin.
SECTION_LIMIT = 2900


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters (the one copy)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section_chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text at line ends into pieces a section can hold."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return pieces or [" "]


@dataclass(frozen=True)
class NudgeSpec:
    """Enough to (re-)render one nudge: which text, for which occurrence and unit, counted from which day."""

    template: str
    occ_start: date
    occ_end: date
    anchor_day: date
    unit_name: str | None = None
    buttons: bool = False
    snoozed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "occ_start": self.occ_start.isoformat(),
            "occ_end": self.occ_end.isoformat(),
            "anchor_day": self.anchor_day.isoformat(),
            "unit_name": self.unit_name,
            "buttons": self.buttons,
            "snoozed": self.snoozed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NudgeSpec:
        return cls(
            template=data["template"],
            occ_start=date.fromisoformat(data["occ_start"]),
            occ_end=date.fromisoformat(data["occ_end"]),
            anchor_day=date.fromisoformat(data["anchor_day"]),
            unit_name=data.get("unit_name"),
            buttons=bool(data.get("buttons")),
            snoozed=bool(data.get("snoozed")),
        )


@dataclass(frozen=True)
class Counts:
    """How the units stand on a deadline, for the staff summary."""

    done: int = 0
    open: int = 0
    exempt: int = 0
    open_units: tuple[str, ...] = ()
    unreachable_units: tuple[str, ...] = ()
    inactive_units: tuple[str, ...] = ()
    waiting: int = 0  # units not asked yet (bot.services.status.WAITING)
    closed_units: tuple[str, ...] = ()  # the counted units not open: "alle unntatt …"

    @property
    def total(self) -> int:
        return self.done + self.open + self.exempt + self.waiting


def most_owe(counts: Counts) -> bool:
    """Whether more units are open than not (or all are): the staff summary then names the others
    ("Gjenstår: alle unntatt Bodø og Rana"), or none when the count says it all."""
    return counts.open > len(counts.closed_units) or counts.open == counts.total


def unreachable_line(counts: Counts, lang: str) -> str:
    """The open units nobody can reach, in as few words as a phone needs: "Ingen av de 7 kan nås"
    when none of the open ones can be (they are named or counted already), "Bare Tromsø av de 19
    kan nås" when most cannot, else the names of those that cannot."""
    unreachable = counts.unreachable_units
    reachable = [name for name in counts.open_units if name not in unreachable]
    if not reachable:
        return t("nudge.staff_summary.unreachable_all", lang, count=counts.open)
    if len(unreachable) > len(reachable):
        units = format_list(reachable, locale=lang)
        return t("nudge.staff_summary.reachable_only", lang, units=units, count=counts.open)
    return t("nudge.staff_summary.unreachable", lang, units=", ".join(unreachable))


def relative_words(moment: datetime, day: date, at: time | None, lang: str, tz: ZoneInfo) -> str:
    """'i dag', 'i morgen', 'om 7 dager', 'for 3 dager siden', or 'om 2 timer' on the day itself."""
    days = (day - local_date(moment, tz)).days
    if days == 0 and at is not None:
        seconds = (local_datetime(day, at, tz) - moment).total_seconds()
        hours = round(seconds / 3600)
        if hours > 1:
            return t("nudge.rel.hours", lang, hours=hours)
        if seconds > 0:
            return t("nudge.rel.hour", lang)
    if days == 0:
        return t("nudge.rel.today", lang)
    if days == 1:
        return t("nudge.rel.tomorrow", lang)
    if days == -1:
        return t("nudge.rel.yesterday", lang)
    if days > 1:
        return t("nudge.rel.days", lang, days=days)
    return t("nudge.rel.days_ago", lang, days=-days)


def period_words(event: PlanEvent, spec: NudgeSpec, lang: str) -> str:
    """The occurrence's span in the words of its precision ('januar 2027', 'våren 2027')."""
    return describe_period(spec.occ_start, spec.occ_end, event.precision, lang)


def when_words(event: PlanEvent, spec: NudgeSpec, lang: str) -> str:
    """The date of the nudge's subject in the words of its precision ('tirsdag 1. desember 2026',
    'i løpet av januar 2027', for a deadline 'innen utgangen av januar 2027')."""
    if event.precision != Precision.DAY:
        key = (
            "nudge.when.period_end" if spec.template in DEADLINE_TEMPLATES else "nudge.when.period"
        )
        return t(key, lang, period=period_words(event, spec, lang))
    day = spec.anchor_day
    text = format_date(day, lang)
    if event.start_time and spec.template not in DEADLINE_TEMPLATES:
        return t("nudge.when.at", lang, date=text, time=event.start_time.strftime("%H:%M"))
    return text


def recipient_words(*, unit_name: str | None, label: str, lang: str) -> str:
    """Whom a nudge is for, as staff say it: the unit's name («Senja», not the stored label
    «unit:senja/dm:U0SENJA»), the county office («staff»), or the label itself."""
    if unit_name:
        return unit_name
    if label == "staff":
        return t("digest.recipient_staff", lang)
    return label


def headline_key(template: str, precision: str) -> str:
    """The text key of a nudge's headline: one wording for a day, one for a longer period."""
    return f"nudge.{template}" if precision == Precision.DAY else f"nudge.{template}.period"


def _headline(spec: NudgeSpec, event: PlanEvent) -> str:
    """The headline's key, in the word the deadline's obligations are told by everywhere
    (bot.services.status.obligation_word): a question is answered («har ikke svart ennå», «har
    svart»), a hand-in handed in («har ikke levert ennå», «har levert»)."""
    return worded(headline_key(spec.template, event.precision), event_word(event))


def after_words(counts: Counts, word: str, lang: str) -> tuple[str, list[str]]:
    """How the units stood when a deadline had run out, in the past tense of `word`: «19 av 22
    kommunepartier leverte.» and «Ikke levert: Bardu, Lyngen og Salangen», or when most did not
    «Ikke levert: alle unntatt Tromsø og Senja» (no list when none owe anything, nor when none
    did it: «Ingen av de 22 kommunepartiene leverte.» says it, and 22 names after it are only
    length on a phone); the units not asked yet and those set «ikke aktuelt» are counted apart."""
    values = {"done": counts.done, "total": counts.total}
    nobody = bool(counts.total) and not counts.done and counts.open == counts.total
    if counts.total and counts.done == counts.total:
        result = t(worded("count.after_all", word), lang, **values)
    elif nobody:
        result = t(worded("count.after_none", word), lang, **values)
    else:
        result = t(worded("count.after", word), lang, **values)
    if not counts.open_units or nobody:
        return result, []
    if most_owe(counts) and counts.closed_units:
        # «Ikke levert: alle unntatt Tromsø og Senja», as the digest and the summary before say it
        named = open_units_words(counts.open_units, counts.closed_units, lang)
    else:
        named = format_list(list(counts.open_units), locale=lang)
    return result, [t(worded("count.after_missing", word), lang, units=named)]


def date_notes(event: PlanEvent, spec: NudgeSpec, lang: str) -> list[str]:
    """What a person should know about how firm the date is: only a period, tentative, or both."""
    tentative = event.state == EventState.TENTATIVE
    if event.precision == Precision.DAY:
        return [t("nudge.tentative", lang)] if tentative else []
    period = period_words(event, spec, lang)
    if spec.template in DEADLINE_TEMPLATES:
        end = format_date(spec.occ_end, lang)
        note = t("nudge.note.period_end", lang, period=period, end=end)
        return [note, t("nudge.tentative", lang)] if tentative else [note]
    key = "nudge.note.period_tentative" if tentative else "nudge.note.period"
    return [t(key, lang, period=period)]


@dataclass(frozen=True)
class NudgeWords:
    """The words of a nudge that do not name its unit: the same for every unit it goes to at one
    moment, so a wave of nudges puts them together once (EventWording)."""

    values: dict[str, Any]
    when_text: str
    details: tuple[str, ...]
    asks_unit: bool
    task: str | None = None  # "Oppgaven: …" (the first detail), which says how to hand in
    last_day: bool = False  # a deadline nudge sent on (or after) its deadline's own day


def nudge_words(
    *,
    spec: NudgeSpec,
    event: PlanEvent,
    moment: datetime,
    language: str,
    tz: ZoneInfo,
    counts: Counts,
) -> NudgeWords:
    """Everything of the message for `spec` sent at `moment` but its unit's name (of which only
    whether there is one counts here)."""
    lang = language
    when = when_words(event, spec, lang)
    at = event.start_time if spec.template not in DEADLINE_TEMPLATES else None
    relative = relative_words(moment, spec.anchor_day, at, lang, tz)
    values = {
        "title": event.title,
        "when": when,
        "relative": relative,
        "end": format_date(spec.occ_end, lang, weekday=False),
        "period": period_words(event, spec, lang),
        "done": counts.done,
        "open": counts.open,
        "total": counts.total,
        "result": "",
    }
    details: list[str] = []
    # A unit's deadline nudge says what to do first and ends with what to press.
    asks_unit = spec.template in ("deadline", "deadline_overdue") and bool(spec.unit_name)
    task = None
    if asks_unit and event.description.strip():
        task = t("nudge.task", lang, description=event.description.strip())
        details.append(task)
    if spec.template == "staff_after":
        # Past tense, the units that did not make it named in the text (not as «Gjenstår»).
        values["result"], missing = after_words(counts, event_word(event), lang)
        details += missing
    if spec.template in STAFF_TEMPLATES:
        # The open units travel in `units_open` (Slack and Teams list them once, Teams capped),
        # unless most still owe: then the few that do not are named, as the digest does.
        if spec.template == "staff_summary" and most_owe(counts) and counts.closed_units:
            details.append(
                t(
                    "slack.nudge.open_units",
                    lang,
                    units=open_units_words(counts.open_units, counts.closed_units, lang),
                )
            )
        if counts.exempt:
            details.append(t("count.exempt", lang, exempt=counts.exempt))
        if counts.waiting:
            details.append(t("count.waiting_meeting_sentence", lang, count=counts.waiting))
        if counts.inactive_units:
            details.append(t("count.inactive", lang, units=", ".join(counts.inactive_units)))
        if counts.unreachable_units:
            details.append(unreachable_line(counts, lang))
    if event.locations and spec.template not in DEADLINE_TEMPLATES:
        details.append(t("nudge.where", lang, places=", ".join(event.locations)))
    notes = date_notes(event, spec, lang)
    assumed = assumed_mark(event.assumptions, lang)
    if assumed and event.precision == Precision.DAY:
        # One note on how firm the date is: an assumed day and hour says more than "tentative".
        notes = [note for note in notes if note != t("nudge.tentative", lang)]
        # A deadline has a date, not an hour: «Fristen er antatt», not «Tidspunktet».
        deadline = spec.template in DEADLINE_TEMPLATES
        notes.append(t("assumed.nudge.deadline" if deadline else "assumed.nudge", lang))
    details += notes
    if spec.snoozed:
        details.append(t("nudge.snoozed", lang))
    return NudgeWords(
        values=values,
        when_text=when + assumed,
        details=tuple(details),
        asks_unit=asks_unit,
        task=task,
        last_day=spec.template == "deadline" and local_date(moment, tz) >= spec.anchor_day,
    )


def ask_key(template: str, buttons: tuple[str, ...]) -> str:
    """What the unit is asked to press names the nudge's main button: «Ferdig», «Lever», or the
    question's picker."""
    suffix = ASK_SUFFIX.get(buttons[0], "") if buttons else ""
    return f"nudge.{template}.ask{suffix}"


def fill_nudge(
    words: NudgeWords,
    *,
    key: str,
    rule: str,
    spec: NudgeSpec,
    event: PlanEvent,
    language: str,
    counts: Counts,
    buttons: tuple[str, ...],
    unit_id: int | None = None,
    obligation_id: int | None = None,
    nudge_id: int | None = None,
) -> NudgeMessage:
    """The message of one nudge: the shared `words` with its unit's name, ids and buttons."""
    lang = language
    values = {**words.values, "unit": spec.unit_name or ""}
    details = words.details
    # After a hand-in deadline that leaders may not hand in late: no *Lever* that would be
    # refused, and the words say whom to send it to instead.
    late = (
        spec.template == "deadline_overdue"
        and ACTION_DELIVER in buttons
        and not event.deliver_after_due
    )
    if late:
        buttons = tuple(b for b in buttons if b != ACTION_DELIVER)
        # The task says how to hand in through Planbot ("Lever forslagene i Planbot …"), which
        # is no longer open to them: not beside "send it to the county office".
        details = tuple(d for d in details if d != words.task)
    if words.last_day and ACTION_DELIVER in buttons and not event.deliver_after_due:
        # «Minn meg på i morgen» on the last day would remind them when they can no longer hand
        # in through Planbot: a trap for a volunteer reading it in the evening.
        buttons = tuple(b for b in buttons if b != ACTION_SNOOZE)
    if words.asks_unit:
        ask = "nudge.deadline_overdue.ask.late" if late else ask_key(spec.template, buttons)
        details += (t(ask, lang, **values),)
    return NudgeMessage(
        idempotency_key=key,
        rule=rule,
        language=lang,
        event_id=event.id or 0,
        event_title=event.title,
        event_kind=event.kind,
        when_text=words.when_text,
        headline=t(_headline(spec, event), lang, **values),
        details=details,
        nudge_id=nudge_id,
        unit_id=unit_id,
        unit_name=spec.unit_name,
        obligation_id=obligation_id,
        buttons=buttons if spec.buttons and obligation_id else (),
        # When every unit is open, the count says it all: no list of 40 names on a phone; when
        # most are, the details name those that are not; after the deadline the text names them
        # («Ikke levert: …»).
        units_open=(
            counts.open_units if not most_owe(counts) and spec.template != "staff_after" else ()
        ),
        url=event.url or None,
    )


def render_nudge(
    *,
    key: str,
    rule: str,
    spec: NudgeSpec,
    event: PlanEvent,
    moment: datetime,
    language: str,
    tz: ZoneInfo,
    counts: Counts | None = None,
    unit_id: int | None = None,
    obligation_id: int | None = None,
    nudge_id: int | None = None,
) -> NudgeMessage:
    """The message for one nudge as it reads when sent at `moment`."""
    counts = counts or Counts()
    words = nudge_words(
        spec=spec, event=event, moment=moment, language=language, tz=tz, counts=counts
    )
    return fill_nudge(
        words,
        key=key,
        rule=rule,
        spec=spec,
        event=event,
        language=language,
        counts=counts,
        buttons=unit_buttons(event),
        unit_id=unit_id,
        obligation_id=obligation_id,
        nudge_id=nudge_id,
    )


class EventWording:
    """Renders the planned nudges of one event in one language, on demand: the words all its
    units share at one moment are put together once. A staff nudge (no unit) carries `counts`.
    The event must stay loaded (its session open, or closed without expiring it)."""

    def __init__(self, *, event: PlanEvent, language: str, tz: ZoneInfo, counts: Counts) -> None:
        self.event, self.language, self.tz, self.counts = event, language, tz, counts
        self.buttons = unit_buttons(event)
        self._words: dict[tuple[Any, ...], NudgeWords] = {}

    def render(
        self,
        *,
        key: str,
        rule: str,
        spec: NudgeSpec,
        moment: datetime,
        unit_id: int | None,
        obligation_id: int | None,
    ) -> NudgeMessage:
        """The message of one planned nudge, as render_nudge would put it."""
        counts = self.counts if unit_id is None else Counts()
        shared = (
            spec.template,
            spec.occ_start,
            spec.occ_end,
            spec.anchor_day,
            spec.snoozed,
            bool(spec.unit_name),
            moment,
            unit_id is None,
        )
        words = self._words.get(shared)
        if words is None:
            words = self._words[shared] = nudge_words(
                spec=spec,
                event=self.event,
                moment=moment,
                language=self.language,
                tz=self.tz,
                counts=counts,
            )
        return fill_nudge(
            words,
            key=key,
            rule=rule,
            spec=spec,
            event=self.event,
            language=self.language,
            counts=counts,
            buttons=self.buttons,
            unit_id=unit_id,
            obligation_id=obligation_id,
        )


def unit_buttons(event: PlanEvent) -> tuple[str, ...]:
    """What a unit answers a nudge with: Ferdig (or *Lever* where the deadline asks for a hand-in),
    snooze, exempt; a date for the annual-meeting question; a person for the new-leader question."""
    if is_annual_meeting_question(event):
        return (ACTION_ANNUAL_MEETING,)
    if is_new_leader_question(event):
        return (ACTION_NEW_LEADER, ACTION_SAME_LEADER)
    return DELIVER_BUTTONS if event.deliverable != "none" else UNIT_BUTTONS


def message_text(message: NudgeMessage) -> str:
    """The whole message as one line of plain text (previews, logs, the fallback `text`), each
    part ended as a sentence ("Sted: Teams. Tidspunktet er …")."""
    units = (
        [t("slack.nudge.open_units", message.language, units=", ".join(message.units_open))]
        if message.units_open
        else []
    )
    link = [f"{message.link_text}: {message.url}"] if message.url else []
    parts = [message.headline, *message.details, *units]
    return " ".join([*(_as_sentence(part) for part in parts), *link])


def _as_sentence(part: str) -> str:
    return part if part.rstrip().endswith((".", "!", "?", ":", "…")) else part.rstrip() + "."


def message_to_json(message: NudgeMessage) -> dict[str, Any]:
    """A NudgeMessage as JSON for the outbox row."""
    return {
        "idempotency_key": message.idempotency_key,
        "rule": message.rule,
        "language": message.language,
        "event_id": message.event_id,
        "event_title": message.event_title,
        "event_kind": message.event_kind,
        "when_text": message.when_text,
        "headline": message.headline,
        "details": list(message.details),
        "nudge_id": message.nudge_id,
        "unit_id": message.unit_id,
        "unit_name": message.unit_name,
        "obligation_id": message.obligation_id,
        "buttons": list(message.buttons),
        "units_open": list(message.units_open),
        "url": message.url,
    }


def message_from_json(data: dict[str, Any]) -> NudgeMessage:
    """The NudgeMessage stored in an outbox row."""
    return NudgeMessage(
        idempotency_key=data["idempotency_key"],
        rule=data["rule"],
        language=data.get("language", "nb"),
        event_id=int(data.get("event_id") or 0),
        event_title=data.get("event_title", ""),
        event_kind=data.get("event_kind", "other"),
        when_text=data.get("when_text", ""),
        headline=data["headline"],
        details=tuple(data.get("details") or ()),
        nudge_id=data.get("nudge_id"),
        unit_id=data.get("unit_id"),
        unit_name=data.get("unit_name"),
        obligation_id=data.get("obligation_id"),
        buttons=tuple(data.get("buttons") or ()),
        units_open=tuple(data.get("units_open") or ()),
        url=data.get("url") or None,
    )


def names(units: Sequence[str]) -> tuple[str, ...]:
    """Unit names in a stable order."""
    return tuple(sorted(units))
