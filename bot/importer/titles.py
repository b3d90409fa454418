"""Human titles, kinds and places for found events, taken from the words around a date."""

from __future__ import annotations

import re

from bot.importer.lexicon import KIND_KEYWORDS, KNOWN_PLACES, MONTHS, NOT_PLACES, WEEKDAYS

MAX_TITLE_WORDS = 8
LEADING_FILLER = re.compile(
    r"^(?:(?:i\s+løpet\s+av|i|på|fra|til|om|innen|den|det|er|vil|blir|skal|gjennomføres|arrangeres|trolig"
    r"|mulig|ca\.?|og|samt|ellers|også|med|mellom|hele|særlig|vi|at|minimum|minst|cirka"
    r"|omtrent|jevnlig|gjennomføres|arrangeres|medio|primo|ultimo|månedsskiftet|månadsskiftet"
    r"|overgangen)\b[\s,:]*)+",
    re.IGNORECASE,
)
# Words left dangling at the end once the date is cut out: prepositions, and verbs that only
# say the event takes place ('Årsmøtene avholdes', 'Medlemsmøter arrangeres gjennom').
TRAILING_FILLER = re.compile(
    r"(?:[\s,]+\b(?:i|på|fra|til|om|og|for|av|er|vil|med|den|det|som|ved|fram|frem|mot"
    r"|at|satt|blir|gå|går|be|løpet|perioden|i\s+løpet\s+av|mnd|gjennom|igjennom|innen"
    r"|utover|avholdes|arrangeres|gjennomføres|holdes|foregår|pågår|skjer|finner\s+sted"
    r"|trolig|antakelig|sannsynligvis|ca|unntatt|utenom|senest|seinest|planlagt|berammet"
    r"|fastsatt|satt\s+opp|f\.\s?o\.\s?m|t\.\s?o\.\s?m|frå|medio|primo|ultimo)\b\.?)+$",
    re.IGNORECASE,
)
# '1. Regjeringsprosjektet', 'b) Skolering': the number of a list item.
LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[a-h])[.)]\s+(?=[A-ZÆØÅ])")
# 'Hensikt: Gi medlemmene …', 'Tema: Økonomi': a label before the subject.
LABEL_PREFIX = re.compile(
    r"^(?:hensikt|formål|mål|tema|innhold|merknad|kommentar|nb|tid|sted|dato|når|hva|hvem"
    r"|beskrivelse|målgruppe|ansvar|ansvarlig)\s*:\s*(?=\S)"
    r"|^(?:tid|tidspunkt|dato|når)\s*:?$",  # 'Tid: tirsdag 14. januar': a label, no title
    re.IGNORECASE,
)
# 'Tors. 3. sept.', 'Fre. 28. aug': a shortened weekday left before the text once the date is cut.
WEEKDAY_ABBREVIATION = re.compile(
    r"^(?:man|tirs?|ons|tors?|fre|lør|søn)\.(?=[\s|]|$)", re.IGNORECASE
)
CELL_BREAKS = re.compile(r"(?:\s*\|\s*)+")  # 'Høstmarked | Storsteinnes': cells of one row
# '(15.–19. september)', '(ikke juli)', '(eller 3. mai)' once the date is cut: nothing said
EMPTY_BRACKETS = re.compile(
    r"\(\s*[,;.\-–]*\s*(?:(?:ikke|unntatt|utenom|bortsett\s+fra|eller|og|el\.?)\s*[,;.\-–]*\s*)?\)",
    re.IGNORECASE,
)
PUNCTUATION = " \t.,;:!?-–—()[]|/«»\"'“”•·●"


# 'Allerede i løpet av [juni] vil …', 'Møtet blir innen [1. mars] sendt ut': a preposition of
# time left in the middle of a sentence where its date was cut out (three or more blanks: the
# date's place), no word of the title.
CUT_TIME_PREPOSITION = re.compile(
    r"(?<!\S)(?:i\s+løpet\s+av|innen|innan|fra\s+og\s+med|til\s+og\s+med|fram\s+til|frem\s+til"
    r"|medio|primo|ultimo|i|på|den)[ \t]{3,}(?=[^\W\d_]|\()",
    re.IGNORECASE,
)
# '(dagtid): Møte for pensjonistene' once 'Uke 34' before it is cut: the aside that qualified
# the date goes after the words it now leads ('Møte for pensjonistene (dagtid)').
LEADING_ASIDE = re.compile(r"^\((?P<aside>[^()]{1,40})\)\s*[:–—-]?\s*(?P<rest>[^\W\d_].*)$")
BEFORE_ASIDE = " \t.,;:!?-–—|/•·●*"


def clean_label(text: str) -> str:
    """A fragment of a line as a label: no fillers at either end, single spaces."""
    text = EMPTY_BRACKETS.sub(" ", text.replace("\x00", " "))
    text = CUT_TIME_PREPOSITION.sub(" ", text)
    text = " ".join(CELL_BREAKS.sub(" – ", text).split()).strip(BEFORE_ASIDE)
    if aside := LEADING_ASIDE.match(text):
        # '(eller ): Karneval' once the other date is cut: a joining word alone says nothing
        said = aside["aside"].strip(PUNCTUATION)
        joiner = not said or said.lower() in {"eller", "og", "el"}
        text = aside["rest"] if joiner else f"{aside['rest']} ({said})"
    text = text.strip(PUNCTUATION)
    previous = None
    while previous != text:
        previous = text
        text = LEADING_FILLER.sub("", text).strip(PUNCTUATION)
        text = WEEKDAY_ABBREVIATION.sub("", text).strip(PUNCTUATION)
        text = LIST_NUMBER.sub("", text).strip(PUNCTUATION)
        text = LABEL_PREFIX.sub("", text).strip(PUNCTUATION)
        text = TRAILING_FILLER.sub("", text).strip(PUNCTUATION)
    if text.count("(") == text.count(")") + 1 and text.rfind("(") > text.rfind(")"):
        text += ")"  # 'Julegrantenning (alle korene)' keeps the bracket it opened
    return text


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched."""
    return text[:1].upper() + text[1:]


def shorten(text: str, words: int = MAX_TITLE_WORDS) -> str:
    """At most `words` words, with an ellipsis when cut."""
    parts = text.split()
    if len(parts) <= words:
        return text
    return " ".join(parts[:words]).rstrip(PUNCTUATION) + "…"


# 'Frist for innspill til neste års arbeidsplan: [1. november].': the words before a colon
# whose date was cut are that date's label, however many of them there are.
LABELLED_DATE = re.compile(r"[^:]+:[\s.,;!]*")


def choose_title(residual: str, heading: str | None, row_label: str | None, suffix: str) -> str:
    """A short title: a datoplan row's label, a short sentence, or the section heading."""
    label = clean_label(strip_places(residual))
    phrase = event_phrase(label) if label and len(label.split()) > 6 else None
    labelled = LABELLED_DATE.fullmatch(residual.strip()) is not None
    if row_label:
        title = clean_label(row_label)
    elif label and len(label.split()) <= (MAX_TITLE_WORDS if labelled else 6):
        title = label
    elif phrase:
        title = phrase
    elif heading:
        title = clean_label(heading) or heading
    elif label:
        title = shorten(label)
    else:
        title = "Hendelse"
    title = capitalise(title)
    if suffix and suffix.lower() not in title.lower():
        title = f"{title} ({suffix})"
    return title


# 'arrangeres det en fysisk samling for …', 'skal gjennomføre skolering i …': the words that
# bring in what a long sentence says will happen (its subject, in a presentational sentence).
PRESENTING = re.compile(
    r"\b(?:(?:arrangeres|holdes|blir)\s+det|arrangerer|gjennomfører|gjennomføre|inviterer\s+til)"
    r"(?:\s+(?:en|et|ei))?\s+(?P<phrase>(?:[^\W\d_]+\s+)?[^\W\d_]+[^,;()]*)",
    re.IGNORECASE,
)
EVENT_WORDS = tuple(w for kind, words in KIND_KEYWORDS if kind != "deadline" for w in words)


def event_phrase(sentence: str) -> str | None:
    """What a long sentence says will happen, when it names an event of its own ('I tillegg
    arrangeres det en fysisk samling for kommunepartilederne' -> 'Fysisk samling for
    kommunepartilederne'): a title of its own rather than the section's heading."""
    match = PRESENTING.search(sentence)
    if match is None:
        return None
    words = re.split(r"\s+(?:og|men|der|som|når|hvis|dersom)\s+", match["phrase"])[0].split()
    named = any(w in words[0].lower() for w in EVENT_WORDS)
    if not named and len(words) > 1 and any(w in words[1].lower() for w in EVENT_WORDS):
        named = True  # 'en fysisk samling': one word before the event's own
    return capitalise(shorten(clean_label(" ".join(words)), 6)) if named else None


# An election named by itself ('Kommune- og fylkestingsvalget', 'stortingsvalg', 'valget'): no
# keyword of a kind, though 'fylkesting' inside it names a meeting. Not a committee ('utvalget',
# 'hovedutvalg'), a re-election ('gjenvalg') or 'valg' of a board at an annual meeting.
ELECTION = re.compile(
    r"\b(?:(?:stortings|fylkestings|kommunestyre|kommune|lokal|kirke|skole|student|sametings"
    r"|menighetsråds|bispedømmeråds|urne|europa|presidents?)valg(?:et|ene)?|valget|valgene"
    r"|valgdag(?:en)?)\b"
)


def names_election(text: str) -> bool:
    """Whether a title names an election ('Kommune- og fylkestingsvalget'): its kind is 'other',
    whatever the headings above it say."""
    return bool(ELECTION.search(text.lower()))


def guess_kind(*texts: str | None) -> str:
    """The kind of event, from keywords in the title first, then the wider context (an election
    is none of the kinds: 'other')."""
    for text in texts:
        if not text:
            continue
        lowered = ELECTION.sub(" ", text.lower())
        for kind, keywords in KIND_KEYWORDS:
            if any(keyword in lowered for keyword in keywords):
                return kind
        if lowered != text.lower():
            return "other"  # the election itself, whatever the heading above it says
    return "other"


WORD_NAME = r"[A-ZÆØÅ][\wæøåÆØÅ\-]+"
# A name may itself hold 'i' between capitalised words ('Mo i Rana', 'Bø i Vesterålen').
NAME = rf"{WORD_NAME}(?:\s+i\s+{WORD_NAME})?"
PLACE_LIST = re.compile(
    rf"\b(?:i|på|til)\s+(?P<list>{NAME}(?:\s*,\s*{NAME})*(?:\s*,?\s+(?:og|eller)\s+{NAME})?)"
)
NON_PLACE_WORDS = {w.capitalize() for w in MONTHS} | {w.capitalize() for w in WEEKDAYS}


def _place_names(listed: str) -> list[str]:
    """The places in a matched list, or [] when it does not read as places."""
    raw = [n.strip() for n in re.split(r"\s*,\s*|\s+(?:og|eller)\s+", listed)]
    names: list[str] = []
    for name in raw:
        parts = re.split(r"\s+i\s+", name)
        if len(parts) > 1 and name not in KNOWN_PLACES and any(p in KNOWN_PLACES for p in parts):
            # 'Youngstorget i Oslo', 'Styret i Harstad': the known places, each by itself.
            names.extend(p for p in parts if p in KNOWN_PLACES)
        else:
            names.append(name)  # 'Mo i Rana', 'Bø i Vesterålen': one place
    names = [n for n in names if n and n not in NOT_PLACES and n not in NON_PLACE_WORDS]
    if len(names) >= 2 or (names and names[0] in KNOWN_PLACES):
        return names
    return []


def find_locations(text: str) -> tuple[str, ...]:
    """Places listed after 'i'/'på' ('i Nordreisa, Tromsø, Finnsnes og Harstad')."""
    found: list[str] = []
    for match in PLACE_LIST.finditer(text):
        found.extend(n for n in _place_names(match["list"]) if n not in found)
    return tuple(found)


def strip_places(text: str) -> str:
    """A text without its place phrases ('Skolering i Bodø og Narvik' -> 'Skolering'), since
    the places are kept apart from the title."""
    return PLACE_LIST.sub(lambda m: " " if _place_names(m["list"]) else m[0], text)


def bullet_title(line: str) -> str:
    """The text of a bulleted line without its bullet and fillers."""
    return clean_label(re.sub(r"^\s*[•·●▪◦*\-–]\s*", "", line))
