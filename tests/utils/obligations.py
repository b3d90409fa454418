"""Setting a unit's obligation the way staff do (`planbot mark`): audited, queued nudges cancelled."""

from __future__ import annotations

from bot.models import Obligation, ObligationState
from bot.runtime import Runtime
from bot.services.obligations import mark_obligation


def mark_as(
    runtime: Runtime, obligation_id: int, state: ObligationState, actor: str = "cli"
) -> None:
    """Set the obligation's state as `actor` at the runtime's clock (it must change)."""
    with runtime.session() as session:
        obligation = session.get(Obligation, obligation_id)
        assert obligation is not None
        assert mark_obligation(
            session=session,
            obligation=obligation,
            state=state,
            actor=actor,
            now=runtime.clock.now(),
        )
