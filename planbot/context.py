"""Shared pieces of the CLI: the runtime built once per invocation, output helpers, option types."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError

from bot.dates import Precision, format_date
from bot.enums import EventKind, EventState, ObligationState
from bot.importer.structured import parse_kind
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.services.obligations import parse_obligation_state
from bot.services.questions import read_annual_meeting
from bot.services.units import fold
from bot.services.validation import InvalidInput, TypedDay, parse_plan_year, read_day
from bot.settings import SettingsError, load_settings
from bot.texts import CATALOGS, t


class State:
    """Per-invocation state on the click context: the runtime, built on first use."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            try:
                settings = load_settings()
            except SettingsError as exc:
                error = exc.in_language(exc.language)
                click.echo(t("cli.settings_error", exc.language, error=error), err=True)
                raise SystemExit(2) from exc
            self._runtime = build_runtime(settings)
        return self._runtime


pass_state = click.make_pass_decorator(State, ensure=True)


def ready_runtime(state: State) -> Runtime:
    """The runtime with its database migrated and the built-in plan loaded; one line and exit 1
    when DATABASE_URL cannot be used (a database that is lost, read-only or unreachable ends the
    command in planbot.cli with exit 4)."""
    runtime = state.runtime
    try:
        prepare_database(runtime)
    except (InterfaceError, ArgumentError) as exc:
        url = make_url(runtime.settings.database_url).render_as_string(hide_password=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        fail(t("run.database", runtime.language, url=url, error=reason), code=1)
    return runtime


def echo_json(data: Any) -> None:
    """Print JSON for machines: UTF-8, stable key order as given."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a message for people on stderr and stop with `code`."""
    click.echo(message, err=True)
    sys.exit(code)


class ParsedType(click.ParamType):
    """A value read by the one rule in bot/services that reads it (`parse`), refused with that
    rule's message in the configured language; a value already of `kind` passes as it is."""

    kind: type
    parse: Callable[[str], Any]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.kind):
            return value
        try:
            return type(self).parse(str(value))
        except InvalidInput as exc:
            self.fail(exc.message(language()), param, ctx)


class DateType(click.ParamType):
    """A date (YYYY-MM-DD, DD.MM.YYYY, or "1.12": the next such day from today), with a clear
    message in the configured language when it is not one; a year Planbot chose is kept for
    `chosen_year_notes`."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, date):
            return value
        today = ctx.ensure_object(State).runtime.today() if ctx is not None else None
        try:
            typed = self.read(str(value), today)
        except InvalidInput as exc:
            self.fail(exc.message(language()), param, ctx)
        if typed.year_chosen and ctx is not None:
            ctx.meta.setdefault(CHOSEN_YEARS, []).append((str(value).strip(), typed.day))
        return typed.day

    def read(self, value: str, today: date | None) -> TypedDay:
        """The day typed (a year not typed: the next such day from today)."""
        return read_day(value, today=today)


class AnnualMeetingDateType(DateType):
    """An annual-meeting date: a year not typed is the season under way's
    (bot.services.questions.read_annual_meeting), so "10.1" typed on 20 January is the meeting
    held ten days ago, not next year's."""

    def read(self, value: str, today: date | None) -> TypedDay:
        if today is None:
            return read_day(value, today=today)
        return read_annual_meeting(value, today=today)


CHOSEN_YEARS = "planbot.chosen_years"


def chosen_year_notes(lang: str) -> list[str]:
    """One line for each date typed without a year in this command: which day it was read as."""
    chosen = click.get_current_context().meta.get(CHOSEN_YEARS, [])
    return [
        t("event.note.year_chosen", lang, typed=typed, date=format_date(day, lang))
        for typed, day in chosen
    ]


class PathType(click.Path):
    """A file or folder on the command line; one that is the wrong one of the two is refused in
    the configured language (click says it in English)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(str(value)).expanduser()
        if not self.dir_okay and path.is_dir():
            self.fail(t("cli.usage.is_folder", language(), value=value), param, ctx)
        if not self.file_okay and path.exists() and not path.is_dir():
            self.fail(t("cli.usage.is_file", language(), value=value), param, ctx)
        return super().convert(value, param, ctx)


class Choice(click.Choice):
    """One of some values, refused in the configured language with the values listed."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(self.refusal(str(value), language()), param, ctx)

    def refusal(self, value: str, lang: str) -> str:
        """What to say to a value that is none of the choices."""
        choices = ", ".join(str(choice) for choice in self.choices)
        return t("cli.usage.choice", lang, value=value, choices=choices)


class WordChoice(Choice):
    """One of some English values, also typed as people say them ('frist', 'møte', 'ferdig');
    `--help` lists the English values, a refusal the words of the person's language (`labels`:
    the text keys' prefix) with the nearest one as a guess."""

    def __init__(
        self, choices: Sequence[str], words: Callable[[str], str | None], labels: str
    ) -> None:
        super().__init__(choices)
        self.words = words
        self.labels = labels

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.strip():
            value = self.words(value) or value
        return super().convert(value, param, ctx)

    def refusal(self, value: str, lang: str) -> str:
        said = [self._word(str(choice), lang) for choice in self.choices]
        sentence = t("cli.usage.choice", lang, value=value, choices=", ".join(said))
        guesses = difflib.get_close_matches(value.strip().lower(), said, n=1, cutoff=0.7)
        if not guesses:
            return sentence
        guess = t("cli.usage.quoted", lang, word=guesses[0])
        return f"{sentence} {t('cli.usage.did_you_mean', lang, choices=guess)}"

    def _word(self, choice: str, lang: str) -> str:
        """The choice as a person of `lang` types it on a command line ('ikke-aktuelt'), or its
        English value when the label is not a word Planbot reads back."""
        word = t(f"{self.labels}.{choice}", lang).lower().replace(" ", "-")
        return word if self.words(word) == choice else choice


def kind_choice() -> WordChoice:
    """An event kind: deadline, meeting, … or frist, møte, kampanje, skolering, årsmøte, …"""
    return WordChoice(
        [k.value for k in EventKind],
        lambda word: kind.value if (kind := parse_kind(word)) else None,
        "kind",
    )


def obligation_state_choice() -> WordChoice:
    """An obligation's state: open, done, exempt, or gjenstår/åpen, ferdig, ikke-aktuelt."""
    return WordChoice(
        [s.value for s in ObligationState],
        lambda word: state.value if (state := parse_obligation_state(word)) else None,
        "obligation",
    )


def labelled_choice(values: Sequence[str], labels: str) -> WordChoice:
    """One of `values`, also typed as its label in either language (text keys `labels`.value)."""

    def word(text: str) -> str | None:
        folded = fold(text)
        return next(
            (
                v
                for v in values
                if folded in {v} | {fold(c[f"{labels}.{v}"]) for c in CATALOGS.values()}
            ),
            None,
        )

    return WordChoice(values, word, labels)


def event_state_choice() -> WordChoice:
    """An event's state: tentative, confirmed, cancelled, or foreløpig, bekreftet, avlyst."""
    return labelled_choice([s.value for s in EventState], "state")


def precision_choice() -> WordChoice:
    """How exactly a date is known: day, week, month, … or dag, uke, måned, sesong, kvartal, år."""
    return labelled_choice([p.value for p in Precision], "precision")


class YearType(ParsedType):
    """A plan's year, four digits from 1990 to 2100, refused in the configured language."""

    name = "YYYY"
    kind = int
    parse = staticmethod(parse_plan_year)


class DaysType(click.ParamType):
    """A number of days from 1 to 3660."""

    name = "N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= 3660:
            self.fail(t("cli.bad_days", language(), value=value), param, ctx)
        return number


def language() -> str:
    """PLANBOT_LANGUAGE, or bokmål when the settings cannot be read."""
    try:
        return load_settings().language
    except SettingsError:
        return "nb"


DATE = DateType()
ANNUAL_MEETING_DATE = AnnualMeetingDateType()
DAYS = DaysType()
