"""The date a page was published, on a line of its own among its first lines ('Jula 2020',
blank, '03.12.2020'; 'Innkalling til landsmøtet', '02.01.2014 10:29:00'; '16. november 2018'
over the page's title): the day the page was written, not an event of its plan. A page whose
dates, months or weekdays stand alone on other lines too ('Planleggingsdagar' over '3. november
2023', '2. januar 2024' …; 'Mars' over 'Lørdag' over '13.03.2027') sets its dates apart from
its items: those are its events."""

from __future__ import annotations

import re

from bot.importer.grammar import DAYNUM, MONTH_ANY, NUMMONTH, WEEKDAY, YEAR

PAGE_DATE_LINES = 4  # a page's date stands among its first lines with text
STAMP_CLOCK = r"(?:[ \t]+(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?)?"
PAGE_DATE = re.compile(
    rf"^[ \t]*{DAYNUM}\.[ \t]*(?:{NUMMONTH}\.|{MONTH_ANY}[ \t]+){YEAR}{STAMP_CLOCK}[ \t]*$",
    re.IGNORECASE,
)
# a line of nothing but dates, months or weekdays ('11. mars', 'Okt. 2028 - feb. 2029', 'Mars',
# 'Lørdag'): the page sets its dates on lines of their own, each the date of the line by it
DATES_ONLY = re.compile(
    rf"^[\s\d.,/–-]*(?:(?:{MONTH_ANY}|{WEEKDAY})[\s\d.,/–-]*)+$|^[ \t]*{DAYNUM}\.[\s\d./–-]*$",
    re.IGNORECASE,
)


def is_page_date(lines: list[str], index: int) -> bool:
    """Whether line `index` is nothing but a date with its year (a clock time after it
    allowed), standing among the first lines with text, on a page with no other line of dates
    alone: the page's own date."""
    if not PAGE_DATE.match(lines[index]):
        return False
    texts = [i for i, line in enumerate(lines) if line.strip()][:PAGE_DATE_LINES]
    if index not in texts:
        return False
    return not any(DATES_ONLY.match(line) for i, line in enumerate(lines) if i != index)
