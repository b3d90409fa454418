"""Norwegian (bokmål) words the date grammar is built from: months, weekdays, numbers, seasons,
event kinds, anchors of relative deadlines and known places."""

from __future__ import annotations

import re

from bot.dates import Season

MONTHS: dict[str, int] = {
    "januar": 1,
    "februar": 2,
    "mars": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
}

MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "des": 12,
}

WEEKDAYS: dict[str, str] = {
    "mandag": "MO",
    "tirsdag": "TU",
    "onsdag": "WE",
    "torsdag": "TH",
    "fredag": "FR",
    "lørdag": "SA",
    "søndag": "SU",
    "måndag": "MO",  # nynorsk
    "tysdag": "TU",
    "laurdag": "SA",
    "sundag": "SU",
}

NUMBER_WORDS: dict[str, int] = {
    "en": 1,
    "én": 1,
    "ett": 1,
    "ei": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}

ORDINAL_WORDS: dict[str, int] = {
    "første": 1,
    "fyrste": 1,  # nynorsk
    "andre": 2,
    "annen": 2,
    "tredje": 3,
    "fjerde": 4,
    "siste": 4,
}

SEASON_WORDS: dict[str, Season] = {
    "vinteren": Season.WINTER,
    "vinter": Season.WINTER,
    "våren": Season.SPRING,
    "vår": Season.SPRING,
    "sommeren": Season.SUMMER,
    "sommer": Season.SUMMER,
    "høsten": Season.AUTUMN,
    "høst": Season.AUTUMN,
    "vårhalvåret": Season.FIRST_HALF,
    "vårhalvår": Season.FIRST_HALF,
    "vårsemesteret": Season.FIRST_HALF,
    "høsthalvåret": Season.SECOND_HALF,
    "høsthalvår": Season.SECOND_HALF,
    "høstsemesteret": Season.SECOND_HALF,
}

# A school's or a club's term ('høstsemesteret'): the period its timetable runs through, which
# dates a heading's section but is no event of the plan ('Høstsemesteret starter i uke 36').
TERM_WORDS = frozenset({"vårsemesteret", "høstsemesteret"})

# Bare season words that are also common words ("vår" = "our") need a year to count as a date.
AMBIGUOUS_SEASON_WORDS = frozenset({"vår", "vinter", "sommer", "høst"})

HALF_YEAR_ORDINALS: dict[str, Season] = {
    "første": Season.FIRST_HALF,
    "1.": Season.FIRST_HALF,
    "andre": Season.SECOND_HALF,
    "2.": Season.SECOND_HALF,
    "siste": Season.SECOND_HALF,
}

# Keywords for the kind of an event, most specific first.
KIND_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deadline", ("frist", "innen ", "senest")),
    ("annual_meeting", ("årsmøte",)),
    ("campaign", ("kampanje", "verveuke", "verving", "ringing", "kontingent", "husbesøk")),
    ("training", ("skolering", "kurs", "opplæring", "webinar", "festival")),
    ("conference", ("landsmøte", "konferanse", "seminar", "kongress")),
    (
        "meeting",
        (
            "møte",
            "samling",
            "styre",
            "utvalg",
            "utval",
            "formannskap",
            "fylkesting",
            "representantskap",
        ),
    ),
)

# Anchors of relative deadlines ("innen tre måneder etter årsmøtet").
RELATIVE_ANCHORS: tuple[tuple[str, str], ...] = (
    ("årsmøte", "annual_meeting"),
    ("landsmøte", "national_convention"),
    ("nominasjon", "nomination"),
    ("kommunestyreperiode", "council_term"),
    ("valg", "election"),
    ("styre", "board_election"),
)

# Places a plan may name by themselves (lists of two or more capitalised names count anyway).
KNOWN_PLACES = frozenset(
    {
        "Balsfjord",
        "Bardu",
        "Dyrøy",
        "Gratangen",
        "Harstad",
        "Ibestad",
        "Karlsøy",
        "Kvæfjord",
        "Kvænangen",
        "Kåfjord",
        "Lavangen",
        "Lyngen",
        "Målselv",
        "Nordreisa",
        "Salangen",
        "Senja",
        "Skjervøy",
        "Storfjord",
        "Sørreisa",
        "Tjeldsund",
        "Tromsø",
        "Svalbard",
        "Longyearbyen",
        "Finnsnes",
        "Storslett",
        "Setermoen",
        "Bardufoss",
        "Oslo",
        "Bergen",
        "Trondheim",
        "Stavanger",
        "Bodø",
        "Narvik",
        "Mo i Rana",
        "Alta",
        "Hammerfest",
        "Vadsø",
        "Kirkenes",
        "Sortland",
        "Youngstorget",
        "Utøya",
        "Gardermoen",
    }
)

# Capitalised words that are never places in a list of places.
NOT_PLACES = frozenset(
    {
        "Arbeiderpartiet",
        "Arbeiderparti",
        "Ap",
        "LO",
        "Teams",
        "Xtramile",
        "Uke",
        "Det",
        "Vi",
        "Den",
        "De",
    }
)

# Words too common to tell two mentions of an event apart.
STOPWORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "for",
        "av",
        "med",
        "som",
        "er",
        "det",
        "en",
        "et",
        "den",
        "de",
        "vi",
        "skal",
        "vil",
        "kan",
        "må",
        "ha",
        "har",
        "blir",
        "bli",
        "ble",
        "fra",
        "om",
        "at",
        "eller",
        "men",
        "også",
        "både",
        "samt",
        "etter",
        "før",
        "inn",
        "mot",
        "fram",
        "frem",
        "gjennomføres",
        "gjennomføre",
        "gjennomført",
        "arbeidet",
        "arbeid",
        "skal",
        "være",
        "partiet",
        "fylkespartiet",
        "kommunepartiene",
        "kommunepartier",
        "fylkespartiene",
        "sentralt",
        "digitalt",
        "fysisk",
        "trolig",
        "mulig",
        "avklares",
    ]
)


def words_pattern(words: object) -> str:
    """A regex alternation of words, longest first, for use inside a larger pattern."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


def number_value(word: str) -> int | None:
    """The integer a numeral or Norwegian number word stands for."""
    token = word.strip().lower().rstrip(".")
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def month_number(word: str) -> int | None:
    """The month (1-12) a Norwegian month name or abbreviation stands for."""
    token = word.strip().lower().rstrip(".")
    return MONTHS.get(token) or MONTH_ABBREVIATIONS.get(token)


# The names of a table's columns, as a month heading may repeat them over the month's rows
# ('JUNI Dato Sted Hva'): the heading is the month, the rest no event.
COLUMN_NAMES = frozenset(
    {
        "dag",
        "dato",
        "tid",
        "kl",
        "klokkeslett",
        "når",
        "hva",
        "kva",
        "hvor",
        "kvar",
        "sted",
        "stad",
        "møtested",
        "hvem",
        "kven",
        "ansvar",
        "ansvarlig",
        "ansvarleg",
        "arrangør",
        "lag",
        "arrangement",
        "aktivitet",
        "tema",
        "innhold",
        "program",
        "merknad",
        "kommentar",
        "info",
    }
)
