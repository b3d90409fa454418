"""Queued nudges as the core changes them: cancelling the unsent ones when their reason is gone.

The outbox (schedules/outbox.py) plans, claims and sends; a service that answers for a unit (an
obligation marked done or exempt) cancels that unit's queued nudges here, without the nudge engine.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.models import Nudge, NudgeState, Obligation, ObligationState


def cancel_nudge(row: Nudge, *, reason: str, now: datetime) -> None:
    """Mark a row cancelled (it is never sent) with the reason."""
    row.state = NudgeState.CANCELLED
    row.reason = reason[:200]
    row.claimed_by = None
    row.lease_until = None
    row.updated_at = now


def cancel_nudges_for_obligation(*, session: Session, obligation_id: int, now: datetime) -> int:
    """Cancel the unsent nudges of one obligation (call after it is marked done or exempt)."""
    obligation = session.get(Obligation, obligation_id)
    state = obligation.state if obligation else "gone"
    if obligation is not None and obligation.state == ObligationState.OPEN:
        return 0
    rows = session.exec(
        select(Nudge).where(Nudge.obligation_id == obligation_id, Nudge.state == NudgeState.PENDING)
    ).all()
    for row in rows:
        cancel_nudge(row, reason=f"obligation {state}", now=now)
        session.add(row)
    session.flush()
    return len(rows)
