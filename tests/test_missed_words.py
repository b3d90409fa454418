"""A deadline gone by, told per unit as staff read it the morning after: the units that did not
make it «ikke levert» / «ikke svart» / «ikke ferdig», and the count «… har ikke levert», as the
overview's «Forfalt» line says — not «gjenstår», which reads as if there were still time."""

from __future__ import annotations

from datetime import date

from bot.report import render_detail, render_overview
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.status import deadline_detail, deadline_overview
from tests.conftest import OSLO
from tests.test_after13 import hand_in_all_but


def detail_on(runtime: Runtime, query: str, today: date, lang: str = "nb") -> tuple[str, dict]:
    with runtime.session() as session:
        event = find_event(session=session, query=query)
        detail = deadline_detail(session=session, event=event, today=today)
        return render_detail(detail, lang, tz=OSLO), {
            row.unit_slug: row.as_json() for row in detail.rows
        }


def test_the_morning_after_the_units_that_did_not_hand_in_are_ikke_levert(
    runtime: Runtime,
) -> None:
    with runtime.session() as session:
        hand_in_all_but(session)
        overview = render_overview(
            deadline_overview(session=session, today=date(2026, 12, 2)), "nb"
        )
    text, rows = detail_on(runtime, "forslagsfrist", date(2026, 12, 2))
    assert "19 av 22 kommunepartier har levert, 3 har ikke levert" in text
    assert "⬜ Bardu: ikke levert" in text
    assert "gjenstår" not in text
    assert "3 kommunepartier har ikke levert" in overview  # the overview's words, the same count
    assert rows["bardu"]["late"] is True and rows["tromso"]["late"] is False


def test_on_the_deadline_day_they_still_have_time(runtime: Runtime) -> None:
    with runtime.session() as session:
        hand_in_all_but(session)
    text, rows = detail_on(runtime, "forslagsfrist", date(2026, 12, 1))
    assert "19 av 22 kommunepartier har levert, 3 gjenstår" in text
    assert "⬜ Bardu: gjenstår" in text
    assert rows["bardu"]["late"] is False


def test_in_english_too(runtime: Runtime) -> None:
    with runtime.session() as session:
        hand_in_all_but(session)
    text, _ = detail_on(runtime, "forslagsfrist", date(2026, 12, 2), lang="en")
    assert "19 of 22 municipal parties have handed in, 3 have not" in text
    assert "Bardu: not handed in" in text
