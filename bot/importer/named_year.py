"""A thing named with its year at the start of a sentence dates the days after it that say no
year: 'Kirkemøtet 2029: 16.–19. mars', 'Årsmøtet 2031 blir lørdag 13. februar', 'Styremøte
2031 - mandag 15. mars', 'Fylkesstemnet 2032 vert arrangert av laget i Førde 14.-15. april'.
The year belongs to the name (no preposition before it, so the grammar reads no date in it),
and the sentence tells when that year's meeting is. A budget's or a plan's year ('Budsjett
2032: vedtas 12. desember') is the year it is for, which its treatment leads up to, and an
election's is a goal: neither dates the sentence. Nor does a clock time ('Øvelse kl 1900')."""

from __future__ import annotations

import re

from bot.importer.document import AUTUMN_START_MONTH, CLOCK_WORD
from bot.importer.grammar import YEAR
from bot.importer.mentions import is_goal

# a name of one to three words (the first capitalised, no digits), the year, then a colon, a
# dash or words before the date ('blir', 'avholdes', 'vert arrangert av laget i Førde')
NAMED_YEAR = re.compile(
    rf"^[^\w(]*(?P<name>[A-ZÆØÅ][^\W\d_]*(?:[ \t]+[^\W\d_]+){{0,2}})[ \t]+(?P<year>{YEAR})"
    rf"(?:[ \t]*[-–/][ \t]*(?P<second>{YEAR}))?"
    r"(?:[ \t]*[:\-–—][ \t]*|(?:[ \t]+[^\W\d_]+){1,12}[ \t]+|[ \t]+)$"
)
PLAN_NAME = re.compile(r"plan|program|rekneskap|regnskap|melding", re.IGNORECASE)
CLOCK = re.compile(rf"{CLOCK_WORD}$", re.IGNORECASE)  # 'Øvelse kl 1900 tirsdag …'


def named_year(before: str, month: int) -> int | None:
    """The year of a name that opens the sentence before a date of month `month` (`before`: the
    sentence up to the date), or None; a school year's ('Skolestart 2031/2032 tirsdag 19.
    august') months from August are in its first year."""
    named = NAMED_YEAR.match(before)
    if named is None or PLAN_NAME.search(named["name"]) or CLOCK.search(named["name"]):
        return None
    year = int(named["year"])
    if is_goal(named["name"] + " ", year):
        return None
    if named["second"] is None:
        return year
    if int(named["second"]) != year + 1:
        return None
    return year if month >= AUTUMN_START_MONTH else year + 1
