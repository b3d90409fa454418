"""Pure parsers for slash-command arguments: any text becomes a request, never an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.services.units import fold

HELP_WORDS = frozenset({"hjelp", "help", "?", "-h", "--help"})
DEFAULT_DAYS = 14
KIND_DAYS = 120
MAX_DAYS = 366

PERIOD_WORDS = {
    "uke": 7,
    "uka": 7,
    "week": 7,
    "maned": 30,
    "maaned": 30,
    "mnd": 30,
    "month": 30,
    "kvartal": 92,
    "quarter": 92,
    "ar": 366,
    "aret": 366,
    "year": 366,
}
# Folded words (æøå spelled out) for each event kind, singular and plural, nb and en.
KIND_WORDS = {
    "deadline": ("frist", "frister", "fristene", "deadline", "deadlines"),
    "meeting": ("mote", "moter", "motene", "meeting", "meetings"),
    "campaign": ("kampanje", "kampanjer", "campaign", "campaigns"),
    "training": ("skolering", "skoleringer", "kurs", "training", "trainings"),
    "annual_meeting": ("arsmote", "arsmoter", "annual", "annual_meeting", "annual-meeting"),
    "conference": ("konferanse", "konferanser", "landsmote", "conference", "conferences"),
    "other": ("annet", "andre", "other"),
}
KIND_BY_WORD = {word: kind for kind, words in KIND_WORDS.items() for word in words}
DAY_WORDS = frozenset({"dag", "dager", "dagar", "d", "day", "days"})
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
class PlanWindow:
    """`/plan [uke | måned | N dager | <kind>]`: the coming days, maybe one kind only."""

    days: int = DEFAULT_DAYS
    kinds: frozenset[str] | None = None


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


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"\s+", text.strip()) if w]


def parse_plan_args(text: str | None) -> Help | PlanWindow | PlanAction:
    """The request a `/plan` text asks for."""
    words = _words(text or "")
    if not words:
        return PlanWindow()
    folded = [fold(w).strip(".,;:!") for w in words]
    if folded[0] in HELP_WORDS:
        return Help()
    action = ACTION_WORDS.get(folded[0])
    if action == "new" and folded[1:2] == ["til"]:  # "legg til"
        return PlanAction("new")
    if action:
        return PlanAction(action, " ".join(words[1:]).strip())
    days: int | None = None
    kinds: set[str] = set()
    i = 0
    while i < len(folded):
        word = folded[i]
        number = re.fullmatch(r"(\d{1,6})(d|dager|days)?", word)
        if number:
            days = int(number.group(1))
            if i + 1 < len(folded) and folded[i + 1] in DAY_WORDS:
                i += 1
        elif word in PERIOD_WORDS:
            days = PERIOD_WORDS[word]
        elif word in ("neste", "next", "denne", "this", "kommende", "coming"):
            pass
        elif word in KIND_BY_WORD:
            kinds.add(KIND_BY_WORD[word])
        else:
            return Help(unknown=(text or "").strip())
        i += 1
    if days is not None and not 1 <= days <= MAX_DAYS:
        return Help(unknown=(text or "").strip())
    if days is None:
        days = KIND_DAYS if kinds else DEFAULT_DAYS
    return PlanWindow(days=days, kinds=frozenset(kinds) or None)


def parse_status_args(text: str | None) -> Help | StatusRequest:
    """The request a `/status` text asks for."""
    query = " ".join(_words(text or ""))
    if fold(query) in HELP_WORDS:
        return Help()
    return StatusRequest(query)


NOTE_SEPARATOR = "|"
UNDO_WORDS = frozenset({"angre", "undo"})


def parse_ferdig_args(text: str | None) -> Help | FerdigRequest:
    """The request a `/ferdig` text asks for: a note only ever after the bar, never guessed."""
    head, bar, note = (text or "").partition(NOTE_SEPARATOR)
    words = _words(head)
    if not bar and fold(" ".join(words)) in HELP_WORDS:
        return Help()
    undo = bool(words) and fold(words[0]) in UNDO_WORDS
    return FerdigRequest(
        " ".join(words[1:] if undo else words), note=" ".join(_words(note)) or None, undo=undo
    )


@dataclass(frozen=True)
class Candidate:
    """A deadline a unit could report done: its id, title and key."""

    event_id: int
    title: str
    key: str | None = None
    open: bool = True
