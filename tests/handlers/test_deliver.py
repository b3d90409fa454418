"""Handing in a deliverable through Slack (signed requests, the Slack stand-in serving the file at its
url_private), the receipt, `planbot status --json`, `planbot deliverables --zip`, and privacy."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot.clock import FixedClock
from bot.messages import ACTION_DELIVER, ACTION_DONE
from bot.models import AuditEntry, Delivery, DeliveryFile, Obligation, ObligationState, Role
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import assign_role, find_unit
from handlers.blocks import VALUE, nudge_blocks
from handlers.blocks_deliver import FILES_BLOCK, NONE_BLOCK, TEXT_BLOCK
from handlers.deliveries import receipt_text
from planbot.cli import main
from planbot.testing.slack_standin import SlackStandIn
from schedules.outbox import plan_window
from tests.conftest import LEADER, STAFF, oslo
from tests.handlers.slack import SlackClientSim

OTHER_LEADER = "ULEADER02"
PROPOSAL = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
TEXT = "Forslag 1: Gratis kollektivtransport for ungdom i hele Troms.\nBegrunnelse: ..."


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 25 November 2026, 18:00 in Oslo: six days before the forslagsfrist."""
    return FixedClock(oslo(2026, 11, 25, 18, 0))


@pytest.fixture
def other_leader(runtime: Runtime) -> str:
    """OTHER_LEADER leads Harstad."""
    with runtime.session() as session:
        assign_role(
            session=session,
            slack_user_id=OTHER_LEADER,
            role=Role.LEADER,
            unit=find_unit(session=session, ref="harstad"),
            actor=STAFF,
            now=runtime.clock.now(),
        )
    return OTHER_LEADER


def _open_modal(slack: SlackClientSim, standin: SlackStandIn, user: str) -> dict[str, Any]:
    """/ferdig forslagsfrist opens the hand-in modal (views.open); returns the view."""
    standin.clear()
    slack.command("/ferdig", "forslagsfrist", user=user)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    opened = [c for c in calls if c.method == "views.open"]
    assert opened, [c.method for c in calls]
    view = opened[0].payload["view"]
    return view if isinstance(view, dict) else json.loads(view)


def _values(text: str | None = None, files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if text is not None:
        values[TEXT_BLOCK] = {VALUE: {"type": "plain_text_input", "value": text}}
    if files is not None:
        values[FILES_BLOCK] = {VALUE: {"type": "file_input", "files": files}}
    return values


def _receipts(standin: SlackStandIn, user: str) -> list[Any]:
    """The answers to hand-ins the person got (outbox rows whose key begins with "reply:")."""
    return [
        p
        for p in standin.posts_to(user)
        if str(((p.metadata or {}).get("event_payload") or {}).get("key", "")).startswith("reply:")
    ]


def _receipt(standin: SlackStandIn, user: str) -> str:
    standin.wait_for(lambda _: bool(_receipts(standin, user)))
    posts = _receipts(standin, user)
    assert posts, "no receipt was sent to the leader"
    return posts[-1].text + "\n" + json.dumps(posts[-1].payload.get("blocks"), ensure_ascii=False)


def _forslagsfrist(session: Any, unit: str) -> Obligation:
    event = find_event(session=session, query="forslagsfrist")
    return get_obligation(session=session, event=event, unit=find_unit(session=session, ref=unit))


def _cli(runtime: Runtime, *args: str) -> Any:
    env = {
        "DATABASE_URL": runtime.settings.database_url,
        "PLANBOT_NOW": "2026-11-25T18:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_a_leader_hands_in_a_file_and_a_text_and_staff_collect_it(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim, tmp_path: Path
) -> None:
    view = _open_modal(slack, standin, LEADER)
    assert view["callback_id"] == "planbot_deliver"
    assert any(b.get("element", {}).get("type") == "file_input" for b in view["blocks"])
    assert any(b.get("block_id") == NONE_BLOCK for b in view["blocks"])

    file = standin.add_file("Forslag fra Tromsø.pdf", PROPOSAL, "application/pdf")
    answer = slack.submit(view, _values(TEXT, [file]), user=LEADER)
    assert answer.status == 200 and answer.body in ("", "{}"), answer.body

    receipt = _receipt(standin, LEADER)
    assert "Mottatt for Tromsø" in receipt
    assert "Forslag fra Tromsø.pdf (10 kB)" in receipt
    assert "Gratis kollektivtransport for ungdom i hele Troms." in receipt
    assert standin.downloads() == [file["id"]]

    with runtime.session() as session:
        obligation = _forslagsfrist(session, "tromso")
        assert obligation.state == ObligationState.DONE and obligation.changed_by == LEADER
        stored = session.exec(select(DeliveryFile)).all()
        assert [f.content for f in stored] == [PROPOSAL]
        assert session.exec(select(Delivery)).one().text == TEXT
        actions = [a.action for a in session.exec(select(AuditEntry)) if a.entity == "delivery"]
        assert actions == ["hand_in"]

    status = json.loads(_cli(runtime, "status", "forslagsfrist", "--json").output)
    assert status["deliverable"] == "text_or_files"
    tromso = next(u for u in status["units"] if u["unit"] == "tromso")
    assert tromso["state"] == "done"
    assert tromso["deliverable"]["text"] == TEXT
    assert tromso["deliverable"]["files"][0]["name"] == "Forslag fra Tromsø.pdf"
    assert next(u for u in status["units"] if u["unit"] == "harstad")["deliverable"] is None

    out = tmp_path / "out.zip"
    result = _cli(runtime, "deliverables", "forslagsfrist", "--zip", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        pdf = next(n for n in names if n.endswith("tromso/Forslag fra Tromsø.pdf"))
        assert archive.read(pdf) == PROPOSAL
        index = archive.read(next(n for n in names if n.endswith("index.csv"))).decode("utf-8-sig")
        assert any(n.endswith("tekster.docx") for n in names)
    row = next(line for line in index.splitlines() if line.startswith("tromso,"))
    assert LEADER in row and "2026-11-25 18:00" in row and "Forslag fra Tromsø.pdf" in row
    with runtime.session() as session:
        downloads = [
            a for a in session.exec(select(AuditEntry)) if a.action == "download_deliverables"
        ]
        assert len(downloads) == 1


def test_what_the_leader_wrote_after_the_bar_is_in_the_text_field_not_lost(
    standin: SlackStandIn, slack: SlackClientSim
) -> None:
    """`/ferdig forslagsfrist | …` opens the hand-in modal: the words after | fill its text field."""
    standin.clear()
    slack.command("/ferdig", "forslagsfristen | Sendt på e-post til fylket", user=LEADER)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    view = next(c for c in calls if c.method == "views.open").payload["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    (field,) = [b for b in view["blocks"] if b.get("block_id") == TEXT_BLOCK]
    assert field["element"]["initial_value"] == "Sendt på e-post til fylket"
    plain = _open_modal(slack, standin, LEADER)
    (field,) = [b for b in plain["blocks"] if b.get("block_id") == TEXT_BLOCK]
    assert "initial_value" not in field["element"]


def test_a_refused_file_type_is_answered_in_the_modal_and_nothing_is_stored(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    view = _open_modal(slack, standin, LEADER)
    file = standin.add_file("virus.exe", b"MZ...", "application/octet-stream")
    answer = slack.submit(view, _values(None, [file]), user=LEADER)
    errors = json.loads(answer.body)["errors"]
    assert "virus.exe" in errors[FILES_BLOCK] and "pdf" in errors[FILES_BLOCK]
    assert standin.downloads() == []
    with runtime.session() as session:
        assert _forslagsfrist(session, "tromso").state == ObligationState.OPEN
        assert session.exec(select(Delivery)).all() == []


def test_ingen_forslag_is_an_answer(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    view = _open_modal(slack, standin, LEADER)
    ticked = {NONE_BLOCK: {VALUE: {"type": "checkboxes", "selected_options": [{"value": "none"}]}}}
    slack.submit(view, ticked, user=LEADER)
    assert "ingen forslag" in _receipt(standin, LEADER)
    with runtime.session() as session:
        assert _forslagsfrist(session, "tromso").state == ObligationState.DONE
        assert session.exec(select(Delivery)).one().none_answer


def test_another_units_leader_can_neither_read_nor_replace_the_deliverable(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim, other_leader: str
) -> None:
    view = _open_modal(slack, standin, LEADER)
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    slack.submit(view, _values(TEXT, [file]), user=LEADER)
    _receipt(standin, LEADER)

    # Replacing: Tromsø's modal submitted by Harstad's leader is refused; nothing changes.
    intruder = standin.add_file("bytt.pdf", b"%PDF-other", "application/pdf")
    answer = slack.submit(view, _values("Erstattet!", [intruder]), user=other_leader)
    errors = json.loads(answer.body)["errors"]
    assert "Tromsø" in json.dumps(errors, ensure_ascii=False)
    with runtime.session() as session:
        obligation = _forslagsfrist(session, "tromso")
        value = json.dumps({"o": obligation.id, "n": None})
        assert session.exec(select(Delivery)).one().text == TEXT
        assert [f.content for f in session.exec(select(DeliveryFile))] == [PROPOSAL]
    assert intruder["id"] not in standin.downloads()

    # Reading: *Lever* on Tromsø's obligation does not open the modal (which lists what is there).
    standin.clear()
    click = slack.click("planbot_deliver", value, user=other_leader, message={"ts": "1.0"})
    reply = click.reply
    assert "Tromsø" in reply and "forslag.pdf" not in reply
    assert not standin.calls("views.open")

    # /status forslagsfrist shows Harstad's leader no file names or text of Tromsø.
    status = slack.command("/status", "forslagsfrist", user=other_leader).reply
    assert "forslag.pdf" not in status and "kollektivtransport" not in status
    # Tromsø's own leader sees what Tromsø handed in.
    own = slack.command("/status", "forslagsfrist", user=LEADER).reply
    assert "forslag.pdf" in own


def test_staff_get_the_zip_from_slack_and_leaders_do_not(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    view = _open_modal(slack, standin, LEADER)
    file = standin.add_file("forslag.pdf", PROPOSAL, "application/pdf")
    slack.submit(view, _values(TEXT, [file]), user=LEADER)
    _receipt(standin, LEADER)

    status = slack.command("/status", "forslagsfrist", user=STAFF)
    payload = status.replies()[0].payload
    buttons = [e for b in payload["blocks"] if b["type"] == "actions" for e in b["elements"]]
    zip_button = next(e for e in buttons if e["action_id"] == "planbot_deliverables_zip")
    assert "Tromsø: forslag.pdf" in status.reply

    refused = slack.click(
        "planbot_deliverables_zip", zip_button["value"], user=LEADER, message={"ts": "1.0"}
    )
    assert "fylkespartikontoret" in refused.reply
    assert standin.uploaded() == []

    done = slack.click(
        "planbot_deliverables_zip", zip_button["value"], user=STAFF, message={"ts": "1.0"}
    )
    assert "direktemelding" in done.reply
    [upload] = standin.uploaded()
    assert upload.channel == "DSTAFF01" and upload.name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(upload.content)) as archive:
        pdf = next(n for n in archive.namelist() if n.endswith("tromso/forslag.pdf"))
        assert archive.read(pdf) == PROPOSAL
    with runtime.session() as session:
        audit = [a for a in session.exec(select(AuditEntry)) if a.action == "download_deliverables"]
        assert [a.actor for a in audit] == [STAFF]


def test_the_nudge_carries_lever_and_it_opens_the_modal_for_the_units_leader(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    since = oslo(2026, 11, 24, 0, 0)
    with runtime.session() as session:
        planned = plan_window(
            session=session, since=since, until=since + timedelta(days=3), settings=runtime.settings
        )
        tromso = next(
            p
            for p in planned
            if p.event_title.startswith("Forslagsfrist") and p.message.unit_name == "Tromsø"
        )
    assert tromso.message.buttons[0] == ACTION_DELIVER and ACTION_DONE not in tromso.message.buttons
    blocks = nudge_blocks(tromso.message)
    [lever] = [
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == ACTION_DELIVER
    ]
    assert lever["text"]["text"] == "Lever"
    standin.clear()
    slack.click(
        ACTION_DELIVER, lever["value"], user=LEADER, message={"ts": "1.0", "blocks": blocks}
    )
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    [opened] = [c for c in calls if c.method == "views.open"]
    view = opened.payload["view"]
    view = view if isinstance(view, dict) else json.loads(view)
    assert "Forslagsfrist til landsmøtet 2027" in json.dumps(view, ensure_ascii=False)


def test_a_file_sent_in_a_dm_is_offered_for_the_deadline_and_handed_in(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    file = standin.add_file("Forslag.docx", PROPOSAL, "application/octet-stream")
    status, _, _ = slack.event(
        {
            "type": "file_shared",
            "file_id": file["id"],
            "user_id": LEADER,
            "file": {"id": file["id"]},
            "channel_id": "DLEADER01",
            "event_ts": "1800000000.3",
        }
    )
    assert status == 200
    standin.wait_for(lambda _: any(p.channel == "DLEADER01" for p in standin.posts()))
    [offer] = [p for p in standin.posts() if p.channel == "DLEADER01"]
    buttons = [
        b["accessory"] for b in offer.payload["blocks"] if b.get("accessory", {}).get("action_id")
    ]
    assert len(buttons) == 1 and buttons[0]["action_id"] == "planbot_deliver_file"
    assert "Forslagsfrist til landsmøtet 2027 (Tromsø)" in json.dumps(
        offer.payload["blocks"], ensure_ascii=False
    )
    slack.click(
        "planbot_deliver_file",
        buttons[0]["value"],
        user=LEADER,
        message={"ts": offer.ts, "blocks": offer.payload["blocks"]},
        channel="DLEADER01",
    )
    receipt = _receipt(standin, LEADER)
    assert "Forslag.docx" in receipt
    with runtime.session() as session:
        assert _forslagsfrist(session, "tromso").state == ObligationState.DONE
        assert [f.content for f in session.exec(select(DeliveryFile))] == [PROPOSAL]


def test_staff_set_what_a_deadline_asks_for_in_the_event_modal(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    standin.clear()
    slack.command("/plan", "endre forslagsfrist", user=STAFF)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    view = next(c for c in calls if c.method == "views.open").payload["view"]
    select_block = next(b for b in view["blocks"] if b["block_id"] == "deliverable")
    assert select_block["element"]["initial_option"]["value"] == "text_or_files"
    none_ok = next(b for b in view["blocks"] if b["block_id"] == "deliverable_none_ok")
    assert none_ok["element"]["initial_options"]
    values = {
        "title": {"value": {"value": "Forslagsfrist til landsmøtet 2027"}},
        "kind": {"value": {"selected_option": {"value": "deadline"}}},
        "deliverable": {"value": {"selected_option": {"value": "files"}}},
        "deliverable_none_ok": {"value": {"selected_options": []}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        assert (event.deliverable, event.deliverable_none_ok) == ("files", False)
        audit = [a for a in session.exec(select(AuditEntry)) if a.entity == "event"]
        assert audit[-1].after and audit[-1].after.get("deliverable") == "files"


def test_a_files_only_deadline_shows_its_errors_under_the_file_input(
    runtime: Runtime, standin: SlackStandIn, slack: SlackClientSim
) -> None:
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        event.deliverable, event.deliverable_none_ok = "files", False
        session.add(event)
    view = _open_modal(slack, standin, LEADER)
    block_ids = {b.get("block_id") for b in view["blocks"]}
    assert FILES_BLOCK in block_ids and TEXT_BLOCK not in block_ids and NONE_BLOCK not in block_ids
    answer = slack.submit(view, _values(None, []), user=LEADER)
    assert json.loads(answer.body)["errors"] == {FILES_BLOCK: "Legg ved filen dere vil levere."}


@pytest.mark.parametrize(
    ("actor", "words"), [("cli", "fylkespartikontoret"), (LEADER, f"<@{LEADER}>")]
)
def test_the_receipt_names_who_handed_in_as_people_read_it(
    runtime: Runtime, actor: str, words: str
) -> None:
    """A hand-in made on the command line reads 'Levert av fylkespartikontoret', not 'av cli'."""
    with runtime.session() as session:
        obligation = _forslagsfrist(session, "tromso")
        event = find_event(session=session, query="forslagsfrist")
        unit = find_unit(session=session, ref="tromso")
        now = runtime.clock.now()
        delivery = Delivery(
            obligation_id=obligation.id or 0,
            text="Forslag 1",
            handed_in_by=actor,
            handed_in_at=now,
            changed_by=actor,
            changed_at=now,
        )
        text = receipt_text(
            delivery=delivery,
            files=[],
            event=event,
            unit=unit,
            obligation=obligation,
            settings=runtime.settings,
            lang="nb",
        )
    assert f"Levert av {words}, onsdag 25. november 18:00." in text
