"""The dispatcher: claims due rows of the outbox, re-checks them, sends them, records what happened.

On PostgreSQL several dispatchers may run: rows are claimed with FOR UPDATE SKIP LOCKED under a lease
that a heartbeat renews, and each post is fenced (the lease is checked and extended right before it),
so a row whose lease ran out and was taken over is never posted twice. On SQLite exactly one sends,
holding an OS file lock beside the database file; another one can stand by and take over once the
lock is free.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete, or_, text, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.clock import Clock
from bot.dates import local_datetime
from bot.db import readable_rows, session_scope
from bot.messages import NudgeMessage, is_reply
from bot.models import EventState, Nudge, NudgeState, Obligation, ObligationState, PlanEvent, Unit
from bot.services.validation import short
from bot.settings import Settings
from bot.targets import Target
from bot.texts import t
from schedules.outbox import (
    cancel,
    grace,
    notify_staff,
    notify_staff_once,
    stored_message,
    unit_contacts,
)
from schedules.pacing import Pacer
from schedules.planner import obligation_counts
from schedules.render import (
    STAFF_TEMPLATES,
    Counts,
    NudgeSpec,
    message_from_json,
    message_to_json,
    render_nudge,
)
from schedules.retry import RetryPolicy
from schedules.transports import Delivery, LeaseLost, Transport, TransportError, fenced

log = logging.getLogger(__name__)

PRESENCE_PREFIX = "planbot-dispatcher:"
STAFF_RULES = ("staff.failure", "staff.digest")
# A lease further ahead than this many lease lengths was not set by a live replica.
LEASE_AHEAD_LIMIT = 10


class UnusableRow(RuntimeError):
    """An outbox row that no try can send: its payload cannot be read, or its transport is not
    configured here."""


class DispatcherBusy(RuntimeError):
    """Another dispatcher already sends from this SQLite database."""

    def __init__(self, path: str, language: str = "nb") -> None:
        super().__init__(t("nudges.busy", language, path=path))
        self.path = path


@dataclass
class TickResult:
    """What one tick did."""

    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    deferred: int = 0
    recovered: int = 0
    already_sent: int = 0
    lease_lost: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: TickResult) -> None:
        for name in (
            "sent",
            "failed",
            "cancelled",
            "deferred",
            "recovered",
            "already_sent",
            "lease_lost",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)


class SqliteLock:
    """An exclusive OS lock on `<database>.dispatch.lock`; released by the OS if the process dies."""

    def __init__(self, database_url: str) -> None:
        database = make_url(database_url).database
        self.database = database or ""
        self.path: str | None = None
        self._file: IO[str] | None = None
        if database and database != ":memory:":
            self.path = str(Path(database).resolve()) + ".dispatch.lock"

    @property
    def held(self) -> bool:
        return self.path is None or self._file is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it."""
        if self.held:
            return True
        assert self.path is not None
        handle = open(self.path, "a+")  # noqa: SIM115 (held open for the dispatcher's life)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


class Dispatcher:
    """Claims, re-checks, sends and records due nudges; `tick()` drains what is due now.

    On SQLite a second dispatcher raises DispatcherBusy, or with `standby=True` waits: each tick
    tries the lock again and takes over as soon as it is free (`active` says which it is).
    """

    def __init__(
        self,
        *,
        engine: Engine,
        settings: Settings,
        transports: Mapping[str, Transport],
        clock: Clock,
        batch_size: int = 400,
        workers: int = 8,
        lease_seconds: float = 45.0,
        settle_seconds: float = 5.0,
        standby: bool = False,
        monotonic: Callable[[], float] = time.monotonic,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.engine = engine
        self.retry = retry or RetryPolicy()
        self.settings = settings
        self.transports = dict(transports)
        self.clock = clock
        self.batch_size = batch_size
        self.workers = workers
        self.lease = timedelta(seconds=lease_seconds)
        self.settle = timedelta(seconds=settle_seconds)
        self.worker_id = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._monotonic = monotonic
        self._active_since: float | None = None
        self._lock = SqliteLock(settings.database_url) if self.is_sqlite else None
        if not self._take_lock() and not standby:
            raise DispatcherBusy(self._lock.database if self._lock else "", settings.language)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="planbot-send")
        self._stopping = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self._presence: Connection | None = None
        self._replicas = 1
        if not self.is_sqlite:
            self._presence = self._announce()
            self.share_budget()
            self._heartbeat = threading.Thread(
                target=self._renew_leases, name="planbot-lease", daemon=True
            )
            self._heartbeat.start()

    @property
    def active(self) -> bool:
        """Whether this process sends (False: it stands by while another holds the SQLite lock)."""
        return self._active_since is not None

    def ready(self) -> bool:
        """Whether this process sends now; a standby one tries the SQLite lock again first."""
        if self.active:
            return True
        if not self._take_lock():
            return False
        log.warning(
            "the dispatcher lock on %s was free: this process sends the nudges now",
            self._lock.database if self._lock else "?",
        )
        return True

    def _take_lock(self) -> bool:
        if self._active_since is not None:
            return True
        if self._lock is not None and not self._lock.try_acquire():
            return False
        self._active_since = self._monotonic()
        return True

    def _announce(self) -> Connection:
        """A connection held open for this dispatcher's life under a name the other replicas count
        (PostgreSQL's pg_stat_activity); it goes away with the process, however that ends."""
        connection = self.engine.connect()
        connection.execute(
            text("SELECT set_config('application_name', :name, false)"),
            {"name": f"{PRESENCE_PREFIX}{self.worker_id}"[:63]},
        )
        connection.commit()
        return connection

    def share_budget(self) -> int:
        """Count the live replicas and pace this one at its share of the workspace budget."""
        if self._presence is None:
            return 1
        with self.engine.connect() as connection:
            replicas = connection.execute(
                text(
                    "SELECT count(DISTINCT application_name) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND application_name LIKE :prefix"
                ),
                {"prefix": PRESENCE_PREFIX + "%"},
            ).scalar_one()
        self._replicas = max(1, int(replicas))
        for transport in self.transports.values():
            pacer = getattr(transport, "pacer", None)
            if isinstance(pacer, Pacer):
                pacer.share(self._replicas)
        return self._replicas

    def close(self) -> None:
        """Stop the send threads and let another dispatcher take over."""
        self._stopping.set()
        self._pool.shutdown(wait=True)
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        if self._presence is not None:
            self._presence.invalidate()  # closed for good, not back to the pool under its name
            self._presence.close()
            self._presence = None
        if self._lock is not None:
            self._lock.release()
        self._active_since = None

    # --- one tick ---------------------------------------------------------------------
    def tick(self, *, max_rounds: int = 1000) -> TickResult:
        """Recover interrupted sends and claim and send due rows until none is left; a standby
        dispatcher first tries to take over and does nothing while it cannot."""
        result = TickResult()
        if not self.ready():
            return result
        self.share_budget()
        for _ in range(max_rounds):
            # Orphans first, looked for again each round: a replica that dies during a long wave
            # has its rows taken over as soon as their lease runs out, not after the wave.
            claimed = self._recover() + self._claim()
            if not claimed:
                break
            result.add(self._run(claimed))
        return result

    def _run(self, ids: list[tuple[int, str]]) -> TickResult:
        result = TickResult()
        done = self._verify_by_channel([nudge_id for nudge_id, _ in ids], result)
        groups: dict[str, list[int]] = {}
        for nudge_id, target in ids:
            if nudge_id not in done:
                groups.setdefault(target, []).append(nudge_id)
        # Rounds: the first row of every target, then the second, ... so that one target's rows go
        # out in order while no send thread sleeps on a per-channel pause others could use.
        rounds = max((len(g) for g in groups.values()), default=0)
        for i in range(rounds):
            batch = [[g[i]] for g in groups.values() if len(g) > i]
            for part in self._pool.map(self._deliver_group, batch):
                result.add(part)
        return result

    def _verify_by_channel(self, ids: list[int], result: TickResult) -> set[int]:
        """Rows to check before sending (after a crash or an uncertain answer): read each channel's
        recent history once for all of its rows, not once per row. Returns the ids found already
        posted (recorded as sent); the others are sent as usual."""
        wanted: dict[tuple[str, str], dict[str, int]] = {}
        with session_scope(self.engine) as session:
            query = select(Nudge).where(
                col(Nudge.id).in_(ids),
                col(Nudge.verify_before_send).is_(True),
                col(Nudge.claimed_by) == self.worker_id,
            )
            rows = [
                (r.id or 0, r.transport, r.channel, r.target, r.key) for r in session.exec(query)
            ]
        for nudge_id, transport_name, channel, target, key in rows:
            transport = self.transports.get(transport_name)
            if transport is None:
                continue  # reported by _deliver
            try:
                if channel is None:
                    channel = transport.open_channel(target)
                    self._update(nudge_id, channel=channel)
            except TransportError:
                continue  # _deliver meets the same error and records it
            wanted.setdefault((transport_name, channel), {})[key] = nudge_id
        done: set[int] = set()
        for (transport_name, channel), by_key in wanted.items():
            try:
                found = self.transports[transport_name].find_sent(channel=channel, keys=by_key)
            except TransportError:
                continue  # each row is checked again by _deliver
            for key, nudge_id in by_key.items():
                if key in found:
                    self._record_sent(nudge_id, channel, found[key], None)
                    result.already_sent += 1
                    result.recovered += 1
                    done.add(nudge_id)
                else:
                    self._update(nudge_id, verify_before_send=False)
        return done

    def claim_limit(self) -> int:
        """How many rows one claim takes: on PostgreSQL never more than half of what the workspace
        budget lets out within one lease, so that a claim is sent long before its lease runs out."""
        if self.is_sqlite:
            return self.batch_size
        rate = self.settings.slack_rate_per_minute / self._replicas
        per_lease = rate / 60 * self.lease.total_seconds()
        return max(1, min(self.batch_size, int(per_lease / 2)))

    def _claim(self) -> list[tuple[int, str]]:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            query = (
                select(Nudge)
                .where(Nudge.state == NudgeState.PENDING, col(Nudge.next_attempt_at) <= now)
                .order_by(col(Nudge.next_attempt_at), col(Nudge.id))
                .limit(self.claim_limit())
                .with_for_update(skip_locked=True)
            )
            rows = self._readable(session, query, now)
            for row in rows:
                row.state = NudgeState.SENDING
                row.attempts += 1
                self._own(row, now)
                session.add(row)
            return [(row.id or 0, row.target) for row in rows]

    def _recover(self) -> list[tuple[int, str]]:
        """Rows left in `sending` by a dispatcher that died: check the channel before sending again."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            query = select(Nudge).where(Nudge.state == NudgeState.SENDING)
            if self.is_sqlite:
                # Only one dispatcher holds the lock, so every other claim is an orphan. A post
                # its dead owner had under way may still land: wait `settle` after the claim, or,
                # should the clock stand still (PLANBOT_NOW), after this process took the lock.
                query = query.where(col(Nudge.claimed_by) != self.worker_id)
                settled = self._monotonic() - (self._active_since or 0.0)
                if settled < self.settle.total_seconds():
                    query = query.where(col(Nudge.claimed_at) <= now - self.settle)
            else:
                # A lease that ran out; or none, or one further ahead than any replica sets (a
                # hand edit, a clock that was wrong): its owner cannot be alive and renewing it.
                query = query.where(
                    or_(
                        col(Nudge.lease_until) < now,
                        col(Nudge.lease_until).is_(None),
                        col(Nudge.lease_until) > now + self.lease * LEASE_AHEAD_LIMIT,
                    )
                )
            rows = self._readable(session, query.with_for_update(skip_locked=True), now)
            for row in rows:
                log.warning(
                    "nudge %s was interrupted while sending; checking before resend", row.key
                )
                row.verify_before_send = True
                self._own(row, now)
                session.add(row)
            return [(row.id or 0, row.target) for row in rows]

    def _readable(
        self, session: Session, query: SelectOfScalar[Nudge], now: datetime
    ) -> list[Nudge]:
        """The rows `query` selects; one that cannot be read (a hand edit: its payload not JSON)
        is taken out of the outbox, logged and named to staff once, and never stops the others."""
        rows, unreadable = readable_rows(session, query, Nudge)
        for bad in unreadable:
            key = session.exec(select(Nudge.key).where(Nudge.id == bad.id)).one()
            session.execute(delete(Nudge).where(col(Nudge.id) == bad.id))
            log.error(
                "outbox row %s cannot be read (%s is %r): removed", key, bad.column, bad.value
            )
            lang = self.settings.language
            problem = t("valid.unreadable_value", lang, column=bad.column, value=bad.value)
            notify_staff_once(
                session=session,
                key=f"unreadable:{key}",
                text=t("outbox.unreadable_row", lang, key=key, error=problem),
                now=now,
                settings=self.settings,
            )
        return rows

    def _own(self, row: Nudge, now: datetime) -> None:
        row.claimed_by = self.worker_id
        row.claimed_at = now
        row.lease_until = now + self.lease
        row.updated_at = now

    def _fence(self, nudge_id: int) -> bool:
        """Right before a post: check that this dispatcher still owns the row and extend its lease,
        in one statement; False when another dispatcher has taken it over."""
        now = self.clock.now()
        with self.engine.begin() as connection:
            result = connection.execute(
                update(Nudge)
                .where(
                    col(Nudge.id) == nudge_id,
                    col(Nudge.state) == NudgeState.SENDING,
                    col(Nudge.claimed_by) == self.worker_id,
                )
                .values(lease_until=now + self.lease, updated_at=now)
            )
        return result.rowcount == 1

    def _renew_leases(self) -> None:
        """Heartbeat (PostgreSQL): extend the lease of every row this dispatcher holds, every third
        of a lease, so that rows waiting for a send slot are not taken over while it lives; and
        follow the number of replicas sharing the workspace budget."""
        while not self._stopping.wait(self.lease.total_seconds() / 3):
            try:
                self.share_budget()
                now = self.clock.now()
                with self.engine.begin() as connection:
                    connection.execute(
                        update(Nudge)
                        .where(
                            col(Nudge.state) == NudgeState.SENDING,
                            col(Nudge.claimed_by) == self.worker_id,
                        )
                        .values(lease_until=now + self.lease)
                    )
            except Exception:  # a database hiccup must not end the heartbeat
                log.exception("could not renew the leases of %s", self.worker_id)

    # --- one target's rows, in order ------------------------------------------------
    def _deliver_group(self, ids: list[int]) -> TickResult:
        result = TickResult()
        for nudge_id in ids:
            try:
                self._deliver(nudge_id, result)
            except UnusableRow as exc:  # no try can send it: given up at once, staff told
                log.error("nudge %s cannot be sent and is given up: %s", nudge_id, exc)
                self._give_up(nudge_id, f"unusable: {exc}", result)
            except Exception as exc:  # one bad row must not stop the others; it is logged
                log.exception("nudge %s could not be processed", nudge_id)
                result.errors.append(f"{nudge_id}: {exc}")
                self._release_after_bug(nudge_id, exc)
        return result

    def _deliver(self, nudge_id: int, result: TickResult) -> None:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is None or row.state != NudgeState.SENDING or row.claimed_by != self.worker_id:
                return
            reason = self._still_wanted(session, row, now)
            if reason is not None:
                cancel(row, reason=reason, now=now)
                session.add(row)
                result.cancelled += 1
                log.info("nudge %s dropped: %s", row.key, reason)
                return
            if not self._in_send_hours(now) and not is_reply(row.rule):
                row.state = NudgeState.PENDING
                row.next_attempt_at = self._next_send_start(now)
                row.attempts = max(0, row.attempts - 1)
                session.add(row)
                result.deferred += 1
                return
            transport = self.transports.get(row.transport)
            if transport is None:
                raise UnusableRow(f"no transport {row.transport!r} configured")
            try:
                message = self._message(session, row, now)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise UnusableRow(f"its payload cannot be read ({exc!r})") from exc
            verify = row.verify_before_send
            key, target = row.key, row.target
            channel = row.channel
        # Outside the session: network calls. Each decision below is recorded in its own commit.
        try:
            if channel is None:
                channel = transport.open_channel(target)
                self._update(nudge_id, channel=channel)
            if verify:
                found = transport.find_sent(channel=channel, keys=[key])
                if key in found:
                    self._record_sent(nudge_id, channel, found[key], message)
                    result.already_sent += 1
                    result.recovered += 1
                    return
                self._update(nudge_id, verify_before_send=False)
            with fenced(lambda: self._fence(nudge_id)):
                receipt = transport.send(Delivery(channel=channel, message=message, key=key))
        except LeaseLost:
            log.warning("nudge %s: taken over by another dispatcher; not posted here", key)
            result.lease_lost += 1
            return
        except TransportError as exc:
            self._record_error(nudge_id, exc, result)
            return
        self._record_sent(nudge_id, receipt.channel or channel, receipt.ts, message)
        result.sent += 1

    def _still_wanted(self, session: Session, row: Nudge, now: datetime) -> str | None:
        """None when the nudge should still go out, else why not."""
        if row.event_id is not None:
            event = session.get(PlanEvent, row.event_id)
            if event is None or event.state == EventState.CANCELLED:
                return "event cancelled"
        if row.obligation_id is not None:
            obligation = session.get(Obligation, row.obligation_id)
            if obligation is None or obligation.state != ObligationState.OPEN:
                return f"obligation {obligation.state if obligation else 'gone'}"
        if row.unit_id is not None:
            unit = session.get(Unit, row.unit_id)
            if unit is None or not unit.active:
                return "unit inactive"
        if row.expires_at is not None and now >= row.expires_at:
            return "too late: after its event or deadline"
        if row.due_at is not None and now > row.due_at + grace(self.settings):
            return "too late: beyond PLANBOT_LATE_GRACE_HOURS"
        return None

    def _in_send_hours(self, now: datetime) -> bool:
        local = now.astimezone(self.settings.timezone).time()
        return self.settings.send_from <= local <= self.settings.send_until

    def _next_send_start(self, now: datetime) -> datetime:
        tz = self.settings.timezone
        local = now.astimezone(tz)
        day = (
            local.date() if local.time() < self.settings.send_from else local.date() + timedelta(1)
        )
        return local_datetime(day, self.settings.send_from, tz)

    def _message(self, session: Session, row: Nudge, now: datetime) -> NudgeMessage:
        """The message as it reads now (re-rendered from the plan when possible)."""
        payload = row.payload or {}
        stored = message_from_json(payload["message"])
        spec_data = payload.get("spec")
        event = session.get(PlanEvent, row.event_id) if row.event_id else None
        if not spec_data or event is None:
            return replace(stored, nudge_id=row.id, idempotency_key=row.key)
        spec = NudgeSpec.from_json(spec_data)
        today = now.astimezone(self.settings.timezone).date()
        counts = _counts(session, event, today) if spec.template in STAFF_TEMPLATES else None
        return render_nudge(
            key=row.key,
            rule=row.rule,
            spec=spec,
            event=event,
            moment=now,
            language=row.language,
            tz=self.settings.timezone,
            counts=counts,
            unit_id=row.unit_id,
            obligation_id=row.obligation_id,
            nudge_id=row.id,
        )

    # --- recording ------------------------------------------------------------------
    def _update(self, nudge_id: int, **values: Any) -> None:
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is not None and row.claimed_by == self.worker_id:
                for name, value in values.items():
                    setattr(row, name, value)
                session.add(row)

    def _record_sent(
        self, nudge_id: int, channel: str, ts: str | None, message: NudgeMessage | None
    ) -> None:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is None:
                return
            row.state = NudgeState.SENT
            row.channel, row.ts, row.sent_at = channel, ts, now
            row.last_error = None
            row.verify_before_send = False
            row.lease_until = None
            row.updated_at = now
            if message is not None:  # as sent now; a post found in the history keeps its own
                row.payload = {**(row.payload or {}), "message": message_to_json(message)}
            session.add(row)

    def _record_error(self, nudge_id: int, exc: TransportError, result: TickResult) -> None:
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is None or row.claimed_by != self.worker_id or row.state != NudgeState.SENDING:
                return
            row.last_error = exc.code[:500]
            row.updated_at = now
            row.lease_until = None
            delay = self.retry.next_delay(attempts=row.attempts, error=exc)
            if delay is None:
                row.state = NudgeState.FAILED
                result.failed += 1
                log.error("nudge %s failed for good: %s", row.key, exc.code)
                self._report_failure(session, row, now)
            else:
                row.state = NudgeState.PENDING
                row.verify_before_send = row.verify_before_send or exc.uncertain
                row.next_attempt_at = now + timedelta(seconds=delay)
                result.deferred += 1
                log.warning("nudge %s: %s; next try in %ss", row.key, exc.code, delay)
            session.add(row)

    def _report_failure(self, session: Session, row: Nudge, now: datetime) -> None:
        """Tell staff once about a nudge that cannot be delivered (not for staff messages)."""
        if row.reported or row.rule in STAFF_RULES:
            return
        lang = self.settings.language
        fix = t("nudge.failure.fix", lang)
        if row.transport == "teams":
            unit = session.get(Unit, row.unit_id) if row.unit_id else None
            slug = unit.slug if unit else Target.parse(row.target).address
            fix = t("teams.failure.fix", lang, unit=unit.name if unit else slug, slug=slug)
        stored = stored_message(row)
        headline = t(
            "reply.failure" if is_reply(row.rule) else "nudge.failure",
            lang,
            target=row.target_label or row.target,
            error=row.last_error,
            headline=short(stored.headline, 200) if stored else row.key,
        )
        row.reported = notify_staff(
            session=session,
            row=row,
            key=f"failure:{row.id}",
            headline=headline,
            now=now,
            settings=self.settings,
            details=() if is_reply(row.rule) else (fix,),
            avoid=Target.parse(row.target),
        )

    def _release_after_bug(self, nudge_id: int, exc: Exception) -> None:
        """A bug while handling a row: put it back as pending (checked before resend), logged."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is None or row.state != NudgeState.SENDING:
                return
            row.state = NudgeState.PENDING
            row.verify_before_send = True
            row.last_error = f"internal: {exc}"[:500]
            row.next_attempt_at = now + timedelta(seconds=60)
            if self.retry.exhausted(row.attempts):
                row.state = NudgeState.FAILED
                self._report_failure(session, row, now)
            session.add(row)

    def _give_up(self, nudge_id: int, error: str, result: TickResult) -> None:
        """A row no try can send (its payload unreadable, its transport not configured): failed
        at once, staff told once."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.get(Nudge, nudge_id)
            if row is None or row.state != NudgeState.SENDING:
                return
            row.state = NudgeState.FAILED
            row.last_error = error[:500]
            row.lease_until = None
            row.updated_at = now
            result.failed += 1
            self._report_failure(session, row, now)
            session.add(row)


def _counts(session: Session, event: PlanEvent, today: date) -> Counts:
    query = select(Obligation).where(Obligation.event_id == event.id).order_by(col(Obligation.id))
    obligations, _ = readable_rows(session, query, Obligation)  # the planner names a bad one
    units = {u.unit_id: u for u in unit_contacts(session=session) if u.active}
    return obligation_counts(obligations, units, event_key=event.key, today=today)
