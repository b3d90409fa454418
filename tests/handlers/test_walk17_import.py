"""walk17 in Slack: the staff member chooses which new events of a plan to save. The county office
sends its 2027 work plan (tests/utils/plan_2027.py) to Planbot in a DM on 3 December 2026 and
unticks what it does not want, through the local Slack stand-in with signed requests; a long plan
(60, 150 and 500 new events) is sent as a text file."""

from __future__ import annotations

from collections.abc import Sequence, Set
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.dates import MONTH_NAMES_NB
from bot.models import PlanEvent
from bot.runtime import Runtime
from handlers.blocks_import import (
    CHOICES_ACTION,
    CHOICES_BLOCK,
    KEEP_ACTION,
    KEEP_BLOCK,
    MAX_BLOCKS,
    MAX_OPTIONS,
    OPTION_LIMIT,
)
from planbot.testing.slack_standin import Call, SlackStandIn
from tests.conftest import STAFF, oslo
from tests.handlers.slack import SlackClientSim
from tests.handlers.test_walk16_import import blocks_of, first_post, press_save, send_file
from tests.utils.plan_2027 import plan_2027_docx

DOCUMENT = "arbeidsplan-2027.docx"
NEW_IN_2027 = [  # the new events of the 2027 plan, by the preview's numbers
    (6, "Høstkampanjen"),
    (7, "Grunnskolering for nye tillitsvalgte (uke 13)"),
    (8, "Grunnskolering for nye tillitsvalgte (uke 14)"),
    (9, "Forslagsfrist til fylkesårsmøtet"),
    (10, "Fylkesstyremøte"),
    (11, "Fylkesstyremøte"),
    (12, "Julemøte i fylkesstyret"),
]


def keep_blocks(shown: Call) -> list[dict[str, Any]]:
    return [b for b in blocks_of(shown) if str(b.get("block_id", "")).startswith(KEEP_BLOCK)]


def state_as_slack_sends_it(
    shown: Call, *, untick: Set[int] = frozenset(), per_unit: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """The full state of the preview on «Lagre», as Slack sends it: every keep box with what is
    still ticked (all of them but `untick`), and the per-unit/change box."""
    values: dict[str, Any] = {}
    for block in keep_blocks(shown):
        [element] = block["elements"]
        ticked = [o for o in element["initial_options"] if int(o["value"][5:]) not in untick]
        values[block["block_id"]] = {
            KEEP_ACTION: {"type": "checkboxes", "selected_options": ticked}
        }
    values[CHOICES_BLOCK] = {
        CHOICES_ACTION: {"type": "checkboxes", "selected_options": list(per_unit)}
    }
    return {"values": values}


def stored(runtime: Runtime, document: str = DOCUMENT) -> list[str]:
    with runtime.session() as session:
        events = session.exec(
            select(PlanEvent)
            .where(PlanEvent.source_document == document)
            .order_by(PlanEvent.start_date)  # type: ignore[arg-type]
        ).all()
        return [e.title for e in events]


def updates(standin: SlackStandIn, count: int = 1) -> list[Call]:
    standin.wait_for(lambda calls: len([c for c in calls if c.method == "chat.update"]) >= count)
    return standin.calls("chat.update")


def preview_of_2027(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, tmp_path: Path
) -> tuple[Call, str]:
    runtime.clock.set(oslo(2026, 12, 3, 10, 0))
    data = plan_2027_docx(tmp_path / "plan.docx").read_bytes()
    channel = send_file(slack, standin, data, user=STAFF)
    return first_post(standin, channel), channel


def test_every_new_event_has_a_ticked_box_and_lagre_alone_stores_them_all(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, tmp_path: Path
) -> None:
    """The preview listed the new events as text; «Lagre» stored every one of them, and nothing
    let the staff member leave one out. Now each new event has a box, ticked from the start, so
    pressing «Lagre» without touching anything still stores them all, as before."""
    shown, channel = preview_of_2027(slack, standin, runtime, tmp_path)
    blocks = blocks_of(shown)
    texts = [b.get("text", {}).get("text", "") for b in blocks]
    assert (
        "*Nye (7)* – alle er krysset av og blir lagret. Ta bort krysset for dem du ikke vil ha med."
        in texts
    )
    [keep] = keep_blocks(shown)
    [element] = keep["elements"]
    assert element["type"] == "checkboxes" and element["action_id"] == KEEP_ACTION
    assert element["initial_options"] == element["options"]  # all ticked
    assert [o["text"]["text"] for o in element["options"]][:2] == [
        "#6 uke 37 2027 · Høstkampanjen",
        "#7 uke 13 2027 · Grunnskolering for nye tillitsvalgte (uke 13)",
    ]
    assert [o["description"]["text"] for o in element["options"]][3:5] == ["Frist", "Møte"]
    # a tick (and untick) is answered, so Slack shows no warning beside the box
    ticked = slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": STAFF},
            "api_app_id": "A0PLANBOT",
            "container": {"type": "message", "channel_id": channel, "message_ts": shown.ts},
            "channel": {"id": channel},
            "message": {"ts": shown.ts, "text": shown.text, "blocks": blocks},
            "state": state_as_slack_sends_it(shown),
            "actions": [
                {
                    "type": "checkboxes",
                    "action_id": KEEP_ACTION,
                    "block_id": keep["block_id"],
                    "selected_options": element["options"],
                    "action_ts": "1800000000.2",
                }
            ],
        }
    )
    assert ticked.status == 200
    press_save(slack, shown, channel, state_as_slack_sends_it(shown))
    [update] = updates(standin)
    assert update.text.startswith(f"{DOCUMENT}: la til 7 hendelser som foreløpige")
    assert "valgte" not in update.text
    assert sorted(stored(runtime)) == sorted(title for _, title in NEW_IN_2027)


def test_two_unticked_events_are_not_stored_and_the_summary_says_so(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, tmp_path: Path
) -> None:
    """The staff member unticks the February board meeting (#10) and the Christmas meeting
    (#12): those two are not stored, the five others are; the summary names the two; pressing
    «Lagre» again stores nothing more, and sending the file again offers just those two as new."""
    shown, channel = preview_of_2027(slack, standin, runtime, tmp_path)
    press_save(slack, shown, channel, state_as_slack_sends_it(shown, untick={10, 12}))
    [update] = updates(standin)
    lines = update.text.splitlines()
    at = lines.index("2 nye hendelser er ikke lagret, fordi du valgte dem bort:")
    assert lines[at + 1 : at + 3] == [
        "  ikke valgt: Fylkesstyremøte (torsdag 4. februar 2027)",
        "  ikke valgt: Julemøte i fylkesstyret (torsdag 9. desember 2027)",
    ]
    assert lines[0].startswith(f"{DOCUMENT}: la til 5 hendelser som foreløpige")
    kept = [title for number, title in NEW_IN_2027 if number not in {10, 12}]
    assert sorted(stored(runtime)) == sorted(kept)
    with runtime.session() as session:
        [march] = session.exec(
            select(PlanEvent).where(
                PlanEvent.source_document == DOCUMENT, PlanEvent.title == "Fylkesstyremøte"
            )
        ).all()
        assert march.start_date == date(2027, 3, 12)
    # «Lagre» pressed again on the same preview
    press_save(slack, shown, channel, state_as_slack_sends_it(shown))
    assert "allerede lagret eller avbrutt" in updates(standin, 2)[-1].text
    assert sorted(stored(runtime)) == sorted(kept)
    # the same file again: what was stored is in the plan, only the two left out are new
    standin.clear()
    again, _ = preview_of_2027(slack, standin, runtime, tmp_path)
    [keep] = keep_blocks(again)
    assert [o["value"] for o in keep["elements"][0]["options"]] == ["keep:10", "keep:12"]


def test_a_per_unit_tick_on_an_unticked_event_is_refused_and_nothing_is_stored(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime, tmp_path: Path
) -> None:
    """#9 (the forslagsfrist) ticked as one task per municipal party but unticked among the new
    events: a contradiction, answered as the CLI answers --per-unit 9 without it in --only —
    nothing is stored and the preview stays, so ticking #9 again and pressing «Lagre» works."""
    shown, channel = preview_of_2027(slack, standin, runtime, tmp_path)
    [choices] = [b for b in blocks_of(shown) if b.get("block_id") == CHOICES_BLOCK]
    per_unit = [o for o in choices["accessory"]["options"] if o["value"] == "per_unit:9"]
    press_save(slack, shown, channel, state_as_slack_sends_it(shown, untick={9}, per_unit=per_unit))
    standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
    [said] = standin.calls("chat.postEphemeral")
    assert said.text == (
        "Nr. 9 er krysset av som oppgave for hvert kommuneparti, men du har tatt bort krysset for "
        "å lagre den. Kryss av for nr. 9 under «Nye» igjen, eller fjern krysset for "
        "kommunepartiene, og trykk «Lagre». Ingenting er lagret ennå."
    )
    assert not standin.calls("chat.update") and stored(runtime) == []
    press_save(slack, shown, channel, state_as_slack_sends_it(shown, per_unit=per_unit))
    updates(standin)
    with runtime.session() as session:
        [frist] = session.exec(
            select(PlanEvent).where(PlanEvent.title == "Forslagsfrist til fylkesårsmøtet")
        ).all()
        assert frist.per_unit


PLACES = ("Tromsø", "Harstad", "Finnsnes", "Narvik", "Lyngseidet", "Skjervøy", "Storslett")


def long_plan(count: int) -> bytes:
    """A plan with `count` stands, one a day except Sundays from 4 January 2027: all new."""
    lines = ["Aktivitetsplan 2027–2028"]
    day = date(2027, 1, 4)
    for i in range(count):
        month = MONTH_NAMES_NB[day.month - 1]
        place = PLACES[i % len(PLACES)]
        lines.append(f"{day.day}. {month} {day.year}: Stand på torget i {place}, runde {i + 1}")
        day += timedelta(days=2 if day.weekday() == 5 else 1)
    return ("\n".join(lines) + "\n").encode()


def check_slack_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        assert len(block.get("block_id", "")) <= 255
        for element in block.get("elements", []):
            if element.get("type") == "checkboxes":
                assert len(element["options"]) <= MAX_OPTIONS
                for option in element["options"]:
                    assert len(option["text"]["text"]) <= OPTION_LIMIT
                    assert len(option["description"]["text"]) <= OPTION_LIMIT


def test_60_and_150_new_events_fit_in_one_preview_with_a_box_each(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime
) -> None:
    """The plan in force has about 60 events; a long one 150. Each new event gets its box in
    checkboxes of ten, and the preview stays within Slack's 50 blocks (measured: 60 new events
    take 10 blocks, 150 take 20 with the line about the holidays
    among them)."""
    runtime.clock.set(oslo(2026, 12, 3, 10, 0))
    measured = {}
    for count in (60, 150):
        standin.clear()
        channel = send_file(slack, standin, long_plan(count), STAFF, f"plan-{count}.txt")
        shown = first_post(standin, channel)
        blocks = blocks_of(shown)
        check_slack_limits(blocks)
        offered = [o["value"] for b in keep_blocks(shown) for o in b["elements"][0]["options"]]
        assert offered == [f"keep:{n}" for n in range(1, count + 1)]
        assert "får plass" not in str(blocks)
        measured[count] = len(blocks)
    assert measured == {60: 10, 150: 20}


def test_a_plan_too_long_for_one_message_says_the_rest_is_saved_and_how_to_choose(
    slack: SlackClientSim, standin: SlackStandIn, runtime: Runtime
) -> None:
    """500 new events cannot each have a box within Slack's 50 blocks. The preview shows the boxes
    that fit and says, in Norwegian, that the rest are saved too and that `planbot import --only`
    chooses among them; nothing is left out unsaid: «Lagre» with #1 unticked stores the 499
    others, those without a box too (measured: 440 boxes fit, beside the holiday line)."""
    runtime.clock.set(oslo(2026, 12, 3, 10, 0))
    channel = send_file(slack, standin, long_plan(500), STAFF, "plan-500.txt")
    shown = first_post(standin, channel)
    blocks = blocks_of(shown)
    check_slack_limits(blocks)
    assert len(blocks) == MAX_BLOCKS
    offered = [o["value"] for b in keep_blocks(shown) for o in b["elements"][0]["options"]]
    assert offered == [f"keep:{n}" for n in range(1, 451)][: len(offered)]
    shown_count = len(offered)
    assert shown_count == 440
    rest = [
        e["text"]
        for b in blocks
        if b["type"] == "context"
        for e in b["elements"]
        if "får plass" in e["text"]
    ]
    assert rest == [
        f"Bare {shown_count} av de 500 nye får plass her. De {500 - shown_count} andre "
        f"(fra nr. {shown_count + 1}) blir også lagret når du trykker «Lagre». Vil du velge blant "
        "dem, importer filen med «planbot import plan-500.txt --only» og numrene du vil ha "
        "(se numrene med --dry-run)."
    ]
    press_save(slack, shown, channel, state_as_slack_sends_it(shown, untick={1}))
    [update] = updates(standin)
    assert update.text.startswith("plan-500.txt: la til 499 hendelser som foreløpige")
    assert len(stored(runtime, "plan-500.txt")) == 499
