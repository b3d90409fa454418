"""The hand-in service: what a deadline accepts, replacing and adding, who may read, the audit
log, and the files' bytes on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.db import make_engine, migrate, session_scope
from bot.models import AuditEntry, DeliveryFile, PendingDelivery
from bot.seed import load_builtin_plan
from bot.services.deliveries import (
    AUDIT_TEXT,
    DeliveryRefused,
    IncomingFile,
    check_hand_in,
    claim_pending,
    queue_hand_in,
    store_delivery,
)
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import find_unit
from tests.conftest import oslo

NOW = oslo(2026, 11, 25, 18, 0)
PDF = IncomingFile("forslag.pdf", b"%PDF-1.4 " + bytes(range(256)) * 8, "application/pdf", "F1")


def _tromso(session: Session):  # type: ignore[no-untyped-def]
    event = find_event(session=session, query="forslagsfrist")
    unit = find_unit(session=session, ref="tromso")
    return event, get_obligation(session=session, event=event, unit=unit)


def test_what_the_forslagsfrist_accepts(session: Session) -> None:
    event, obligation = _tromso(session)

    def check(
        text: str = "",
        files: int = 0,
        none: bool = False,
        staff: bool = False,
        today: date = date(2026, 11, 25),
    ) -> None:
        check_hand_in(
            event=event,
            obligation=obligation,
            text=text,
            file_count=files,
            none_answer=none,
            staff=staff,
            today=today,
        )

    check(text="Forslag")
    check(files=2)
    check(none=True)
    with pytest.raises(DeliveryRefused) as empty:
        check()
    assert "ingen forslag" in empty.value.text("nb")
    with pytest.raises(DeliveryRefused):
        check(text="x", none=True)
    with pytest.raises(DeliveryRefused) as late:
        check(text="x", today=date(2026, 12, 2))
    assert "Fristen for «Forslagsfrist til landsmøtet 2027» har gått ut" in late.value.text("nb")
    check(text="x", today=date(2026, 12, 2), staff=True)
    event.deliver_after_due = True
    check(text="x", today=date(2026, 12, 2))


def test_replace_add_and_the_audit_log(session: Session) -> None:
    _, obligation = _tromso(session)
    long_text = "Forslag. " * 200
    store_delivery(
        session=session,
        obligation=obligation,
        actor="U1",
        now=NOW,
        text=long_text,
        files=[PDF],
        none_answer=False,
        replace=True,
    )
    delivery, files = store_delivery(
        session=session,
        obligation=obligation,
        actor="U1",
        now=NOW + timedelta(hours=1),
        text="Tillegg",
        files=[PDF, IncomingFile("b.txt", b"b")],
        none_answer=False,
        replace=False,
    )
    assert [f.filename for f in files] == ["forslag.pdf", "b.txt"]  # the same Slack file once
    assert delivery.text.endswith("\n\nTillegg") and delivery.handed_in_at == NOW
    delivery, files = store_delivery(
        session=session,
        obligation=obligation,
        actor="U2",
        now=NOW + timedelta(hours=2),
        text="",
        files=[],
        none_answer=True,
        replace=True,
    )
    assert files == [] and delivery.text == "" and delivery.none_answer
    entries = [a for a in session.exec(select(AuditEntry)) if a.entity == "delivery"]
    assert [a.action for a in entries] == ["hand_in", "add", "replace"]
    assert entries[0].after and len(entries[0].after["text"]) == AUDIT_TEXT + 1


@pytest.mark.postgres
def test_bytes_and_the_queue_on_postgres(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    migrate(engine)
    clock = FixedClock(NOW)
    with session_scope(engine) as session:
        load_builtin_plan(session=session, now=clock.now())
        _, obligation = _tromso(session)
        store_delivery(
            session=session,
            obligation=obligation,
            actor="U1",
            now=NOW,
            text="",
            files=[PDF],
            none_answer=False,
            replace=True,
        )
        queue_hand_in(
            session=session,
            key="k1",
            obligation=obligation,
            actor="U1",
            text="",
            none_answer=False,
            files=[{"id": "F2"}],
            replace=True,
            reply_to=None,
            now=NOW,
        )
    with session_scope(engine) as session:
        [stored] = session.exec(select(DeliveryFile)).all()
        assert stored.content == PDF.content and len(stored.sha256) == 64
    # Two workers at once: the row is claimed by one only (FOR UPDATE SKIP LOCKED, then the lease).
    with session_scope(engine) as first, session_scope(engine) as second:
        claimed = claim_pending(session=first, now=NOW)
        assert [p.key for p in claimed] == ["k1"]
        assert claim_pending(session=second, now=NOW) == []
    with session_scope(engine) as session:
        assert claim_pending(session=session, now=NOW + timedelta(minutes=1)) == []
        assert session.exec(select(PendingDelivery)).one().lease_until is not None
    engine.dispose()
