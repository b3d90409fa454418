"""The staff digest of a county with 40 municipal parties (Nordland), read on a phone in Slack."""

from __future__ import annotations

from datetime import date

import pytest

from bot.models import Obligation, ObligationState, PlanEvent
from bot.texts import t
from schedules.digest import (
    Digest,
    OpenDeadline,
    build_digest,
    digest_blocks,
    digest_lines,
    digest_message,
)
from schedules.planner import UnitContact
from tests.utils.nordland import NORDLAND

TODAY = date(2026, 12, 7)


def nordland_digest(lang: str, *, deadlines: int, done: dict[int, set[str]]) -> Digest:
    """A digest with `deadlines` per-unit deadlines over the 40 units, `done[n]` done on deadline n."""
    units = [
        UnitContact(unit_id=n, slug=f"u{n}", name=name, channel=f"C0N{n:03d}")
        for n, name in enumerate(NORDLAND, 1)
    ]
    events, obligations = [], []
    for n in range(1, deadlines + 1):
        due = date(2026, 12, 10 + n)
        events.append(
            PlanEvent(
                id=n,
                title=f"Rapport {n} om medlemsarbeidet i kommunepartiet",
                kind="deadline",
                start_date=due,
                end_date=due,
                precision="day",
                per_unit=True,
            )
        )
        for unit in units:
            state = ObligationState.DONE if unit.name in done.get(n, set()) else "open"
            obligations.append(
                Obligation(event_id=n, unit_id=unit.unit_id, state=state, due_date=due)
            )
    return build_digest(
        today=TODAY,
        agenda=[],
        events=events,
        obligations=obligations,
        units=units,
        failed=[],
        dropped=[],
        language=lang,
    )


def slack_text(digest: Digest, lang: str) -> str:
    blocks = digest_blocks(digest_message(digest, lang))
    assert len(blocks) <= 50
    sections = [block["text"]["text"] for block in blocks if block["type"] == "section"]
    assert all(len(text) <= 3000 for text in sections)
    return "\n".join(sections)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_long_digest_is_split_in_slack_not_cut_in_the_middle_of_a_name(lang: str) -> None:
    # Eight deadlines, each with every unit but one open: the part "Åpne oppgaver" is twice what
    # one Slack section holds, and once was cut at 2,900 characters ("…, Sømna, Træn").
    done = {n: {NORDLAND[n]} for n in range(1, 9)}
    digest = nordland_digest(lang, deadlines=8, done=done)
    digest = Digest(
        week=digest.week,
        iso_week=digest.iso_week,
        open=tuple(
            OpenDeadline(d.title, d.due, d.when, d.open_units, d.total) for d in digest.open
        ),
    )
    text = slack_text(digest, lang)
    for line in digest_lines(digest, lang):
        assert line.removeprefix("## ") in text


def test_a_digest_past_slack_s_50_blocks_says_where_to_read_the_rest() -> None:
    long = OpenDeadline("Frist", None, "1. desember 2026", tuple(NORDLAND) * 9, 360)
    digest = Digest(week="uke 49 2026", iso_week="2026-W49", open=(long,) * 60)
    blocks = digest_blocks(digest_message(digest, "nb"))
    assert len(blocks) == 50
    assert blocks[-1]["text"]["text"] == t("digest.cut", "nb")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_digest_names_the_few_units_done_when_most_are_open(lang: str) -> None:
    digest = nordland_digest(lang, deadlines=3, done={1: {"Bodø", "Rana"}, 2: set(NORDLAND[:30])})
    lines = digest_lines(digest, lang)
    open_lines = [line for line in lines if "Rapport" in line]
    assert open_lines[0].endswith(
        t("units.open.all_but", lang, units="Bodø " + ("og" if lang == "nb" else "and") + " Rana")
    )
    assert open_lines[1].endswith(", ".join(NORDLAND[30:]))
    assert open_lines[2].endswith(" " + t("units.open.all", lang))
    assert "Alstahaug, Andøy" not in "\n".join(lines)


def test_a_relative_deadline_names_the_units_with_a_date_and_counts_the_rest() -> None:
    units = [UnitContact(unit_id=n, slug=f"u{n}", name=name) for n, name in enumerate(NORDLAND, 1)]
    event = PlanEvent(
        id=1,
        title="Praktisk styrearbeid",
        kind="deadline",
        precision="day",
        per_unit=True,
        relative_anchor="annual_meeting",
        relative_months=3,
    )
    own = {"Vestvågøy": date(2027, 5, 10), "Bodø": date(2027, 4, 20)}
    obligations = [
        Obligation(event_id=1, unit_id=u.unit_id, state="open", due_date=own.get(u.name))
        for u in units
    ]
    digest = build_digest(
        today=TODAY,
        agenda=[],
        events=[event],
        obligations=obligations,
        units=units,
        failed=[],
        dropped=[],
        language="nb",
    )
    lines = digest_lines(digest, "nb")
    assert (
        "• Praktisk styrearbeid (innen tre måneder etter årsmøtet): 40 av 40 gjenstår — "
        "Bodø (20. apr.), Vestvågøy (10. mai); 38 uten egen dato (se under)"
    ) in lines
    without = lines[lines.index("## " + t("digest.without_date", "nb")) + 1]
    assert without.startswith(
        "• Praktisk styrearbeid (innen tre måneder etter årsmøtet): Alstahaug"
    )
    assert "Bodø" not in without and "Vestvågøy" not in without
