"""manifest.yaml matches what the app registers: commands, events, interactivity, Socket Mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handlers.app import LISTENER_MODULES
from schedules.slack_directory import SLACK_SCOPES
from tests.conftest import STAFF

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yaml"


class RecordingApp:
    """Stands in for slack_bolt.App in register(): notes what each module listens to."""

    def __init__(self) -> None:
        self.seen: dict[str, set[str]] = {
            "command": set(),
            "action": set(),
            "view": set(),
            "event": set(),
            "shortcut": set(),
        }

    def __getattr__(self, kind: str) -> Any:
        def listen(name: str) -> Any:
            self.seen[kind].add(name)
            return lambda func: func

        return listen


def registered() -> dict[str, set[str]]:
    app = RecordingApp()
    for module in LISTENER_MODULES:
        module.register(app)  # type: ignore[arg-type]
    return app.seen


def test_every_registered_command_and_event_is_in_the_manifest_and_back() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    seen = registered()
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == seen["command"] == {"/plan", "/status", "/ferdig"}
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == seen["event"]
    assert seen["action"] and seen["view"] and manifest["settings"]["interactivity"]["is_enabled"]
    assert {s["callback_id"] for s in manifest["features"]["shortcuts"]} == seen["shortcut"]
    if "file_shared" in seen["event"]:
        assert "files:read" in manifest["oauth_config"]["scopes"]["bot"]
        # Files are sent to Planbot in a DM: the messages tab must let people write there.
        assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
        assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False
    # `planbot unit import` looks e-mail addresses up with users.lookupByEmail.
    assert "users:read.email" in manifest["oauth_config"]["scopes"]["bot"]
    # `planbot doctor` checks the token for exactly the scopes the manifest asks for.
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(SLACK_SCOPES)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read", "channels:history"} <= scopes
    for command in manifest["features"]["slash_commands"]:
        assert command["description"] and command["usage_hint"]


def test_every_manifest_command_is_answered(slack) -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    for command in manifest["features"]["slash_commands"]:
        answer = slack.command(command["command"], "hjelp", user=STAFF)
        assert answer.status == 200 and answer.replies(), command["command"]
