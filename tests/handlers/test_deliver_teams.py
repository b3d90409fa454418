"""The Teams hand-in page behind a signed *Lever* link: a form with text and a file; a multipart
POST hands in like Slack (byte for byte), a file too large or of a refused type stores nothing."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.messages import ACTION_DELIVER
from bot.models import AuditEntry, Delivery, DeliveryFile, ObligationState
from bot.runtime import Runtime
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import STAFF
from tests.handlers.test_links import Site, obligation_of, serve, state_of, with_links
from tests.utils.obligations import mark_as

PROPOSAL = b"%PDF-1.4\n" + bytes(range(256)) * 20


@pytest.fixture
def small_site(runtime: Runtime, standin: SlackStandIn) -> Iterator[Site]:
    """Link pages with a 10 kB file limit."""
    small = with_links(runtime, delivery_max_bytes=10 * 1024)
    yield from serve(small, standin)


@pytest.fixture
def tromso(runtime: Runtime) -> int:
    with runtime.session() as session:
        return obligation_of(session).id or 0


def post_form(url: str, fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[int, str]:
    """A browser's multipart/form-data POST of the hand-in form."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_page_takes_a_text_and_a_file_and_says_what_it_received(
    small_site: Site, tromso: int, runtime: Runtime
) -> None:
    url = small_site.link(ACTION_DELIVER, tromso)
    with urllib.request.urlopen(url, timeout=10) as response:
        form = response.read().decode("utf-8")
    assert 'type="file"' in form and "<textarea" in form and "Vi har ingen forslag" in form
    assert state_of(runtime, tromso) == ObligationState.OPEN

    status, page = post_form(
        url, {"text": "Forslag: mer kollektivtransport."}, [("forslag.pdf", PROPOSAL)]
    )
    assert status == 200, page
    assert "Mottatt for Tromsø" in page and "forslag.pdf (5 kB)" in page
    assert "Forslag: mer kollektivtransport." in page
    with runtime.session() as session:
        assert [f.content for f in session.exec(select(DeliveryFile))] == [PROPOSAL]
        assert session.exec(select(Delivery)).one().changed_by == "teams-link"
        assert any(a.action == "hand_in" for a in session.exec(select(AuditEntry)))
    assert state_of(runtime, tromso) == ObligationState.DONE
    again, _ = post_form(url, {"text": "igjen"}, [])
    assert again == 409


def test_a_too_large_or_refused_file_stores_nothing_and_the_link_still_works(
    small_site: Site, tromso: int, runtime: Runtime
) -> None:
    url = small_site.link(ACTION_DELIVER, tromso)
    status, page = post_form(url, {}, [("stor.pdf", b"x" * (200 * 1024))])
    assert status == 413 and "10 kB" in page
    status, page = post_form(url, {}, [("forslag.exe", b"MZ")])
    assert status == 422 and "filtypen er ikke tillatt" in page
    status, page = post_form(url, {"text": "x", "none": "1"}, [])
    assert status == 422 and "ikke begge deler" in page
    with runtime.session() as session:
        assert session.exec(select(Delivery)).all() == []
    assert state_of(runtime, tromso) == ObligationState.OPEN
    status, _ = post_form(url, {"none": "1"}, [])
    assert status == 200 and state_of(runtime, tromso) == ObligationState.DONE


def test_a_lever_link_after_ikke_aktuelt_hands_in_nothing(
    small_site: Site, tromso: int, runtime: Runtime
) -> None:
    """The card was sent before the county office set the deadline «ikke aktuelt»: the page
    says so and the unit stays exempt, as a *Ferdig* link does."""
    url = small_site.link(ACTION_DELIVER, tromso)
    mark_as(runtime, tromso, ObligationState.EXEMPT, actor=STAFF)
    status, page = post_form(url, {"text": "Forslag likevel."}, [])
    assert status == 422 and "til «ikke aktuelt» for dere" in page
    assert state_of(runtime, tromso) == ObligationState.EXEMPT
    with runtime.session() as session:
        assert session.exec(select(Delivery)).all() == []


def test_the_english_page(runtime: Runtime, standin: SlackStandIn, tromso: int) -> None:
    server = serve(with_links(runtime, language="en"), standin)
    site = next(server)
    try:
        with urllib.request.urlopen(site.link(ACTION_DELIVER, tromso), timeout=10) as response:
            assert "We have no proposals" in response.read().decode("utf-8")
    finally:
        server.close()
