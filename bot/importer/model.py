"""What the importer returns and the one error it raises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date

KINDS = ("deadline", "meeting", "campaign", "training", "annual_meeting", "conference", "other")
PRECISIONS = (
    "day",
    "week",
    "month",
    "season",
    "quarter",
    "year",
    "relative",
    "recurring",
    "undated",
)
ERROR_CODES = (
    "empty",
    "binary",
    "encoding",
    "too_large",
    "too_long",
    "unknown_format",
    "unreadable",
    "no_dates",
    "no_year",
)


# The year of a plan that names none, taken from the weekdays written with its days.
YEAR_FROM_WEEKDAYS = "weekdays"


@dataclass(frozen=True)
class FoundEvent:
    """A planned event found in a plan document, with the passage it came from."""

    title: str
    kind: str
    precision: str
    start: date | None
    end: date | None
    recurrence: str | None
    locations: tuple[str, ...]
    quote: str
    line: int
    time: datetime.time | None = None
    relative_anchor: str | None = None
    relative_months: int | None = None
    relative_days: int | None = None
    note: str = ""
    responsible: str = ""
    weekday_said: str = ""  # a weekday written with the date that is not the date's weekday
    year_source: str = ""  # where the year came from ("explicit", "plan", YEAR_FROM_WEEKDAYS, …)
    years_also: tuple[
        int, ...
    ] = ()  # other years the weekdays fit as well (a year from YEAR_FROM_WEEKDAYS)


class ImportFileError(Exception):
    """A document that cannot be imported; `code` says why (people's wording lives elsewhere)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
