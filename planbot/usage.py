"""Click's refusals of a command line (unknown command or option, missing or bad value) in the
person's language: one line saying what is wrong, then where the help is, exit code 2 as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import click
from babel.lists import format_list
from click.exceptions import (
    BadOptionUsage,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchCommand,
    NoSuchOption,
)

from bot.texts import CATALOGS, t
from planbot.context import language


class WordsGroup(click.Group):
    """A command group whose commands' usage errors are shown in the person's language, with
    the help of the command that refused them."""

    def invoke(self, ctx: click.Context) -> Any:
        with usage_in_words(language, ctx):
            return super().invoke(ctx)


class LocalUsageError(click.UsageError):
    """A click usage error shown with Planbot's words instead of click's English frame."""

    def __init__(
        self, original: click.UsageError, language: str, command: str | None = None
    ) -> None:
        super().__init__(original.message, original.ctx)
        self.original = original
        self.language = language
        self.command = command

    def format_message(self) -> str:
        return describe(self.original, self.language)

    def show(self, file: IO[Any] | None = None) -> None:
        lines = [self.format_message()]
        ctx = self.original.ctx
        if ctx is not None and ctx.command.get_help_option(ctx) is not None:
            lines.append(t("cli.usage.help", self.language, command=ctx.command_path))
        elif ctx is None and self.command:
            # click's parser names no command when an option lacks its value
            lines.append(t("cli.usage.help", self.language, command=self.command))
        click.echo("\n".join(lines), file=file, err=file is None)


@contextmanager
def usage_in_words(language: Callable[[], str], ctx: click.Context | None = None) -> Iterator[None]:
    """Re-raise a click usage error from the block in the person's language (read only then);
    `ctx` is the group's context, whose chosen subcommand names the help to point to."""
    try:
        yield
    except click.UsageError as exc:
        if isinstance(exc, LocalUsageError | NoArgsIsHelpError):
            raise
        command = None
        if ctx is not None and ctx.invoked_subcommand:
            command = f"{ctx.command_path} {ctx.invoked_subcommand}"
        raise LocalUsageError(exc, language(), command) from exc


def describe(error: click.UsageError, language: str) -> str:
    """What is wrong with the command line, in one sentence or two."""
    if isinstance(error, NoSuchCommand):
        return _with_guesses(
            t("cli.usage.no_such_command", language, name=error.command_name),
            error.possibilities,
            language,
        )
    if isinstance(error, NoSuchOption):
        return _with_guesses(
            t("cli.usage.no_such_option", language, name=error.option_name),
            error.possibilities,
            language,
        )
    if isinstance(error, BadOptionUsage):
        # click raises it for an option given without its value, or a flag given one.
        key = "takes_no_value" if "does not take" in error.message else "needs_value"
        return t(f"cli.usage.{key}", language, name=error.option_name)
    if isinstance(error, MissingParameter):
        return t("cli.usage.missing", language, name=_param_name(error.param, error.ctx, language))
    if isinstance(error, click.BadParameter):
        return _bad_value(error, language)
    extra = _extra_arguments(error)
    if extra is not None:
        return t("cli.usage.extra", language, args=extra)
    return error.format_message()


def _bad_value(error: click.BadParameter, language: str) -> str:
    param = error.param
    name = _param_name(param, error.ctx, language)
    if isinstance(param, click.Argument):
        name = name[:1].upper() + name[1:]  # it starts the sentence
    kind = param.type if param is not None else None
    if isinstance(kind, click.IntRange | click.FloatRange):
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            return t("cli.usage.number_range", language, name=name, low=low, high=high)
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return t("cli.usage.number", language, name=name)
    return t("cli.usage.bad_value", language, name=name, problem=error.message)


def _param_name(param: click.Parameter | None, ctx: click.Context | None, language: str) -> str:
    """An option as typed (--days); an argument in the person's words ('filen', not FILE)."""
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    metavar = param.get_error_hint(ctx).strip("'\"") if ctx is not None else str(param.name).upper()
    key = f"cli.argument.{metavar}"
    return t(key, language) if key in CATALOGS[language] else metavar


def _extra_arguments(error: click.UsageError) -> str | None:
    """The words after a command that it takes no arguments for (click says it only in its
    message: "Got unexpected extra argument (x)")."""
    message = error.message
    if message.startswith("Got unexpected extra argument") and message.endswith(")"):
        return message[message.index("(") + 1 : -1]
    return None


def _with_guesses(sentence: str, guesses: list[str] | None, language: str) -> str:
    if not guesses:
        return sentence
    quoted = [t("cli.usage.quoted", language, word=guess) for guess in guesses]
    listed = format_list(quoted, style="or", locale=language)
    return f"{sentence} {t('cli.usage.did_you_mean', language, choices=listed)}"
