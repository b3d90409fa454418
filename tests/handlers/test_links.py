"""Signed links from Teams cards: genuine ones work once; tampered, expired and reused ones change
nothing and say so; a GET never acts. Served over real HTTP by the same web app as Slack's events."""

from __future__ import annotations

import base64
import dataclasses
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.links import (
    LinkExpired,
    LinkInvalid,
    LinkUsed,
    claim_link,
    sign_link,
    verify_link,
)
from bot.messages import ACTION_DONE, ACTION_EXEMPT, ACTION_SNOOZE
from bot.models import (
    AuditEntry,
    Nudge,
    NudgeState,
    Obligation,
    ObligationState,
    PlanEvent,
    UsedLink,
)
from bot.runtime import Runtime
from bot.services.events import find_event
from bot.services.obligations import get_obligation
from bot.services.units import find_unit
from handlers.app import build_app
from handlers.teams_links import ACTOR
from handlers.teams_pages import LinkPages, add_link_routes
from handlers.web import WebApp
from planbot.testing.slack_standin import SlackStandIn
from tests.handlers.slack import SECRET as SLACK_SECRET
from tests.utils.obligations import mark_as
from tests.utils.web import serving

LINK_SECRET = "test-link-secret-0123456789-abcdefghijklmnop"
FORSLAGSFRIST = "forslagsfrist-landsmotet-2027"


@dataclasses.dataclass
class Site:
    """The bot's HTTP server with the link pages mounted, and its runtime."""

    base: str
    runtime: Runtime

    def link(self, action: str, obligation_id: int, **kwargs: object) -> str:
        expires = kwargs.pop("expires_at", self.runtime.clock.now() + timedelta(days=14))
        token = sign_link(
            action=action,
            obligation_id=obligation_id,
            nudge_id=kwargs.pop("nudge_id", None),  # type: ignore[arg-type]
            expires_at=expires,  # type: ignore[arg-type]
            secret=str(kwargs.pop("secret", LINK_SECRET)),
        )
        return f"{self.base}/lenke/{token}"


def fetch(url: str, *, method: str = "GET") -> tuple[int, str]:
    """An HTTP request as a browser makes it (a form POST has a small body)."""
    data = b"" if method == "POST" else None
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def serve(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    client = WebClient(token="xoxb-test", base_url=standin.api_url)
    web = WebApp(build_app(runtime=runtime, client=client, signing_secret=SLACK_SECRET))
    add_link_routes(
        web, LinkPages(engine=runtime.engine, settings=runtime.settings, clock=runtime.clock)
    )
    with serving(web) as origin:
        yield Site(origin, runtime)


def with_links(runtime: Runtime, **changes: object) -> Runtime:
    settings = runtime.settings.with_changes(
        link_secret=LINK_SECRET,
        public_url="https://planbot.example.org",
        **changes,  # type: ignore[arg-type]
    )
    return dataclasses.replace(runtime, settings=settings)


@pytest.fixture
def site(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    yield from serve(with_links(runtime), standin)


@pytest.fixture
def site_en(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    yield from serve(with_links(runtime, language="en"), standin)


def obligation_of(session: Session, unit: str = "tromso") -> Obligation:
    event = find_event(session=session, query=FORSLAGSFRIST)
    return get_obligation(session=session, event=event, unit=find_unit(session=session, ref=unit))


def state_of(runtime: Runtime, obligation_id: int) -> str:
    with runtime.session() as session:
        obligation = session.get(Obligation, obligation_id)
        assert obligation is not None
        return obligation.state


def audit_count(runtime: Runtime) -> int:
    with runtime.session() as session:
        return len(session.exec(select(AuditEntry)).all())


def done_marks(runtime: Runtime, obligation_id: int) -> int:
    """How many times the audit log says the obligation was marked done."""
    with runtime.session() as session:
        return len(
            session.exec(
                select(AuditEntry).where(
                    AuditEntry.entity_id == obligation_id, AuditEntry.action == "mark_done"
                )
            ).all()
        )


def sent_teams_nudge(session: Session, obligation_id: int, *, now: datetime) -> int:
    """The id of a week-before nudge already sent to the obligation's unit's Teams channel."""
    obligation = session.get(Obligation, obligation_id)
    assert obligation is not None
    nudge = Nudge(
        key="test:forslagsfrist:d7:tromso/teams",
        rule="d7",
        event_id=obligation.event_id,
        unit_id=obligation.unit_id,
        obligation_id=obligation_id,
        target="teams:tromso",
        transport="teams",
        state=NudgeState.SENT,
        due_at=now,
        payload={"origin": "plan", "spec": None, "message": {}},
    )
    session.add(nudge)
    session.flush()
    assert nudge.id is not None
    return nudge.id


@pytest.fixture
def tromso(runtime: Runtime) -> int:
    with runtime.session() as session:
        return obligation_of(session).id or 0


# --- the signature itself -------------------------------------------------------------------


def test_a_genuine_token_says_what_it_was_signed_for(clock) -> None:
    expires = clock.now() + timedelta(days=3)
    token = sign_link(
        action=ACTION_SNOOZE, obligation_id=7, nudge_id=9, expires_at=expires, secret=LINK_SECRET
    )
    claims = verify_link(token=token, secret=LINK_SECRET, now=clock.now())
    assert (claims.action, claims.obligation_id, claims.nudge_id) == (ACTION_SNOOZE, 7, 9)
    assert claims.expires_at == expires.replace(microsecond=0)
    other = sign_link(
        action=ACTION_SNOOZE, obligation_id=7, nudge_id=9, expires_at=expires, secret=LINK_SECRET
    )
    assert other != token  # a fresh nonce each time: every link is its own


def _forge(token: str, change: tuple[str, str]) -> str:
    payload, signature = token.split(".")
    text = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    forged = text.replace(*change)
    assert forged != text
    encoded = base64.urlsafe_b64encode(forged.encode()).rstrip(b"=").decode()
    return f"{encoded}.{signature}"


@pytest.mark.parametrize(
    "change",
    [
        ("planbot_done", "planbot_snooze"),  # another action
        ("|7|", "|8|"),  # another obligation
        ("|9|", "|10|"),  # another nudge
        ("|17", "|19"),  # a later expiry
    ],
)
def test_changing_any_field_breaks_the_signature(clock, change: tuple[str, str]) -> None:
    token = sign_link(
        action=ACTION_DONE,
        obligation_id=7,
        nudge_id=9,
        expires_at=clock.now() + timedelta(days=3),
        secret=LINK_SECRET,
    )
    with pytest.raises(LinkInvalid):
        verify_link(token=_forge(token, change), secret=LINK_SECRET, now=clock.now())


@pytest.mark.parametrize(
    "token", ["", "abc", "a.b", "x" * 500, "ÆØÅ.ÆØÅ", "dGVzdA." + "A" * 43, "../../etc/passwd"]
)
def test_garbage_is_invalid(clock, token: str) -> None:
    with pytest.raises(LinkInvalid):
        verify_link(token=token, secret=LINK_SECRET, now=clock.now())


def test_another_secret_and_expiry(clock) -> None:
    expires = clock.now() + timedelta(hours=1)
    token = sign_link(
        action=ACTION_DONE, obligation_id=1, nudge_id=None, expires_at=expires, secret=LINK_SECRET
    )
    with pytest.raises(LinkInvalid):
        verify_link(token=token, secret=LINK_SECRET + "x", now=clock.now())
    assert verify_link(token=token, secret=LINK_SECRET, now=expires - timedelta(seconds=1))
    with pytest.raises(LinkExpired):
        verify_link(token=token, secret=LINK_SECRET, now=expires)


def test_exempt_is_never_a_link(clock) -> None:
    with pytest.raises(ValueError):
        sign_link(
            action=ACTION_EXEMPT,
            obligation_id=1,
            nudge_id=None,
            expires_at=clock.now() + timedelta(days=1),
            secret=LINK_SECRET,
        )


def test_a_link_is_claimed_once(runtime: Runtime, clock) -> None:
    token = sign_link(
        action=ACTION_DONE,
        obligation_id=1,
        nudge_id=None,
        expires_at=clock.now() + timedelta(days=1),
        secret=LINK_SECRET,
    )
    claims = verify_link(token=token, secret=LINK_SECRET, now=clock.now())
    with runtime.session() as session:
        claim_link(session=session, claims=claims, now=clock.now())
    with runtime.session() as session, pytest.raises(LinkUsed):
        claim_link(session=session, claims=claims, now=clock.now())


# --- the pages ------------------------------------------------------------------------------


def test_get_asks_in_norwegian_and_changes_nothing(site: Site, tromso: int) -> None:
    url = site.link(ACTION_DONE, tromso)
    before = audit_count(site.runtime)
    for _ in range(3):  # link previews, a second look
        status, page = fetch(url)
        assert status == 200
        assert "Vil du melde «Forslagsfrist til landsmøtet" in page
        assert "ferdig for Tromsø?" in page
        assert '<form method="post">' in page
        assert "Ja, meld ferdig" in page
        assert '<meta name="viewport"' in page
    status, _ = fetch(url, method="HEAD")
    assert status == 200
    assert state_of(site.runtime, tromso) == ObligationState.OPEN
    assert audit_count(site.runtime) == before
    with site.runtime.session() as session:
        assert session.exec(select(UsedLink)).all() == []


def test_post_marks_done_like_the_slack_button_then_the_link_is_spent(
    site: Site, tromso: int
) -> None:
    rt = site.runtime
    with rt.session() as session:
        obligation = session.get(Obligation, tromso)
        assert obligation is not None
        queued = Nudge(
            key="test:forslagsfrist:tromso/teams",
            rule="d2",
            event_id=obligation.event_id,
            unit_id=obligation.unit_id,
            obligation_id=tromso,
            target="teams:tromso",
            transport="teams",
            due_at=rt.clock.now() + timedelta(days=2),
            next_attempt_at=rt.clock.now() + timedelta(days=2),
        )
        session.add(queued)
    url = site.link(ACTION_DONE, tromso)
    status, page = fetch(url, method="POST")
    assert status == 200
    assert "Takk! «Forslagsfrist til landsmøtet 2027» er meldt ferdig for Tromsø." in page
    with rt.session() as session:
        obligation = session.get(Obligation, tromso)
        assert obligation is not None
        assert obligation.state == ObligationState.DONE
        assert obligation.changed_by == ACTOR
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "obligation", AuditEntry.entity_id == tromso
            )
        ).one()
        assert (entry.action, entry.actor) == ("mark_done", ACTOR)
        assert entry.before == {"state": "open"} and entry.after == {"state": "done"}
        row = session.exec(select(Nudge).where(Nudge.key == queued.key)).one()
        assert row.state == NudgeState.CANCELLED
    # Reopened by staff, the spent link still changes nothing.
    mark_as(rt, tromso, ObligationState.OPEN, actor="USTAFF01")
    before = audit_count(rt)
    for method in ("POST", "GET"):
        status, page = fetch(url, method=method)
        assert status == 409
        assert "Denne lenken er allerede brukt" in page
        assert "Ingenting er endret" in page
        assert "<form" not in page
    assert state_of(rt, tromso) == ObligationState.OPEN
    assert audit_count(rt) == before


def test_tampered_links_change_nothing_and_say_so(site: Site, tromso: int) -> None:
    genuine = site.link(ACTION_DONE, tromso)
    base, token = genuine.rsplit("/", 1)
    with site.runtime.session() as session:
        other = obligation_of(session, "harstad").id or 0
    forged_payload = _forge(token, (f"|{tromso}|", f"|{other}|"))
    forged_signature = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_secret = site.link(ACTION_DONE, tromso, secret="another-secret-0123456789-0123456789")
    before = audit_count(site.runtime)
    for url in (f"{base}/{forged_payload}", f"{base}/{forged_signature}", other_secret):
        for method in ("GET", "POST"):
            status, page = fetch(url, method=method)
            assert status == 400
            assert "Denne lenken er ikke gyldig" in page
            assert "Ingenting er endret" in page
    assert state_of(site.runtime, tromso) == ObligationState.OPEN
    assert state_of(site.runtime, other) == ObligationState.OPEN
    assert audit_count(site.runtime) == before


def test_an_expired_link_changes_nothing_and_says_when_it_expired(site: Site, tromso: int) -> None:
    expired = site.link(
        ACTION_DONE, tromso, expires_at=site.runtime.clock.now() - timedelta(minutes=1)
    )
    for method in ("GET", "POST"):
        status, page = fetch(expired, method=method)
        assert status == 410
        assert "Denne lenken gikk ut mandag 23. november 2026" in page
    assert state_of(site.runtime, tromso) == ObligationState.OPEN


def test_snooze_link_queues_tomorrows_reminder(site: Site, tromso: int) -> None:
    rt = site.runtime
    with rt.session() as session:
        nudge_id = sent_teams_nudge(session, tromso, now=rt.clock.now())
    url = site.link(ACTION_SNOOZE, tromso, nudge_id=nudge_id)
    status, page = fetch(url)
    assert status == 200 and "Ja, minn meg på i morgen" in page
    status, page = fetch(url, method="POST")
    assert status == 200
    assert "Dere får en ny påminnelse om «Forslagsfrist til landsmøtet 2027» i morgen" in page
    with rt.session() as session:
        again = session.exec(
            select(Nudge).where(Nudge.key == "test:forslagsfrist:d7:tromso/teams/snooze:2026-11-24")
        ).one()
        assert again.transport == "teams" and again.state == NudgeState.PENDING
        assert again.due_at == datetime.fromisoformat("2026-11-24T09:00+01:00")
        audit = session.exec(select(AuditEntry).where(AuditEntry.entity == "nudge")).one()
        assert (audit.action, audit.actor) == ("snooze", ACTOR)
    assert state_of(rt, tromso) == ObligationState.OPEN
    assert fetch(url, method="POST")[0] == 409


def test_a_link_whose_nudge_is_another_units_changes_nothing(site: Site, tromso: int) -> None:
    rt = site.runtime
    with rt.session() as session:
        harstad = obligation_of(session, "harstad")
        foreign = Nudge(
            key="test:forslagsfrist:d7:harstad",
            rule="d7",
            event_id=harstad.event_id,
            unit_id=harstad.unit_id,
            obligation_id=harstad.id,
            target="C0HARSTAD",
            state=NudgeState.SENT,
            due_at=rt.clock.now(),
            payload={"origin": "plan", "spec": None, "message": {}},
        )
        session.add(foreign)
        session.flush()
        nudge_id = foreign.id
    url = site.link(ACTION_SNOOZE, tromso, nudge_id=nudge_id)
    assert fetch(url)[0] == 404
    status, page = fetch(url, method="POST")
    assert status == 404 and "Fant ikke denne oppgaven lenger" in page
    with rt.session() as session:
        assert not session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).all()


def test_a_link_to_a_deleted_obligation_says_it_is_gone(site: Site) -> None:
    status, page = fetch(site.link(ACTION_DONE, 999_999), method="POST")
    assert status == 404
    assert "Fant ikke denne oppgaven lenger" in page


def test_english_pages(site_en: Site, tromso: int) -> None:
    url = site_en.link(ACTION_DONE, tromso)
    status, page = fetch(url)
    assert (
        status == 200 and "Do you want to report “Forslagsfrist til landsmøtet 2027” done" in page
    )
    assert '<html lang="en">' in page
    status, page = fetch(url, method="POST")
    assert "Thank you!" in page
    status, page = fetch(url, method="POST")
    assert status == 409 and "This link has already been used" in page
    status, page = fetch(url.rsplit("/", 1)[0] + "/nonsense.token")
    assert status == 400 and "This link is not valid" in page


def test_titles_are_escaped(site: Site, tromso: int) -> None:
    with site.runtime.session() as session:
        obligation = session.get(Obligation, tromso)
        assert obligation is not None
        event = session.get(PlanEvent, obligation.event_id)
        assert event is not None
        event.title = '<script>alert("x")</script> & co'
        session.add(event)
    status, page = fetch(site.link(ACTION_DONE, tromso))
    assert status == 200
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page


def test_two_clicks_at_once_act_once(site: Site, tromso: int) -> None:
    url = site.link(ACTION_DONE, tromso)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(fetch(url, method="POST")[0]))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 409, 409, 409, 409, 409]
    assert done_marks(site.runtime, tromso) == 1


def test_two_leaders_links_pressed_at_once_mark_once_and_both_are_answered(
    site: Site, tromso: int
) -> None:
    """Two different links for one unit (each leader's own card) posted at the same moment: the
    compare-and-set lets one mark; the other page says it was already done; one audit entry."""
    urls = [site.link(ACTION_DONE, tromso, nudge_id=None) for _ in range(2)]
    pages: list[tuple[int, str]] = []
    barrier = threading.Barrier(len(urls))

    def press(url: str) -> None:
        barrier.wait()
        pages.append(fetch(url, method="POST"))

    threads = [threading.Thread(target=press, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = sorted(page for _, page in pages)
    assert [status for status, _ in pages] == [200, 200]
    assert sum("Takk! «Forslagsfrist" in page for page in texts) == 1
    assert sum("var allerede meldt ferdig for Tromsø" in page for page in texts) == 1
    assert state_of(site.runtime, tromso) == ObligationState.DONE
    assert done_marks(site.runtime, tromso) == 1


def test_a_done_link_leaves_what_staff_set_not_applicable(site: Site, tromso: int) -> None:
    """Staff set Tromsø «ikke aktuelt» after the card went out: the card's link changes nothing
    and says why, as /ferdig and the Slack button do."""
    url = site.link(ACTION_DONE, tromso)
    mark_as(site.runtime, tromso, ObligationState.EXEMPT)
    before = audit_count(site.runtime)
    status, page = fetch(url, method="POST")
    assert status == 200
    assert "Fylkespartikontoret har satt «Forslagsfrist til landsmøtet 2027»" in page
    assert "«ikke aktuelt» for Tromsø, så den trenger ikke meldes ferdig" in page
    assert state_of(site.runtime, tromso) == ObligationState.EXEMPT
    assert audit_count(site.runtime) == before


# --- the staff's Slack unit modal -----------------------------------------------------------


def test_staff_set_and_clear_a_teams_webhook_in_the_unit_modal(slack, standin, runtime) -> None:
    from bot.models import Unit
    from tests.conftest import STAFF
    from tests.handlers.test_interactive import opened_view

    url = "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=SeCrEt1234wxyz"
    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    field = next(b for b in view["blocks"] if b.get("block_id") == "teams_webhook")
    assert "initial_value" not in field["element"]
    assert "Ingen ennå" in field["hint"]["text"]
    bad = slack.submit(
        view, {"teams_webhook": {"value": {"value": "ftp://x?sig=SeCrEt"}}}, user=STAFF
    )
    assert "teams_webhook" in json.loads(bad.body)["errors"]
    assert "SeCrEt" not in bad.body
    assert slack.submit(view, {"teams_webhook": {"value": {"value": url}}}, user=STAFF).body == ""
    with runtime.session() as session:
        assert (
            session.exec(select(Unit).where(Unit.slug == "tromso")).one().teams_webhook_url == url
        )
    calls = standin.wait_for(
        lambda calls: "****wxyz" in json.dumps([c.payload for c in calls], ensure_ascii=False)
    )  # the confirmation is posted after the modal's ack
    told = json.dumps([c.payload for c in calls], ensure_ascii=False)
    assert "SeCrEt1234" not in told and "****wxyz" in told
    standin.clear()
    slack.command("/plan", "enhet tromsø", user=STAFF)
    view = opened_view(standin)
    field = next(b for b in view["blocks"] if b.get("block_id") == "teams_webhook")
    assert "https://prod-12.westeurope.logic.azure.com/…/****wxyz" in field["hint"]["text"]
    assert "SeCrEt1234" not in json.dumps(view)
    slack.submit(view, {}, user=STAFF)  # empty keeps it
    with runtime.session() as session:
        assert (
            session.exec(select(Unit).where(Unit.slug == "tromso")).one().teams_webhook_url == url
        )
    slack.submit(view, {"teams_webhook": {"value": {"value": "fjern"}}}, user=STAFF)
    with runtime.session() as session:
        assert (
            session.exec(select(Unit).where(Unit.slug == "tromso")).one().teams_webhook_url is None
        )
        audit = [
            e.after
            for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "unit"))
            if e.after and "teams_webhook" in e.after
        ]
        assert audit == [{"teams_webhook": "set"}, {"teams_webhook": "cleared"}]


def test_snooze_link_on_the_last_day_of_a_hand_in_says_to_hand_in_today(
    site: Site, tromso: int, clock
) -> None:
    """As the Slack button: tomorrow the unit could no longer hand in through Planbot."""
    from bot.models import Deliverable, PlanEventUpdate
    from bot.services.events import find_event, update_event

    rt = site.runtime
    with rt.session() as session:
        event = find_event(session=session, query="forslagsfrist")
        changes = PlanEventUpdate(deliverable=Deliverable.TEXT_OR_FILES, deliver_after_due=False)
        update_event(session=session, event=event, changes=changes, actor="t", now=clock.now())
        nudge_id = sent_teams_nudge(session, tromso, now=rt.clock.now())
        session.commit()
    clock.set(datetime.fromisoformat("2026-12-01T20:30+01:00"))
    url = site.link(ACTION_SNOOZE, tromso, nudge_id=nudge_id)
    status, page = fetch(url, method="POST")
    assert status == 200
    assert "går ut i dag, og i morgen kan dere ikke levere i Planbot lenger" in page
    with rt.session() as session:
        assert not session.exec(select(Nudge).where(Nudge.key.contains("/snooze:"))).all()
