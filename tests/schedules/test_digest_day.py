"""The weekly digest goes out on the week's first working day: Tuesday after Easter Monday."""

from __future__ import annotations

from datetime import date

import pytest

from bot.dates import first_working_day_of_week
from schedules.jobs import digest_due
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
    settings = runtime.settings
    assert not digest_due(now=oslo(2027, 3, 29, 9), settings=settings)  # Easter Monday
    assert digest_due(now=oslo(2027, 3, 30, 9), settings=settings)
    assert not digest_due(now=oslo(2027, 3, 31, 9), settings=settings)
    assert digest_due(now=oslo(2027, 4, 5, 9), settings=settings)  # an ordinary Monday
