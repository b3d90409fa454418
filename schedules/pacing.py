"""Pacing for chat posts: at most one per `per_channel_seconds` in a channel and `per_minute` in any
60 seconds across the workspace (that budget counted over any `window` seconds, pro rata, when a
test shrinks the minute). Uses a monotonic timer (an interval clock, not the wall clock)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable


class Pacer:
    """Hands out send slots; `acquire(channel)` sleeps until the next one the limits allow."""

    def __init__(
        self,
        *,
        per_channel_seconds: float = 1.0,
        per_minute: float = 300.0,
        margin: float = 0.06,
        window: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_channel_seconds = per_channel_seconds
        self.workspace_per_minute = int(per_minute) if per_minute else 0
        self.per_minute = self.workspace_per_minute
        self.margin = margin
        self.window = window
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Lock()
        self._channel_next: dict[str, float] = {}
        self._window: deque[float] = deque()

    def acquire(self, channel: str) -> float:
        """Wait for a slot in `channel` and in the workspace; returns the slot (for `refund`)."""
        with self._lock:
            at = max(self._monotonic(), self._channel_next.get(channel, 0.0))
            self._channel_next[channel] = at + self.per_channel_seconds + self.margin
        self._wait_until(at)
        with self._lock:
            now = self._monotonic()
            window = self._window
            while window and window[0] <= now - self.window - self.margin * 4:
                window.popleft()
            slot = now
            allowed = max(1, int(self.per_minute * self.window / 60.0))
            if self.per_minute and len(window) >= allowed:
                slot = max(now, window[-allowed] + self.window + self.margin * 4)
            window.append(slot)
            if slot > at:
                self._channel_next[channel] = max(
                    self._channel_next[channel], slot + self.per_channel_seconds + self.margin
                )
        self._wait_until(slot)
        return slot

    def share(self, replicas: int) -> None:
        """Pace at this process's share of the workspace budget when `replicas` send at once."""
        if self.workspace_per_minute:
            self.per_minute = max(1, self.workspace_per_minute // max(1, replicas))

    def refund(self, slot: float) -> None:
        """Give back a workspace slot whose post Slack did not count (429, 5xx, no connection), so
        that a burst of failures does not hold up the posts after it."""
        with self._lock, contextlib.suppress(ValueError):
            self._window.remove(slot)

    def _wait_until(self, moment: float) -> None:
        delay = moment - self._monotonic()
        if delay > 0:
            self._sleep(delay)
