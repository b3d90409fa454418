"""A units file sent to Planbot in a DM: the preview of `planbot unit import`, Lagre stores it."""

from __future__ import annotations

import json

from sqlmodel import select

from bot.models import Unit
from bot.services.units import user_ids_with_role
from handlers import importer
from handlers.blocks_units import CANCEL_ACTION, SAVE_ACTION
from tests.conftest import LEADER, STAFF
from tests.handlers.test_import_slack import button_value, message_of, preview

UNITS = "name;channel;leaders\nTromsø;C0TROMSO;kari@tromso.no\nNy enhet;;U0NY\n".encode()


def send_file(slack, monkeypatch, data: bytes, *, user: str = STAFF, name: str = "enheter.csv"):
    monkeypatch.setattr(importer, "fetch_file", lambda **_: (name, data))
    slack.event(
        {
            "type": "file_shared",
            "file_id": "F0UNITS",
            "user_id": user,
            "file": {"id": "F0UNITS"},
            "channel_id": "D0STAFF",
            "event_ts": "1800000000.1",
        }
    )


def test_staff_send_a_units_file_see_the_preview_and_save(
    slack, standin, runtime, monkeypatch
) -> None:
    standin.add_user("U0KARI", email="kari@tromso.no")
    send_file(slack, monkeypatch, UNITS)
    shown = preview(standin)
    blocks = json.dumps(shown.payload["blocks"], ensure_ascii=False)
    assert shown.channel == "D0STAFF"
    assert "ny: Ny enhet (ny-enhet)" in blocks and "endres: Tromsø (channel, leaders)" in blocks
    with runtime.session() as session:
        assert session.exec(select(Unit).where(Unit.slug == "ny-enhet")).first() is None
    slack.click(
        SAVE_ACTION,
        button_value(shown, SAVE_ACTION),
        user=STAFF,
        message=message_of(shown),
        channel="D0STAFF",
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    update = next(c for c in calls if c.method == "chat.update")
    assert "lagret 1 nye, 1 endret" in update.text
    with runtime.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        assert tromso.slack_channel == "C0TROMSO"
        assert user_ids_with_role(session=session, unit=tromso) == ["U0KARI"]


def test_cancel_stores_nothing_and_leaders_may_not_import(
    slack, standin, runtime, monkeypatch
) -> None:
    send_file(slack, monkeypatch, UNITS.replace(b"kari@tromso.no", b"U0KARI"))
    shown = preview(standin)
    slack.click(
        SAVE_ACTION,
        button_value(shown, SAVE_ACTION),
        user=LEADER,
        message=message_of(shown),
        channel="D0STAFF",
    )
    slack.click(
        CANCEL_ACTION,
        button_value(shown, CANCEL_ACTION),
        user=STAFF,
        message=message_of(shown),
        channel="D0STAFF",
    )
    calls = standin.wait_for(lambda calls: any(c.method == "chat.update" for c in calls))
    assert "ingenting er lagret" in next(c for c in calls if c.method == "chat.update").text
    assert any(c.method == "chat.postEphemeral" and "Beklager" in c.text for c in calls)
    with runtime.session() as session:
        assert session.exec(select(Unit).where(Unit.slug == "ny-enhet")).first() is None


def test_a_bad_units_file_gets_one_line_per_problem(slack, standin, monkeypatch) -> None:
    send_file(slack, monkeypatch, b"name,channel\nSenja,#senja\n")
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postMessage" for c in calls))
    message = next(c for c in calls if c.method == "chat.postMessage")
    assert "linje 2: kolonnen «channel»: «#senja» er ikke en Slack-kanal-ID" in message.text
    assert not message.payload.get("blocks")


def test_plan_enhet_shows_and_saves_the_fields_of_the_units_file(slack, standin, runtime) -> None:
    from bot.enums import Role
    from tests.handlers.test_interactive import opened_view

    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    fields = [b.get("block_id") for b in view["blocks"]]
    assert {
        "leaders",
        "mayors",
        "group_leaders",
        "channel",
        "teams_webhook",
        "annual_meeting",
    } <= set(fields)
    values = {
        "leaders": {"value": {"selected_users": [LEADER]}},
        "mayors": {"value": {"selected_users": ["U0ORDFORER"]}},
        "group_leaders": {"value": {"selected_users": ["U0GRUPPE1", "U0GRUPPE2"]}},
        "annual_meeting": {"value": {"selected_date": "2027-02-10"}},
    }
    assert slack.submit(view, values, user=STAFF).body == ""
    with runtime.session() as session:
        tromso = session.exec(select(Unit).where(Unit.slug == "tromso")).one()
        assert (
            tromso.annual_meeting is not None and tromso.annual_meeting.isoformat() == "2027-02-10"
        )
        assert user_ids_with_role(session=session, unit=tromso, role=Role.MAYOR) == ["U0ORDFORER"]
        assert user_ids_with_role(session=session, unit=tromso, role=Role.GROUP_LEADER) == [
            "U0GRUPPE1",
            "U0GRUPPE2",
        ]
    standin.clear()
    slack.command("/plan", "enhet tromsø", user=STAFF)
    again = opened_view(standin)
    shown = {b.get("block_id"): b["element"] for b in again["blocks"] if b.get("element")}
    assert shown["mayors"]["initial_users"] == ["U0ORDFORER"]
    assert shown["annual_meeting"]["initial_date"] == "2027-02-10"


def test_the_unit_modals_annual_meeting_date_is_answered_with_what_it_dates(slack, standin) -> None:
    from tests.handlers.test_interactive import opened_view

    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    standin.clear()
    values = {"annual_meeting": {"value": {"selected_date": "2027-02-10"}}}
    assert slack.submit(view, values, user=STAFF).body == ""
    calls = standin.wait_for(lambda calls: any(c.method == "chat.postEphemeral" for c in calls))
    told = next(c for c in calls if c.method == "chat.postEphemeral").text
    assert "Tromsø: årsmøtet er onsdag 10. februar 2027." in told
    assert (
        "• Skolering i praktisk styrearbeid for det nye styret: frist mandag 10. mai 2027" in told
    )


def test_the_unit_modal_refuses_an_annual_meeting_of_a_season_over(slack, standin, runtime) -> None:
    from tests.handlers.test_interactive import opened_view

    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    values = {"annual_meeting": {"value": {"selected_date": "2025-02-10"}}}
    answer = json.loads(slack.submit(view, values, user=STAFF).body)
    assert answer["response_action"] == "errors"
    assert "en sesong som er over" in answer["errors"]["annual_meeting"]
    with runtime.session() as session:
        assert session.exec(select(Unit).where(Unit.slug == "tromso")).one().annual_meeting is None


def test_a_units_file_with_norwegian_columns_is_a_units_file_too(
    slack, standin, monkeypatch
) -> None:
    """`navn;kanal;leder`, as a county office writes its own sheet (the CLI reads it): the
    units preview, not a plan import."""
    send_file(slack, monkeypatch, "navn;kanal;leder\nBodø;C0BODO;U0BODO\n".encode())
    blocks = json.dumps(preview(standin).payload["blocks"], ensure_ascii=False)
    assert "ny: Bodø (bodo)" in blocks
