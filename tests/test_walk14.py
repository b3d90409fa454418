"""Troms' staff and leaders from 30 November 2026 into the annual-meeting season, after four
branches met at one merge (walk14): the questions Planbot asks in every view, and the staff
answering "who is the new leader?" in Slack, not only with `planbot unit handover`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlmodel import select

from bot.messages import ACTION_NEW_LEADER, ACTION_SAME_LEADER
from bot.models import AuditEntry, Obligation, ObligationState, PlanEvent
from bot.runtime import Runtime
from bot.services.deliveries import hand_in
from bot.services.events import find_event
from bot.services.obligations import get_obligation, mark_obligation
from bot.services.questions import ensure_new_leader_question, record_annual_meeting
from bot.services.units import find_unit, user_ids_with_role
from planbot.cli import main
from planbot.testing.slack_standin import Call, SlackStandIn
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.conftest import leader, slack  # noqa: F401  (the Slack surface's fixtures)
from tests.handlers.slack import SlackClientSim
from tests.utils.cli_env import cli_env

NEW = "UNEWLEAD1"


def _after_the_meetings(runtime: Runtime, *slugs: str) -> None:
    """The units held their annual meeting on 10 February 2027; it is the next morning and the
    season's "who is the new leader?" question is there (as the planner's tick makes it)."""
    runtime.clock.set(oslo(2027, 1, 4, 10, 0))
    with runtime.session() as session:
        for slug in slugs:
            unit = find_unit(session=session, ref=slug)
            record_annual_meeting(
                session=session,
                unit=unit,
                on=date(2027, 2, 10),
                actor=STAFF,
                now=oslo(2027, 1, 4),
                today=date(2027, 1, 4),
            )
    runtime.clock.set(oslo(2027, 2, 11, 9, 0))
    with runtime.session() as session:
        ensure_new_leader_question(session=session, year=2027, now=runtime.clock.now())


def _blocks(call: Call) -> list[dict[str, Any]]:
    blocks = call.payload.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _row(blocks: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    """The actions block of `unit`'s row in the staff's list (the block after its name)."""
    at = next(
        i
        for i, b in enumerate(blocks)
        if str(b.get("block_id", "")).startswith("planbot_question_unit:")
        and f"*{unit}*" in json.dumps(b, ensure_ascii=False)
    )
    assert blocks[at + 1]["type"] == "actions"
    return blocks[at + 1]


def _pick(
    slack: SlackClientSim,  # noqa: F811
    blocks: list[dict[str, Any]],
    unit: str,
    *,
    new: str | None,
) -> list[Call]:
    """Staff pick `new` (None: «Samme leder») in `unit`'s row of their ephemeral /status list;
    what the bot sends back to the list's response_url."""
    row = _row(blocks, unit)
    if new is None:
        same = next(e for e in row["elements"] if e.get("action_id") == ACTION_SAME_LEADER)
        action = {"type": "button", "action_id": ACTION_SAME_LEADER, "value": same["value"]}
    else:
        action = {"type": "users_select", "action_id": ACTION_NEW_LEADER, "selected_user": new}
    answer = slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": STAFF},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.pick",
            "container": {
                "type": "message",
                "channel_id": "C0GENERAL",
                "message_ts": "1800000000.000100",
                "is_ephemeral": True,
            },
            "channel": {"id": "C0GENERAL"},
            "message": {"ts": "1800000000.000100", "text": "", "blocks": blocks},
            "actions": [{**action, "block_id": row["block_id"], "action_ts": "1800000000.3"}],
        }
    )
    return answer.replies()


def _tromso_leaders(runtime: Runtime) -> list[str]:
    with runtime.session() as session:
        return user_ids_with_role(session=session, unit=find_unit(session=session, ref="tromso"))


def test_staff_pick_the_new_leader_from_the_status_list_in_slack(
    runtime: Runtime,
    standin: SlackStandIn,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # 11 February 2027: Tromsø's leader has not answered, and the county office lives in Slack;
    # /status ny leder said «… eller dere med «planbot unit handover KOMMUNEPARTI --to …»».
    _after_the_meetings(runtime, "tromso", "senja")
    [reply] = slack.command("/status", "ny leder", user=STAFF).replies()
    blocks = _blocks(reply)
    text = json.dumps(blocks, ensure_ascii=False)
    assert "planbot unit handover" not in text
    assert "Velg ny leder" in text and f"<@{LEADER}>" in text
    assert {e["action_id"] for e in _row(blocks, "Tromsø")["elements"]} == {
        ACTION_NEW_LEADER,
        ACTION_SAME_LEADER,
    }
    # Senja has no leader registered: «Samme leder» would say nobody.
    assert [e["action_id"] for e in _row(blocks, "Senja")["elements"]] == [ACTION_NEW_LEADER]

    [answered] = _pick(slack, blocks, "Tromsø", new=NEW)
    assert answered.payload.get("replace_original") is True
    shown = json.dumps(answered.payload.get("blocks"), ensure_ascii=False)
    assert f"Tromsø: <@{NEW}> er leder." in shown
    assert "Senja" in shown and ACTION_NEW_LEADER in shown  # the other row stays to be answered
    assert _tromso_leaders(runtime) == [NEW]
    with runtime.session() as session:
        question = session.exec(
            select(Obligation)
            .join(PlanEvent, PlanEvent.id == Obligation.event_id)  # type: ignore[arg-type]
            .where(PlanEvent.key == "question-new-leader-2027")
            .where(Obligation.unit_id == find_unit(session=session, ref="tromso").id)
        ).one()
        assert (question.state, question.changed_by) == ("done", STAFF)
        changes = session.exec(select(AuditEntry).where(AuditEntry.entity == "membership")).all()
        assert {(a.action, a.actor) for a in changes[-2:]} == {("delete", STAFF), ("create", STAFF)}
    # The old leader is told once, as when the leader answers.
    told = standin.wait_for(lambda _: any("har fått ny leder" in p.text for p in standin.posts()))
    assert told


def test_staff_press_the_same_leader_for_a_unit_in_the_status_list(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    _after_the_meetings(runtime, "tromso")
    [reply] = slack.command("/status", "ny leder", user=STAFF).replies()
    [answered] = _pick(slack, _blocks(reply), "Tromsø", new=None)
    assert f"Tromsø: <@{LEADER}> er leder." in json.dumps(answered.payload, ensure_ascii=False)
    assert _tromso_leaders(runtime) == [LEADER]
    # /status tromsø: the question answered reads «svart», as the counts do, not «ferdig».
    unit = slack.command("/status", "tromsø", user=STAFF).reply
    assert "Ny leder etter årsmøtet 2027 (fredag 31. desember 2027) — svart" in unit
    counts = slack.command("/status", "ny leder", user=STAFF).reply
    assert "1 av 22 kommunepartier har svart" in counts


def test_a_leader_s_own_list_says_how_to_answer_a_question_not_to_report_it_done(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # «⬜ Ny leder etter årsmøtet 2027 (…) — gjenstår. Meld ferdig med /ferdig», and /ferdig
    # then says it is not ticked off.
    _after_the_meetings(runtime, "tromso")
    reply = slack.command("/status", user=LEADER).reply
    assert "Ny leder etter årsmøtet 2027 (fredag 31. desember 2027) — ikke svart." in reply
    assert "Velg den nye lederen i meldingen fra Planbot" in reply
    assert "2027) — gjenstår. Meld ferdig med /ferdig" not in reply.split("Ny leder")[1]


Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    db = tmp_path / "troms.db"
    runner = CliRunner()

    def invoke(*args: str, now: str) -> Result:
        return runner.invoke(main, list(args), env=cli_env(db, now=now, plan="troms"))

    assert invoke("db", "upgrade", now="2026-11-30T10:00+01:00").exit_code == 0
    return invoke


def test_the_same_leader_of_a_unit_with_no_leader_registered_says_so(cli: Cli) -> None:
    # «Svalbard (Longyearbyen):  er leder.» — nobody, read aloud.
    december = "2026-12-02T10:00+01:00"
    assert (
        cli("unit", "set", "longyear", "--annual-meeting", "6.2.2027", now=december).exit_code == 0
    )
    result = cli("unit", "handover", "longyear", "--same", now="2027-02-08T10:00+01:00")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Svalbard (Longyearbyen): samme leder fortsetter. Ingen leder er registrert i Planbot, "
        "så påminnelsene går til kanalen, om den har en.\n"
    )


def test_a_unit_s_own_list_says_handed_in_for_a_hand_in(cli: Cli) -> None:
    # `planbot status tromsø` said «Forslagsfrist … — ferdig» where every count says «levert».
    now = "2026-12-01T12:00+01:00"
    done = cli("deliver", "forslagsfrist", "tromsø", "--text", "Forslag 1: ferje.", now=now)
    assert done.exit_code == 0, done.output
    output = cli("status", "tromsø", now=now).output
    assert "Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026) — levert" in output
    assert "— ferdig" not in output.split("Forslagsfrist")[1].split("\n")[0]


def test_handing_in_for_a_unit_says_handed_in_not_done(cli: Cli) -> None:
    # «Levert for Tromsø: Forslagsfrist til landsmøtet 2027. Fristen står som ferdig.» — a
    # hand-in is «levert» in every count and list; the next line says what stands as handed in.
    now = "2026-11-30T12:00+01:00"
    result = cli("deliver", "forslagsfrist", "tromsø", "--text", "Forslag 1: ferje.", now=now)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Levert for Tromsø: Forslagsfrist til landsmøtet 2027.\nStår som levert: tekst (17 tegn).\n"
    )


@pytest.mark.parametrize("typed", ["kvæ", "forslag kvæ", "kvæ forslag"])
def test_status_names_the_units_a_start_of_a_name_fits_as_ferdig_does(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
    typed: str,
) -> None:
    # «/status kvæ»: «Fant ingen frist som passer «kvæ». Skriv en del av tittelen …», where
    # /ferdig, /plan enhet and `planbot status kvæ` say ««kvæ» passer flere enheter».
    reply = slack.command("/status", typed, user=STAFF).reply
    assert reply.startswith("«kvæ» passer flere enheter. Mente du «Kvæfjord» eller «Kvænangen»?")
    assert "Fant ingen frist" not in reply


def test_one_unit_s_row_of_a_hand_in_names_only_its_own_hand_in(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # «/status tromsø forslag» showed Tromsø's row, then «Levert: Lavangen: ingen forslag,
    # Tromsø: tekst (9 tegn)»: another unit's hand-in under one unit's row.
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        for slug, text, none in (("tromso", "Forslag 1", False), ("lavangen", "", True)):
            unit = find_unit(session=session, ref=slug)
            hand_in(
                session=session,
                settings=runtime.settings,
                obligation=get_obligation(session=session, event=event, unit=unit),
                event=event,
                actor=STAFF,
                staff=True,
                now=runtime.clock.now(),
                text=text,
                files=[],
                none_answer=none,
            )
    row = slack.command("/status", "tromsø forslag", user=STAFF).reply
    assert "Tromsø: tekst (9 tegn)" in row and "Lavangen" not in row
    whole = slack.command("/status", "forslag", user=STAFF).reply
    assert "Lavangen: ingen forslag" in whole and "Tromsø: tekst (9 tegn)" in whole


def test_the_hand_in_list_names_a_unit_staff_marked_done_without_a_hand_in(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
) -> None:
    # Staff mark Lavangen done (its proposals came by e-mail): the count said «1 av 22 … har
    # levert», and the «Levert:» list under it named nobody.
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        unit = find_unit(session=session, ref="lavangen")
        mark_obligation(
            session=session,
            obligation=get_obligation(session=session, event=event, unit=unit),
            state=ObligationState.DONE,
            actor=STAFF,
            now=runtime.clock.now(),
        )
    whole = slack.command("/status", "forslag", user=STAFF).reply
    assert "1 av 22 kommunepartier har levert" in whole
    assert "Lavangen: meldt ferdig av fylkespartikontoret, ingenting levert i Planbot" in whole


def test_status_ny_leder_before_any_meeting_says_nobody_is_asked_yet(
    runtime: Runtime,
    slack: SlackClientSim,  # noqa: F811
    tmp_path: Path,
) -> None:
    # In December staff type «/status ny leder»: the answer was «Fant ingen frist som passer «ny
    # leder». Skriv en del av tittelen …», as if they had typed it wrong.
    said = "Ingen er spurt om ny leder ennå: spørsmålet går til hvert kommuneparti dagen etter"
    assert slack.command("/status", "ny leder", user=STAFF).reply.startswith(said)
    db = tmp_path / "troms.db"
    env = cli_env(db, now="2026-12-10T10:00+01:00", plan="troms")
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    assert runner.invoke(main, ["status", "ny", "leder"], env=env).output.startswith(said)
    # a typo of a deadline still gets the example
    typo = runner.invoke(main, ["status", "forslg"], env=env).output
    assert typo.startswith("Fant ingen frist som passer «forslg»")
