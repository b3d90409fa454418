"""RRULE bodies for the ways plans say how often something happens."""

from __future__ import annotations

from bot.dates import rrule_body

# Length of each unit of "N ganger i/pr. <unit>" in months (None: counted in weeks or days).
UNIT_MONTHS: dict[str, int] = {
    "år": 12,
    "året": 12,
    "halvår": 6,
    "halvåret": 6,
    "semester": 6,
    "semesteret": 6,
    "kvartal": 3,
    "kvartalet": 3,
    "måned": 1,
    "måneden": 1,
    "mnd": 1,
    "mnd.": 1,
    "periode": 48,
    "perioden": 48,
}


def rrule_with_interval(freq: str, interval: int) -> str:
    """'FREQ=MONTHLY' or 'FREQ=MONTHLY;INTERVAL=3'."""
    body = f"FREQ={freq}" if interval <= 1 else f"FREQ={freq};INTERVAL={interval}"
    return rrule_body(body)


def rrule_per_period(count: int, unit: str, *, every: int = 1) -> str | None:
    """The rule for `count` times per `unit` ('fire ganger i året' -> every 3 months)."""
    if count < 1:
        return None
    unit = unit.lower()
    if unit in ("uke", "uka", "uken"):
        return rrule_with_interval("WEEKLY", every) if count == 1 else "FREQ=WEEKLY"
    if unit in ("dag", "dagen"):
        return rrule_with_interval("DAILY", every)
    months = UNIT_MONTHS.get(unit)
    if months is None:
        return None
    months *= every
    if months % 12 == 0 and count == 1:
        return rrule_with_interval("YEARLY", months // 12)
    if months % count == 0:
        return rrule_with_interval("MONTHLY", months // count)
    weeks_in_unit = round(months * 52 / 12)
    if weeks_in_unit % count == 0:
        return rrule_with_interval("WEEKLY", weeks_in_unit // count)
    return rrule_with_interval("WEEKLY", max(1, round(weeks_in_unit / count)))
