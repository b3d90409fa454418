"""The weekly digest goes out on the week's first working day: Tuesday after Easter Monday."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates import first_working_day_of_week
from handlers.blocks import outbox_blocks
from schedules.jobs import build_dispatcher, digest_day_job
from schedules.transports import slack_transport
from tests.conftest import oslo


@pytest.mark.parametrize(
    ("day", "first"),
    [
        (date(2026, 11, 26), date(2026, 11, 23)),
        (date(2027, 3, 31), date(2027, 3, 30)),  # Easter Monday 29 March
        (date(2027, 5, 19), date(2027, 5, 18)),  # 17 May and Whit Monday
        (date(2026, 12, 30), date(2026, 12, 28)),
    ],
)
def test_first_working_day_of_the_week(day: date, first: date) -> None:
    assert first_working_day_of_week(day) == first


def test_the_digest_waits_for_the_tuesday_after_easter_monday(runtime) -> None:
    dispatcher = build_dispatcher(
        runtime=runtime,
        transports={"slack": slack_transport(runtime.settings, blocks=outbox_blocks)},
    )
    try:
        runtime.clock.set(oslo(2027, 3, 29, 8))
        assert digest_day_job(runtime=runtime, dispatcher=dispatcher) is None
        runtime.clock.set(oslo(2027, 3, 31, 8))
        assert digest_day_job(runtime=runtime, dispatcher=dispatcher) is None
        runtime.clock.set(oslo(2027, 3, 30, 8))
        assert digest_day_job(runtime=runtime, dispatcher=dispatcher) is not None
    finally:
        dispatcher.close()
