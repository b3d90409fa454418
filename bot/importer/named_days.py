"""Days named rather than numbered ('julaften', '2. påskedag', 'Kristi himmelfartsdag'): each is
a public holiday of the `holidays` library's Norwegian calendar (`bot.dates.holiday_named`), or
the eve before one, so its date is the library's, never a table of our own. A name beside a
written date ('2. pinsedag Lørdag 10. juni') only names that day: the extractor drops it then, as
it drops '17. mai-tog' (the rule shares `HOLIDAY_NAME`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from bot.dates import holiday_named

FIRST = r"(?:1\.\s?|første\s|fyrste\s)"
SECOND = r"(?:2\.\s?|andre\s)"
# The words as written -> (the library's name, days from that holiday).
NAMED_DAYS: dict[str, tuple[str, int]] = {
    r"j[uo]l(?:e)?aft(?:en|an|a)": ("Første juledag", -1),  # 'julaften', 'jolaftan', 'julafta'
    rf"{FIRST}juledag": ("Første juledag", 0),
    rf"{SECOND}juledag": ("Andre juledag", 0),
    r"skjærtorsdag": ("Skjærtorsdag", 0),
    r"langfredag": ("Langfredag", 0),
    r"påskeaft(?:en|an)": ("Første påskedag", -1),
    rf"{FIRST}påskedag": ("Første påskedag", 0),
    rf"{SECOND}påskedag": ("Andre påskedag", 0),
    r"(?:kristi\s|kr\.\s?)?himmelfartsdag": ("Kristi himmelfartsdag", 0),
    rf"{FIRST}pinsedag": ("Første pinsedag", 0),
    rf"{SECOND}pinsedag": ("Andre pinsedag", 0),
}
# Not a day counted from it ('onsdag før skjærtorsdag', 'uka etter 2. påskedag').
NAMED_DAY = (
    r"(?<!før\s)(?<!etter\s)(?<![\w.])(?P<named>"
    + "|".join(f"(?:{words})" for words in NAMED_DAYS)
    + r")(?![\w-])"
)
# The month each falls in, for the order of a plan's dates (Easter's feasts move by weeks).
ORDER_YEAR = 2026


def named_day(words: str) -> tuple[int, Callable[[int], tuple[date, date]]]:
    """The month a named day falls in (in a usual year) and a builder of its date in a year."""
    name, offset = next(
        value for pattern, value in NAMED_DAYS.items() if re.fullmatch(pattern, words, re.I)
    )

    def build(year: int) -> tuple[date, date]:
        day = holiday_named(year, name) + timedelta(days=offset)
        return day, day

    return build(ORDER_YEAR)[0].month, build
