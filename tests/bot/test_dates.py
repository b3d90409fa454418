from datetime import date, datetime, time, timedelta

import pytest

from bot.dates import (
    Precision,
    Season,
    describe_period,
    describe_recurrence,
    expand_recurrence,
    format_date,
    holiday_name,
    is_working_day,
    iso_week_range,
    iso_weeks_in_year,
    local_datetime,
    next_working_day,
    quarter_range,
    rrule_body,
    scan_rule,
    season_range,
)
from tests.conftest import OSLO


@pytest.mark.parametrize(
    ("year", "week", "monday", "sunday"),
    [
        (2027, 13, date(2027, 3, 29), date(2027, 4, 4)),
        (2026, 53, date(2026, 12, 28), date(2027, 1, 3)),
        (2027, 1, date(2027, 1, 4), date(2027, 1, 10)),
        (2026, 37, date(2026, 9, 7), date(2026, 9, 13)),
    ],
)
def test_iso_week_range(year: int, week: int, monday: date, sunday: date) -> None:
    assert iso_week_range(year, week) == (monday, sunday)


def test_iso_week_53_exists_only_in_long_years() -> None:
    assert iso_weeks_in_year(2026) == 53
    assert iso_weeks_in_year(2027) == 52
    with pytest.raises(ValueError):
        iso_week_range(2027, 53)


def test_seasons_and_quarters_follow_the_plans_convention() -> None:
    assert season_range(2026, Season.AUTUMN) == (date(2026, 9, 1), date(2026, 11, 30))
    assert season_range(2023, Season.WINTER) == (date(2023, 1, 1), date(2023, 2, 28))
    assert season_range(2024, Season.WINTER) == (date(2024, 1, 1), date(2024, 2, 29))
    assert season_range(2018, Season.FIRST_HALF) == (date(2018, 1, 1), date(2018, 6, 30))
    assert quarter_range(2026, 1) == (date(2026, 1, 1), date(2026, 3, 31))
    assert quarter_range(2018, 3) == (date(2018, 7, 1), date(2018, 9, 30))


def test_norwegian_formatting_in_both_languages() -> None:
    assert format_date(date(2026, 12, 1)) == "tirsdag 1. desember 2026"
    assert format_date(date(2026, 12, 1), "en") == "Tuesday 1 December 2026"
    assert describe_period(*iso_week_range(2027, 13), Precision.WEEK) == "uke 13 2027"
    assert describe_period(*season_range(2026, Season.SPRING), "season") == "våren 2026"
    assert describe_period(*season_range(2026, Season.SPRING), "season", "en") == "spring 2026"
    assert describe_period(*quarter_range(2026, 1), "quarter") == "1. kvartal 2026"
    assert describe_period(date(2027, 1, 1), date(2027, 1, 31), "month") == "januar 2027"
    assert describe_period(date(2026, 4, 25), date(2026, 5, 10), "day") == "25. april–10. mai 2026"
    assert describe_period(date(2026, 9, 12), date(2026, 9, 20), "day") == "12.–20. september 2026"
    assert (
        describe_period(date(2026, 9, 12), date(2026, 9, 20), "day", "en") == "12–20 September 2026"
    )
    assert (
        describe_period(date(2026, 12, 28), date(2027, 1, 3), "day")
        == "28. desember 2026–3. januar 2027"
    )


def test_public_holidays_are_norwegian_and_not_working_days() -> None:
    assert holiday_name(date(2027, 5, 17)) is not None
    assert "Grunnlov" in holiday_name(date(2027, 5, 17))  # Norwegian names, not English
    assert holiday_name(date(2027, 3, 29)) == "Andre påskedag"
    assert not is_working_day(date(2027, 3, 25))  # Skjærtorsdag
    assert not is_working_day(date(2026, 12, 26))  # Saturday and a holiday
    assert is_working_day(date(2026, 12, 1))
    assert next_working_day(date(2027, 3, 24)) == date(2027, 3, 30)  # over Easter


def test_monthly_recurrence_expands_on_local_dates() -> None:
    days = expand_recurrence(
        "FREQ=MONTHLY;BYDAY=2TU", date(2026, 12, 8), date(2026, 12, 1), date(2027, 1, 31)
    )
    assert days == [date(2026, 12, 8), date(2027, 1, 12)]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (date(2027, 3, 26), 8),
        (date(2027, 3, 29), 7),
        (date(2027, 10, 29), 7),
        (date(2027, 11, 1), 8),
    ],
)
def test_nine_oclock_stays_nine_oclock_across_dst(day: date, utc_hour: int) -> None:
    moment = local_datetime(day, time(9, 0), OSLO)
    assert moment.hour == utc_hour
    assert moment.astimezone(OSLO).hour == 9


def test_weekly_recurrence_across_dst_keeps_local_time() -> None:
    days = expand_recurrence("FREQ=WEEKLY", date(2027, 3, 22), date(2027, 3, 20), date(2027, 4, 5))
    local_hours = {local_datetime(d, time(9), OSLO).astimezone(OSLO).hour for d in days}
    assert days == [date(2027, 3, 22), date(2027, 3, 29), date(2027, 4, 5)]
    assert local_hours == {9}


def test_bad_rrule_is_rejected() -> None:
    with pytest.raises(ValueError):
        rrule_body("FREQ=SOMETIMES")
    assert rrule_body("RRULE:FREQ=MONTHLY") == "FREQ=MONTHLY"


@pytest.mark.parametrize(
    "rule",
    ["FREQ=DAILY", "FREQ=DAILY;INTERVAL=3;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR"],
)
def test_an_old_daily_or_weekly_rule_expands_as_before_and_without_walking_the_years(rule) -> None:
    from dateutil.rrule import rrulestr

    since, until = date(2026, 11, 20), date(2027, 1, 10)
    naive = [
        d.date()
        for d in rrulestr(rule, dtstart=datetime(1970, 1, 1)).between(
            datetime(2026, 11, 20), datetime(2027, 1, 10), inc=True
        )
    ]
    dates = expand_recurrence(rule, date(1970, 1, 1), since, until)
    assert dates == naive and dates
    walked_from = scan_rule(rule, date(1970, 1, 1), since)._dtstart.date()
    assert since - timedelta(days=2 * 14) <= walked_from <= since  # not from 1970


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_rule_more_frequent_than_daily_is_never_expanded(freq: str) -> None:
    with pytest.raises(ValueError, match="more often than once a day"):
        expand_recurrence(f"FREQ={freq}", date(1970, 1, 1), date(2026, 11, 1), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("rule", "nb", "en"),
    [
        (
            "FREQ=MONTHLY;BYDAY=2TU",
            "andre tirsdag i hver måned",
            "the second Tuesday of every month",
        ),
        ("FREQ=MONTHLY;BYDAY=1MO", "første mandag i hver måned", "the first Monday of every month"),
        (
            "FREQ=MONTHLY;BYDAY=-1TH",
            "siste torsdag i hver måned",
            "the last Thursday of every month",
        ),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "annenhver mandag", "every other Monday"),
        ("FREQ=WEEKLY;BYDAY=WE", "hver onsdag", "every Wednesday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE", "hver uke", "every week"),
        ("FREQ=WEEKLY;INTERVAL=2", "annenhver uke", "every other week"),
        ("FREQ=MONTHLY", "hver måned", "every month"),
        ("FREQ=MONTHLY;INTERVAL=3", "hver 3. måned", "every 3 months"),
        ("RRULE:FREQ=YEARLY", "hvert år", "every year"),
        ("FREQ=SECONDLY", "gjentas", "repeats"),
    ],
)
def test_one_wording_of_a_recurrence_for_the_agenda_and_the_importer(rule, nb, en) -> None:
    assert describe_recurrence(rule, "nb") == nb
    assert describe_recurrence(rule, "en") == en


def test_julaften_and_nyttarsaften_are_no_working_days() -> None:
    """No public holidays, but the 7-day reminder of the annual-meeting question (due 31
    December) went out on julaften morning; it now goes the working day before."""
    from bot.dates import is_working_day, previous_working_day

    assert not is_working_day(date(2026, 12, 24)) and not is_working_day(date(2026, 12, 31))
    assert is_working_day(date(2026, 12, 23)) and is_working_day(date(2026, 12, 28))
    assert previous_working_day(date(2026, 12, 24), include_today=True) == date(2026, 12, 23)
