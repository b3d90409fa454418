"""Deliverables: what a unit hands in for a deadline (a text, files, or "we have none"), who may
read it, what is collected for staff, and the queue of hand-ins whose files are still being fetched.

Every surface (Slack, Teams link pages, the CLI) checks and stores a hand-in through this module;
marking the obligation done happens in the same transaction (see handlers/deliveries.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from bot.models import (
    Deliverable,
    Delivery,
    DeliveryFile,
    Obligation,
    ObligationState,
    PendingDelivery,
    PendingDeliveryState,
    PlanEvent,
    Unit,
)
from bot.services.audit import record_change
from bot.services.obligations import due_date_of, mark_obligation
from bot.services.units import name_order
from bot.settings import Settings
from bot.texts import NB, t

TEXT_LIMIT = 20_000
MAX_FILES = 10
LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# A hand-in form opened before its deadline ran out still takes what is sent this soon after it
# was opened: a volunteer who opens it at 23:55 and presses «Send» at 00:03 is not late.
FORM_GRACE = timedelta(hours=2)


class DeliveryRefused(ValueError):
    """A hand-in that cannot be taken; `text(lang)` says why and what to do instead."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.values)

    def advice(self, lang: str) -> str:
        """What to do instead, for a line that already names the deadline (its `.advice` text,
        else the whole refusal)."""
        key = f"{self.key}.advice"
        return t(key, lang, **self.values) if key in NB else self.text(lang)


@dataclass(frozen=True)
class IncomingFile:
    """A file being handed in; `source_id` is Slack's file id (else one is made from the bytes)."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"
    source_id: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class UnitDelivery:
    """One unit's row of a deadline: its obligation and what it handed in (if anything)."""

    unit: Unit
    obligation: Obligation
    delivery: Delivery | None = None
    files: list[DeliveryFile] = field(default_factory=list)


# Words people type for what a deadline asks for (CSV/YAML import, `planbot event edit`).
DELIVERABLE_WORDS = {
    "": Deliverable.NONE,
    "ingen": Deliverable.NONE,
    "ingenting": Deliverable.NONE,
    "tekst": Deliverable.TEXT,
    "fil": Deliverable.FILES,
    "filer": Deliverable.FILES,
    "tekst_eller_filer": Deliverable.TEXT_OR_FILES,
    "tekst eller filer": Deliverable.TEXT_OR_FILES,
}


def parse_deliverable(value: Any) -> Deliverable | None:
    """none, text, files, text_or_files (or the Norwegian words); None when not one of them."""
    text = str(value or "").strip().lower()
    if text in Deliverable._value2member_map_:
        return Deliverable(text)
    return DELIVERABLE_WORDS.get(text)


# --- checking --------------------------------------------------------------------------------


def file_ending(filename: str) -> str:
    """'pdf' for 'Forslag.PDF'; '' without an ending."""
    name = filename.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_file(*, settings: Settings, filename: str, size: int) -> None:
    """Refuse a file of a type not allowed or larger than PLANBOT_DELIVERY_MAX_MB."""
    if file_ending(filename) not in settings.delivery_types:
        raise DeliveryRefused(
            "deliver.refused.type",
            name=filename,
            types=", ".join(sorted(settings.delivery_types)),
        )
    if size > settings.delivery_max_bytes:
        raise DeliveryRefused(
            "deliver.refused.size",
            name=filename,
            size=human_size(size),
            limit=human_size(settings.delivery_max_bytes),
        )


def check_hand_in(
    *,
    event: PlanEvent,
    obligation: Obligation,
    text: str,
    file_count: int,
    none_answer: bool,
    staff: bool,
    today: date,
) -> None:
    """Refuse what the deadline does not ask for, an empty hand-in, or a late one by a leader."""
    spec = Deliverable(event.deliverable)
    if spec == Deliverable.NONE:
        raise DeliveryRefused("deliver.refused.nothing_asked", title=event.title)
    if none_answer:
        if not event.deliverable_none_ok:
            raise DeliveryRefused("deliver.refused.no_none", title=event.title)
        if text or file_count:
            raise DeliveryRefused("deliver.refused.none_and_content")
    elif not text and not file_count:
        suffix = "_none" if event.deliverable_none_ok else ""
        raise DeliveryRefused(f"deliver.refused.empty.{spec}{suffix}")
    if text and spec == Deliverable.FILES:
        raise DeliveryRefused("deliver.refused.files_only", title=event.title)
    if file_count and spec == Deliverable.TEXT:
        raise DeliveryRefused("deliver.refused.text_only", title=event.title)
    if len(text) > TEXT_LIMIT:
        raise DeliveryRefused("deliver.refused.text_long", limit=TEXT_LIMIT)
    if file_count > MAX_FILES:
        raise DeliveryRefused("deliver.refused.many_files", limit=MAX_FILES)
    closed = hand_in_closed(event=event, obligation=obligation, staff=staff, today=today)
    if closed is not None:
        raise closed


def hand_in_made_at(*, opened_at: datetime | None, now: datetime) -> datetime:
    """When a hand-in sent from a form counts as made: when the form was opened, if it is sent
    within FORM_GRACE of that (the minutes spent filling it in never make it late), else now."""
    if opened_at is not None and opened_at <= now <= opened_at + FORM_GRACE:
        return opened_at
    return now


def closes_at_deadline(event: PlanEvent) -> bool:
    """Whether leaders can hand in through Planbot only until the deadline (a hand-in deadline
    without «levering etter fristen»): after it, the county office hands in for them."""
    return event.deliverable != Deliverable.NONE and not event.deliver_after_due


def hand_in_closed(
    *, event: PlanEvent, obligation: Obligation, staff: bool, today: date
) -> DeliveryRefused | None:
    """Why a leader may no longer hand in (the county office set it «ikke aktuelt», or the
    deadline passed and late hand-ins are not allowed), or None: /ferdig says so before opening
    a form that would refuse it, and a *Lever* button or link sent before then is refused too."""
    if obligation.state == ObligationState.EXEMPT and not staff:
        return DeliveryRefused("deliver.refused.exempt", title=event.title)
    due = due_date_of(obligation, event)
    if due is None or today <= due or staff or event.deliver_after_due:
        return None
    first = obligation.state == ObligationState.OPEN  # nothing handed in yet: not a change
    return DeliveryRefused(
        "deliver.refused.late" if first else "deliver.refused.after_due", title=event.title
    )


# --- storing and reading ---------------------------------------------------------------------


def delivery_of(*, session: Session, obligation: Obligation) -> Delivery | None:
    """The unit's current hand-in for the obligation, if any."""
    return session.exec(select(Delivery).where(Delivery.obligation_id == obligation.id)).first()


def files_of(*, session: Session, delivery: Delivery | None) -> list[DeliveryFile]:
    """The files of a hand-in, in the order they came."""
    if delivery is None:
        return []
    return list(
        session.exec(
            select(DeliveryFile)
            .where(DeliveryFile.delivery_id == delivery.id)
            .order_by(col(DeliveryFile.id))
        )
    )


def store_delivery(
    *,
    session: Session,
    obligation: Obligation,
    actor: str,
    now: datetime,
    text: str,
    files: Sequence[IncomingFile],
    none_answer: bool,
    replace: bool,
) -> tuple[Delivery, list[DeliveryFile]]:
    """Store a hand-in (audited): the first one, a replacement, or an addition to the one there.

    A file already in the hand-in (same Slack file id, or the same bytes) is not stored twice.
    """
    delivery = delivery_of(session=session, obligation=obligation)
    before = audited(delivery, files_of(session=session, delivery=delivery)) if delivery else None
    if delivery is None:
        action = "hand_in"
        delivery = Delivery(
            obligation_id=obligation.id or 0,
            handed_in_by=actor,
            handed_in_at=now,
            changed_by=actor,
            changed_at=now,
        )
    else:
        action = "replace" if replace else "add"
        if replace:
            for old in files_of(session=session, delivery=delivery):
                session.delete(old)
            delivery.text = ""
    if none_answer:
        for old in files_of(session=session, delivery=delivery):
            session.delete(old)
        delivery.text = ""
    elif text:
        delivery.text = f"{delivery.text}\n\n{text}" if delivery.text and not replace else text
    delivery.none_answer = none_answer
    delivery.changed_by, delivery.changed_at = actor, now
    session.add(delivery)
    session.flush()
    have = {f.source_id for f in files_of(session=session, delivery=delivery)}
    for incoming in files:
        source = incoming.source_id or f"sha256:{incoming.sha256}"
        if source in have:
            continue
        have.add(source)
        session.add(
            DeliveryFile(
                delivery_id=delivery.id or 0,
                source_id=source,
                filename=incoming.filename[:255],
                mimetype=(incoming.mimetype or "application/octet-stream")[:120],
                size=len(incoming.content),
                sha256=incoming.sha256,
                content=incoming.content,
                added_by=actor,
                added_at=now,
            )
        )
    session.flush()
    stored = files_of(session=session, delivery=delivery)
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="delivery",
        entity_id=delivery.id,
        action=action,
        before=before,
        after=audited(delivery, stored) | {"obligation_id": obligation.id},
    )
    return delivery, stored


AUDIT_TEXT = 500


def audited(delivery: Delivery, files: Sequence[DeliveryFile]) -> dict[str, Any]:
    """The summary as the audit log keeps it: the text cut to its first AUDIT_TEXT characters."""
    data = summary(delivery, files)
    if len(delivery.text) > AUDIT_TEXT:
        data["text"] = delivery.text[:AUDIT_TEXT] + "…"
    return data


def summary(delivery: Delivery, files: Sequence[DeliveryFile]) -> dict[str, Any]:
    """What a hand-in holds, without the bytes (for the audit log and --json)."""
    return {
        "none": delivery.none_answer,
        "text": delivery.text,
        "files": [{"name": f.filename, "size": f.size, "sha256": f.sha256} for f in files],
        "handed_in_by": delivery.handed_in_by,
        "handed_in_at": delivery.handed_in_at.isoformat() if delivery.handed_in_at else None,
        "changed_by": delivery.changed_by,
        "changed_at": delivery.changed_at.isoformat() if delivery.changed_at else None,
    }


def collect(
    *, session: Session, event: PlanEvent, with_content: bool = False
) -> list[UnitDelivery]:
    """Every unit's obligation for the deadline with its hand-in, units in Norwegian name order;
    three queries whatever the number of units, and the files' bytes only `with_content`."""
    rows = session.exec(
        select(Obligation, Unit)
        .join(Unit, col(Unit.id) == col(Obligation.unit_id))
        .where(Obligation.event_id == event.id)
    ).all()
    deliveries = {
        d.obligation_id: d
        for d in session.exec(
            select(Delivery)
            .join(Obligation, col(Obligation.id) == col(Delivery.obligation_id))
            .where(Obligation.event_id == event.id)
        )
    }
    query = (
        select(DeliveryFile)
        .where(col(DeliveryFile.delivery_id).in_([d.id for d in deliveries.values()]))
        .order_by(col(DeliveryFile.id))
    )
    if not with_content:
        query = query.options(defer(DeliveryFile.content))  # type: ignore[arg-type]
    files: dict[int, list[DeliveryFile]] = {}
    for file in session.exec(query):
        files.setdefault(file.delivery_id, []).append(file)
    out = []
    for obligation, unit in rows:
        delivery = deliveries.get(obligation.id or 0)
        found = files.get(delivery.id or 0, []) if delivery else []
        out.append(UnitDelivery(unit=unit, obligation=obligation, delivery=delivery, files=found))
    return sorted(out, key=lambda row: name_order(row.unit.name))


def with_deliverables(
    data: dict[str, Any], *, session: Session, event: PlanEvent
) -> dict[str, Any]:
    """A deadline's status JSON with what it asks for (`deliverable`) and, on each unit, what it
    handed in (`deliverable`: none, text, files without their bytes; null when nothing)."""
    handed_in = {
        row.unit.slug: summary(row.delivery, row.files) if row.delivery else None
        for row in collect(session=session, event=event)
    }
    units = [{**unit, "deliverable": handed_in.get(unit["unit"])} for unit in data["units"]]
    return {**data, "deliverable": event.deliverable, "units": units}


def export_collection(
    *, session: Session, event: PlanEvent, actor: str, now: datetime, lang: str, tz: Any
) -> tuple[str, list[tuple[str, bytes]]]:
    """Everything handed in for the deadline as (top folder, entries), audited as a staff download."""
    rows = collect(session=session, event=event, with_content=True)
    entries = collection_entries(rows, event=event, lang=lang, tz=tz)
    record_change(
        session=session,
        now=now,
        actor=actor,
        entity="event",
        entity_id=event.id,
        action="download_deliverables",
        after={"units": sum(1 for row in rows if row.delivery is not None)},
    )
    return event.key or f"frist-{event.id}", entries


# --- words for people ------------------------------------------------------------------------


def human_size(size: int) -> str:
    """'812 B', '14 kB', '2.3 MB'."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} kB"
    return f"{size / (1024 * 1024):.1f} MB"


def first_lines(text: str, count: int = 3, width: int = 160) -> list[str]:
    """The first non-empty lines of a text, each cut to `width` characters."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    cut = [line if len(line) <= width else line[: width - 1] + "…" for line in lines[:count]]
    if len(lines) > count:
        cut.append("…")
    return cut


def describe(delivery: Delivery, files: Sequence[DeliveryFile], lang: str) -> list[str]:
    """What was received, line by line: 'ingen forslag', each file with its size, the text's start."""
    if delivery.none_answer:
        return [t("deliver.what.none", lang)]
    lines = [t("deliver.what.file", lang, name=f.filename, size=human_size(f.size)) for f in files]
    if delivery.text:
        lines.append(t("deliver.what.text", lang, chars=len(delivery.text)))
        lines += [f"  > {line}" for line in first_lines(delivery.text)]
    return lines


def short_description(delivery: Delivery | None, files: Sequence[DeliveryFile], lang: str) -> str:
    """One line for a status list: 'ingen forslag', '2 filer + tekst', 'ikke levert'."""
    if delivery is None:
        return t("deliver.short.nothing", lang)
    if delivery.none_answer:
        return t("deliver.what.none", lang)
    parts = [f.filename for f in files[:3]]
    if len(files) > 3:
        parts.append(t("deliver.short.more_files", lang, count=len(files) - 3))
    if delivery.text:
        parts.append(t("deliver.short.text", lang, chars=len(delivery.text)))
    return ", ".join(parts)


# --- the collection for staff: folders, index, a document of the texts ------------------------


INDEX_FIELDS = ("unit", "name", "state", "who", "when", "what", "files", "text_chars")


def collection_entries(
    rows: Sequence[UnitDelivery], *, event: PlanEvent, lang: str, tz: Any
) -> list[tuple[str, bytes]]:
    """Paths and bytes: one folder per unit (its files and tekst.txt), index.csv, and the texts
    as one .docx with a section per unit when any unit answered in text."""
    entries: list[tuple[str, bytes]] = []
    index = io.StringIO()
    writer = csv.DictWriter(index, fieldnames=INDEX_FIELDS)
    writer.writeheader()
    for row in rows:
        delivery = row.delivery
        folder = row.unit.slug
        names: list[str] = []
        for file in row.files:
            name = _unique(safe_filename(file.filename), names)
            names.append(name)
            entries.append((f"{folder}/{name}", file.content))
        if delivery is not None and delivery.text:
            entries.append((f"{folder}/tekst.txt", delivery.text.encode("utf-8")))
        when = (
            delivery.changed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            if delivery and delivery.changed_at
            else ""
        )
        writer.writerow(
            {
                "unit": row.unit.slug,
                "name": row.unit.name,
                "state": row.obligation.state,
                "who": delivery.changed_by if delivery else "",
                "when": when,
                "what": short_description(delivery, row.files, lang),
                "files": ";".join(f"{folder}/{n}" for n in names),
                "text_chars": len(delivery.text) if delivery else 0,
            }
        )
    entries.append(("index.csv", index.getvalue().encode("utf-8-sig")))
    if any(row.delivery is not None and row.delivery.text for row in rows):
        entries.append(("tekster.docx", texts_document(rows, event=event, lang=lang)))
    return entries


def texts_document(rows: Sequence[UnitDelivery], *, event: PlanEvent, lang: str) -> bytes:
    """The text answers as one Word document, a section per unit, for the county board."""
    from docx import Document

    document = Document()
    document.add_heading(t("deliver.doc.title", lang, title=event.title), level=0)
    for row in rows:
        if row.delivery is None or not row.delivery.text:
            continue
        document.add_heading(row.unit.name, level=1)
        for paragraph in re.split(r"\n\s*\n", row.delivery.text.strip()):
            document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(entries: Sequence[tuple[str, bytes]], *, folder: str) -> bytes:
    """The entries as a zip file, inside one top folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in entries:
            archive.writestr(f"{folder}/{path}", content)
    return out.getvalue()


def safe_filename(name: str) -> str:
    """A file name that stays inside its folder on every system."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name.rsplit("/", 1)[-1]).strip(" .")
    return cleaned[:120] or "fil"


def _unique(name: str, taken: Sequence[str]) -> str:
    if name not in taken:
        return name
    stem, dot, ending = name.rpartition(".")
    stem, ending = (stem, f".{ending}") if dot else (name, "")
    number = 2
    while f"{stem} ({number}){ending}" in taken:
        number += 1
    return f"{stem} ({number}){ending}"


# --- the queue of hand-ins whose files are still to be fetched -------------------------------


def queue_hand_in(
    *,
    session: Session,
    key: str,
    obligation: Obligation,
    actor: str,
    text: str,
    none_answer: bool,
    files: list[dict[str, Any]],
    replace: bool,
    reply_to: str | None,
    now: datetime,
    made_at: datetime | None = None,
) -> PendingDelivery:
    """Put a hand-in in the queue (once per key: a repeated submission is the same hand-in);
    `made_at`: when it counts as made (hand_in_made_at), if not `now`."""
    found = session.exec(select(PendingDelivery).where(PendingDelivery.key == key)).first()
    if found is not None:
        return found
    pending = PendingDelivery(
        key=key,
        obligation_id=obligation.id or 0,
        actor=actor,
        replace=replace,
        text=text,
        none_answer=none_answer,
        files=files,
        reply_to=reply_to,
        next_attempt_at=now,
        created_at=made_at or now,
    )
    session.add(pending)
    session.flush()
    return pending


def claim_pending(
    *, session: Session, now: datetime, ids: Sequence[int] | None = None, limit: int = 20
) -> list[PendingDelivery]:
    """Take due hand-ins for a while (a lease): another worker leaves them alone until it ends,
    and after a crash they are due again when it has run out."""
    query = (
        select(PendingDelivery)
        .where(
            PendingDelivery.state == PendingDeliveryState.PENDING,
            col(PendingDelivery.next_attempt_at) <= now,
        )
        .order_by(col(PendingDelivery.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if ids is not None:
        query = query.where(col(PendingDelivery.id).in_(list(ids)))
    claimed = []
    for pending in session.exec(query):
        if pending.lease_until is not None and pending.lease_until > now:
            continue
        pending.lease_until = now + LEASE
        session.add(pending)
        claimed.append(pending)
    session.flush()
    return claimed


def finish_pending(*, session: Session, pending: PendingDelivery, now: datetime) -> None:
    """The hand-in is stored: never again."""
    pending.state = PendingDeliveryState.DONE
    pending.finished_at = now
    pending.lease_until = None
    session.add(pending)
    session.flush()


def retry_or_fail(
    *, session: Session, pending: PendingDelivery, now: datetime, error: str, final: bool = False
) -> bool:
    """Try again later (backing off), or give up after MAX_ATTEMPTS; True when it has failed."""
    pending.attempts += 1
    pending.last_error = error[:500]
    pending.lease_until = None
    if final or pending.attempts >= MAX_ATTEMPTS:
        pending.state = PendingDeliveryState.FAILED
        pending.finished_at = now
    else:
        pending.next_attempt_at = now + timedelta(minutes=2**pending.attempts)
    session.add(pending)
    session.flush()
    return pending.state == PendingDeliveryState.FAILED


def hand_in(
    *,
    session: Session,
    settings: Settings,
    obligation: Obligation,
    event: PlanEvent,
    actor: str,
    staff: bool,
    now: datetime,
    text: str,
    files: Sequence[IncomingFile],
    none_answer: bool,
    replace: bool = True,
    handed_in_on: date | None = None,
) -> tuple[Delivery, list[DeliveryFile]]:
    """Check, store (audited) and mark the obligation done, all in the caller's transaction.

    Raises DeliveryRefused with the reason. `handed_in_on` is the local day the person handed it
    in (a queued hand-in is stored later but counts from when it was made).
    """
    text = text.strip()
    check_hand_in(
        event=event,
        obligation=obligation,
        text=text,
        file_count=len(files),
        none_answer=none_answer,
        staff=staff,
        today=handed_in_on or now.astimezone(settings.timezone).date(),
    )
    for file in files:
        check_file(settings=settings, filename=file.filename, size=len(file.content))
    delivery, stored = store_delivery(
        session=session,
        obligation=obligation,
        actor=actor,
        now=now,
        text=text,
        files=files,
        none_answer=none_answer,
        replace=replace,
    )
    mark_obligation(
        session=session, obligation=obligation, state=ObligationState.DONE, actor=actor, now=now
    )
    return delivery, stored
