"""Pure parsers for slash-command arguments: any text becomes a request, never an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.phrases import PlanQuery, parse_plan_query
from bot.services.matching import strip_quotes
from bot.services.units import fold

HELP_WORDS = frozenset({"hjelp", "help", "?", "-h", "--help"})
ACTION_WORDS = {
    "ny": "new",
    "new": "new",
    "legg": "new",
    "add": "new",
    "endre": "edit",
    "edit": "edit",
    "avlys": "cancel",
    "cancel": "cancel",
    "importer": "import",
    "import": "import",
    "importere": "import",
    "enhet": "unit",
    "unit": "unit",
    "kommuneparti": "unit",
}


@dataclass(frozen=True)
class Help:
    """Show the command's help (asked for, or after an argument it did not understand)."""

    unknown: str | None = None


@dataclass(frozen=True)
class PlanAction:
    """`/plan ny | endre <event> | avlys <event> | enhet <unit>` (staff only)."""

    action: str
    query: str = ""


@dataclass(frozen=True)
class StatusRequest:
    """`/status [<event>]`: the overview, or one deadline's per-unit list."""

    query: str = ""


@dataclass(frozen=True)
class FerdigRequest:
    """`/ferdig [angre] [<deadline>] [<unit>] [| note]`: the words naming the deadline (and maybe
    the unit), resolved against the unit's deadlines later; the note after the bar; undo or not."""

    text: str = ""
    note: str | None = None
    undo: bool = False


# What names a deadline, unit or period is short; a longer text (a pasted paragraph) is cut at a
# word so the answer that quotes it stays readable on a phone.
MAX_NAMING = 100


def _naming(words: list[str]) -> str:
    """The words joined, cut after about MAX_NAMING characters at a word, with '…'."""
    text = " ".join(words)
    if len(text) <= MAX_NAMING:
        return text
    return text[:MAX_NAMING].rsplit(" ", 1)[0] + " …"


def _words(text: str) -> list[str]:
    """The words typed; a word of nothing but quotes or bars ('«»', '""', '|') is no word."""
    return [w for w in re.split(r"\s+", text.strip()) if w and strip_quotes(w).strip("|")]


def parse_plan_args(text: str | None) -> Help | PlanQuery | PlanAction:
    """The request a `/plan` text asks for."""
    words = _words(text or "")
    folded = [fold(w).strip(".,;:!") for w in words] or [""]
    if folded[0] in HELP_WORDS:
        return Help()
    action = ACTION_WORDS.get(folded[0])
    if action == "new" and folded[1:2] == ["til"]:  # "legg til"
        return PlanAction("new")
    if action:
        return PlanAction(action, strip_quotes(" ".join(words[1:])))
    query = parse_plan_query(text or "")
    return query if query is not None else Help(unknown=_naming(words))


def parse_status_args(text: str | None) -> Help | StatusRequest:
    """The request a `/status` text asks for."""
    query = _naming(_words(text or ""))
    if fold(query) in HELP_WORDS:
        return Help()
    return StatusRequest(query)


NOTE_SEPARATOR = "|"
UNDO_WORDS = frozenset({"angre", "angra", "undo"})  # "angra": nynorsk


def parse_ferdig_args(text: str | None) -> Help | FerdigRequest:
    """The request a `/ferdig` text asks for: a note only ever after the bar, never guessed."""
    head, bar, note = (text or "").partition(NOTE_SEPARATOR)
    words = _words(head)
    if not bar and fold(" ".join(words)) in HELP_WORDS:
        return Help()
    undo = bool(words) and fold(words[0]) in UNDO_WORDS
    return FerdigRequest(
        _naming(words[1:] if undo else words), note=" ".join(_words(note)) or None, undo=undo
    )
