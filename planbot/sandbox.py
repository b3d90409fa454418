"""The local sandbox: the real Bolt app against the in-process Slack stand-in, driven from a prompt.

Commands go through signed requests and `app.dispatch`, the same path as production (signature
check included); what the bot sends is read back from the stand-in and printed as text.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.clock import SystemClock
from bot.models import Role
from bot.runtime import Runtime
from bot.services.status import example_deadline_word
from bot.services.units import assign_role, list_units, user_ids_with_role
from bot.texts import t
from handlers.access import USER_ID, viewer
from handlers.app import build_app
from handlers.deps import Deps
from planbot.testing.slack_standin import Call, SlackStandIn

DEMO_STAFF = "UDEMOSTAFF"
DEMO_LEADER = "UDEMOLEDER"
DEMO_UNIT = "tromso"
SANDBOX_ACTOR = "planbot:sandbox"
SANDBOX_TOKEN = "xoxb-planbot-sandbox"
COMMANDS = ("/plan", "/status", "/ferdig")
QUIT = frozenset({"/slutt", "/quit", "/exit", "exit", "quit"})
HELP = frozenset({"/hjelp", "/help", "hjelp", "help", "?"})
QUIET = frozenset({"auth.test", "conversations.open", "conversations.history", "users.info"})


class Sandbox:
    """Planbot with a local Slack: type commands as a user, read what the bot posted."""

    def __init__(self, runtime: Runtime, *, standin: SlackStandIn, user: str | None = None) -> None:
        settings = runtime.settings
        staff = sorted(settings.staff_users) or [DEMO_STAFF]
        if not settings.staff_users:
            settings = settings.with_changes(staff_users=frozenset({DEMO_STAFF}))
        self.runtime = dataclasses.replace(runtime, settings=settings)
        self.standin = standin
        self.user = user or staff[0]
        self.leader = self._demo_leader()
        self._secret = secrets.token_hex(16)
        self.client = WebClient(token=SANDBOX_TOKEN, base_url=standin.api_url)
        # process_before_response: dispatch returns once the reply is posted, so it can be printed.
        self.app: App = build_app(
            runtime=self.runtime,
            client=self.client,
            signing_secret=self._secret,
            process_before_response=True,
        )
        self._seen = len(standin.calls())
        self._count = 0

    @property
    def lang(self) -> str:
        return self.runtime.language

    def _demo_leader(self) -> str:
        """A unit leader to try the leader view with: an existing one, or a demo leader of
        Tromsø when there is such a unit (the built-in plan), else of the first municipal party
        (none when there is none yet)."""
        with self.runtime.session() as session:
            units = list_units(session=session)
            for unit in units:
                leaders = user_ids_with_role(session=session, unit=unit, role=Role.LEADER)
                if leaders:
                    return leaders[0]
            demo = next((u for u in units if u.slug == DEMO_UNIT), units[0] if units else None)
            if demo is not None:
                assign_role(
                    session=session,
                    slack_user_id=DEMO_LEADER,
                    role=Role.LEADER,
                    unit=demo,
                    actor=SANDBOX_ACTOR,
                    now=self.runtime.clock.now(),
                )
        return DEMO_LEADER

    # --- what the person sees -------------------------------------------------------------
    def welcome(self) -> str:
        return "\n".join(
            [
                t(
                    "sandbox.welcome",
                    self.lang,
                    leader=self.leader,
                    user=self.user,
                    deadline=self.example_deadline(),
                ),
                "",
                self.whoami(),
            ]
        )

    def example_deadline(self) -> str:
        with self.runtime.session() as session:
            today = self.runtime.today()
            return example_deadline_word(session=session, today=today, lang=self.lang)

    def whoami(self) -> str:
        with self.runtime.session() as session:
            who = viewer(session=session, deps=Deps(self.runtime), user_id=self.user)
        if who.staff:
            role = t("sandbox.role.staff", self.lang)
        elif who.leader_of:
            units = ", ".join(u.name for u in who.leader_of)
            role = t("sandbox.role.leader", self.lang, units=units)
        else:
            role = t("sandbox.role.none", self.lang)
        return t("sandbox.as_user", self.lang, user=self.user, role=role)

    def handle(self, line: str) -> tuple[str, bool]:
        """(what to print for one typed line, whether to go on)."""
        text = line.strip()
        if not text:
            return "", True
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in QUIT:
            return t("sandbox.bye", self.lang), False
        if word in HELP:
            return self.welcome(), True
        if word in ("/bruker", "/user", "--as", "/as"):
            candidate = rest.strip().upper()
            if not USER_ID.fullmatch(candidate):
                return t("sandbox.bad_user", self.lang, text=rest.strip(), leader=self.leader), True
            self.user = candidate
            return self.whoami(), True
        if word in COMMANDS:
            return self.command(word, rest.strip()), True
        return t("sandbox.unknown", self.lang, text=text), True

    def command(self, command: str, text: str) -> str:
        """Send a slash command as the current user; return what the bot answered, as text."""
        self._count += 1
        body = urlencode(
            {
                "team_id": SlackStandIn.TEAM_ID,
                "channel_id": "CSANDBOX",
                "channel_name": "sandkasse",
                "user_id": self.user,
                "user_name": self.user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "APLANBOT",
                "response_url": self.standin.response_url(f"sandbox{self._count}"),
                "trigger_id": f"sandbox.{self._count}",
            }
        )
        response = self.app.dispatch(
            BoltRequest(body=body, headers=self._signed(body), mode="http")
        )
        out = self.news()
        if response.status != 200:
            out = f"HTTP {response.status}: {response.body}\n{out}".strip()
        return out or t("sandbox.no_reply", self.lang)

    def _signed(self, body: str) -> dict[str, str | Sequence[str]]:
        timestamp = str(int(SystemClock().now().timestamp()))
        signature = SignatureVerifier(self._secret).generate_signature(
            timestamp=timestamp, body=body
        )
        assert signature is not None  # only None when timestamp or body is missing
        return {
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": timestamp,
            "x-slack-signature": signature,
        }

    def news(self) -> str:
        """Everything the bot sent to the stand-in since the last look, as readable text."""
        calls = self.standin.calls()
        fresh, self._seen = calls[self._seen :], len(calls)
        return "\n\n".join(filter(None, (render_call(call) for call in fresh)))


def render_call(call: Call) -> str:
    """One recorded Web API call (or response_url post) as terminal text; '' for plumbing."""
    if call.method in QUIET or call.status != 200:
        return ""
    payload = call.payload
    if call.method in ("response_url", "chat.postEphemeral"):
        return blocks_to_text(payload.get("blocks"), str(payload.get("text", "")))
    if call.method == "chat.postMessage":
        body = blocks_to_text(payload.get("blocks"), str(payload.get("text", "")))
        return f"📨 {payload.get('channel')}:\n{_indent(body)}"
    if call.method == "chat.update":
        body = blocks_to_text(payload.get("blocks"), str(payload.get("text", "")))
        return f"✏️  {payload.get('channel')} {payload.get('ts')}:\n{_indent(body)}"
    if call.method in ("views.open", "views.publish", "views.update", "views.push"):
        view = payload.get("view") or {}
        title = (view.get("title") or {}).get("text") or view.get("type", "view")
        return f"[{title}]\n{_indent(blocks_to_text(view.get('blocks')))}"
    return ""


MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
LINK = re.compile(r"<([^|>]+)\|([^>]+)>")


def blocks_to_text(blocks: Sequence[dict[str, Any]] | None, fallback: str = "") -> str:
    """Blocks as readable terminal text: sections, context, inputs, [buttons]."""
    lines: list[str] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind in ("section", "header"):
            if lines:
                lines.append("")
            line = _plain((block.get("text") or {}).get("text", ""))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                line += f"  [{_plain(accessory['text']['text'])}]"
            lines.append(line)
            if accessory.get("type") == "checkboxes":
                lines += _boxes(accessory)
            for item in block.get("fields") or []:
                lines.append(_plain(item.get("text", "")))
        elif kind == "context":
            lines.append(
                "  ".join(
                    _plain(e.get("text", "")) for e in block.get("elements", []) if "text" in e
                )
            )
        elif kind == "actions":
            # Buttons by their words, pickers (a date, a person) by their placeholder, tick
            # boxes one a line, ticked or not.
            for element in block["elements"]:
                if element.get("type") == "checkboxes":
                    lines += _boxes(element)
            labels = [
                (e.get("text") or e.get("placeholder") or {}).get("text")
                for e in block["elements"]
                if e.get("type") != "checkboxes"
            ]
            if labels:
                lines.append(" ".join(f"[{_plain(label)}]" for label in labels if label))
        elif kind == "input":
            # A field shows what the form already holds (the words after "|" in /ferdig, a
            # unit's leaders, its annual-meeting date, a chosen option).
            filled = _initial(block.get("element") or {})
            lines.append(
                f"{_plain(block['label']['text'])}: {_plain(filled) if filled else '____'}"
            )
        elif kind == "divider":
            lines.append("—" * 40)
    return "\n".join(lines) if lines else fallback


def _boxes(element: dict[str, Any]) -> list[str]:
    """A checkboxes element, one option a line: '☑ #6 uke 37 2027 · Høstkampanjen'."""
    ticked = {o.get("value") for o in element.get("initial_options") or []}
    return [
        f"{'☑' if o.get('value') in ticked else '☐'} {_plain(o['text']['text'])}"
        for o in element.get("options") or []
    ]


def _initial(element: dict[str, Any]) -> str:
    """What a form field holds when it opens, as text: a value, a date, people, an option."""
    for key in ("initial_value", "initial_date", "initial_time", "initial_conversation"):
        if element.get(key):
            return str(element[key])
    people = element.get("initial_users") or element.get("initial_conversations") or []
    if element.get("initial_user"):
        people = [element["initial_user"]]
    if people:
        return ", ".join(f"@{person}" for person in people)
    options = element.get("initial_options") or [element.get("initial_option") or {}]
    return ", ".join(o["text"]["text"] for o in options if o.get("text"))


def _plain(text: str) -> str:
    text = MENTION.sub(lambda m: "@" + m.group(1), text)
    text = LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = re.sub(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])", r"\1", text)
    text = text.replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def run_prompt(
    sandbox: Sandbox,
    lines: Iterable[str],
    *,
    echo: Callable[[str], Any],
    interactive: bool,
    on_idle: Callable[[], str] | None = None,
    before_exit: Callable[[], str] | None = None,
) -> int:
    """Read commands from `lines` until they end or /slutt; print the answers. Returns 0."""
    echo(sandbox.welcome())
    echo("")
    any_command = False
    iterator = iter(lines)
    line: str | None
    while True:
        if on_idle is not None:
            news = on_idle()
            if news:
                echo(news)
        if interactive:
            echo_prompt = "planbot> "
            try:
                line = input(echo_prompt)
            except EOFError:
                echo("")
                break
        else:
            line = next(iterator, None)
            if line is None:
                break
            echo(f"planbot> {line.rstrip()}")
        if line.strip():
            any_command = True
        out, go_on = sandbox.handle(line)
        if out:
            echo(out)
            echo("")
        if not go_on:
            break
    if not any_command:
        echo(t("sandbox.demo", sandbox.lang))
        echo("")
        for command in ("/plan", "/status"):
            echo(f"planbot> {command}")
            echo(sandbox.command(command, ""))
            echo("")
    for last in (on_idle, before_exit):
        news = last() if last is not None else ""
        if news:
            echo(news)
            echo("")
    echo(t("sandbox.bye", sandbox.lang))
    return 0
