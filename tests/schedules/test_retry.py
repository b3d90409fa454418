"""The outbox's one retry policy."""

from __future__ import annotations

import pytest

from schedules.retry import RetryPolicy
from schedules.transports import TransportError

POLICY = RetryPolicy(max_attempts=4, first_seconds=30, cap_seconds=100)


@pytest.mark.parametrize(("attempts", "delay"), [(1, 30), (2, 60), (3, 100)])
def test_backoff_doubles_up_to_the_cap(attempts: int, delay: float) -> None:
    error = TransportError("http_503", permanent=False)
    assert POLICY.next_delay(attempts=attempts, error=error) == delay


def test_retry_after_longer_than_the_backoff_wins() -> None:
    error = TransportError("http_429", permanent=False, retry_after=90)
    assert POLICY.next_delay(attempts=1, error=error) == 90


def test_permanent_errors_and_the_last_attempt_give_up() -> None:
    assert POLICY.next_delay(attempts=1, error=TransportError("gone", permanent=True)) is None
    assert POLICY.next_delay(attempts=4, error=TransportError("x", permanent=False)) is None
    assert POLICY.exhausted(4) and not POLICY.exhausted(3)
