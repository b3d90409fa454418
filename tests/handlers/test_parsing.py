"""Argument parsers: tables of what people type, and hypothesis: any text gets a reply, no exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.phrases import Period, PlanQuery
from bot.services.matching import match_named
from handlers.commands.ferdig import build_ferdig_reply
from handlers.commands.plan import build_plan_reply, plan_action
from handlers.commands.status import build_status_reply
from handlers.deps import Deps
from handlers.parsing import (
    FerdigRequest,
    Help,
    PlanAction,
    StatusRequest,
    parse_ferdig_args,
    parse_plan_args,
    parse_status_args,
)
from tests.conftest import LEADER, OUTSIDER, STAFF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", PlanQuery(Period(days=14))),
        ("uke", PlanQuery(Period(days=7))),
        ("Måned", PlanQuery(Period(days=30))),
        ("month", PlanQuery(Period(days=30))),
        ("60 dager", PlanQuery(Period(days=60))),
        ("10d", PlanQuery(Period(days=10))),
        ("neste 3 days", PlanQuery(Period(days=3))),
        ("neste uke", PlanQuery(Period("next_week"))),
        ("«Denne uka»", PlanQuery(Period("this_week"))),
        ("mars 2027", PlanQuery(Period("month", number=3, year=2027))),
        ("uke 13", PlanQuery(Period("week", number=13))),
        ("frister", PlanQuery(Period(days=120), frozenset({"deadline"}))),
        ("møter 30 dager", PlanQuery(Period(days=30), frozenset({"meeting"}))),
        ("hjelp", Help()),
        ("help", Help()),
        ("ny", PlanAction("new")),
        ("legg til", PlanAction("new")),
        ("endre Forslagsfrist til landsmøtet", PlanAction("edit", "Forslagsfrist til landsmøtet")),
        ("avlys #3", PlanAction("cancel", "#3")),
        ("enhet Tromsø", PlanAction("unit", "Tromsø")),
        ("enhet «Tromsø»", PlanAction("unit", "Tromsø")),
        ('endre "Teamsmøte"', PlanAction("edit", "Teamsmøte")),
        ("0 dager", PlanQuery(Period(days=0))),  # understood; the reply names the range
        ("400 dager", PlanQuery(Period(days=400))),
        ("blåbær", Help(unknown="blåbær")),
    ],
)
def test_plan_arguments(text: str, expected: object) -> None:
    assert parse_plan_args(text) == expected


def test_status_and_ferdig_arguments() -> None:
    assert parse_status_args("  ") == StatusRequest("")
    assert parse_status_args("HJELP") == Help()
    assert parse_status_args("forslags  frist") == StatusRequest("forslags frist")
    assert parse_ferdig_args("") == FerdigRequest("")
    assert parse_ferdig_args("hjelp") == Help()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("forslagsfrist", FerdigRequest("forslagsfrist")),
        ("forslagsfrist Vi sendte to forslag", FerdigRequest("forslagsfrist Vi sendte to forslag")),
        (
            "forslagsfrist | Vi har  ingen forslag",
            FerdigRequest("forslagsfrist", "Vi har ingen forslag"),
        ),
        ("| bare en merknad", FerdigRequest("", "bare en merknad")),
        ("forslagsfrist |", FerdigRequest("forslagsfrist")),
        ("angre forslagsfrist", FerdigRequest("forslagsfrist", undo=True)),
        ("Undo «forslagsfrist» Tromsø", FerdigRequest("«forslagsfrist» Tromsø", undo=True)),
        ("hjelp | x", FerdigRequest("hjelp", "x")),
    ],
)
def test_ferdig_arguments_take_a_note_only_after_the_bar(text: str, expected: object) -> None:
    assert parse_ferdig_args(text) == expected


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80
) | st.sampled_from(
    [
        "uke",
        "måned",
        "60 dager",
        "frister",
        "ny",
        "endre",
        "avlys x",
        "enhet",
        "#1",
        "#999999",
        "-1 dager",
    ]
).flatmap(lambda w: st.text(max_size=10).map(lambda s: f"{w} {s}"))


@given(texts)
def test_parsers_never_raise(text: str) -> None:
    assert parse_plan_args(text) is not None
    assert parse_status_args(text) is not None
    assert parse_ferdig_args(text) is not None
    match_named(text, ["Forslagsfrist til landsmøtet 2027", "Skolering"], title=str)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, user=st.sampled_from([STAFF, LEADER, OUTSIDER]))
def test_any_text_gets_a_reply_from_every_command(runtime, text: str, user: str) -> None:
    deps = Deps(runtime)
    with runtime.session() as session:
        plan = parse_plan_args(text)
        if isinstance(plan, PlanAction):
            command = {"user_id": user, "channel_id": "C0GENERAL"}
            reply, modal = plan_action(session=session, deps=deps, command=command, request=plan)
            assert (reply and reply.blocks) or modal
        else:
            assert build_plan_reply(session=session, deps=deps, request=plan, user_id=user).blocks
        assert build_status_reply(
            session=session, deps=deps, user_id=user, request=parse_status_args(text)
        ).blocks
        assert build_ferdig_reply(
            session=session, deps=deps, user_id=user, request=parse_ferdig_args(text)
        ).blocks
        session.rollback()


@pytest.mark.parametrize("typed", ["«»", '""', "|", "||", " « » "])
def test_quotes_or_bars_alone_are_no_words(typed: str) -> None:
    assert parse_status_args(typed) == StatusRequest("")
    request = parse_ferdig_args(typed)
    assert isinstance(request, FerdigRequest) and request.text == "" and request.note is None


def test_a_pasted_paragraph_is_quoted_back_short() -> None:
    pasted = "Vi foreslår at landsmøtet vedtar " + "en bedre ferjeforbindelse " * 40
    request = parse_ferdig_args("forslagsfrist " + pasted)
    assert isinstance(request, FerdigRequest)
    assert request.text.startswith("forslagsfrist Vi foreslår") and request.text.endswith(" …")
    assert len(request.text) <= 102
    unknown = parse_plan_args(pasted)
    assert isinstance(unknown, Help) and len(unknown.unknown or "") <= 102
    assert parse_status_args("forslagsfrist") == StatusRequest("forslagsfrist")
