"""The sandbox of another county's office (PLANBOT_BUILTIN_PLAN=none): no Tromsø, perhaps no
leader or no unit yet; it starts all the same, and its forms show what a unit already holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.models import Role, UnitKind
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.services.questions import record_annual_meeting
from bot.services.units import assign_role, create_unit, find_unit
from bot.settings import Settings
from planbot.sandbox import Sandbox
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import oslo

NOW = oslo(2026, 12, 1, 10)


@pytest.fixture
def nordland(tmp_path: Path) -> Iterator[Runtime]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'nordland.db'}", builtin_plan="none")
    runtime = build_runtime(settings, clock=FixedClock(NOW))
    prepare_database(runtime)
    yield runtime
    runtime.engine.dispose()


def add_units(runtime: Runtime, *names: str) -> None:
    with runtime.session() as session:
        for name in names:
            slug = name.lower().replace("ø", "o")
            create_unit(
                session=session, slug=slug, name=name, kind=UnitKind.MUNICIPAL, actor="t", now=NOW
            )


def test_no_units_yet_the_sandbox_starts(nordland: Runtime, standin: SlackStandIn) -> None:
    sandbox = Sandbox(nordland, standin=standin)
    assert "UDEMOSTAFF" in sandbox.welcome()
    assert sandbox.handle("/bruker UDEMOLEDER")[0] == "Du er UDEMOLEDER (ingen rolle)."


def test_without_tromso_the_demo_leader_leads_the_first_municipal_party(
    nordland: Runtime, standin: SlackStandIn
) -> None:
    add_units(nordland, "Narvik", "Bodø")
    sandbox = Sandbox(nordland, standin=standin)
    assert sandbox.handle("/bruker UDEMOLEDER")[0] == "Du er UDEMOLEDER (leder i Bodø)."


def test_the_unit_form_shows_its_leader_and_annual_meeting(
    nordland: Runtime, standin: SlackStandIn
) -> None:
    add_units(nordland, "Bodø")
    with nordland.session() as session:
        bodo = find_unit(session=session, ref="bodo")
        assign_role(
            session=session,
            slack_user_id="U0BODO1",
            role=Role.LEADER,
            unit=bodo,
            actor="t",
            now=NOW,
        )
        record_annual_meeting(
            session=session, unit=bodo, on=oslo(2027, 2, 8).date(), actor="t", now=NOW
        )
    out = Sandbox(nordland, standin=standin).handle("/plan enhet Bodø")[0]
    assert "Ledere: @U0BODO1" in out and "Dato for årsmøtet: 2027-02-08" in out
