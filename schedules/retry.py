"""The one retry policy of the outbox: when a send that failed is tried again, or given up."""

from __future__ import annotations

from dataclasses import dataclass

from schedules.transports import TransportError


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff doubling from `first_seconds` up to `cap_seconds`, never sooner than the server's
    Retry-After, and at most `max_attempts` tries; transports post once and leave retrying here."""

    max_attempts: int = 8
    first_seconds: float = 30.0
    cap_seconds: float = 3600.0

    def exhausted(self, attempts: int) -> bool:
        """Whether a row tried `attempts` times gets no more tries."""
        return attempts >= self.max_attempts

    def next_delay(self, *, attempts: int, error: TransportError) -> float | None:
        """Seconds until the next try after the `attempts`-th failed with `error`; None: give up."""
        if error.permanent or self.exhausted(attempts):
            return None
        backoff = min(self.first_seconds * 2 ** max(attempts - 1, 0), self.cap_seconds)
        return max(backoff, error.retry_after or 0.0)
