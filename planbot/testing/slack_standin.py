"""A local stand-in for the Slack Web API: records what the bot posts, enforces Slack's rate limits,
and can be told to fail. The sandbox (`planbot run` without tokens) and the tests use it."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlparse

from planbot.testing.localserver import JSONHandler, LocalServer
from schedules.slack_directory import SLACK_SCOPES


@dataclass
class Fault:
    """A failure to answer with, `count` times, for one method (or every method when None)."""

    method: str | None
    status: int
    count: int
    retry_after: int = 1
    error: str | None = None
    delay: float = 0.0
    post_first: bool = False


@dataclass
class Call:
    """One Web API call or response_url post, as the stand-in received it."""

    method: str
    payload: dict[str, Any]
    at: float
    status: int = 200
    ts: str | None = None
    path: str = ""

    @property
    def channel(self) -> str | None:
        return self.payload.get("channel")

    @property
    def text(self) -> str:
        return str(self.payload.get("text") or "")

    @property
    def metadata(self) -> dict[str, Any] | None:
        meta = self.payload.get("metadata")
        if isinstance(meta, str):
            meta = json.loads(meta)
        return meta


@dataclass
class StandInState:
    """Everything the stand-in remembers; guarded by `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    channel_errors: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    channel_names: dict[str, str] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channel_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    scopes: tuple[str, ...] = SLACK_SCOPES
    last_post_at: dict[str, float] = field(default_factory=dict)
    workspace_posts: deque[float] = field(default_factory=deque)
    rate_limited: int = 0
    ts_counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    files: dict[str, StoredFile] = field(default_factory=dict)
    downloads: list[str] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    download_gate: threading.Event | None = None


@dataclass
class StoredFile:
    """A file the stand-in serves at its url_private (as if a person had uploaded it to Slack),
    or one the bot uploaded with files.uploadV2."""

    id: str
    name: str
    content: bytes
    mimetype: str = "application/octet-stream"
    channel: str | None = None
    initial_comment: str | None = None
    info: dict[str, Any] = field(default_factory=dict)


class SlackStandIn(LocalServer):
    """A threaded HTTP server answering the Web API methods Planbot uses.

    `per_channel_interval` (seconds between posts to one channel) and `workspace_per_minute` make it
    answer 429 with Retry-After like Slack does; 0 turns a limit off. `workspace_window` counts the
    workspace budget over that many seconds instead of a minute, pro rata (a test's short minute). `post_latency` delays the
    answer to a chat.postMessage after the message is stored (a crash then loses only the answer).
    """

    BOT_USER_ID = "UPLANBOT"
    TEAM_ID = "T0PLANBOT"
    thread_name = "slack-standin"

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        per_channel_interval: float = 0.0,
        workspace_per_minute: float = 0.0,
        workspace_window: float = 60.0,
        post_latency: float = 0.0,
    ) -> None:
        self.state = StandInState()
        self.per_channel_interval = per_channel_interval
        self.workspace_per_minute = workspace_per_minute
        self.workspace_window = workspace_window
        self.post_latency = post_latency
        super().__init__(host=host, port=port)

    # --- lifecycle ----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.origin + "/"

    @property
    def api_url(self) -> str:
        """What to give WebClient(base_url=...) and SLACK_API_URL."""
        return self.base_url + "api/"

    def response_url(self, name: str = "r1") -> str:
        """A response_url whose posts are recorded as method 'response_url'."""
        return f"{self.base_url}respond/{name}"

    # --- what tests and the sandbox read ------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self.state.lock:
            return [c for c in self.state.calls if method is None or c.method == method]

    def posts(self) -> list[Call]:
        """Messages accepted by chat.postMessage (status 200, ok)."""
        return [c for c in self.calls("chat.postMessage") if c.status == 200 and c.ts]

    def posts_to(self, user: str) -> list[Call]:
        """The posts a person got directly: to their user id or to the DM conversations.open gave."""
        return [p for p in self.posts() if p.channel in (user, dm_channel(user))]

    def responses(self, name: str | None = None) -> list[Call]:
        """Posts to response_url(name) (every response_url when name is None), oldest first."""
        return [
            c for c in self.calls("response_url") if name is None or c.path == f"/respond/{name}"
        ]

    def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 5.0) -> list[Call]:
        """Wait until predicate(all calls) holds (the bot answers after its ack); return the calls."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.calls()
            if predicate(calls) or time.monotonic() > deadline:
                return calls
            time.sleep(0.002)

    def add_file(
        self, name: str, content: bytes, mimetype: str = "application/octet-stream"
    ) -> dict[str, Any]:
        """Serve a file as Slack does (url_private, bot token required); returns Slack's file object."""
        with self.state.lock:
            file_id = f"F{next(self.state.ts_counter):08d}"
            stored = StoredFile(file_id, name, content, mimetype)
            self.state.files[file_id] = stored
        url = f"{self.base_url}files-pri/{self.TEAM_ID}-{file_id}/{quote(name)}"
        stored.info = {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1].lower(),
            "size": len(content),
            "url_private": url,
            "url_private_download": url + "?download=1",
        }
        return stored.info

    def hold_downloads(self) -> threading.Event:
        """Make every file download wait until the returned event is set (a download in flight)."""
        with self.state.lock:
            self.state.download_gate = threading.Event()
            return self.state.download_gate

    def downloads(self) -> list[str]:
        """Ids of the files the bot asked for at their url_private, in order."""
        with self.state.lock:
            return list(self.state.downloads)

    def uploaded(self) -> list[StoredFile]:
        """Files the bot uploaded with files.uploadV2 and completed, with their channel."""
        with self.state.lock:
            return [f for f in self.state.files.values() if f.channel is not None]

    def clear(self) -> None:
        with self.state.lock:
            self.state.calls.clear()

    # --- what tests set up --------------------------------------------------------------
    def fail(
        self,
        method: str | None,
        status: int,
        count: int = 1,
        *,
        retry_after: int = 1,
        error: str | None = None,
        delay: float = 0.0,
        post_first: bool = False,
    ) -> None:
        """Answer the next `count` calls of `method` with `status` (429 carries Retry-After);
        with `post_first` a chat.postMessage is posted anyway before the late or failed answer."""
        with self.state.lock:
            self.state.faults.append(
                Fault(method, status, count, retry_after, error, delay, post_first)
            )

    def add_channel(
        self, name: str, channel_id: str, *, member: bool = True, private: bool = False
    ) -> None:
        """A channel that conversations.list shows (name without #) and conversations.info
        describes (with Planbot in it unless `member` is False)."""
        with self.state.lock:
            self.state.channel_names[name] = channel_id
            self.state.channel_info[channel_id] = {
                "id": channel_id,
                "name": name,
                "is_member": member,
                "is_private": private,
                "is_archived": False,
            }

    def add_user(self, user_id: str, *, email: str | None = None, deleted: bool = False) -> None:
        """A workspace member that users.lookupByEmail finds by `email` (and users.info shows,
        deactivated when `deleted`)."""
        with self.state.lock:
            self.state.users[user_id] = {"email": email, "deleted": deleted}

    def set_channel_error(self, channel: str, error: str) -> None:
        """Answer every post to `channel` with ok=false and this Slack error (e.g. channel_not_found)."""
        with self.state.lock:
            self.state.channel_errors[channel] = error

    # --- the server ---------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(JSONHandler):
            def do_GET(self) -> None:
                if urlparse(self.path).path.startswith("/files-pri/"):
                    self._serve_file()
                    return
                self._dispatch(parse_qs(urlparse(self.path).query))

            def _serve_file(self) -> None:
                # /files-pri/<team>-<file id>/<name>, only with the bot token, as Slack does.
                part = urlparse(self.path).path.split("/")[2]
                file_id = unquote(part).rsplit("-", 1)[-1]
                with standin.state.lock:
                    stored = standin.state.files.get(file_id)
                    standin.state.downloads.append(file_id)
                    gate = standin.state.download_gate
                if not (self.headers.get("Authorization") or "").startswith("Bearer xoxb-"):
                    self.send_json(403, {"ok": False, "error": "not_authed"})
                    return
                if stored is None:
                    self.send_json(404, {"ok": False, "error": "file_not_found"})
                    return
                if gate is not None:
                    gate.wait(60)
                self.send_response(200)
                self.send_header("Content-Type", stored.mimetype)
                self.send_header("Content-Length", str(len(stored.content)))
                self.end_headers()
                self.wfile.write(stored.content)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):
                    with standin.state.lock:
                        standin.state.uploads[self.path.split("/")[2]] = self.rfile.read(length)
                    self.send_json(200, None)
                    return
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                if "json" in (self.headers.get("Content-Type") or ""):
                    payload = json.loads(raw or "{}")
                else:
                    payload = {k: v[-1] for k, v in parse_qs(raw).items()}
                self._dispatch(payload)

            def _dispatch(self, payload: dict[str, Any]) -> None:
                path = urlparse(self.path).path
                if path.startswith("/respond/"):
                    method = "response_url"
                elif path.startswith("/api/"):
                    method = path.removeprefix("/api/")
                else:
                    self.send_json(404, {"ok": False, "error": "unknown_path"})
                    return
                payload = {k: _maybe_json(v) for k, v in payload.items()}
                status, headers, body = standin._answer(method, payload, path)
                self.send_json(status, body, headers)

        return Handler

    def _answer(
        self, method: str, payload: dict[str, Any], path: str = ""
    ) -> tuple[int, dict[str, str], dict[str, Any]]:
        now = time.monotonic()
        fault = self._take_fault(method)
        if fault is not None and fault.post_first:
            # The message is posted, but the answer is late or an error (a lost response).
            with self.state.lock:
                call = Call(method, payload, now)
                self.state.calls.append(call)
                self._result(method, payload, call)
            if fault.delay:
                time.sleep(fault.delay)
            return fault.status, {}, {"ok": False, "error": fault.error or "internal_error"}
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            with self.state.lock:
                self.state.calls.append(Call(method, payload, now, status=fault.status, path=path))
            headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
            if fault.status == 200:
                return 200, {}, {"ok": False, "error": fault.error or "fatal_error"}
            return (
                fault.status,
                headers,
                {
                    "ok": False,
                    "error": fault.error or "ratelimited"
                    if fault.status == 429
                    else "internal_error",
                },
            )
        with self.state.lock:
            limited = self._rate_limited(method, payload, now)
            if limited is not None:
                self.state.rate_limited += 1
                self.state.calls.append(Call(method, payload, now, status=429, path=path))
                return 429, {"Retry-After": str(limited)}, {"ok": False, "error": "ratelimited"}
            call = Call(method, payload, now, path=path)
            self.state.calls.append(call)
            body = self._result(method, payload, call)
        if self.post_latency and method == "chat.postMessage":
            time.sleep(self.post_latency)
        if method == "auth.test":
            # Slack names the token's scopes in this header on every Web API answer.
            return 200, {"x-oauth-scopes": ",".join(self.state.scopes)}, body
        return 200, {}, body

    def _take_fault(self, method: str) -> Fault | None:
        with self.state.lock:
            for fault in self.state.faults:
                if fault.method in (None, method) and fault.count > 0:
                    fault.count -= 1
                    return fault
        return None

    def _rate_limited(self, method: str, payload: dict[str, Any], now: float) -> int | None:
        if method != "chat.postMessage":
            return None
        channel = str(payload.get("channel"))
        last = self.state.last_post_at.get(channel)
        if (
            self.per_channel_interval
            and last is not None
            and now - last < self.per_channel_interval * 0.95
        ):
            return max(1, round(self.per_channel_interval - (now - last)))
        window, seconds = self.state.workspace_posts, self.workspace_window
        while window and now - window[0] > seconds:
            window.popleft()
        allowed = self.workspace_per_minute * seconds / 60
        if self.workspace_per_minute and len(window) >= allowed:
            return max(1, int(seconds - (now - window[0])) + 1)
        self.state.last_post_at[channel] = now
        window.append(now)
        return None

    def _result(self, method: str, payload: dict[str, Any], call: Call) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://planbot-sandbox.slack.com/",
                "team": "Sandbox",
                "user": "planbot",
                "team_id": self.TEAM_ID,
                "user_id": self.BOT_USER_ID,
                "bot_id": "BPLANBOT",
            }
        if method in ("chat.postMessage", "chat.postEphemeral"):
            channel = str(payload.get("channel"))
            error = self.state.channel_errors.get(channel)
            if error:
                call.status = 200
                return {"ok": False, "error": error}
            ts = f"{1_800_000_000 + next(self.state.ts_counter)}.000100"
            call.ts = ts
            if method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            message = {
                "type": "message",
                "ts": ts,
                "text": payload.get("text", ""),
                "blocks": payload.get("blocks"),
                "bot_id": "BPLANBOT",
                "user": self.BOT_USER_ID,
            }
            if payload.get("metadata"):
                message["metadata"] = call.metadata
            self.state.history.setdefault(channel, []).append(message)
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method == "chat.update":
            channel, ts = str(payload.get("channel")), str(payload.get("ts"))
            for message in self.state.history.get(channel, []):
                if message["ts"] == ts:
                    message.update(text=payload.get("text", ""), blocks=payload.get("blocks"))
            return {"ok": True, "channel": channel, "ts": ts, "text": payload.get("text", "")}
        if method == "conversations.history":
            channel = str(payload.get("channel"))
            messages = list(reversed(self.state.history.get(channel, [])))
            oldest = float(payload.get("oldest") or 0)
            messages = [m for m in messages if float(m["ts"]) >= oldest]
            if str(payload.get("include_all_metadata")).lower() not in ("true", "1"):
                messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
            limit = int(payload.get("limit") or 100)
            return {"ok": True, "messages": messages[:limit], "has_more": len(messages) > limit}
        if method == "conversations.list":
            channels = [{"id": i, "name": n} for n, i in self.state.channel_names.items()]
            return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": ""}}
        if method == "conversations.open":
            users = str(payload.get("users") or "")
            return {"ok": True, "channel": {"id": dm_channel(users.split(",")[0])}}
        if method == "users.info":
            user = str(payload.get("user"))
            return {"ok": True, "user": self._user(user)}
        if method == "conversations.info":
            info = self.state.channel_info.get(str(payload.get("channel")))
            if info is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": info}
        if method == "users.lookupByEmail":
            email = str(payload.get("email") or "").casefold()
            for user, known in self.state.users.items():
                if (known.get("email") or "").casefold() == email:
                    return {"ok": True, "user": self._user(user)}
            return {"ok": False, "error": "users_not_found"}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            return {
                "ok": True,
                "view": {"id": f"V{next(self.state.ts_counter)}", **(payload.get("view") or {})},
            }
        if method == "files.info":
            found = self.state.files.get(str(payload.get("file")))
            if found is None or not found.info:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": found.info}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self.state.ts_counter):08d}"
            self.state.files[file_id] = StoredFile(file_id, str(payload.get("filename")), b"")
            return {
                "ok": True,
                "upload_url": f"{self.base_url}upload/{file_id}",
                "file_id": file_id,
            }
        if method == "files.completeUploadExternal":
            done = []
            for entry in payload.get("files") or []:
                stored = self.state.files.get(str(entry.get("id")))
                if stored is None:
                    return {"ok": False, "error": "file_not_found"}
                stored.content = self.state.uploads.pop(stored.id, b"")
                stored.channel = str(payload.get("channel_id") or payload.get("channels"))
                stored.initial_comment = payload.get("initial_comment")
                done.append({"id": stored.id, "name": stored.name, "title": entry.get("title")})
            return {"ok": True, "files": done}
        if method == "response_url":
            return {"ok": True}
        return {"ok": True}

    def _user(self, user: str) -> dict[str, Any]:
        known = self.state.users.get(user, {})
        return {
            "id": user,
            "name": user.lower(),
            "real_name": user,
            "deleted": bool(known.get("deleted")),
            "tz": "Europe/Oslo",
            "locale": "nb-NO",
            "profile": {"email": known.get("email")},
        }


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def dm_channel(user: str) -> str:
    """The id of the stand-in's direct-message conversation with `user` (as conversations.open)."""
    return "D" + user.lstrip("UW")
