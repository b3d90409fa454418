"""Importing a plan from Slack: paste or send a file, see a preview, Lagre stores, Avbryt does not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import func
from sqlmodel import col, select

from bot.models import PlanEvent
from bot.runtime import Runtime
from handlers import importer
from handlers.app import build_app
from handlers.blocks_import import CANCEL_ACTION, SAVE_ACTION, TEXT_BLOCK, YEAR_BLOCK
from handlers.web import WebApp
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import LEADER, STAFF
from tests.handlers.slack import SECRET, SlackClientSim
from tests.utils.web import serving

PLAN = """Arbeidsplan 2027
26.-27. januar  Grunnskolering i Tromsø
17.-18. mars  Årsmøte fylkespartiet
Høstkampanjen gjennomføres i uke 37.
"""


@pytest.fixture
def slack(runtime: Runtime, standin: SlackStandIn) -> Iterator[SlackClientSim]:
    """The real Bolt app (import listeners included), in HTTP mode against the stand-in."""
    client = WebClient(token="xoxb-test", base_url=standin.api_url)
    app = build_app(runtime=runtime, client=client, signing_secret=SECRET)
    with serving(WebApp(app)) as origin:
        yield SlackClientSim(f"{origin}/slack/events", standin)


def count_events(runtime: Runtime) -> int:
    with runtime.session() as session:
        return session.exec(select(func.count(col(PlanEvent.id)))).one()


def shortcut(slack: SlackClientSim, user: str) -> None:
    slack.interactive(
        {
            "type": "shortcut",
            "callback_id": importer.SHORTCUT,
            "team": {"id": "T0PLANBOT"},
            "user": {"id": user},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.shortcut",
            "action_ts": "1800000000.1",
        }
    )


def opened_view(standin: SlackStandIn) -> dict[str, Any]:
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    return next(c for c in calls if c.method == "views.open").payload["view"]


def paste(text: str, year: str | None = None) -> dict[str, Any]:
    return {
        TEXT_BLOCK: {"text": {"type": "plain_text_input", "value": text}},
        YEAR_BLOCK: {"year": {"type": "plain_text_input", "value": year}},
    }


def preview(standin: SlackStandIn) -> Any:
    calls = standin.wait_for(
        lambda calls: any(c.method == "chat.postMessage" and c.payload.get("blocks") for c in calls)
    )
    return next(c for c in calls if c.method == "chat.postMessage" and c.payload.get("blocks"))


def message_of(call: Any) -> dict[str, Any]:
    return {"ts": call.ts, "text": call.text, "blocks": call.payload["blocks"]}


def button_value(call: Any, action_id: str) -> str:
    blocks = call.payload["blocks"]
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button")


def test_staff_paste_preview_then_save_stores_tentative_events(slack, standin, runtime) -> None:
    before = count_events(runtime)
    shortcut(slack, STAFF)
    view = opened_view(standin)
    assert view["callback_id"] == "planbot_import_paste"
    answer = slack.submit(view, paste(PLAN), user=STAFF)
    assert answer.status == 200 and answer.body == ""
    shown = preview(standin)
    assert shown.channel == STAFF
    text = json.dumps(shown.payload["blocks"], ensure_ascii=False)
    assert "26.–27. januar 2027" in text and "uke 37 2027" in text
    assert "Lagre" in text and "Avbryt" in text
    assert count_events(runtime) == before  # nothing before "Lagre"
    slack.click(
        SAVE_ACTION,
        button_value(shown, SAVE_ACTION),
        user=STAFF,
        message=message_of(shown),
        channel=STAFF,
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    assert "som foreløpige" in update.text
    assert count_events(runtime) == before + 3
    with runtime.session() as session:
        stored = session.exec(
            select(PlanEvent).where(PlanEvent.title.startswith("Grunnskolering"))
        ).all()  # type: ignore[attr-defined]
        assert stored and all(e.state == "tentative" for e in stored)
    again = slack.click(
        SAVE_ACTION,
        button_value(shown, SAVE_ACTION),
        user=STAFF,
        message=message_of(shown),
        channel=STAFF,
    )
    assert again.status == 200
    standin.wait_for(lambda calls: len([c for c in calls if c.method == "chat.update"]) >= 2)
    assert "allerede lagret eller avbrutt" in standin.calls("chat.update")[-1].text
    assert count_events(runtime) == before + 3


def test_cancel_stores_nothing(slack, standin, runtime) -> None:
    before = count_events(runtime)
    shortcut(slack, STAFF)
    slack.submit(opened_view(standin), paste(PLAN), user=STAFF)
    shown = preview(standin)
    slack.click(
        CANCEL_ACTION,
        button_value(shown, CANCEL_ACTION),
        user=STAFF,
        message=message_of(shown),
        channel=STAFF,
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    assert "ingenting er lagret" in next(c for c in calls if c.method == "chat.update").text
    assert count_events(runtime) == before


def test_only_staff_can_cancel_an_import_draft(slack, standin, runtime) -> None:
    before = count_events(runtime)
    shortcut(slack, STAFF)
    slack.submit(opened_view(standin), paste(PLAN), user=STAFF)
    shown = preview(standin)
    draft = button_value(shown, CANCEL_ACTION)
    slack.click(CANCEL_ACTION, draft, user=LEADER, message=message_of(shown), channel=STAFF)
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
    refused = next(c for c in calls if c.method == "chat.postEphemeral")
    assert "bare fylkespartikontoret" in refused.text and refused.payload["user"] == LEADER
    assert standin.calls("chat.update") == []
    slack.click(SAVE_ACTION, draft, user=STAFF, message=message_of(shown), channel=STAFF)
    standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    assert count_events(runtime) == before + 3


def test_text_without_dates_and_a_bad_year_are_shown_in_the_modal(slack, standin) -> None:
    shortcut(slack, STAFF)
    view = opened_view(standin)
    no_dates = json.loads(slack.submit(view, paste("Referat fra styremøtet."), user=STAFF).body)
    assert "Fant ingen datoer" in no_dates["errors"][TEXT_BLOCK]
    bad_year = json.loads(slack.submit(view, paste(PLAN, year="neste år"), user=STAFF).body)
    assert "fire sifre" in bad_year["errors"][YEAR_BLOCK]


def test_non_staff_are_refused_politely(slack, standin, runtime) -> None:
    shortcut(slack, LEADER)
    view = opened_view(standin)
    assert "bare fylkespartikontoret" in json.dumps(view, ensure_ascii=False)
    forged = slack.submit(
        {"callback_id": "planbot_import_paste", "type": "modal"}, paste(PLAN), user=LEADER
    )
    assert "bare fylkespartikontoret" in json.loads(forged.body)["errors"][TEXT_BLOCK]


def test_file_sent_in_a_dm_gets_a_preview(slack, standin, runtime, monkeypatch) -> None:
    csv = "title,kind,start\nÅrsmøte fylkespartiet,annual_meeting,2027-03-17\n".encode()
    monkeypatch.setattr(importer, "fetch_file", lambda **_: ("plan.csv", csv))
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0PLAN",
            "user_id": STAFF,
            "file": {"id": "F0PLAN"},
            "channel_id": "D0STAFF",
            "event_ts": "1800000000.1",
        }
    )
    shown = preview(standin)
    assert shown.channel == "D0STAFF" and "plan.csv" in shown.text
    assert "17. mars 2027" in json.dumps(shown.payload["blocks"], ensure_ascii=False)


def test_bad_file_sent_in_a_dm_gets_a_clear_message(slack, standin, monkeypatch) -> None:
    monkeypatch.setattr(importer, "fetch_file", lambda **_: ("bilde.png", b"\x89PNG\r\n\x00\x00"))
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0PNG",
            "user_id": STAFF,
            "channel_id": "D0STAFF",
            "event_ts": "1800000000.2",
        }
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postMessage" for c in calls))
    message = next(c for c in calls if c.method == "chat.postMessage")
    assert "kan ikke lese bilde.png" in message.text and not message.payload.get("blocks")


def test_a_file_with_a_sub_daily_recurrence_is_refused_in_slack(
    slack, standin, runtime, monkeypatch
) -> None:
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:m@test\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:19700101T000000Z\r\n"
        b"SUMMARY:Hvert minutt\r\nRRULE:FREQ=MINUTELY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    monkeypatch.setattr(importer, "fetch_file", lambda **_: ("minutt.ics", ics))
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0ICS",
            "user_id": STAFF,
            "channel_id": "D0STAFF",
            "event_ts": "1800000000.3",
        }
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postMessage" for c in calls))
    message = next(c for c in calls if c.method == "chat.postMessage")
    assert "«FREQ=MINUTELY» gjentas oftere enn én gang om dagen" in message.text
    with runtime.session() as session:
        assert not session.exec(select(PlanEvent).where(PlanEvent.title == "Hvert minutt")).all()


def test_plan_importer_opens_the_paste_modal_for_staff_only(
    slack: SlackClientSim, standin: SlackStandIn
) -> None:
    slack.command("/plan", "importer", user=STAFF)
    calls = standin.wait_for(lambda calls: any(c.method == "views.open" for c in calls))
    [opened] = [c for c in calls if c.method == "views.open"]
    assert opened.payload["view"]["callback_id"] == importer.PASTE_CALLBACK
    standin.clear()
    answer = slack.command("/plan", "importer", user=LEADER)
    assert "bare fylkespartikontoret som kan importere en arbeidsplan" in answer.reply
    assert standin.calls("views.open") == []


MERGE_PLAN = """Arbeidsplan 2026-2027
Forslagsfristen til landsmøtet er satt til 1. desember 2026.
Alle kommunepartier sender medlemslistene innen 1. april 2027.
"""


def test_preview_shows_the_groups_and_saves_per_unit_only_when_ticked(
    slack, standin, runtime
) -> None:
    from bot.models import Obligation
    from handlers.blocks_import import CHOICES_ACTION, CHOICES_BLOCK

    shortcut(slack, STAFF)
    slack.submit(opened_view(standin), paste(MERGE_PLAN), user=STAFF)
    shown = preview(standin)
    blocks = shown.payload["blocks"]
    text = json.dumps(blocks, ensure_ascii=False)
    assert "1 nye, 1 finnes allerede i planen" in text
    assert (
        "Finnes allerede i planen (1):" in text and "= #1 Forslagsfrist til landsmøtet 2027" in text
    )
    [choices] = [b for b in blocks if b.get("block_id") == CHOICES_BLOCK]
    [option] = choices["accessory"]["options"]
    assert option["value"] == "per_unit:2" and "Én oppgave for hvert kommuneparti" in json.dumps(
        option, ensure_ascii=False
    )
    with runtime.session() as session:
        before = session.exec(select(func.count()).select_from(Obligation)).one()
    message = message_of(shown)
    slack.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0PLANBOT"},
            "user": {"id": STAFF},
            "api_app_id": "A0PLANBOT",
            "trigger_id": "trigger.click",
            "container": {"type": "message", "channel_id": STAFF, "message_ts": message["ts"]},
            "channel": {"id": STAFF},
            "message": message,
            "state": {
                "values": {
                    CHOICES_BLOCK: {
                        CHOICES_ACTION: {"type": "checkboxes", "selected_options": [option]}
                    }
                }
            },
            "actions": [
                {
                    "type": "button",
                    "action_id": SAVE_ACTION,
                    "block_id": "planbot_import_actions",
                    "value": button_value(shown, SAVE_ACTION),
                    "action_ts": "1800000000.2",
                }
            ],
        }
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    assert (
        "la til 1 hendelse som foreløpig" in update.text
        and "finnes allerede i planen som #1" in update.text
    )
    with runtime.session() as session:
        [event] = session.exec(
            select(PlanEvent).where(PlanEvent.source_document == "innlimt tekst")
        ).all()
        assert event.per_unit and event.start_date is not None
        after = session.exec(select(func.count()).select_from(Obligation)).one()
    assert after == before + 22


def test_the_year_is_checked_as_the_cli_checks_it(slack, standin) -> None:
    shortcut(slack, STAFF)
    view = opened_view(standin)
    for typed in ("0027", "9999"):  # four digits, but no year a plan is for
        answer = json.loads(slack.submit(view, paste(PLAN, year=typed), user=STAFF).body)
        assert answer["errors"][YEAR_BLOCK] == (
            f"«{typed}» er ikke et årstall. Skriv året som fire sifre, f.eks. 2027."
        )


def test_a_pasted_plan_naming_no_year_says_which_year_its_weekdays_gave(slack, standin) -> None:
    """The Slack preview says what the CLI says: the year came from the weekdays, and which other
    years fit, so staff type the plan's year if it is another one."""
    shortcut(slack, STAFF)
    view = opened_view(standin)
    yearless = (
        "August\n\nMåndag 15. august: Nytt barnehageår\n\nNovember\n\nFredag 4. november: "
        "Planleggingsdag\n\nJanuar\n\nMåndag 2. januar: Planleggingsdag\n"
    )
    assert slack.submit(view, paste(yearless), user=STAFF).status == 200
    text = json.dumps(preview(standin).payload["blocks"], ensure_ascii=False)
    assert "Planen nevner ikke noe år. Ukedagene passer med 2022, men også med" in text


def test_the_slack_preview_says_which_new_events_are_already_over(slack, standin) -> None:
    shortcut(slack, STAFF)
    view = opened_view(standin)
    text = "Årsplan 2026\n\n12. mars 2026: Styremøte\n\n10. desember 2026: Julemøte\n"
    assert slack.submit(view, paste(text), user=STAFF).status == 200
    blocks = json.dumps(preview(standin).payload["blocks"], ensure_ascii=False)
    assert "1 av de nye er allerede passert (nr. 1). Den lagres" in blocks
