"""Another county's office (PLANBOT_BUILTIN_PLAN=none), through the sandbox (the real Bolt app
against the Slack stand-in): no Tromsø, perhaps no leader or no unit yet; the sandbox starts all
the same, its forms show what a unit already holds, and examples name a unit of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.models import EventKind, PlanEventCreate, Role, UnitKind
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.services.events import create_event
from bot.services.obligations import get_obligation
from bot.services.questions import ensure_annual_meeting_question, record_annual_meeting
from bot.services.units import assign_role, create_unit, find_unit
from bot.settings import Settings
from planbot.sandbox import Sandbox
from planbot.testing.slack_standin import SlackStandIn
from schedules.questions import question_message
from tests.conftest import OSLO, oslo

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
    assert sandbox.handle("/plan enhet Bodø")[0].startswith(
        "Ingen kommunepartier er lagt inn ennå. Send Planbot en enhetsfil"
    )
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
            session=session,
            unit=bodo,
            on=oslo(2027, 2, 8).date(),
            actor="t",
            now=NOW,
            today=NOW.astimezone(OSLO).date(),
        )
    out = Sandbox(nordland, standin=standin).handle("/plan enhet Bodø")[0]
    assert "Ledere: @U0BODO1" in out and "Dato for årsmøtet: 2027-02-08" in out


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/plan enhet Tromsø", "Fant ikke kommunepartiet «Tromsø». Skriv navnet, f.eks. «Bodø»."),
        ("/plan enhet", "Skriv hvilket kommuneparti, f.eks. /plan enhet Bodø"),
        ("/status hjelp", "/status Bodø, /status Bodø <frist> — ett kommuneparti"),
        ("/ferdig hjelp", "/ferdig <frist> Bodø — meld for et kommuneparti"),
    ],
)
def test_examples_name_a_unit_of_the_county_not_tromso(
    nordland: Runtime, standin: SlackStandIn, command: str, expected: str
) -> None:
    add_units(nordland, "Narvik", "Bodø")
    out = Sandbox(nordland, standin=standin).handle(command)[0]
    assert expected in out and "f.eks. «Tromsø»" not in out and "Tromsø —" not in out


def test_a_leader_sees_their_own_unit_in_the_examples(
    nordland: Runtime, standin: SlackStandIn
) -> None:
    add_units(nordland, "Narvik", "Bodø")
    with nordland.session() as session:
        narvik = find_unit(session=session, ref="narvik")
        assign_role(
            session=session,
            slack_user_id="U0NARVIK",
            role=Role.LEADER,
            unit=narvik,
            actor="t",
            now=NOW,
        )
    sandbox = Sandbox(nordland, standin=standin, user="U0NARVIK")
    assert "/status Narvik, /status Narvik <frist>" in sandbox.handle("/status hjelp")[0]


def test_examples_name_a_deadline_of_the_county_not_the_forslagsfrist(
    nordland: Runtime, standin: SlackStandIn
) -> None:
    """Nordland's plan has no forslagsfrist: the help and the answers to words that name no
    deadline show one of its own, or a placeholder before it has any."""
    add_units(nordland, "Bodø")
    sandbox = Sandbox(nordland, standin=standin)
    assert "/status <frist>   kommuneparti for kommuneparti" in sandbox.welcome()
    assert "f.eks. «<frist>»" in sandbox.handle("/status budsjet")[0]
    with nordland.session() as session:
        create_event(
            session=session,
            event_in=PlanEventCreate(
                title="Budsjettinnspill til fylkestinget",
                kind=EventKind.DEADLINE,
                start_date=date(2026, 12, 15),
                per_unit=True,
            ),
            actor="t",
            now=NOW,
        )
        session.commit()
    assert "/status budsjettinnspill   kommuneparti" in sandbox.welcome()
    for command in ("/status hjelp", "/ferdig hjelp", "/status frist", "/plan endre"):
        out = sandbox.handle(command)[0]
        assert "budsjettinnspill" in out and "forslagsfrist" not in out, (command, out)


def test_staff_are_told_to_name_a_unit_of_their_own_county(
    nordland: Runtime, standin: SlackStandIn
) -> None:
    add_units(nordland, "Bodø")
    out = Sandbox(nordland, standin=standin).handle("/ferdig")[0]
    assert "Skriv hvilket kommuneparti du melder for, f.eks. /ferdig " in out
    assert "Bodø, eller trykk" in out


def test_the_annual_meeting_question_explains_itself_with_a_deadline_every_county_has(
    nordland: Runtime,
) -> None:
    """Not with Troms' "skolering i praktisk styrearbeid", which another plan may not have: with
    the yearly annual-meeting documents every county gets (bot/data/recurring-deadlines.yaml)."""
    add_units(nordland, "Bodø")
    with nordland.session() as session:
        event = ensure_annual_meeting_question(
            session=session, today=NOW.date(), ask_from=(12, 1), now=NOW
        )
        assert event is not None
        unit = find_unit(session=session, ref="bodo")
        obligation = get_obligation(session=session, event=event, unit=unit)
        for lang, words in (("nb", "protokollen og det nye styret"), ("en", "the minutes")):
            said = [
                event.description,
                *question_message(event, unit, obligation, lang=lang).details,
            ]
            assert words in said[-1] and "styrearbeid" not in " ".join(said)
            assert "board work" not in said[-1]
