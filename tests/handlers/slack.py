"""Signed Slack requests for scenario tests: slash commands, button clicks, modal submissions."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.clock import SystemClock
from planbot.testing.slack_standin import Call, SlackStandIn

SECRET = "test-signing-secret-0123456789"
_names = itertools.count(1)


def sign(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 over 'v0:{timestamp}:{body}'."""
    ts = str(int(SystemClock().now().timestamp()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class Answer:
    """The HTTP answer to a request, and what the bot sent to the response_url afterwards."""

    status: int
    body: str
    seconds: float
    response_name: str
    standin: SlackStandIn

    def replies(self, count: int = 1, timeout: float = 5.0) -> list[Call]:
        name = self.response_name
        self.standin.wait_for(lambda _: len(self.standin.responses(name)) >= count, timeout)
        return self.standin.responses(name)

    @property
    def reply(self) -> str:
        """The text of the first reply, blocks and all."""
        found = self.replies()
        assert found, f"no reply posted to the response_url (HTTP {self.status}: {self.body})"
        payload = found[0].payload
        return (
            str(payload.get("text", ""))
            + "\n"
            + json.dumps(payload.get("blocks"), ensure_ascii=False)
        )


class SlackClientSim:
    """Sends what Slack would send to the bot's /slack/events, signed, over real HTTP."""

    def __init__(self, url: str, standin: SlackStandIn, *, secret: str = SECRET) -> None:
        self.url = url
        self.standin = standin
        self.secret = secret

    def post(
        self, body: str, *, content_type: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str, float]:
        request = urllib.request.Request(
            self.url,
            data=body.encode(),
            headers={
                "Content-Type": content_type,
                **(headers if headers is not None else sign(body, secret=self.secret)),
            },
            method="POST",
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(), time.perf_counter() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), time.perf_counter() - started

    def command(
        self, command: str, text: str = "", *, user: str, headers: dict[str, str] | None = None
    ) -> Answer:
        name = f"r{next(_names)}"
        body = urlencode(
            {
                "token": "legacy",
                "team_id": "T0PLANBOT",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A0PLANBOT",
                "response_url": self.standin.response_url(name),
                "trigger_id": f"trigger.{name}",
            }
        )
        status, answer, seconds = self.post(
            body, content_type="application/x-www-form-urlencoded", headers=headers
        )
        return Answer(status, answer, seconds, name, self.standin)

    def interactive(self, payload: dict[str, Any]) -> Answer:
        name = f"r{next(_names)}"
        payload = {"response_url": self.standin.response_url(name), **payload}
        body = urlencode({"payload": json.dumps(payload)})
        status, answer, seconds = self.post(body, content_type="application/x-www-form-urlencoded")
        return Answer(status, answer, seconds, name, self.standin)

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str,
        message: dict[str, Any],
        channel: str = "C0TROMSO",
    ) -> Answer:
        return self.interactive(
            {
                "type": "block_actions",
                "team": {"id": "T0PLANBOT"},
                "user": {"id": user},
                "api_app_id": "A0PLANBOT",
                "trigger_id": "trigger.click",
                "container": {
                    "type": "message",
                    "channel_id": channel,
                    "message_ts": message["ts"],
                },
                "channel": {"id": channel},
                "message": message,
                "actions": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "block_id": "planbot_nudge_actions",
                        "value": value,
                        "action_ts": "1800000000.1",
                    }
                ],
            }
        )

    def submit(self, view: dict[str, Any], values: dict[str, Any], *, user: str) -> Answer:
        return self.interactive(
            {
                "type": "view_submission",
                "team": {"id": "T0PLANBOT"},
                "user": {"id": user},
                "api_app_id": "A0PLANBOT",
                "view": {**view, "id": "V1", "state": {"values": values}},
            }
        )

    def event(self, event: dict[str, Any]) -> tuple[int, str, float]:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": "T0PLANBOT",
                "api_app_id": "A0PLANBOT",
                "type": "event_callback",
                "event_id": f"Ev{next(_names)}",
                "event_time": int(SystemClock().now().timestamp()),
                "event": event,
            }
        )
        return self.post(body, content_type="application/json")
