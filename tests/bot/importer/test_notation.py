"""A catalogue of how Norwegians write dates, weeks and times (issue 10, round ten), built from
the language rather than from the corpus: Språkrådet's rules for dates ("8. februar 2015",
"8.2.2015", "08.02.2015", "8.2.15", "8.–12. februar", "2000-12-24" in lists), times ("kl. 13",
"kl. 1300", "kl. 13.00", "kl. 13:00"), spans with an en dash ("1. mai–10. september",
"opningstid: 9–19"), slashes for a turn of months ("månedsskiftet april/mai"), and the informal
forms people type on a phone ("3/3-24", "tirs. 3.3.", "uke 13, mandag 29.03.21", "kl 1800").
Sources in tests/data/plans/SOURCES.md, "Notation catalogue (round ten)".

One row per form: the line as written, bokmål or nynorsk, and what the importer must read
(precision, start, end, and the time of day where one is written), with the plan's year 2026
given as a person would type it, unless the line writes its own."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.importer import extract_events

D = date
Y = 2026
TODAY = D(2026, 1, 10)
Reading = tuple[str, date, date]


def day(m: int, d: int, y: int = Y) -> Reading:
    return ("day", D(y, m, d), D(y, m, d))


def days(m1: int, d1: int, m2: int, d2: int, y: int = Y) -> Reading:
    return ("day", D(y, m1, d1), D(y, m2, d2))


def month(m: int, y: int = Y) -> Reading:
    end = D(y + (m == 12), m % 12 + 1, 1).toordinal() - 1
    return ("month", D(y, m, 1), D.fromordinal(end))


def week(first: int, last: int | None = None, y: int = Y) -> Reading:
    return ("week", D.fromisocalendar(y, first, 1), D.fromisocalendar(y, last or first, 7))


# (form, line, readings, time of day of the first reading or None)
CATALOGUE: list[tuple[str, str, list[Reading], time | None]] = [
    # --- a day: Språkrådet's forms (day.month.year, zero optional, century optional)
    ("day month year", "3. mars 2024 Styremøte", [day(3, 3, 2024)], None),
    (
        "a bare day after a day with its year",
        "Styremøte 3. desember 2027 og 17. desember",
        [day(12, 3, 2027), day(12, 17, 2027)],
        None,
    ),
    ("numeric, four-digit year", "3.3.2024 Styremøte", [day(3, 3, 2024)], None),
    ("numeric, zeros, four-digit year", "03.03.2024 Styremøte", [day(3, 3, 2024)], None),
    ("numeric, zeros, two-digit year", "03.03.24 Styremøte", [day(3, 3, 2024)], None),
    ("numeric, two-digit year", "Styremøte 3.3.24", [day(3, 3, 2024)], None),
    ("ISO date in a list", "2024-03-03 Styremøte", [day(3, 3, 2024)], None),
    ("day-month-year with dashes", "Styremøte 03-03-2024", [day(3, 3, 2024)], None),
    # --- informal slashes ('23/9-1940' in Språknytt)
    ("slash, dash and two-digit year", "3/3-24 Styremøte", [day(3, 3, 2024)], None),
    ("slash, dash and four-digit year", "Årsmøte 23/9-2024", [day(9, 23, 2024)], None),
    ("slashes with a four-digit year", "03/03/2024 Styremøte", [day(3, 3, 2024)], None),
    ("slashes with a two-digit year", "Styremøte 3/3/24", [day(3, 3, 2024)], None),
    ("slash at the start of a line", "3/3 Styremøte", [day(3, 3)], None),
    ("slash after a weekday", "Styremøte tirsdag 3/3", [day(3, 3)], None),
    ("slash after a weekday, then a comma", "Tirsdag 3/3, styremøte", [day(3, 3)], None),
    (
        "list of slash dates",
        "Øving 5/11, 19/11 og 03/12",
        [day(11, 5), day(11, 19), day(12, 3)],
        None,
    ),
    # --- day and month without a year
    ("day and month", "Styremøte 3. mars", [day(3, 3)], None),
    ("numeric with a closing dot", "3.3. Styremøte", [day(3, 3)], None),
    ("numeric with a closing dot, end of line", "Styremøte 3.3.", [day(3, 3)], None),
    ("numeric, zeros, no year", "Styremøte 03.03", [day(3, 3)], None),
    ("'den' before the day", "Styremøtet blir den 3. mars", [day(3, 3)], None),
    ("weekday and day", "Styremøte tirsdag 3. mars", [day(3, 3)], None),
    ("weekday, 'den' and day", "Styremøte tirsdag den 3. mars", [day(3, 3)], None),
    ("short weekday with a dot", "tirs. 3.3. Styremøte", [day(3, 3)], None),
    ("short weekday without a dot", "tir 3.3 Styremøte", [day(3, 3)], None),
    ("weekday with a comma", "Tirsdag, 3. mars: Styremøte", [day(3, 3)], None),
    ("capitals", "TIRSDAG 3. MARS STYREMØTE", [day(3, 3)], None),
    ("no space after the dot", "Styremøte 3.mars", [day(3, 3)], None),
    ("no space after 'den'", "Styremøte den3. mars", [day(3, 3)], None),
    ("nynorsk weekday", "Styremøte tysdag 3. mars", [day(3, 3)], None),
    ("nynorsk weekday, Saturday", "Årsmøte laurdag 7. mars", [day(3, 7)], None),
    # --- month abbreviations, with and without dots
    ("abbreviation 'jan'", "Styremøte 15. jan", [day(1, 15)], None),
    ("abbreviation 'jan.'", "Styremøte 15. jan.", [day(1, 15)], None),
    ("abbreviation 'febr.'", "Styremøte 3. febr.", [day(2, 3)], None),
    ("abbreviation 'febr'", "Styremøte 3. febr", [day(2, 3)], None),
    ("abbreviation 'sept'", "Styremøte 3. sept", [day(9, 3)], None),
    ("abbreviation 'sep.'", "Styremøte 3. sep.", [day(9, 3)], None),
    ("abbreviation 'okt.'", "Styremøte 3. okt.", [day(10, 3)], None),
    ("abbreviation 'des' with a year", "Julebord 12. des 2026", [day(12, 12)], None),
    ("abbreviation 'aug.'", "Sommermøte 20. aug.", [day(8, 20)], None),
    # --- a day named by its place in the month
    ("first weekend", "Første helgen i mars: Samling", [days(3, 7, 3, 8)], None),
    ("nynorsk first weekend", "Fyrste helga i mars: Samling", [days(3, 7, 3, 8)], None),
    ("last Friday", "Siste fredag i mars: Medlemsmøte", [day(3, 27)], None),
    ("nynorsk first Monday", "Fyrste måndag i mars: Styremøte", [day(3, 2)], None),
    # --- spans of days (tankestrek for a period, no spaces around it)
    ("en dash between days of a month", "Samling 3.–5. mars", [days(3, 3, 3, 5)], None),
    ("hyphen between days of a month", "Samling 3.-5. mars", [days(3, 3, 3, 5)], None),
    ("numeric span", "Samling 3.-5.3.", [days(3, 3, 3, 5)], None),
    ("numeric span with a year", "Samling 3.–5.3.2026", [days(3, 3, 3, 5)], None),
    ("'fra … til'", "Samling fra 3. til 5. mars", [days(3, 3, 3, 5)], None),
    ("nynorsk 'frå … til'", "Samling frå 3. til 5. mars", [days(3, 3, 3, 5)], None),
    ("two days that follow", "Samling 3. og 4. mars", [days(3, 3, 3, 4)], None),
    ("two days apart", "Møter 3. og 17. mars", [day(3, 3), day(3, 17)], None),
    (
        "a list of numeric dates",
        "Styremøter 3.3, 7.4 og 5.5",
        [day(3, 3), day(4, 7), day(5, 5)],
        None,
    ),
    (
        "a list of dates with months",
        "Styremøter 3. mars, 7. april og 5. mai",
        [day(3, 3), day(4, 7), day(5, 5)],
        None,
    ),
    ("span across months", "Kampanje 30. mars–2. april", [days(3, 30, 4, 2)], None),
    (
        "span told by its first and last day",
        "Sesongen starter onsdag 5. august og avsluttes onsdag 23. september",
        [days(8, 5, 9, 23)],
        None,
    ),
    (
        "span told by its first and last day, nynorsk",
        "Kurset tek til 5. august og sluttar 23. september",
        [days(8, 5, 9, 23)],
        None,
    ),
    (
        "span across months, Språkrådet",
        "Sommerkontor 1. mai–10. september",
        [days(5, 1, 9, 10)],
        None,
    ),
    (
        "weekdays on both ends",
        "Helgesamling fredag 6. mars–søndag 8. mars",
        [days(3, 6, 3, 8)],
        None,
    ),
    ("slash span", "Samling 3/3–5/3", [days(3, 3, 3, 5)], None),
    ("slash span of days of one month", "Samling 21-22/3", [days(3, 21, 3, 22)], None),
    ("slash span, dot after the first day", "Samling 21.-22/3", [days(3, 21, 3, 22)], None),
    # --- weeks
    ("week", "Uke 13: Verveuke", [week(13)], None),
    ("week, nynorsk", "Veke 13: Vervekampanje", [week(13)], None),
    ("week abbreviated 'v.'", "v. 13: Verveuke", [week(13)], None),
    ("week abbreviated 'u.'", "u. 13: Verveuke", [week(13)], None),
    ("week abbreviated, in a table cell", "Verveuke | v. 13 | Alle lag", [week(13)], None),
    ("week without a space", "uke13: Verveuke", [week(13)], None),
    ("run of weeks", "Uke 13–14: Valgkamp", [week(13, 14)], None),
    ("two weeks", "Uke 13 og 14: Stand", [week(13), week(14)], None),
    ("week with a year", "Uke 13 2026: Verveuke", [week(13)], None),
    (
        "a week restated before a span of days",
        "Uke 13, 23.–27. mars: Verveuke",
        [days(3, 23, 3, 27)],
        None,
    ),
    ("a week at the end of a sentence", "Stand i uke 13.", [week(13)], None),
    (
        "a week restated before its day (two-digit year)",
        "Uke 13, mandag 23.03.26: Gruppemøte",
        [day(3, 23)],
        None,
    ),
    (
        "a week restated before its day (round nine's example)",
        "Uke 4, mandag 22.01.18: Gruppemøte",
        [day(1, 22, 2018)],
        None,
    ),
    (
        "a week restated before its day, in words",
        "Uke 10 – torsdag 5. mars: Styremøte",
        [day(3, 5)],
        None,
    ),
    # --- a day of the month heading above
    ("a day under a month heading", "MARS\n3. Styremøte", [day(3, 3)], None),
    ("'den' and a day under a month heading", "Mars\nden 3.: Styremøte", [day(3, 3)], None),
    ("weekday and day under a month heading", "MARS\ntirsdag 3.: Styremøte", [day(3, 3)], None),
    ("nynorsk weekday under a month heading", "MARS\ntysdag 3. Styremøte", [day(3, 3)], None),
    ("a bulleted day under a month heading", "MARS\n- 3. Styremøte", [day(3, 3)], None),
    (
        "a bulleted weekday and day under a month heading",
        "Mars\n• tirsdag 3.: Styremøte",
        [day(3, 3)],
        None,
    ),
    # --- part of a month: read as the month
    ("medio", "Medio mars: Nominasjonsmøte", [month(3)], None),
    ("primo", "Primo mars: Nominasjonsmøte", [month(3)], None),
    ("ultimo", "Ultimo mars: Nominasjonsmøte", [month(3)], None),
    ("beginning of", "I begynnelsen av mars: Nominasjonsmøte", [month(3)], None),
    ("middle of", "I midten av mars: Nominasjonsmøte", [month(3)], None),
    ("end of", "I slutten av mars: Nominasjonsmøte", [month(3)], None),
    ("in the middle, 'midt i'", "Midt i mars: Nominasjonsmøte", [month(3)], None),
    ("nynorsk beginning, 'i byrjinga av'", "I byrjinga av mars: Nominasjonsmøte", [month(3)], None),
    ("early, 'tidlig i'", "Tidlig i mars: Nominasjonsmøte", [month(3)], None),
    ("month with a year", "Mars 2026: Nominasjonsmøte", [month(3)], None),
    ("month with a year shortened", "Nettverksmøte mars ’24", [month(3, 2024)], None),
    ("month with a year shortened, straight apostrophe", "Møte i mars '24", [month(3, 2024)], None),
    ("first half of", "Første halvdel av mars: Nominasjonsmøte", [month(3)], None),
    (
        "nynorsk turn of the month",
        "Månadsskiftet mars/april: Møte",
        [("month", D(Y, 3, 1), D(Y, 4, 30))],
        None,
    ),
    (
        "turn of the month",
        "Månedsskiftet mars/april: Nominasjonsmøte",
        [("month", D(Y, 3, 1), D(Y, 4, 30))],
        None,
    ),
    # --- more ways people type days and spans
    ("day without the dot", "Styremøte 3 mars", [day(3, 3)], None),
    ("zero before the day, no space", "Styremøte 03.mars", [day(3, 3)], None),
    ("month capitalised", "Styremøte 3. Mars", [day(3, 3)], None),
    ("abbreviation in capitals", "STYREMØTE 3. MAR", [day(3, 3)], None),
    ("short weekday 'fre'", "fre 6.3 Julebord", [day(3, 6)], None),
    ("short weekday 'lør.'", "Lør. 7. mars: Årsmøte", [day(3, 7)], None),
    ("short weekday and slash", "søn 8/3 Stand", [day(3, 8)], None),
    ("nynorsk Monday", "Måndag 2. mars: Styremøte", [day(3, 2)], None),
    ("nynorsk Sunday and slash", "sundag 8/3 Stand", [day(3, 8)], None),
    ("weekday and numeric date with a year", "Onsdag 04.03.26: Styremøte", [day(3, 4)], None),
    ("weekday, 'den' and a year", "Tirsdag den 3. mars 2026: Styremøte", [day(3, 3)], None),
    ("next year", "Styremøte 15. januar neste år", [day(1, 15, Y + 1)], None),
    ("deadline 'innen'", "Forslag sendes innen 3. mars", [day(3, 3)], None),
    ("deadline 'senest'", "Påmelding senest 3.3.", [day(3, 3)], None),
    ("deadline label", "Frist: 3. mars", [day(3, 3)], None),
    ("span with spaces around the dash", "Samling 3. – 5. mars", [days(3, 3, 3, 5)], None),
    ("span without dots", "Samling 3-5 mars", [days(3, 3, 3, 5)], None),
    ("span, no space before the month", "Samling 3.-5.mars", [days(3, 3, 3, 5)], None),
    ("span of numeric dates", "Samling 3.3.–5.3.", [days(3, 3, 3, 5)], None),
    ("span of numeric dates with years", "Samling 3.3.2026–5.3.2026", [days(3, 3, 3, 5)], None),
    (
        "'fra og med … til og med'",
        "Samling fra og med 3. til og med 5. mars",
        [days(3, 3, 3, 5)],
        None,
    ),
    ("'f.o.m. … t.o.m.'", "Kampanje f.o.m. 3. mars t.o.m. 5. mars", [days(3, 3, 3, 5)], None),
    ("weekdays before both days", "Samling fredag 6.–søndag 8. mars", [days(3, 6, 3, 8)], None),
    ("'den' before two days", "Samling den 3. og 4. mars", [days(3, 3, 3, 4)], None),
    ("span with the month on both days", "Samling 3.mars-5.mars", [days(3, 3, 3, 5)], None),
    ("week with 'i'", "Verveaksjon i uke 13", [week(13)], None),
    ("week with 'i', nynorsk", "Vervekampanje i veke 13", [week(13)], None),
    ("run of weeks, nynorsk", "Veke 13–14: Valkamp", [week(13, 14)], None),
    ("weeks plural", "Ukene 13–15: Valgkamp", [week(13, 15)], None),
    ("two weeks with a slash", "Uke 13/14: Stand", [week(13), week(14)], None),
    (
        "weeks over the new year",
        "Uke 52–1: Juleferie",
        [("week", D.fromisocalendar(Y, 52, 1), D.fromisocalendar(Y + 1, 1, 7))],
        None,
    ),
    ("run of months", "Januar–mars: Verving", [("month", D(Y, 1, 1), D(Y, 3, 31))], None),
    ("run of months abbreviated", "jan.–mars: Verving", [("month", D(Y, 1, 1), D(Y, 3, 31))], None),
    (
        "span to a day about when, 'til ca.'",
        "Sommerferie fra 1. juni til ca. 31. august",
        [days(6, 1, 8, 31)],
        None,
    ),
    (
        "run of months, 'til og med'",
        "Verving fra juni til og med august",
        [("month", D(Y, 6, 1), D(Y, 8, 31))],
        None,
    ),
    ("in the course of", "I løpet av mars: Nominasjonsmøte", [month(3)], None),
    ("towards the end of", "Mot slutten av mars: Nominasjonsmøte", [month(3)], None),
    ("nynorsk early, 'tidleg i'", "Tidleg i mars: Nominasjonsmøte", [month(3)], None),
    ("late, 'sent i'", "Sent i mars: Nominasjonsmøte", [month(3)], None),
    ("nynorsk late, 'seint i'", "Seint i mars: Nominasjonsmøte", [month(3)], None),
    # --- times of day (Språkrådet: kl. 13, kl. 1300, kl. 13.00, kl. 13:00; 9–19)
    ("time with a dot", "3. mars kl. 18.00 Styremøte", [day(3, 3)], time(18, 0)),
    ("time span with a dot", "3. mars kl. 18.00–20.00 Styremøte", [day(3, 3)], time(18, 0)),
    ("time with a colon", "3. mars kl. 18:30 Styremøte", [day(3, 3)], time(18, 30)),
    ("time without a dot after 'kl'", "3. mars kl 18 Styremøte", [day(3, 3)], time(18, 0)),
    ("time in four digits", "3. mars kl 1800 Styremøte", [day(3, 3)], time(18, 0)),
    ("time in four digits with 'kl.'", "3. mars kl. 1830 Styremøte", [day(3, 3)], time(18, 30)),
    ("time span with 'til'", "3. mars kl. 18 til 20 Styremøte", [day(3, 3)], time(18, 0)),
    ("'fra … til' hours without 'kl'", "Styremøte 3. mars fra 18 til 20", [day(3, 3)], time(18, 0)),
    ("'klokka'", "3. mars klokka 18 Styremøte", [day(3, 3)], time(18, 0)),
    ("time with a colon, no 'kl'", "Styremøte 3. mars 18:00", [day(3, 3)], time(18, 0)),
    ("time span with a colon, no 'kl'", "Styremøte 3. mars 18:00–20:00", [day(3, 3)], time(18, 0)),
    ("a day and a span of hours", "3.4. 19-21 Styremøte", [day(4, 3)], time(19, 0)),
    ("slash date and a bare time", "Medlemsmøte 4/3 19.00", [day(3, 4)], time(19, 0)),
    (
        "an end time given as about",
        "3. mars kl. 18.00–ca. 20.00 Styremøte",
        [day(3, 3)],
        time(18, 0),
    ),
    ("time span with 'kl' and an en dash", "3. mars kl. 18–20 Styremøte", [day(3, 3)], time(18, 0)),
    ("time after a comma", "Styremøte 3. mars, kl. 18", [day(3, 3)], time(18, 0)),
    ("time in brackets", "Styremøte 3. mars (kl. 18.00)", [day(3, 3)], time(18, 0)),
    ("nynorsk 'klokka' with minutes", "Styremøte 3. mars klokka 18.30", [day(3, 3)], time(18, 30)),
    ("numeric date and a bare time", "Styremøte 3.3. 18.30–20.00", [day(3, 3)], time(18, 30)),
    (
        "numeric date with a year and 'kl.'",
        "04.03.2026 kl. 18:00 Styremøte",
        [day(3, 4)],
        time(18, 0),
    ),
    ("ISO date and a time", "2026-03-04 18:00 Styremøte", [day(3, 4)], time(18, 0)),
    (
        "weekday, day, year and time",
        "Tirsdag 3. mars 2026 kl. 18.00: Styremøte",
        [day(3, 3)],
        time(18, 0),
    ),
    ("a span of hours ending in four digits", "Styremøte 3.4. 18-1930", [day(4, 3)], time(18, 0)),
    (
        "'kl' and a span ending in four digits",
        "Styremøte 3.4. kl 18-1930",
        [day(4, 3)],
        time(18, 0),
    ),
    ("a day and a span of hours, en dash", "Styremøte 3. april 19–21", [day(4, 3)], time(19, 0)),
]


def readings(line: str, typed: int | None = Y) -> tuple[list[Reading], time | None]:
    events = extract_events(line + "\n", year=typed, today=TODAY)
    found = [
        (e.precision, e.start, e.end) for e in events if e.precision != "year" if e.start if e.end
    ]
    return found, (events[0].time if events else None)


@pytest.mark.parametrize(
    ("line", "expected", "at"),
    [pytest.param(line, expected, at, id=form) for form, line, expected, at in CATALOGUE],
)
def test_the_importer_reads_each_written_form(
    line: str, expected: list[Reading], at: time | None
) -> None:
    # a line that writes another year is read as a plan of its own year, not the typed one
    typed = Y if all(start.year in (Y, Y + 1) for _p, start, _e in expected) else None
    found, found_at = readings(line, typed)
    assert found == expected
    if at is not None:
        assert found_at == at


@pytest.mark.parametrize(
    "line",
    [
        "Dugnad 3. mai 2-3 timer",  # a count of hours, not a time of day
        "Loppemarked 3. mai 1-2",  # hours before six are no evening meeting
        "Dugnad 3. mai 2 til 3 timer",
        "Styremøte 3. mai 18,5 prosent",  # a number
    ],
)
def test_a_number_after_a_day_is_no_time_unless_it_reads_as_one(line: str) -> None:
    found, at = readings(line)
    assert found == [day(5, 3)]
    assert at is None


def test_dotted_numbers_before_a_share_are_no_days() -> None:
    found, _at = readings("Styremøte 3. mai: kontingenten øker med 2.5 og 3.5 prosent")
    assert found == [day(5, 3)]


def test_a_v_with_a_number_inside_a_line_is_no_week() -> None:
    # 'v.' also shortens 'vei'/'vegen' (Språkrådet): only a line or cell it opens is a week
    found, _at = readings("Styremøte 3. mai på kontoret i Storgata v. 13")
    assert found == [day(5, 3)]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Sommerfest ultimo juni", "Sommerfest"),
        ("Medio august: Valgkampstart", "Valgkampstart"),
        ("Første halvdel av mars: Nominasjonsmøte", "Nominasjonsmøte"),
        ("Månadsskiftet mars/april: Møte", "Møte"),
        ("Frist t.o.m. 3. april", "Frist"),
        ("Kampanje f.o.m. 3. mars t.o.m. 5. mars", "Kampanje"),
        ("Kampanje frå og med 3. mars til og med 5. mars", "Kampanje"),
        ("3. mars kl. 18.00–ca. 20.00 Styremøte", "Styremøte"),
        ("Styremøte tirsdag 3. mars kl. 18 til 20", "Styremøte"),
        ("Torsdag 5/3-26: Styremøte", "Styremøte"),
        ("Styremøte tirsdag 3. mars fra 18 til 20", "Styremøte"),
    ],
)
def test_the_words_of_a_date_stay_out_of_the_title(line: str, title: str) -> None:
    (event,) = extract_events(line + "\n", year=Y, today=TODAY)
    assert event.title == title
