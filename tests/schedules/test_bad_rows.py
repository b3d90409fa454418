"""A bad row already in the database (an old version, a hand edit) never stops the planner or the
dispatcher: it is skipped, everything else is planned and sent, and staff are told once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text

from bot.db import make_engine, session_scope
from bot.runtime import Runtime
from bot.services.units import find_unit, update_unit
from planbot.cli import main
from planbot.testing.slack_standin import SlackStandIn
from schedules.digest import load_digest, render_digest_text
from schedules.jobs import run_dispatch_tick
from schedules.policies import ensure_policies
from tests.conftest import oslo
from tests.schedules.test_dispatcher import dispatcher_for


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
    runtime.settings = runtime.settings.with_changes(
        slack_bot_token="xoxb-test", slack_api_url=standin.api_url.rstrip("/")
    )
    with runtime.session() as session:
        for ref in ("tromso", "harstad"):
            unit = find_unit(session=session, ref=ref)
            update_unit(
                session=session,
                unit=unit,
                actor="t",
                now=clock.now(),
                slack_channel=f"C{ref.upper()}",
            )
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
    notices = [p.text for p in posts if p.channel == "CSTAFF" and "må rettes" in p.text]
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
