"""Every nudge template rendered for every precision, in bokmål and English, checked for the broken
patterns people saw ("… starter i løpet av februar 2027 (i dag)", "Vi er halvveis i Vårkampanje")."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest

from bot.dates import Precision
from bot.models import EventKind, EventState, PlanEvent
from bot.texts import EN, NB
from schedules.policies import default_policies
from schedules.render import DEADLINE_TEMPLATES, Counts, NudgeSpec, headline_key, render_nudge
from tests.conftest import OSLO

# A span of each precision, as the importer and the built-in plan store them.
SPANS = {
    Precision.DAY: (date(2027, 4, 26), date(2027, 5, 10)),
    Precision.WEEK: (date(2027, 3, 29), date(2027, 4, 4)),
    Precision.MONTH: (date(2027, 2, 1), date(2027, 2, 28)),
    Precision.SEASON: (date(2027, 3, 1), date(2027, 5, 31)),
    Precision.QUARTER: (date(2027, 1, 1), date(2027, 3, 31)),
    Precision.YEAR: (date(2027, 1, 1), date(2027, 12, 31)),
}
KIND_OF = {
    "deadline": EventKind.DEADLINE,
    "deadline_overdue": EventKind.DEADLINE,
    "staff_summary": EventKind.DEADLINE,
    "staff_after": EventKind.DEADLINE,
    "meeting": EventKind.MEETING,
    "meeting_soon": EventKind.MEETING,
    "campaign_before": EventKind.CAMPAIGN,
    "campaign_start": EventKind.CAMPAIGN,
    "campaign_mid": EventKind.CAMPAIGN,
    "campaign_last": EventKind.CAMPAIGN,
    "training_signup": EventKind.TRAINING,
    "training_soon": EventKind.TRAINING,
}
# Which day of the span a template's relative words count from, and the days before (negative:
# after) that day on which it is sent.
ANCHOR = {
    "campaign_mid": "middle",
    "campaign_last": "end",
    **dict.fromkeys(DEADLINE_TEMPLATES, "end"),
}
SENT = {
    "deadline": (14, 7, 2, 1, 0),
    "deadline_overdue": (-1, -3, -8),
    "staff_summary": (7, 2, 0),
    "staff_after": (-1, -3),
    "campaign_start": (0,),
    "campaign_mid": (0,),
    "campaign_last": (0,),
}
# A title that is a noun phrase, and one that is a whole clause.
TITLES = ("Vårkampanje", "Landsstyret sender ut landsmøtedokumentene")
TEMPLATES = sorted({p.template for p in default_policies()} | set(KIND_OF))
RELATIVE_IN_BRACKETS = re.compile(
    r"\((i dag|i morgen|i går|om \d+ (dager|timer)|today|tomorrow|yesterday|in \d+ (days|hours))\)"
)


def renders(template: str, precision: Precision, lang: str) -> list[str]:
    """Every way the template reads: both titles, with and without a time, firm and tentative."""
    start, end = SPANS[precision]
    anchor = {"start": start, "end": end, "middle": start + (end - start) / 2}[
        ANCHOR.get(template, "start")
    ]
    out = []
    for title in TITLES:
        for at in (None, time(19)):
            for state in (EventState.CONFIRMED, EventState.TENTATIVE):
                event = PlanEvent(
                    id=1,
                    title=title,
                    kind=KIND_OF[template],
                    start_date=start,
                    end_date=end,
                    precision=precision,
                    start_time=at,
                    state=state,
                    locations=["Tromsø", "Harstad"],
                    description="Send forslagene til fylkespartiet.",
                )
                staff = template in ("staff_summary", "staff_after")
                spec = NudgeSpec(
                    template=template,
                    occ_start=start,
                    occ_end=end,
                    anchor_day=anchor,
                    unit_name=None if staff else "Målselv",
                    buttons=not staff,
                )
                for days in SENT.get(template, (14, 7, 1, 0)):
                    moments = [datetime.combine(anchor - timedelta(days=days), time(9), OSLO)]
                    if days == 0 and at is not None:
                        moments.append(datetime.combine(anchor, time(17), OSLO))
                    for moment in moments:
                        message = render_nudge(
                            key="k",
                            rule="r",
                            spec=spec,
                            event=event,
                            moment=moment,
                            language=lang,
                            tz=OSLO,
                            counts=Counts(done=3, open=18, exempt=1) if staff else None,
                            unit_id=None if staff else 7,
                            obligation_id=None if staff else 9,
                        )
                        out.append("\n".join([message.headline, *message.details]))
                        out.append(message.when_text)
    return out


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("precision", list(Precision))
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_reads_right_for_every_precision(
    template: str, precision: Precision, lang: str
) -> None:
    assert headline_key(template, precision) in NB
    assert headline_key(template, precision) in EN
    for text in renders(template, precision, lang):
        assert "{" not in text and "}" not in text, text
        assert "None" not in text, text
        assert "  " not in text, text
        assert not re.search(r" [,.!?;:]|[,.]{2}|\.\s*[.,]", text), text
        assert not RELATIVE_IN_BRACKETS.search(text), text
        for title in TITLES:
            # A title leads its sentence (after the emoji); it never sits capitalised mid-sentence.
            assert not re.search(r"\w[\w,]* " + re.escape(title), text), text
        lines = text.split("\n")
        if len(lines) > 1 or lines[0][:1] in "⏰⚠📋📅📣🎓":
            sentences = [line for line in lines if not line.startswith(("Sted:", "Where:"))]
            assert all(line.endswith((".", "!", "?")) for line in sentences), text
        if template in ("deadline", "deadline_overdue") and len(lines) > 1:
            # What to do comes first, what to press last (beside the buttons).
            assert lines[1].startswith(("Oppgaven:", "What to do:")), text
            assert lines[-1].startswith(("Er Målselv", "Trykk", "Is Målselv", "Press")), text
        if precision != Precision.DAY:
            assert not re.search(
                r"halvveis|halfway|starter i dag|starts today|(?<!midt )\bi (våren|høsten|sommeren|vinteren)",
                text,
            ), text


@pytest.mark.parametrize(
    ("template", "precision", "days", "expected"),
    [
        (
            "meeting_soon",
            Precision.MONTH,
            0,
            "📅 Landsstyret sender ut landsmøtedokumentene: i løpet av februar 2027, som begynner i dag.",
        ),
        (
            "campaign_start",
            Precision.SEASON,
            0,
            "📣 Landsstyret sender ut landsmøtedokumentene: i løpet av våren 2027, som begynner i dag.",
        ),
        (
            "deadline",
            Precision.DAY,
            7,
            "⏰ Landsstyret sender ut landsmøtedokumentene: fristen går ut om 7 dager, mandag 10. mai 2027.",
        ),
        (
            "deadline",
            Precision.MONTH,
            0,
            "⏰ Landsstyret sender ut landsmøtedokumentene: fristen går ut i dag, ved utgangen av februar 2027.",
        ),
    ],
)
def test_the_sentences_people_saw_now_read_right(
    template: str, precision: Precision, days: int, expected: str
) -> None:
    start, end = SPANS[precision]
    anchor = end if template in DEADLINE_TEMPLATES else start
    event = PlanEvent(
        id=1,
        title=TITLES[1],
        kind=KIND_OF[template],
        start_date=start,
        end_date=end,
        precision=precision,
    )
    spec = NudgeSpec(template=template, occ_start=start, occ_end=end, anchor_day=anchor)
    moment = datetime.combine(anchor - timedelta(days=days), time(9), OSLO)
    message = render_nudge(
        key="k", rule="r", spec=spec, event=event, moment=moment, language="nb", tz=OSLO
    )
    assert message.headline == expected


def test_a_season_campaign_says_once_how_firm_its_date_is() -> None:
    start, end = SPANS[Precision.SEASON]
    event = PlanEvent(
        id=1,
        title="Kontingentringing (ringeperiode)",
        kind=EventKind.CAMPAIGN,
        start_date=start,
        end_date=end,
        precision=Precision.SEASON,
        state=EventState.TENTATIVE,
    )
    spec = NudgeSpec(
        template="campaign_mid",
        occ_start=start,
        occ_end=end,
        anchor_day=start + (end - start) / 2,
        unit_name="Målselv",
    )
    moment = datetime.combine(date(2027, 4, 15), time(9), OSLO)
    message = render_nudge(
        key="k", rule="r", spec=spec, event=event, moment=moment, language="nb", tz=OSLO
    )
    assert message.headline == (
        "📣 Kontingentringing (ringeperiode): vi er midt i våren 2027. Hvordan går det i Målselv?"
    )
    assert message.details == (
        "Planen sier foreløpig bare «våren 2027»; dagen er ikke fastsatt ennå.",
    )


@pytest.mark.parametrize(
    ("precision", "wanted", "unwanted"),
    [
        (Precision.DAY, "Tidspunktet er antatt", "Datoen er foreløpig"),
        (Precision.SEASON, "Planen sier foreløpig bare «våren 2027»", "Tidspunktet er antatt"),
    ],
)
def test_an_assumed_tentative_event_gets_one_note_on_how_firm_its_date_is(
    precision: Precision, wanted: str, unwanted: str
) -> None:
    start, end = SPANS[precision]
    event = PlanEvent(
        id=1,
        title="Organisasjonsnytt",
        kind=EventKind.MEETING,
        start_date=start,
        end_date=start if precision == Precision.DAY else end,
        precision=precision,
        start_time=time(18),
        state=EventState.TENTATIVE,
        assumptions="Ukedag og klokkeslett er ikke satt i planen.",
    )
    spec = NudgeSpec(
        template="meeting",
        occ_start=event.start_date,
        occ_end=event.end_date,
        anchor_day=start,
        unit_name="Målselv",
        buttons=False,
    )
    moment = datetime.combine(start - timedelta(days=7), time(9), OSLO)
    message = render_nudge(
        key="k", rule="r", spec=spec, event=event, moment=moment, language="nb", tz=OSLO
    )
    notes = " ".join(message.details)
    assert wanted in notes and unwanted not in notes, notes
