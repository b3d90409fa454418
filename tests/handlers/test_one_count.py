"""One counting service: every view of a deadline shows the same numbers (issue 9).

The plan: the forslagsfrist with 2 units done, 1 exempt, Svalbard made inactive (its obligation
stays open in the database) and the other 18 open. Every view must say 2 of 21 done, 18 open,
1 exempt, and name Svalbard as inactive instead of counting it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta

import pytest
from click.testing import CliRunner, Result

from bot.models import ObligationState
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation, set_obligation_state
from bot.services.units import find_unit, update_unit
from handlers.blocks import nudge_blocks
from planbot.cli import main
from planbot.sandbox import blocks_to_text
from schedules.digest import digest_message, load_digest, render_digest_text
from schedules.outbox import plan_window
from schedules.teams_cards import digest_card, nudge_card
from tests.conftest import OSLO, STAFF
from tests.handlers.test_interactive import published

NB_SUMMARY = "2 av 21 kommunepartier har levert, 18 gjenstår, 1 ikke aktuelt"
INACTIVE = "Ikke aktive kommunepartier (telles ikke med): Svalbard (Longyearbyen)"


@pytest.fixture
def counted_plan(runtime: Runtime) -> Runtime:
    """Tromsø and Harstad done, Senja exempt, Svalbard inactive, the rest open."""
    now = runtime.clock.now()
    with runtime.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        for slug, state in (
            ("tromso", ObligationState.DONE),
            ("harstad", ObligationState.DONE),
            ("senja", ObligationState.EXEMPT),
        ):
            obligation = get_obligation(
                session=session, event=event, unit=find_unit(session=session, ref=slug)
            )
            set_obligation_state(
                session=session, obligation=obligation, state=state, actor=STAFF, now=now
            )
        svalbard = find_unit(session=session, ref="svalbard")
        update_unit(session=session, unit=svalbard, actor=STAFF, now=now, active=False)
    return runtime


def cli(runtime: Runtime, *args: str) -> str:
    result = cli_result(runtime, *args)
    assert result.exit_code == 0, result.output
    return result.output


def cli_result(runtime: Runtime, *args: str) -> Result:
    """`planbot ARGS` on the runtime's database, its clock and settings."""
    env = {
        "DATABASE_URL": runtime.settings.database_url,
        "PLANBOT_NOW": runtime.clock.now().isoformat(),
        "PLANBOT_LANGUAGE": "nb",
        # The same settings as the runtime: the digest names what the settings lack.
        "PLANBOT_STAFF_USERS": ",".join(sorted(runtime.settings.staff_users)),
        "PLANBOT_STAFF_CHANNEL": runtime.settings.staff_channel or "",
    }
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def numbers(text: str) -> tuple[int, int, int]:
    """(done, total, open) as a sentence about the forslagsfrist says them."""
    found = re.search(
        r"(\d+) av (\d+) kommunepartier (?:(?:er |har meldt )?ferdige?|har levert), (\d+) gjenstår",
        text,
    )
    assert found, text
    done, total, open_ = (int(n) for n in found.groups())
    return done, total, open_


def staff_summary(runtime: Runtime):
    since = datetime.combine(runtime.clock.now().date() + timedelta(days=1), time(0), tzinfo=OSLO)
    with runtime.session() as session:
        planned = plan_window(
            session=session, since=since, until=since + timedelta(days=1), settings=runtime.settings
        )
    return next(
        p.message
        for p in planned
        if p.event_title.startswith("Forslagsfrist") and p.target_label == "staff"
    )


def test_every_view_shows_the_same_numbers_and_names_the_inactive_unit(
    counted_plan: Runtime, slack, standin
) -> None:
    runtime = counted_plan
    expected = (2, 21, 18)

    overview = cli(runtime, "status")
    assert NB_SUMMARY in overview and INACTIVE in overview
    detail = cli(runtime, "status", "forslagsfrist")
    assert NB_SUMMARY in detail and INACTIVE in detail
    assert "⬜ Svalbard" not in detail

    data = json.loads(cli(runtime, "status", "--json"))
    frist = next(d for d in data if d["title"].startswith("Forslagsfrist"))
    assert (frist["done"], frist["total"], frist["open"], frist["exempt"]) == (2, 21, 18, 1)
    assert frist["inactive"] == [{"unit": "svalbard", "name": "Svalbard (Longyearbyen)"}]
    assert "svalbard" not in {u["unit"] for u in frist["units"]}

    reply = slack.command("/status", user=STAFF).reply
    assert NB_SUMMARY in reply and INACTIVE in reply

    slack.event({"type": "app_home_opened", "user": STAFF, "tab": "home"})
    home = published(standin)
    assert NB_SUMMARY in home and INACTIVE in home

    summary = staff_summary(runtime)
    slack_text = blocks_to_text(nudge_blocks(summary))
    assert numbers(summary.headline) == expected
    assert slack_text.count("Gjenstår:") == 1, slack_text
    # 18 of 21 still owe: the summary names the three that do not, as the digest does.
    assert summary.units_open == ()
    assert "Gjenstår: alle unntatt Harstad, Senja og Tromsø" in slack_text
    assert "Ikke aktuelt for 1 av dem." in slack_text and INACTIVE in slack_text
    summary_card = json.dumps(nudge_card(summary, links={}), ensure_ascii=False)
    assert numbers(summary_card) == expected and summary_card.count("Gjenstår:") == 1

    digest = cli(runtime, "digest")
    assert "18 av 21 gjenstår" in digest and "Svalbard" in digest.split("Ikke aktive")[-1]
    with runtime.session() as session:
        built = load_digest(session=session, now=runtime.clock.now(), settings=runtime.settings)
    assert render_digest_text(built, "nb").strip() == digest.strip()
    digest_json = json.dumps(digest_card(digest_message(built, "nb")), ensure_ascii=False)
    assert "18 av 21 gjenstår" in digest_json and "Svalbard" in digest_json


# --- relative deadlines: each unit's own date, and the units without one ----------------------

PRAKTISK = "Skolering i praktisk styrearbeid"


def test_relative_deadline_shows_each_units_own_date_and_who_has_none(
    runtime: Runtime, slack, standin, leader: str
) -> None:
    cli(runtime, "unit", "set", "tromso", "--annual-meeting", "2027-01-30")

    plan = slack.command("/plan", "frister", user=leader).reply
    assert "Frister som regnes fra hvert kommunepartis egen dato" in plan
    assert "innen tre måneder etter årsmøtet" in plan and "Tromsø: fredag 30. april 2027" in plan
    assert "Uten dato" not in plan

    status = slack.command("/status", user=leader).reply
    assert f"{PRAKTISK} for det nye styret (fredag 30. april 2027)" in status
    assert "løpende frist" not in status
    own = slack.command("/status", "praktisk", user=leader).reply
    assert "Tromsø: gjenstår — frist 30. april 2027" in own and "Balsfjord" not in own

    slack.event({"type": "app_home_opened", "user": leader, "tab": "home"})
    assert f"{PRAKTISK} for det nye styret (fredag 30. april 2027)" in published(standin)

    staff = slack.command("/status", "praktisk", user=STAFF).reply
    assert "Tromsø: gjenstår — frist 30. april 2027" in staff
    assert "Balsfjord: gjenstår — mangler dato for årsmøtet" in staff
    assert "Mangler dato for årsmøtet: Balsfjord, Bardu," in staff
    assert "21 mangler dato for årsmøtet" in cli(runtime, "status")
    detail = json.loads(cli(runtime, "status", "praktisk", "--json"))
    assert len(detail["without_date"]) == 21 and "tromso" not in detail["without_date"]

    digest = cli(runtime, "digest")
    open_line = next(line for line in digest.splitlines() if line.startswith(f"• {PRAKTISK}"))
    assert "Tromsø (30. apr.)" in open_line and "Balsfjord (30. apr.)" not in open_line
    missing = digest.split("Kommunepartier som mangler egen dato for en frist")[1]
    assert "Balsfjord" in missing and "Tromsø" not in missing


def test_a_leader_without_an_annual_meeting_date_is_told_what_is_missing(
    runtime: Runtime, slack, leader: str
) -> None:
    status = slack.command("/status", user=leader).reply
    assert "innen tre måneder etter årsmøtet, mangler dato for årsmøtet" in status
    plan = slack.command("/plan", "frister", user=leader).reply
    assert "Tromsø: mangler dato for årsmøtet" in plan
