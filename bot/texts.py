"""Every text a person reads, in bokmål (NB) and English (EN). `t(key, lang, **values)` picks one.

Keys are grouped by where they are shown. A test checks that both languages have the same keys and
the same placeholders.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

NB: dict[str, str] = {
    # --- event kinds, states, precisions -------------------------------------------------
    "kind.deadline": "Frist",
    "kind.meeting": "Møte",
    "kind.campaign": "Kampanje",
    "kind.training": "Skolering",
    "kind.annual_meeting": "Årsmøte",
    "kind.conference": "Konferanse",
    "kind.other": "Annet",
    "state.tentative": "foreløpig",
    "state.confirmed": "bekreftet",
    "state.cancelled": "avlyst",
    "obligation.open": "gjenstår",
    "obligation.done": "ferdig",
    "obligation.exempt": "ikke aktuelt",
    "undated": "Avklares",
    "recurring.monthly": "hver måned",
    "recurring.weekly": "hver uke",
    "recurring.biweekly": "annenhver uke",
    "recurring.quarterly": "fire ganger i året",
    "recurring.yearly": "hvert år",
    "recurring.other": "gjentas",
    "assumption": "Antatt, ikke vedtatt i planen: {text}",
    "relative.months_after": "innen {months} måneder etter {anchor}",
    "anchor.annual_meeting": "årsmøtet",
    # --- agenda -------------------------------------------------------------------------
    "agenda.title": "Planen {start} – {end}",
    "agenda.empty": "Ingenting i planen fra {start} til {end}.",
    "agenda.week": "Uke {week} ({start} – {end})",
    "agenda.undated": "Uten dato (avklares)",
    "agenda.at_time": "kl. {time}",
    "agenda.next_deadline": "Nærmeste frist: {title}, {date} (om {days} dager)",
    "agenda.next_deadline_today": "Nærmeste frist: {title}, i dag!",
    "agenda.next_deadline_tomorrow": "Nærmeste frist: {title}, i morgen ({date})",
    # --- status -------------------------------------------------------------------------
    "status.none": "Ingen frister med oppgaver for kommunepartiene.",
    "status.summary": "{title}, {date}: {done} av {total} kommunepartier ferdig, {open} gjenstår",
    "status.summary_exempt": "{title}, {date}: {done} av {total} kommunepartier ferdig, {open} gjenstår, {exempt} ikke aktuelt",
    "status.overdue": "Forfalt: {title} ({date}): {open} kommunepartier har ikke levert",
    "status.relative_date": "løpende frist",
    "status.table_title": "{title} — {date}",
    "status.unit_line": "{unit}: {state}",
    "status.unit_line_by": "{unit}: {state} (av {who}, {when})",
    "status.open_units": "Gjenstår: {units}",
    "status.done_units": "Ferdig: {units}",
    "status.exempt_units": "Ikke aktuelt: {units}",
    "status.no_match": "Fant ingen frist som passer «{query}». Skriv en del av tittelen, f.eks. «forslagsfrist», eller et nummer fra listen.",
    "status.ambiguous": "«{query}» passer flere hendelser: {titles}. Skriv mer av tittelen.",
    # --- CLI ----------------------------------------------------------------------------
    "cli.db_ready": "Databasen er klar ({url}).",
    "cli.seeded": "Lastet inn den innebygde planen: {events} hendelser, {units} enheter, {obligations} oppgaver.",
    "cli.already_seeded": "Den innebygde planen var allerede lastet inn; ingenting er lagt til.",
    "cli.settings_error": "Innstillingsfeil: {error}",
    "cli.bad_date": "«{value}» er ikke en dato. Skriv den som ÅÅÅÅ-MM-DD, f.eks. 2026-12-01.",
    "cli.bad_days": "Antall dager må være et helt tall fra 1 til 3660, ikke «{value}».",
    "cli.no_database": "Databasen er ikke satt opp ennå. Kjør «planbot db upgrade» først.",
    "cli.bad_time": "«{value}» er ikke et klokkeslett. Skriv det som TT:MM, f.eks. 19:00.",
    "cli.bad_rrule": "«{value}» er ikke en gyldig gjentakelse (RRULE). Eksempel: FREQ=MONTHLY;BYDAY=2TU.",
    "event.no_match": "Fant ingen hendelse som passer «{query}». Bruk nummeret fra «planbot agenda --json» eller en del av tittelen.",
    "event.updated": "Endret #{id} {title}.",
    "event.cancelled": "Avlyst #{id} {title}. Det sendes ikke flere påminnelser om den.",
    "event.nothing_to_change": "Ingenting å endre. Bruk f.eks. --date, --time, --rrule eller --title.",
    "event.invalid": "Endringen ble ikke lagret: {error}",
    "unit.no_match": "Fant ingen enhet som passer «{query}». Se «planbot unit list».",
    "unit.updated": "Oppdaterte {unit}.",
    "obligation.none": "{unit} har ingen oppgave for «{title}».",
    "obligation.marked": "{unit}: «{title}» er nå {state}.",
    "obligation.unchanged": "{unit}: «{title}» var allerede {state}.",
}

EN: dict[str, str] = {
    "kind.deadline": "Deadline",
    "kind.meeting": "Meeting",
    "kind.campaign": "Campaign",
    "kind.training": "Training",
    "kind.annual_meeting": "Annual meeting",
    "kind.conference": "Conference",
    "kind.other": "Other",
    "state.tentative": "tentative",
    "state.confirmed": "confirmed",
    "state.cancelled": "cancelled",
    "obligation.open": "open",
    "obligation.done": "done",
    "obligation.exempt": "exempt",
    "undated": "To be decided",
    "recurring.monthly": "every month",
    "recurring.weekly": "every week",
    "recurring.biweekly": "every other week",
    "recurring.quarterly": "four times a year",
    "recurring.yearly": "every year",
    "recurring.other": "repeats",
    "assumption": "Assumed, not decided in the plan: {text}",
    "relative.months_after": "within {months} months after {anchor}",
    "anchor.annual_meeting": "the annual meeting",
    "agenda.title": "The plan {start} – {end}",
    "agenda.empty": "Nothing in the plan from {start} to {end}.",
    "agenda.week": "Week {week} ({start} – {end})",
    "agenda.undated": "Not dated yet (to be decided)",
    "agenda.at_time": "at {time}",
    "agenda.next_deadline": "Next deadline: {title}, {date} (in {days} days)",
    "agenda.next_deadline_today": "Next deadline: {title}, today!",
    "agenda.next_deadline_tomorrow": "Next deadline: {title}, tomorrow ({date})",
    "status.none": "No deadlines with tasks for the municipal parties.",
    "status.summary": "{title}, {date}: {done} of {total} municipal parties done, {open} open",
    "status.summary_exempt": "{title}, {date}: {done} of {total} municipal parties done, {open} open, {exempt} exempt",
    "status.overdue": "Overdue: {title} ({date}): {open} municipal parties have not delivered",
    "status.relative_date": "rolling deadline",
    "status.table_title": "{title} — {date}",
    "status.unit_line": "{unit}: {state}",
    "status.unit_line_by": "{unit}: {state} (by {who}, {when})",
    "status.open_units": "Open: {units}",
    "status.done_units": "Done: {units}",
    "status.exempt_units": "Exempt: {units}",
    "status.no_match": "No deadline matches “{query}”. Type part of its title, e.g. “forslagsfrist”, or a number from the list.",
    "status.ambiguous": "“{query}” matches several events: {titles}. Type more of the title.",
    "cli.db_ready": "The database is ready ({url}).",
    "cli.seeded": "Loaded the built-in plan: {events} events, {units} units, {obligations} obligations.",
    "cli.already_seeded": "The built-in plan was already loaded; nothing was added.",
    "cli.settings_error": "Settings error: {error}",
    "cli.bad_date": "“{value}” is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-01.",
    "cli.bad_days": "The number of days must be a whole number from 1 to 3660, not “{value}”.",
    "cli.no_database": "The database is not set up yet. Run “planbot db upgrade” first.",
    "cli.bad_time": "“{value}” is not a time of day. Write it as HH:MM, e.g. 19:00.",
    "cli.bad_rrule": "“{value}” is not a valid recurrence (RRULE). Example: FREQ=MONTHLY;BYDAY=2TU.",
    "event.no_match": "No event matches “{query}”. Use the number from “planbot agenda --json” or part of the title.",
    "event.updated": "Changed #{id} {title}.",
    "event.cancelled": "Cancelled #{id} {title}. No more reminders will be sent for it.",
    "event.nothing_to_change": "Nothing to change. Use e.g. --date, --time, --rrule or --title.",
    "event.invalid": "The change was not saved: {error}",
    "unit.no_match": "No unit matches “{query}”. See “planbot unit list”.",
    "unit.updated": "Updated {unit}.",
    "obligation.none": "{unit} has no task for “{title}”.",
    "obligation.marked": "{unit}: “{title}” is now {state}.",
    "obligation.unchanged": "{unit}: “{title}” was already {state}.",
}

CATALOGS = {"nb": NB, "en": EN}


def t(key: str, lang: str = "nb", /, **values: Any) -> str:
    """The text for `key` in `lang` (bokmål when unknown), with `values` filled in."""
    catalog = CATALOGS.get(lang, NB)
    template = catalog.get(key) or NB[key]
    return template.format(**values) if values else template


def placeholders(template: str) -> set[str]:
    """The {names} a template expects."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}
