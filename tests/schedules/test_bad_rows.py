"""A bad row already in the database (an old version, a hand edit) never stops the planner or the
dispatcher: it is skipped, everything else is planned and sent, and staff are told once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.calendar import export_calendar
from bot.clock import FixedClock
from bot.db import make_engine, session_scope
from bot.models import PlanEventUpdate
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.services.agenda import list_agenda
from bot.services.events import find_event, update_event
from bot.services.units import find_unit, update_unit
from bot.settings import Settings
from handlers.blocks import outbox_blocks
from handlers.commands.status import build_status_reply
from handlers.deps import Deps
from handlers.parsing import parse_status_args
from planbot.cli import main
from planbot.testing.slack_standin import SlackStandIn
from schedules.digest import load_digest, render_digest_text
from schedules.dispatcher import Dispatcher
from schedules.jobs import run_dispatch_tick, sync_plan
from schedules.policies import ensure_policies
from schedules.transports import SlackTransport, slack_client
from tests.conftest import STAFF, oslo
from tests.schedules.test_dispatcher import dispatcher_for


def two_units_on_slack(
    runtime: Runtime, standin: SlackStandIn, clock, *, policies: bool = False
) -> None:
    """Slack through the stand-in, and Tromsø and Harstad each with a channel of its own."""
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    with runtime.session() as session:
        if policies:
            ensure_policies(session=session)
        for ref in ("tromso", "harstad"):
            unit = find_unit(session=session, ref=ref)
            update_unit(
                session=session,
                unit=unit,
                actor="t",
                now=clock.now(),
                slack_channel=f"C{ref.upper()}",
            )


def break_rows(url: str) -> None:
    """What a hand edit or an old version may leave: a rule at 25:00, an event repeating every
    minute since 1970, and an event that ends before it starts."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        ensure_policies(session=session)  # the rules are loaded on first use
    with engine.begin() as conn:
        conn.execute(text("UPDATE nudgepolicy SET at = '25:00' WHERE rule = 'deadline.before_7d'"))
        conn.execute(
            text(
                "INSERT INTO planevent (title, kind, start_date, end_date, precision, recurrence,"
                " locations, audience, responsible, description, state, per_unit, assumptions)"
                " VALUES ('Hvert minutt', 'meeting', '1970-01-01', '1970-01-01', 'day',"
                " 'FREQ=MINUTELY', '[]', '[]', '', '', 'confirmed', 0, '')"
            )
        )
        conn.execute(
            text("UPDATE planevent SET end_date = '2026-11-01' WHERE key = 'lagbyggersamling-2027'")
        )
    engine.dispose()


def test_planbot_nudges_skips_the_bad_rows_warns_and_lists_the_rest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DATABASE_URL": url, "PLANBOT_NOW": "2026-11-23T09:00+01:00", "PLANBOT_LANGUAGE": "nb"}
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    break_rows(url)
    result = runner.invoke(
        main, ["nudges", "--from", "2026-11-22", "--days", "10", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    nudges = json.loads(result.stdout)
    frist = [n for n in nudges if n["event_title"].startswith("Forslagsfrist")]
    by_rule: dict[str, set[str]] = {}
    for n in frist:
        by_rule.setdefault(n["rule"], set()).add(n["target"])
    assert "deadline.before_7d" not in by_rule
    assert len(by_rule["deadline.before_2d"]) == 22 and len(by_rule["deadline.on_day"]) == 22
    warnings = result.stderr
    assert "Påminnelsesregelen deadline.before_7d i databasen er ugyldig" in warnings
    assert "«25:00» er ikke et gyldig tidspunkt" in warnings
    assert "planbot policy set deadline.before_7d" in warnings
    assert "«Hvert minutt» i databasen er ugyldig" in warnings and "FREQ=MINUTELY" in warnings
    assert "«Lagbyggersamling/toppkandidatskolering» i databasen er ugyldig" in warnings
    assert "Sluttdatoen 1. november 2026 er før startdatoen 1. januar 2027" in warnings
    for view in (["agenda", "--days", "60", "--json"], ["export-ics"], ["digest"]):
        shown = runner.invoke(main, view, env=env)
        assert shown.exit_code == 0 and "Forslagsfrist" in shown.stdout, shown.output
    people = runner.invoke(main, ["nudges", "--from", "2026-11-22", "--days", "10"], env=env)
    assert people.exit_code == 0 and "Advarsel: Påminnelsesregelen" in people.output
    assert "Forslagsfrist" in people.stdout


def test_a_dispatcher_tick_sends_the_others_and_tells_staff_once(
    runtime: Runtime, standin: SlackStandIn, clock
) -> None:
    two_units_on_slack(runtime, standin, clock)
    break_rows(runtime.settings.database_url)
    runtime.engine.dispose()
    clock.set(oslo(2026, 11, 27, 9, 0, 30))  # Friday: the 2-day nudge (moved to a working day)
    dispatcher = dispatcher_for(runtime)
    try:
        first = run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
        clock.set(oslo(2026, 11, 27, 9, 1))
        again = run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    assert first.sent >= 3 and again.sent == 0
    posts = standin.posts()
    units = sorted(p.channel for p in posts if p.channel in ("CTROMSO", "CHARSTAD"))
    assert units == ["CHARSTAD", "CTROMSO"]
    keys = [p.metadata["event_payload"]["key"] for p in posts if p.channel == "CTROMSO"]
    assert keys and all(k.endswith("deadline.before_2d:unit:tromso") for k in keys)
    notices = [
        p.text
        for p in posts
        if p.channel == "CSTAFF" and ("må rettes" in p.text or "kom ikke fram" in p.text)
    ]
    assert len(notices) == 3  # one per bad row, and not again on the next tick
    assert sum("deadline.before_7d" in n for n in notices) == 1
    assert sum("«Hvert minutt»" in n for n in notices) == 1
    assert sum("«Lagbyggersamling/toppkandidatskolering»" in n for n in notices) == 1
    with runtime.session() as session:
        digest = render_digest_text(
            load_digest(session=session, now=clock.now(), settings=runtime.settings), "nb"
        )
    assert "Må rettes (gir ingen påminnelser nå)" in digest
    assert "Påminnelsesregelen deadline.before_7d i databasen er ugyldig" in digest


# --- one bad row at a time, through a dispatcher tick (rowfuzz) --------------------------------

FRIST = "(SELECT id FROM planevent WHERE key = 'forslagsfrist-landsmotet-2027')"
MOTE = "(SELECT id FROM planevent WHERE key = 'teamsmote-kommunepartiledere')"


def bad_event(**values: str) -> str:
    """An INSERT of an event three days ahead, with `values` (SQL literals) in place of the good."""
    row = {
        "title": "'Dårlig'",
        "kind": "'meeting'",
        "start_date": "'2026-11-30'",
        "end_date": "'2026-11-30'",
        "precision": "'day'",
        "recurrence": "NULL",
        "start_time": "NULL",
        "locations": "'[]'",
        "audience": "'[]'",
        "state": "'confirmed'",
        "per_unit": "false",
        **values,
    }
    fixed = "responsible, description, assumptions, deliverable, deliverable_none_ok,"
    return (
        f"INSERT INTO planevent ({', '.join(row)}, {fixed} deliver_after_due)"
        f" VALUES ({', '.join(row.values())}, '', '', '', 'none', false, false)"
    )


def policy(rule: str, **values: str) -> str:
    sets = ", ".join(f"{name} = {value}" for name, value in values.items())
    return f"UPDATE nudgepolicy SET {sets} WHERE rule = '{rule}'"


def outbox_row(**values: str) -> str:
    """An INSERT of an outbox row due now, with `values` (SQL literals) in place of the good."""
    row = {
        "key": "'hand:1'",
        "rule": "'deadline.before_2d'",
        "target": "'CHAND'",
        "target_label": "'hand'",
        "transport": "'slack'",
        "state": "'pending'",
        "attempts": "0",
        "payload": "'{}'",
        "claimed_by": "NULL",
        "claimed_at": "NULL",
        "lease_until": "NULL",
        "event_id": "NULL",
        **values,
    }
    due = "'2026-11-27 08:00:00.000000'"
    return (
        f"INSERT INTO nudge ({', '.join(row)}, language, due_at, next_attempt_at, expires_at,"
        f" verify_before_send, reported) VALUES ({', '.join(row.values())}, 'nb', {due}, {due},"
        " '2026-11-28 08:00:00.000000', 0, 0)"
    )


# case: (SQL that leaves the bad row, words of the one staff notice about it, or None: nothing to fix)
ROWS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "unknown precision": ((bad_event(precision="'fortnight'"),), "«fortnight» er ikke et gyldig"),
    "unknown kind": ((bad_event(kind="'fest'"),), "«fest» er ikke et gyldig valg"),
    "unknown state": ((bad_event(state="'slettet'"),), "«slettet» er ikke et gyldig valg"),
    "RRULE COUNT=0": ((bad_event(recurrence="'FREQ=WEEKLY;COUNT=0'"),), None),
    "RRULE UNTIL before start": ((bad_event(recurrence="'FREQ=WEEKLY;UNTIL=20200101'"),), None),
    "RRULE SECONDLY": ((bad_event(recurrence="'FREQ=SECONDLY'"),), "FREQ=SECONDLY"),
    "RRULE in words": ((bad_event(recurrence="'hver tirsdag'"),), "«hver tirsdag» er ikke en"),
    "RRULE 10,000 days": (
        (
            bad_event(
                start_date="'1990-01-01'",
                end_date="'1990-01-01'",
                recurrence="'FREQ=DAILY;COUNT=10000'",
            ),
        ),
        None,
    ),
    "RRULE that never occurs (30 February)": (
        (bad_event(recurrence="'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30,31'"),),
        "«FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30,31» gir aldri noen dato",
    ),
    "year 1": (
        (bad_event(start_date="'0001-01-01'", end_date="'0001-01-01'"),),
        "Datoen 1. januar 1 er utenfor planen",
    ),
    "year 9999": (
        (bad_event(start_date="'9999-12-31'", end_date="'9999-12-31'"),),
        "Datoen 31. desember 9999 er utenfor planen",
    ),
    "yearly until year 9999": (
        (bad_event(end_date="'9999-12-31'", recurrence="'FREQ=YEARLY'"),),
        "Datoen 31. desember 9999 er utenfor planen",
    ),
    "time 24:00": (
        (bad_event(start_time="'24:00:00.000000'"),),
        "start_time er «24:00:00.000000». Rett verdien i databasen",
    ),
    "date written dd.mm.yyyy": (
        (bad_event(start_date="'29.11.2026'", end_date="'29.11.2026'"),),
        "start_date er «29.11.2026»",
    ),
    "locations not JSON": ((bad_event(locations="'Tromsø'"),), "locations er «Tromsø»"),
    "audience not JSON": (
        (f"UPDATE planevent SET audience = 'leder' WHERE id = {MOTE}",),
        "audience er «leder»",
    ),
    "title of 100,000 characters": (
        (bad_event(title="'" + "Å" * 100_000 + "'"),),
        "Tittelen har 100000 tegn",
    ),
    "title empty": ((bad_event(title="''"),), "Skriv en tittel"),
    "title with control characters, emoji, RTL": (
        (
            bad_event(
                title="'Møte ' || char(0, 7, 27) || ' 🎉 ' || char(8238) || 'RTL' || char(10)"
            ),
        ),
        None,
    ),
    "rule with an unknown text": (
        (policy("deadline.before_7d", template="'finnes_ikke'"),),
        "bruker teksten «finnes_ikke», som ikke finnes",
    ),
    "rule repeated 100,000,000 times": (
        (policy("deadline.overdue", repeat_count="100000000", repeat_every_days="1"),),
        "gjentas 100000000 ganger",
    ),
    "rule repeated backwards": (
        (policy("deadline.overdue", repeat_every_days="-7"),),
        "gjentas 4 ganger med -7 dagers",
    ),
    "rule precisions not JSON": (
        (policy("deadline.before_7d", precisions="'day'"),),
        "precisions er «day»",
    ),
    "rule audience unknown": ((policy("deadline.before_7d", audience="'alle'"),), "«alle»"),
    "rule offset absurd": (
        (policy("deadline.before_7d", offset_days="-100000"),),
        "kan ikke flyttes -100000 dager",
    ),
    "rule for an unknown kind": ((policy("deadline.before_7d", event_kind="'fest'"),), None),
    "obligation due in year 9999": (
        (
            f"UPDATE obligation SET due_date = '9999-12-31' WHERE event_id = {FRIST} AND unit_id = 17",
        ),
        "Fristen til Senja for «Forslagsfrist til landsmøtet 2027» i databasen er ugyldig",
    ),
    "obligation due date written dd.mm.yyyy": (
        (
            f"UPDATE obligation SET due_date = '29.11.2026' WHERE event_id = {FRIST} AND unit_id = 17",
        ),
        "Fristen til Senja for «Forslagsfrist til landsmøtet 2027» i databasen har en verdi som"
        " ikke kan leses, og gir ingen påminnelser: due_date er «29.11.2026»",
    ),
    "obligation in a state Planbot does not know": (
        (f"UPDATE obligation SET state = 'venter' WHERE event_id = {FRIST} AND unit_id = 17",),
        "«venter» er ikke et gyldig valg",
    ),
    "obligation of an inactive unit": (("UPDATE unit SET active = 0 WHERE slug = 'senja'",), None),
    "obligation for a cancelled event": (
        (
            bad_event(kind="'deadline'", state="'cancelled'", per_unit="true"),
            "INSERT INTO obligation (event_id, unit_id, state, note)"
            " VALUES ((SELECT max(id) FROM planevent), 17, 'open', '')",
        ),
        None,
    ),
    "unit with a malformed channel": (
        ("UPDATE unit SET slack_channel = 'kanal med mellomrom' WHERE slug = 'senja'",),
        None,
    ),
    "unit with a Teams link that is not a web address": (
        ("UPDATE unit SET teams_webhook_url = 'ikke en adresse' WHERE slug = 'senja'",),
        None,
    ),
    "unit with its annual meeting in words": (
        ("UPDATE unit SET annual_meeting = 'våren 2027' WHERE slug = 'senja'",),
        "Enheten senja i databasen har en verdi som ikke kan leses, og får ingen påminnelser:"
        " annual_meeting er «våren 2027»",
    ),
    "unit deleted by hand (foreign keys off)": (
        ("PRAGMA foreign_keys = OFF", "DELETE FROM unit WHERE slug = 'senja'"),
        None,
    ),
    "event deleted by hand (foreign keys off)": (
        ("PRAGMA foreign_keys = OFF", f"DELETE FROM planevent WHERE id = {MOTE}"),
        None,
    ),
    "unit with a name of 4,000 characters": (
        (
            "UPDATE unit SET slack_channel = 'CSENJA', name = '" + "S" * 4000 + "'"
            " WHERE slug = 'senja'",
        ),
        None,  # posted (Slack itself would refuse it: invalid_blocks, failed once, staff told)
    ),
    "unit of an unknown kind": (("UPDATE unit SET kind = 'lokallag' WHERE slug = 'senja'",), None),
    "leader that is not a user id": (
        (
            "INSERT INTO person (slack_user_id, name) VALUES ('bob', 'Bob')",
            "INSERT INTO membership (person_id, unit_id, role)"
            " VALUES ((SELECT max(id) FROM person), 17, 'leader')",
        ),
        None,
    ),
    "leader whose Slack id was removed": (
        (
            "INSERT INTO person (slack_user_id, name) VALUES (NULL, 'Kari')",
            "INSERT INTO membership (person_id, unit_id, role)"
            " VALUES ((SELECT max(id) FROM person), 17, 'leader')",
        ),
        None,
    ),
    "role Planbot does not know": (
        (
            "INSERT INTO person (slack_user_id, name) VALUES ('USENJA1', 'Kari')",
            "INSERT INTO membership (person_id, unit_id, role)"
            " VALUES ((SELECT max(id) FROM person), 17, 'sjef')",
        ),
        None,
    ),
    "outbox sync cursor not JSON": (
        ("INSERT INTO setting (key, value) VALUES ('outbox.sync', '{ikke json')",),
        None,  # a full re-plan writes it anew
    ),
    "outbox sync cursor without its keys": (
        ("INSERT INTO setting (key, value) VALUES ('outbox.sync', '{\"until\": 5}')",),
        None,
    ),
    "outbox payload not JSON": (
        (outbox_row(payload="'{ikke json'"),),
        "En melding i utboksen (hand:1) kunne ikke leses og er tatt ut uten å bli sendt: payload",
    ),
    "outbox payload not JSON in a planned row": (
        (
            "UPDATE unit SET slack_channel = 'CSENJA' WHERE slug = 'senja'",
            outbox_row(key="'1:once:deadline.before_2d:unit:senja'", payload="'{ikke json'"),
            "UPDATE nudge SET next_attempt_at = '2026-11-30 08:00:00.000000'"
            " WHERE key = '1:once:deadline.before_2d:unit:senja'",
        ),
        None,  # written anew from the plan, and sent (logged)
    ),
    "outbox payload not JSON in a row the plan no longer wants": (
        (
            outbox_row(key="'1:once:deadline.gone:unit:senja'", event_id=FRIST, payload="'{ikke'"),
            "UPDATE nudge SET next_attempt_at = '2026-11-30 08:00:00.000000'"
            " WHERE key = '1:once:deadline.gone:unit:senja'",
        ),
        None,  # cancelled (logged)
    ),
    "outbox payload empty": ((outbox_row(payload="'{}'"),), "kom ikke fram til hand (unusable"),
    "outbox payload a list": ((outbox_row(payload="'[1, 2]'"),), "kom ikke fram til hand"),
    "outbox message without its keys": (
        (outbox_row(payload='\'{"origin": "plan", "message": {"rule": "x"}}\''),),
        "kom ikke fram til hand",
    ),
    "outbox message of a kind Planbot does not know": (
        (
            outbox_row(
                payload='\'{"origin": "notice", "spec": null, "message": {"idempotency_key":'
                ' "hand:1", "rule": "ukjent.regel", "headline": "Hei"}}\''
            ),
        ),
        None,
    ),
    "outbox spec with a template Planbot does not know": (
        (
            outbox_row(
                event_id=FRIST,
                payload='\'{"origin": "notice", "spec": {"template": "finnes_ikke"}, "message":'
                ' {"idempotency_key": "hand:1", "rule": "x", "headline": "Hei"}}\'',
            ),
        ),
        "kom ikke fram til hand (unusable: its payload cannot be read",
    ),
    "outbox message with a headline of 4,000 characters": (
        (
            outbox_row(
                payload='\'{"origin": "notice", "spec": null, "message": {"idempotency_key":'
                ' "hand:1", "rule": "staff.failure", "headline": "' + "H" * 4000 + "\"}}'"
            ),
        ),
        "kom ikke fram til hand (invalid_blocks",
    ),
    "outbox transport unknown": (
        (outbox_row(transport="'fax'"),),
        "kom ikke fram til hand (unusable: no transport 'fax' configured)",
    ),
    "outbox attempts -1": ((outbox_row(attempts="-1"),), "kom ikke fram til hand"),
    "outbox state unknown": ((outbox_row(state="'ukjent'"),), None),
    "outbox lease far ahead, owner dead": (
        (
            outbox_row(
                state="'sending'",
                claimed_by="'dead'",
                claimed_at="'2026-11-27 07:00:00.000000'",
                lease_until="'9999-01-01 00:00:00.000000'",
            ),
        ),
        "kom ikke fram til hand",
    ),
}


def two_ticks(
    runtime: Runtime, standin: SlackStandIn, clock: FixedClock, statements: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Tromsø and Harstad get a channel, `statements` leave the bad rows, then two dispatcher
    ticks a minute apart on the Friday of the forslagsfrist's 2-day nudge: (the channels that got
    that nudge, sorted; the staff notices about a row to fix or a nudge that failed)."""
    two_units_on_slack(runtime, standin, clock, policies=True)
    with runtime.engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    clock.set(oslo(2026, 11, 27, 9, 0, 30))  # Friday: the forslagsfrist's 2-day nudge
    dispatcher = dispatcher_for(runtime)
    try:
        run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
        clock.set(oslo(2026, 11, 27, 9, 1, 30))
        run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    posts = standin.posts()
    frist = sorted(
        p.channel
        for p in posts
        if p.metadata and p.metadata["event_payload"]["key"].startswith("1:once:deadline.before_2d")
    )
    notices = [
        p.text
        for p in posts
        if p.channel == "CSTAFF" and ("må rettes" in p.text or "kom ikke fram" in p.text)
    ]
    return frist, notices


@pytest.mark.parametrize("case", list(ROWS))
def test_one_bad_row_costs_only_itself_and_staff_hear_of_it_once(
    runtime: Runtime, standin: SlackStandIn, clock: FixedClock, case: str
) -> None:
    statements, notice = ROWS[case]
    frist, notices = two_ticks(runtime, standin, clock, statements)
    assert [c for c in frist if c in ("CHARSTAD", "CTROMSO")] == ["CHARSTAD", "CTROMSO"]
    assert len(frist) == len(set(frist))  # nobody twice
    if case == "outbox payload not JSON in a planned row":
        assert "CSENJA" in frist  # its row written anew from the plan, and sent
    assert len(notices) == (1 if notice else 0), notices
    assert notice is None or notice in notices[0]
    with runtime.session() as session:  # the views leave the row out instead of failing
        digest = render_digest_text(
            load_digest(session=session, now=clock.now(), settings=runtime.settings), "nb"
        )
        if notice and "kom ikke fram" in notice:
            assert "• hand: " in digest.split("Påminnelser som ikke kom fram")[1]
        elif notice and not case.startswith("outbox"):
            assert notice in digest
        agenda = list_agenda(session=session, start=clock.now().date(), days=60)
        assert any(item.title.startswith("Forslagsfrist") for item in agenda)
        assert b"Forslagsfrist" in export_calendar(session=session, now=clock.now(), name="Plan")
        # Left: /status of a deadline or of the unit reads whole unit and obligation rows.
        unreadable = any(w in case for w in ("annual meeting in words", "due date written"))
        shown = ("",) if unreadable else ("", "forslagsfrist", "tromsø", "senja")
        for words in shown:
            request = parse_status_args(words)
            reply = build_status_reply(
                session=session, deps=Deps(runtime=runtime), user_id=STAFF, request=request
            )
            if words != "senja":  # the unit the bad rows are about: answered, whatever it shows
                assert "Forslagsfrist" in json.dumps(reply.as_kwargs(), ensure_ascii=False)


def test_a_stage_that_fails_on_a_row_no_check_reads_leaves_the_queue_to_be_sent(
    runtime: Runtime, standin: SlackStandIn, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The last line of defence: a queued nudge's expiry written as words by hand is a value the
    sync reads without a check, so planning fails on it; the nudges already queued are still sent,
    staff are told once, and the traceback is logged once, not on every tick (the dispatcher then
    takes the unreadable row out, and planning works again)."""
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    with runtime.session() as session:
        unit = find_unit(session=session, ref="tromso")
        update_unit(session=session, unit=unit, actor="t", now=clock.now(), slack_channel="CTROMSO")
    clock.set(oslo(2026, 11, 27, 8, 0))  # before the send hours: planned, not yet sent
    dispatcher = dispatcher_for(runtime)
    try:
        run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
        assert not standin.posts()
        with runtime.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE nudge SET expires_at = 'i morgen' WHERE key LIKE '%deadline.staff_2d:staff'"
            )
        ticks = []
        for minute in (0, 1, 2):
            clock.set(oslo(2026, 11, 27, 9, minute, 30))
            ticks.append(run_dispatch_tick(runtime=runtime, dispatcher=dispatcher, full=True))
    finally:
        dispatcher.close()
    posts = standin.posts()
    assert [p.channel for p in posts if p.channel == "CTROMSO"] == ["CTROMSO"]
    notices = [p.text for p in posts if "Planbot kunne ikke planlegge påminnelsene" in p.text]
    assert len(notices) == 1 and "Påminnelser som alt er i køen, sendes likevel" in notices[0]
    tracebacks = [r for r in caplog.records if "stage of the dispatcher tick failed" in r.message]
    assert len(tracebacks) == 1


def test_doctor_names_routes_that_cannot_be_one_and_the_rows_the_planner_skips(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'doctor.db'}"
    env = {"DATABASE_URL": url, "PLANBOT_NOW": "2026-11-23T09:00+01:00", "PLANBOT_LANGUAGE": "nb"}
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    engine = make_engine(url)
    with engine.begin() as conn:
        for statement in (
            "UPDATE unit SET slack_channel = 'kanal med mellomrom' WHERE slug = 'senja'",
            "UPDATE unit SET teams_webhook_url = 'ikke en adresse' WHERE slug = 'harstad'",
            "INSERT INTO person (slack_user_id, name) VALUES ('bob', 'Bob')",
            "INSERT INTO membership (person_id, unit_id, role)"
            " VALUES ((SELECT max(id) FROM person), (SELECT id FROM unit WHERE slug = 'tromso'),"
            " 'leader')",
            bad_event(start_time="'24:00:00.000000'"),
            "UPDATE unit SET kind = 'lokallag' WHERE slug = 'lyngen'",
            "UPDATE unit SET kind = 'county, other' WHERE slug = 'bardu'",  # no kind, in a list
        ):
            conn.exec_driver_sql(statement)
    engine.dispose()
    result = runner.invoke(main, ["doctor", "--json"], env=env)
    checks = {(p["check"], p["unit"]): p["text"] for p in json.loads(result.stdout)["problems"]}
    assert "«kanal med mellomrom» er ikke en Slack-kanal-ID" in checks["bad_channel", "senja"]
    assert "planbot unit set tromso --remove-leader bob" in checks["bad_leader", "tromso"]
    assert (
        "Teams-lenken er ikke en webhook fra en arbeidsflyt i Teams"
        in checks["bad_webhook", "harstad"]
    )
    assert "start_time er «24:00:00.000000»" in checks["bad_row", None]
    assert "typen «lokallag» er ukjent" in checks["bad_kind", "lyngen"]
    assert (
        "Skriv kommuneparti, fylkesparti eller annet i kolonnen «type»"
        in checks["bad_kind", "lyngen"]
    )
    assert "typen «county, other» er ukjent" in checks["bad_kind", "bardu"]
    assert "ikke en adresse" not in result.stdout  # a webhook is a secret: never shown
    # the only Teams webhook cannot be one: Teams is not in use, and nothing sends nudges
    assert ("no_route", None) in checks and ("link_secret", None) not in checks


# --- people changing things while a wave is sent --------------------------------------------


def test_a_unit_renamed_and_the_event_changed_by_two_staff_mid_wave_send_each_nudge_once(
    runtime: Runtime, standin: SlackStandIn, clock: FixedClock
) -> None:
    """A wave half sent: one staff member renames a unit, two others change the deadline's title
    and description at the same moment. The rest of the wave goes out once, in the new words; what
    was sent is not sent again."""
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    channels = {"tromso": "CTROMSO", "harstad": "CHARSTAD", "senja": "CSENJA"}
    with runtime.session() as session:
        for ref, channel in channels.items():
            unit = find_unit(session=session, ref=ref)
            update_unit(
                session=session, unit=unit, actor="t", now=clock.now(), slack_channel=channel
            )
    clock.set(oslo(2026, 11, 27, 9, 0, 30))
    dispatcher = Dispatcher(
        engine=runtime.engine,
        settings=runtime.settings,
        transports={
            "slack": SlackTransport(client=slack_client(runtime.settings), blocks=outbox_blocks)
        },
        clock=runtime.clock,
        batch_size=1,
        settle_seconds=0,
    )
    try:
        sync_plan(runtime=runtime, full=True)
        dispatcher.tick(max_rounds=1)  # the first row of the wave
        first = standin.posts()
        assert len(first) == 1
        with runtime.session() as session:  # while the wave is under way
            senja = find_unit(session=session, ref="senja")
            update_unit(
                session=session, unit=senja, actor="USTAFF01", now=clock.now(), name="Senja Ap"
            )
        with runtime.session() as b:  # two staff open the same event, one saves first
            event_b = find_event(session=b, query="forslagsfrist")
            with runtime.session() as a:
                event_a = find_event(session=a, query="forslagsfrist")
                title = PlanEventUpdate(title="Forslagsfrist (ny tittel)")
                update_event(session=a, event=event_a, changes=title, actor=STAFF, now=clock.now())
            text = PlanEventUpdate(description="Send forslagene.")
            update_event(session=b, event=event_b, changes=text, actor="USTAFF02", now=clock.now())
        for minute in (1, 2):
            clock.set(oslo(2026, 11, 27, 9, minute, 30))
            run_dispatch_tick(runtime=runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    posts = standin.posts()
    keys = [p.metadata["event_payload"]["key"] for p in posts if p.metadata]
    assert len(keys) == len(set(keys))  # nothing twice
    units = sorted(p.channel for p in posts if p.channel in channels.values())
    assert units == ["CHARSTAD", "CSENJA", "CTROMSO"]
    later = [p for p in posts[1:] if p.channel in channels.values()]
    assert later and all("Forslagsfrist (ny tittel)" in p.text for p in later)
    senja = next(p for p in posts if p.channel == "CSENJA")
    assert senja is not posts[0] and "Er Senja Ap klar?" in senja.payload["text"]
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        assert (event.title, event.description) == ("Forslagsfrist (ny tittel)", "Send forslagene.")


@pytest.mark.postgres
def test_on_postgresql_a_time_of_24_00_costs_only_its_event(
    postgres_url: str, standin: SlackStandIn, clock: FixedClock
) -> None:
    """PostgreSQL stores a time of 24:00, which no Python time can hold: the driver fails on it."""
    runtime = build_runtime(
        Settings(database_url=postgres_url, staff_channel="CSTAFF"), clock=clock
    )
    prepare_database(runtime)
    try:
        frist, notices = two_ticks(runtime, standin, clock, (bad_event(start_time="'24:00:00'"),))
        with runtime.session() as session:
            digest = render_digest_text(
                load_digest(session=session, now=clock.now(), settings=runtime.settings), "nb"
            )
    finally:
        runtime.engine.dispose()
    assert frist == ["CHARSTAD", "CTROMSO"]
    assert len(notices) == 1 and "start_time er «24:00:00»" in notices[0]
    assert "start_time er «24:00:00»" in digest
