"""Marking an obligation lives in bot/services: every surface (CLI, Slack, Teams links) uses it."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlmodel import select

from bot.models import Nudge, NudgeState, ObligationState
from bot.services.events import find_event
from bot.services.obligations import get_obligation, mark_obligation
from bot.services.units import find_unit, update_unit
from schedules.outbox import sync_outbox

ROOT = Path(__file__).resolve().parents[2]


def test_marking_done_cancels_the_units_queued_nudges_and_reopening_does_not(
    runtime, session, clock
) -> None:
    now = clock.now()
    unit = find_unit(session=session, ref="tromso")
    update_unit(session=session, unit=unit, actor="t", now=now, slack_channel="CTROMSO")
    sync_outbox(session=session, now=now, settings=runtime.settings)
    obligation = get_obligation(
        session=session, event=find_event(session=session, query="forslagsfrist"), unit=unit
    )

    def queued() -> set[str]:
        rows = session.exec(select(Nudge).where(Nudge.obligation_id == obligation.id)).all()
        return {r.state for r in rows}

    assert queued() == {NudgeState.PENDING}
    assert mark_obligation(
        session=session, obligation=obligation, state=ObligationState.DONE, actor="t", now=now
    )
    assert queued() == {NudgeState.CANCELLED}
    assert not mark_obligation(
        session=session, obligation=obligation, state=ObligationState.DONE, actor="t", now=now
    )


def test_cli_commands_other_than_the_composition_root_import_nothing_from_handlers() -> None:
    for path in sorted((ROOT / "planbot" / "commands").glob("*.py")):
        if path.name == "run.py":  # starts the Slack app: the composition root
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        } | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not {m for m in imported if m.split(".")[0] == "handlers"}, path.name
