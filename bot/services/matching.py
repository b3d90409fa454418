"""Which deadline or unit a person's words name: case, quotes, æøå and Norwegian definite and plural
forms never matter ("«Forslagsfristen»" names "Forslagsfrist til landsmøtet 2027")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from sqlmodel import Session

from bot.models import Unit
from bot.services.units import (
    MAX_CANDIDATES,
    UnitNotFound,
    fold,
    list_units,
    name_forms,
    units_named,
)
from bot.services.validation import read_day_month

T = TypeVar("T")

QUOTES = "«»\"'“”‘’„‚`´"
# Little words that name nothing on their own ("frist til landsmøtet", "deadline for the convention").
STOP_WORDS = frozenset(
    {"til", "i", "for", "med", "og", "det", "den", "de", "om", "pa", "av", "the", "to", "of", "a"}
    | {"and", "an", "in", "on"}
)
# Definite and plural endings, longest first: fristene, fristen, landsmøtet, frister, uka, møte.
ENDINGS = ("ene", "ane", "en", "et", "er", "a", "e")
MIN_STEM = 3
MIN_INSIDE = 4  # a word this long also names a compound it is part of: "frist" in "forslagsfrist"
# How alike a typed word and a title's word must be to be a typo of it ('forslagsfrsit': 0.92).
TYPO_RATIO = 0.8
MIN_TYPO = 5  # shorter words are too alike by chance ("møte", "mars")


def strip_quotes(text: str) -> str:
    """The text without the quotation marks people put around a name."""
    return text.translate({ord(q): " " for q in QUOTES}).strip()


def stem(word: str) -> str:
    """A folded word without its definite or plural ending: 'forslagsfristen' -> 'forslagsfrist'."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def words_of(text: str) -> list[str]:
    """The folded words of a text, quotes and punctuation dropped."""
    return re.findall(r"\w+", fold(strip_quotes(text)))


def names(query: str, title: str, key: str | None = None) -> bool:
    """Whether every meaningful word of `query` is (the start of) a word of `title`, or of `key`."""
    wanted = [stem(w) for w in words_of(query) if w not in STOP_WORDS]
    if not wanted:
        return False
    title_words = words_of(title)
    stems = [stem(w) for w in title_words]
    key_text = fold(key or "")
    return all(
        any(w.startswith(q) or s.startswith(q) for w, s in zip(title_words, stems, strict=True))
        or (len(q) >= MIN_INSIDE and (any(q in w for w in title_words) or q in key_text))
        for q in wanted
    )


def near_misses(query: str, titles: Sequence[str], *, limit: int = 3) -> list[str]:
    """The titles the query would name but for a typo ('forslagsfrsit', 'styrearbied'): each
    meaningful word of the query is (the start of) a title word, or spelled almost like one."""
    wanted = [stem(w) for w in words_of(query) if w not in STOP_WORDS]
    if not wanted or all(len(q) < MIN_TYPO for q in wanted):
        return []

    def close(q: str, word: str) -> bool:
        if word.startswith(q) or stem(word).startswith(q):
            return True
        return len(q) >= MIN_TYPO and any(
            SequenceMatcher(None, q, form).ratio() >= TYPO_RATIO
            for form in (word, stem(word), word[: len(q)])
        )

    found = [
        title for title in titles if all(any(close(q, w) for w in words_of(title)) for q in wanted)
    ]
    return found[:limit]


@dataclass(frozen=True)
class Match(Generic[T]):
    """What a text names among some choices: exactly one, several, or none."""

    chosen: T | None
    candidates: tuple[T, ...]


def match_named(
    query: str,
    choices: Sequence[T],
    *,
    title: Callable[[T], str],
    key: Callable[[T], str | None] = lambda _: None,
    number: Callable[[T], int] | None = None,
    prefer: Callable[[T], bool] = lambda _: True,
    due: Callable[[T], date | None] | None = None,
) -> Match[T]:
    """The one choice the query names (an id as '#12' also works; with `due`, a date such as
    "1.12" names the choices due that day), or every choice it could mean.

    Among several named, the only one `prefer` accepts is meant (e.g. the only open deadline);
    when `prefer` accepts several, those are what the query could mean.
    """
    text = strip_quotes(query)
    if number is not None and re.fullmatch(r"#?\d{1,9}", text):
        found = tuple(c for c in choices if number(c) == int(text.lstrip("#")))
    else:
        exact = tuple(c for c in choices if fold(title(c)) == fold(text))
        found = (
            exact if len(exact) == 1 else tuple(c for c in choices if names(text, title(c), key(c)))
        )
    typed = read_day_month(text) if due is not None and not found else None
    if typed is not None and due is not None:
        found = tuple(c for c in choices if _is_day(due(c), typed))
    if len(found) > 1:
        found = tuple(c for c in found if prefer(c)) or found
    return Match(found[0] if len(found) == 1 else None, found)


def _is_day(day: date | None, typed: tuple[int, int, int | None]) -> bool:
    """Whether `day` is the day typed (day, month, year or None: any year)."""
    wanted_day, month, year = typed
    return (
        day is not None and (day.day, day.month) == (wanted_day, month) and year in (None, day.year)
    )


MIN_UNIT_START = 3  # among other words, the start of a unit's name names it from three letters


def split_unit(text: str, units: Sequence[Unit]) -> tuple[Unit | None, str]:
    """(the unit the first or last words name, the rest of the text), or (None, the text): a name
    exactly first, else the start of one that fits only one unit (`units_named`: "lav" →
    Lavangen), from three letters so that a deadline's word is not taken for a unit."""
    words = strip_quotes(text).split()
    for size in (2, 1):
        if len(words) < size:
            continue
        for part, rest in ((words[-size:], words[:-size]), (words[:size], words[size:])):
            wanted = fold(" ".join(part))
            found = [u for u in units if wanted in _unit_names(u)]
            if len(found) == 1:
                return found[0], " ".join(rest)
    for part, rest in ((words[-1:], words[:-1]), (words[:1], words[1:])):
        if part and len(part[0]) >= MIN_UNIT_START:
            found = units_named(part[0], units)
            if len(found) == 1:
                return found[0], " ".join(rest)
    return None, text.strip()


def several_units(text: str, units: Sequence[Unit]) -> tuple[str, list[Unit]]:
    """(the first or last word, the units it fits) when that word is the start of several units'
    names ("/ferdig skolering kvæ": Kvæfjord and Kvænangen), so the answer names them; else ("", [])."""
    words = strip_quotes(text).split()
    for word in dict.fromkeys([*words[-1:], *words[:1]]):
        if len(word) >= MIN_UNIT_START:
            found = units_named(word, units)
            if len(found) > 1:
                return word, found
    return "", []


def several_units_named(text: str, units: Sequence[Unit]) -> UnitNotFound | None:
    """The one answer, on every surface (CLI, Slack, Teams), when the first or last word of `text`
    starts several units' names: «kvæ» passer flere enheter. Mente du «Kvæfjord» eller
    «Kvænangen»? (UnitNotFound.text); None when it does not."""
    word, several = several_units(text, units)
    if not several:
        return None
    return UnitNotFound(word, [u.name for u in several[:MAX_CANDIDATES]], several=True)


def another_unit(rest: str, units: Sequence[Unit]) -> tuple[Unit | None, str]:
    """A second unit in the words left after the first ("/ferdig skolering tromsø, senja"), and
    the words without it: Planbot acts for one unit at a time, so the answer says so."""
    words = [w for w in re.split(r"[\s,]+", rest) if w and fold(w) not in ("og", "and", "&")]
    return split_unit(" ".join(words), units)


def inactive_unit_named(*, session: Session, text: str) -> Unit | None:
    """The inactive unit the first or last words of `text` name, as `split_unit` reads them: the
    answer says it is inactive instead of that no deadline matches its name."""
    units = list_units(session=session, kind=None, include_inactive=True)
    return split_unit(text, [u for u in units if not u.active])[0]


def _unit_names(unit: Unit) -> tuple[str, ...]:
    """'svalbard', 'longyearbyen', 'svalbard longyearbyen' and the slug for 'Svalbard (Longyearbyen)'."""
    words = words_of(unit.name)
    return (*name_forms(unit), " ".join(words), words[0] if words else "")
