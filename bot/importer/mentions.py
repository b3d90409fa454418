"""Dates a plan's text names that are no events of the plan, told by the words around them:
the date the document was written (its byline), a letter it refers to or papers already sent,
the day a count is taken on, a date given up for another, a period left out, a vague
postponement, and history; and years that are not the plan's, told by the words before them."""

from __future__ import annotations

import re

from bot.importer.grammar import Item

# 'Publisert: 20.11.2024', 'Sist oppdatert 3. mars 2023', 'I dag skriver vi 21. januar 2024',
# an e-mail's 'Sendt: 3. mars 2025'.
# 'Oppdatert', 'endret' and 'skrevet' only as a label (at the line's start, after 'sist' or a
# separator, or before a colon): 'Planen blir oppdatert 3. mars' is an event. A line opening with
# a bulletin's number and a slash ('Nr 4 / Desember 2016') gives the issue's date.
DATELINE = re.compile(
    r"(?:\b(?:publisert|publ\.|datert|i\s+dag\s+(?:skriver\s+vi|er\s+det|har\s+vi))\s*:?"
    r"|(?:^|[/|•·]|\bsist)\s*(?:oppdatert|endret|redigert|opprettet|skrevet)\s*:?"
    r"|\b(?:oppdatert|endret|redigert|opprettet|skrevet|sendt)\s*:"
    r"|^\s*(?:nr|nummer|utgave)\.?\s*\d{1,2}\s*/)\s*(?:den\s+)?$",
    re.IGNORECASE,
)
# 'torsdag 31. desember 2009' as a whole line, in lower case: a blog post's date stamp (a day
# of a programme is a heading: 'Mandag 4. januar').
DATE_STAMP = re.compile(
    r"^\s*(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag)"
    r"\s+\d{1,2}\.\s*[a-zæøå]+\s+(?:19|20)\d\d\s*$"
)
# 'i brev av 10. oktober', 'jf. vedtak fra 3. mars', 'e-post datert 2. mai': sent or decided.
REFERENCE = re.compile(
    r"\b(?:brev|e-?post|e-?brev|skriv|rundskriv|vedtak|protokoll|referat|melding|svar|sak)\w*"
    r"\s+(?:av|fra|datert|dat\.)\s+(?:den\s+)?$",
    re.IGNORECASE,
)
# 'har i møte 22.9.2031 i sak 22/59 vedtatt møteplanen', 'ble det den 29. april, i sak 24/31
# opprettet …': a day followed by the case number of what was decided that day tells where a
# decision was made, no event of the plan ('vedtatt i sak 64/31 20. desember 2031', the
# council's meeting named after its case, is one in its gold, and stays)
CASE_AFTER = re.compile(r"^[\s,]*(?:i\s+)?sak\s+\d+/\d+", re.IGNORECASE)
# 'juniorer (født etter 1.1.2031)', 'for dei fødde før 1. september 2030': a day of birth that
# says who may take part, no event of the plan
BORN = re.compile(
    r"\b(?:født|fødd|fødde|fødte)\s+(?:(?:etter|før|fra|frå|i|den|mellom)\s+)*$",
    re.IGNORECASE,
)
# 'betalende medlemmer per 31. desember 2023', 'medlemstall pr. 16.08.2021', 'regnes ut fra
# medlemstallet 31.12.2023': the day a count stands at, not a day anything happens.
COUNT_AT = r"(?:\b(?:per|pr\.?)|\bmedlemstall(?:et|ene)?)\s+(?:den\s+)?"
# A count is named before 'per'/'pr.': 'fylkeslaga som pr. 1.1.2020 vert Vestland Venstre' is
# the day a change takes effect, an event.
COUNTED_AT = re.compile(
    r"(?:(?:\b(?:medlem|antall|stemme|deltaker)\w*|\w*tall(?:et|ene)?)\b[^.]{0,60}"
    r"\b(?:per|pr\.?)|\bmedlemstall(?:et|ene)?)\s+(?:den\s+)?$",
    re.IGNORECASE,
)
YEAR_END_COUNT = re.compile(rf"{COUNT_AT}31\.\s*(?:12\.|desember\s+)?$", re.IGNORECASE)
# 'var først planlagt til 16. januar', 'opprinnelig satt til', 'flyttet fra 3. mai', 'ENDRET
# FRA DEN 2. MAI', 'flytte representantskapet fra uke 47', 'endra frå 15.', 'utsetter
# landsmøtet fra 9.-11. april'.
MOVE = r"\b(?:flytt\w*|utsett\w*|utsatt|endre[rts]?|endra)"
SUPERSEDED = re.compile(
    r"(?:\b(?:først|opprinnelig|tidligere|egentlig)\s+(?:\w+\s+)?(?:planlagt|satt|bestemt"
    r"|berammet|fastsatt|tenkt|meldt)\s+(?:til|på)"
    rf"|{MOVE}(?:\s+[^\s\d]+){{0,2}}?\s+(?:fra|frå))\s+(?:den\s+)?$",
    re.IGNORECASE,
)
# 'utsettes også landsstyremøtet 6.-7. mars til 20.-21. mars', 'flytter styremøtet 3. mai til
# 10. mai': a date moved, named between the verb and the 'til' of its new date.
MOVED_FROM = re.compile(
    rf"{MOVE}(?:\s+(?!til\b|på\b)[^\s\d]+){{1,3}}\s+(?:den\s+)?$", re.IGNORECASE
)
MOVED_TO = re.compile(r"^\s*(?:til|på)\s+(?:\w+\s+)?\d", re.IGNORECASE)
# '… 100-årsjubileum 27. juni er utsatt', 'lørdag 27. juni utsatt til lørdag 14. november':
# the day given up, told after it.
GIVEN_UP = re.compile(
    r"^\W*(?:er\s+|blir\s+|vert\s+|har\s+blitt\s+)?(?:utsatt|flyttet|flytta|endret|endra)\b",
    re.IGNORECASE,
)
# 'Kommer til våren', 'utsatt til høsten': put off to a season, no date yet.
POSTPONED = re.compile(
    r"\b(?:kommer(?:\s+tilbake)?|utsatt|utsettes|flyttet|flyttes|flytta)\s+(?:til|på)\s+$",
    re.IGNORECASE,
)
# 'hver måned unntatt juli', 'bortsett fra i desember': a period left out, no event. A day
# left out ('alle tirsdager …, unntatt 19. september (sykkel-VM) og 10. oktober (høstferie)')
# is a dated day off, like a 'Høstferie' row.
EXCEPT = re.compile(r"\b(?:unntatt|unntak\w*|utenom|bortsett\s+fra)\s+(?:i\s+)?$", re.IGNORECASE)
# Words just before a day or month of no stated year that put it in history, not in the plan
# ('nære hendelser som 22. juli', 'siden 9. april', 'ble i fjor holdt 14. mars').
HISTORY = re.compile(
    r"\b(?:hendelse\w*|angrep\w*|terror\w*|siden|minne\w*|minnes|skjedde|fjor|fjorår\w*)"
    r"\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# '22.7.' before '2011', '3. august ' before '2015': the rest of a date whose year is read alone
DAY_BEFORE_YEAR = re.compile(r"\d{1,2}\.\s*(?:\d{1,2}\.?|[a-zæøå]+)\s*$", re.IGNORECASE)
# 'Nå er august her', 'Nå i slutten av mai innser styret …', 'etter det lange opphaldet no i
# vår': the month or season the page is written in, no event of the plan.
NOW = re.compile(
    r"\b(?:nå|no)\s+(?:er\s+(?:det\s+)?)?(?:i\s+)?"
    r"(?:(?:slutten|begynnelsen|starten|midten|utgangen)\s+av\s+)?$",
    re.IGNORECASE,
)
# 'Første øvelse etter sommeren blir …', 'bestemt å utsette kongressen til før sommeren 2023': a
# season after 'før', 'etter', 'fram til' or 'frem mot' ('flere aktiviteter fram til sommeren
# 2015') is the point something is placed by, no event of its own
BEFORE_OR_AFTER = re.compile(r"\b(?:før|etter|(?:fram|frem)\s+(?:til|mot))\s+$", re.IGNORECASE)
# 'en spørreundersøkelse utført tidligere denne våren', 'hva vi skal gjøre denne våren': the
# season the page is written in, named as the one at hand ('Denne høsten er han først ut med
# sitt årsmøte 15. september': its days are the events)
THIS = re.compile(r"\b(?:denne|dette)\s+$", re.IGNORECASE)
# 'Sommeren er snart over', 'Våren er travel for historielaget', 'Mai er en hektisk måned': a
# month or season that a sentence starts with and says something about is its subject, no
# event ('Mai er det dugnad', the time of what the sentence names, stays)
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[^\w(]*$")
IS_SAID_OF = re.compile(r"^\s+(?:er|var)\s+(?!det\b|der\b)", re.IGNORECASE)
# 'Vi har konfirmasjon både på våren og på høsten', 'en på høsten og to på våren', 'nytt kull
# starter på høsten og konfirmeres om våren': two seasons, each after 'på' or 'om' in its
# definite form and with no year, in one sentence: what happens every year, no season of the
# plan (one 'på våren' alone may be the plan's: shared plans 002 and 004).
SEASON_DEFINITE = r"(?:våren|høsten|hausten|vinteren|sommeren)"
EVERY_SEASON = re.compile(
    rf"\b(?:på|om)\s+{SEASON_DEFINITE}\b(?:(?!\b(?:på|om)\b)[^.!?])*?\bog\b[^.!?]*?"
    rf"\b(?:på|om)\s+{SEASON_DEFINITE}\b",
    re.IGNORECASE,
)
# 'Laget ble stiftet i 1985', 'Mot slutten av 2023 vart det opna …', 'No har pensjonistane
# allereie vore på to trimturar i vår': a sentence about the past, whose year or season is no
# period of the plan.
PAST_TENSE = re.compile(
    r"\b(?:ble|blei|vart|var|hadde|har\s+vært|vore|stiftet|stifta|grunnlagt|etablert"
    r"|begynte|byrja|gikk|gjekk)\b",
    re.IGNORECASE,
)
# 'ble sendt ut 12. oktober', 'ble sendt til lokallaga i uke 38', 'Det har kommet inn en
# uttalelse 19. oktober', 'fikk innkalling pr. e-post den 8. april', 'Innkallingen er sendt
# per brev til alle lokalavdelinger 2. januar': papers already sent or received, no event of
# the plan. The words between stay in the sentence and in the one clause ('… vart lagt ut og
# fram til og med 6. mars' is a deadline).
SENT_GAP = r"(?:[^\w.!?]|\.(?!\s+(?-i:[A-ZÆØÅ])))+"
SENT = re.compile(
    r"\b(?:(?:ble|blei|vart|er|har\s+blitt)\s+(?:sendt|send|utsendt|lagt\s+ut|mottatt)"
    r"|(?:har|er)\s+kom(?:met|e)\s+inn"
    r"|(?:fikk|fekk|mottok)\s+(?:innkalling|brev|e-?post|melding|invitasjon)\w*)"
    rf"\b(?:{SENT_GAP}(?!(?:og|fram|frem|innen|innan|før|etter|fra|frå)\b)\w+){{0,8}}"
    rf"{SENT_GAP}$",
    re.IGNORECASE,
)
# 'godkjenne rekneskap 2018 og beretning 2018', 'Årsmeldingen for 2023', 'medlemstallene for
# 2016', 'Stem fram Årets lokallag 2022': the year a report, an account, a count or a prize is
# for, most often the one before the plan's, never a sign of the plan's own year.
REPORTED_YEAR = re.compile(
    r"\b(?:(?:års)?beretning|årsmelding|årsrapport|regnskap|rekneskap|medlemstal|årets\s+\w+)\w*"
    r"\s+(?:(?:for|fra|frå)\s+)?$",
    re.IGNORECASE,
)
# 'Programprosessen fram mot valget i 2021', 'handlingsplan fram mot september 2015', 'frem mot
# AUFs landsmøte, oktober 2022', 'Første sted mot valget i 2015', '4 nettverksmøter før valget
# i 2015': the goal a plan works towards, later than the plan itself ('mot slutten av 2026' is
# a time in it).
HORIZON = re.compile(
    r"\b(?:mot(?!\s+(?:slutten|utgangen))|før(?=\s+[^\W\d]))(?:\W+\w+){0,4}?\W+$"
    r"|\b(?:fram|frem)\s+$",  # 'fram' before 'mot september 2015', a month phrase of its own
    re.IGNORECASE,
)
# 'stortingsvalget 2013', 'valgliste for fylkestingsvalget 2019', 'stortingsvalgliste for Høyre
# i 2021', 'alle listekandidater 2015', 'Nominasjon til stortingslista 2017', 'Nominasjon for
# perioden 2019-2023': an election (or its list or programme, or the term a nomination is for)
# named with its year, which nominations, lists and programmes lead up to; not 'valgkampen 2023'
# (the campaign is in the election year), a council's 'møteplan for valgperioden 2023-2027' (its
# meetings follow the election), an 'utvalg' (a committee) nor a bare 'valg' ('valg til styret').
ELECTION = re.compile(
    r"(?:\b(?:stortings|fylkestings|kommunestyre|kommune|fylkes|sametings)valg"
    r"(?:et|liste\w*|lista|program\w*)?|\bvalg(?:et|liste\w*|lista|program\w*)"
    r"|\b(?:listekandidat|kandidatliste|(?:stortings|fylkestings|sametings)list[ae])\w*"
    r"|\bnominasjon\w*\s+(?:for|til)\s+(?:valg)?perioden)"
    r"(?:\s+(?:for|til)(?:\s+[^\W\d]+){1,2})?\s+(?:i\s+)?$",
    re.IGNORECASE,
)
# 'årsbudsjett 2021', 'Budsjett for 2015', 'økonomiplan 2021-24': the year a budget or a plan
# of the economy is for, which its treatment leads up to (a municipality's budget is treated in
# the autumn before; an association's at the year's first meetings), never the page's own year.
# A municipality's 'Handlingsprogram 2014 - 2017' is such a plan on a page about its budget
# (elsewhere, a party's programme may be the plan of the year it names).
FOR_YEAR = r"(?:\s+(?:for|fra|frå))?\s+"
BUDGET = re.compile(rf"\b(?:\w*budsjett(?:et)?|\w*økonomiplan(?:en)?){FOR_YEAR}$", re.IGNORECASE)
PROGRAMME = re.compile(rf"\bhandlingsprogram(?:met)?{FOR_YEAR}$", re.IGNORECASE)
BUDGET_WORD = re.compile(r"budsjett", re.IGNORECASE)
# a year, or a span of years ('2014 - 2017', '2021-24', '2021 til 2024')
A_YEAR = re.compile(
    r"\b(?:19|20)\d\d(?:(?:\s*[-–/]\s*|\s+til\s+)(?:(?:19|20)\d\d|\d\d))?\b", re.IGNORECASE
)
# Where a plan's year came from when only a goal gives it ('Year from the goal …' in a preview).
GOAL_SOURCE = "goal the plan leads up to"
# 'innen 1. april hvert år', 'innan 1. april kvart år': the day of a rule for every year.
EVERY_YEAR = re.compile(r"^\s*(?:hvert|kvart)\s+år\b", re.IGNORECASE)
COARSE = frozenset({"season", "quarter", "year"})
# A half-year written with its year after a plan's word or 'for'/'av' ('Møteplan 1. halvår
# 2018', 'møtedatoer er fastsatt for 1. halvår 2019', 'Planlegging av vårhalvåret 2022') is the
# term a plan or a timetable covers, not an event in it ('Første halvår 2027 gjennomføres
# valgkampskolering' is one).
HALF_YEARS = frozenset({"first_half", "second_half"})
TERM_OF = re.compile(
    r"(?:\b\w*(?:plan|program|møtedato|planlegging)\w*|\b(?:for|av))\W+(?:[^\W\d]+\W+){0,3}$",
    re.IGNORECASE,
)
# 'Programmet for vinteren/våren', 'utdanningsplan for vårsemesteret', 'Semesterregistrering for
# våren 2016': a plan, programme or registration named by the term it is for, not a season of
# events ('Kurs for våren' stays: a course is held in its season)
TERM_FOR = re.compile(r"\b\w*(?:plan|program|registrering|opptak)\w*\s+for\s+$", re.IGNORECASE)
BEFORE_CHARS = 60


def is_dateline(before: str) -> bool:
    """Whether the words before a date make it the date the document was written."""
    return bool(DATELINE.search(before[-BEFORE_CHARS:]))


# 'Ukens Smil uke 9', 'Fredagshilsen fra fylkeslederen - uke 35': a name, then the week alone
ISSUE_WEEK = re.compile(
    r"^[ \t]*[^\W\d_][^\d|]*?(?<!\bi)(?<!\bfra)(?<!\btil)(?<!\binnen)(?<!\bfør)(?<!\better)"
    r"[ \t]*[-–:,]?[ \t]+(?:uke|veke)[ \t]*\d{1,2}[ \t]*$",
    re.IGNORECASE,
)  # a week after a preposition is the time of what the line names: 'Verveaksjon i uke 13'


def is_issue_week(line: str) -> bool:
    """Whether a heading is a newsletter's name and the week it was sent ('Ukens Smil uke 9',
    'Fredagshilsen fra fylkeslederen - uke 35'): the page's own week, as a title's month is the
    plan's own period, no event."""
    return bool(ISSUE_WEEK.match(line))


def is_date_stamp(line: str) -> bool:
    """Whether a line is nothing but a post's date stamp ('mandag 14. desember 2009')."""
    return bool(DATE_STAMP.match(line))


def is_not_planned(item: Item, before: str, after: str, sentence: str) -> bool:
    """Whether a date, by the words before and after it on its line and by its sentence, names
    no event of the plan: a letter referred to, papers already sent or received, the day a count
    stands at, the day of a yearly rule, a date given up for another, a period left out, a
    season something is put off to, a day of history (no year stated), or a year or season in a
    sentence told in the past tense."""
    before = before[-BEFORE_CHARS:]
    if item.term:
        return True  # 'i vårsemesteret', 'Høstsemesteret 2031': the term, not an event in it
    if any(rule.search(before) for rule in (REFERENCE, COUNTED_AT, SUPERSEDED, SENT, BORN)):
        return True
    if item.precision == "day" and CASE_AFTER.match(after):
        return True  # 'i møte 22.9.2031 i sak 22/59'
    if item.precision != "day" and EXCEPT.search(before):
        return True
    if item.precision in ("day", "week") and GIVEN_UP.match(after):
        return True
    if MOVED_FROM.search(before) and MOVED_TO.match(after):
        return True
    if item.precision == "day" and not item.explicit_year and EVERY_YEAR.match(after):
        return True
    if item.precision == "season" and not item.explicit_year and POSTPONED.search(before):
        return True
    if item.precision == "season" and not item.explicit_year and EVERY_SEASON.search(sentence):
        return True  # 'Vi har konfirmasjon både på våren og på høsten'
    if item.precision == "season" and BEFORE_OR_AFTER.search(before):
        return True  # 'etter sommeren', 'før sommeren 2023'
    if item.precision == "season" and not item.explicit_year and THIS.search(before):
        return True  # 'denne våren'
    if item.precision in ("month", "season") and not item.explicit_year and NOW.search(before):
        return True  # 'Nå er august her', 'Nå i slutten av mai'
    if (
        item.precision in ("month", "season")
        and not item.explicit_year
        and SENTENCE_START.search(before)
        and IS_SAID_OF.match(after)
    ):
        return True  # 'Sommeren er snart over'
    if not item.explicit_year and HISTORY.search(before):
        return True
    if item.precision == "season" and TERM_FOR.search(before):
        return True  # 'Programmet for vinteren/våren kommer vi tilbake til'
    if item.explicit_year and item.label in HALF_YEARS and TERM_OF.search(before):
        return True  # 'Møteplan 1. halvår 2018', 'Planlegging av vårhalvåret 2022': the term
    return item.precision in COARSE and is_told_as_past(sentence)


def is_history(before: str) -> bool:
    """Whether the words just before a date put it in history ('tiårsminnet for terroren
    22.7.2011', 'siden 9. april'): its year is not the plan's. The day and month before a
    year ('22.7.' of '22.7.2011') are part of the date, not words before it."""
    return bool(HISTORY.search(DAY_BEFORE_YEAR.sub("", before[-BEFORE_CHARS:])))


def is_reported_year(before: str) -> bool:
    """Whether the words just before a year make it the year a report, an account, a count or a
    prize is for ('rekneskap 2018', 'Årets lokallag 2022'), not the plan's year."""
    return bool(REPORTED_YEAR.search(before[-BEFORE_CHARS:]))


def is_year_end_count(before: str) -> bool:
    """Whether the words before a year make it the year of the 31 December a count stands at
    ('betalende medlemmer per 31. desember 2023', 'medlemstallet 31.12.2023'): delegates and
    fees are counted so for the next year, which the page is about."""
    return bool(YEAR_END_COUNT.search(before[-BEFORE_CHARS:]))


def is_horizon(before: str) -> bool:
    """Whether the words just before a year make it a goal the plan works towards ('fram mot
    valget i 2021', 'før valget i 2015'): the plan comes before it."""
    return bool(HORIZON.search(before[-BEFORE_CHARS:]))


def is_election(before: str, year: int) -> bool:
    """Whether a year is an election's ('til stortingsvalget 2013'): Norway votes in September
    of every odd year (the Storting and the councils in turn)."""
    return year % 2 == 1 and bool(ELECTION.search(before[-BEFORE_CHARS:]))


def is_budget(before: str, about_budget: bool = False) -> bool:
    """Whether the words just before a year make it the year a budget is for ('årsbudsjett
    2021', 'økonomiplan 2021-24'; on a page `about_budget`, 'Handlingsprogram 2014 - 2017')."""
    before = before[-BEFORE_CHARS:]
    return bool(BUDGET.search(before) or (about_budget and PROGRAMME.search(before)))


def is_about_budget(text: str) -> bool:
    """Whether a page speaks of a budget (its 'handlingsprogram' is then the municipality's)."""
    return bool(BUDGET_WORD.search(text))


def budget_years(text: str) -> list[re.Match[str]]:
    """The years the budgets a text names are for ('årsbudsjett 2021'; 'Handlingsprogram 2014 -
    2017' on a page about a budget), which the grammar reads as names, not dates."""
    about = is_about_budget(text)
    return [
        year
        for year in A_YEAR.finditer(text)
        if is_budget(text[max(0, year.start() - BEFORE_CHARS) : year.start()], about)
    ]


def election_years(text: str) -> list[re.Match[str]]:
    """The years of the elections a text names, written in a title or a name rather than as a
    date ('Nominasjon for perioden 2019-2023', 'Nominasjon til stortingslista 2017')."""
    return [
        year
        for year in A_YEAR.finditer(text)
        if is_election(text[max(0, year.start() - BEFORE_CHARS) : year.start()], int(year[0][:4]))
    ]


def without_budget_years(text: str) -> str:
    """The text with the years of its budgets blanked out: no title or first line names the
    plan's period by them."""
    for year in budget_years(text):
        text = text[: year.start()] + " " * len(year[0]) + text[year.end() :]
    return text


def is_goal(before: str, year: int) -> bool:
    """Whether a year is a goal the plan works towards, not its own: a horizon ('fram mot
    valget i 2021'), an election named with its year ('valgliste for fylkestingsvalget
    2019') or the year a budget is for ('årsbudsjett 2021')."""
    return is_horizon(before) or is_election(before, year) or is_budget(before)


def is_told_as_past(sentence: str) -> bool:
    """Whether a sentence tells of the past ('Laget ble stiftet i 1985')."""
    return bool(PAST_TENSE.search(sentence))
