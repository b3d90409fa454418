"""A command line that click refuses is answered in the person's language: what is wrong, what
was probably meant, and where the help is, with click's exit code 2 and nothing stored."""

from collections.abc import Iterator

import click
import pytest

from tests.test_cli import cli  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["statsu"], "Planbot kjenner ikke kommandoen «statsu». Mente du «status»?"),
        (["agenda", "--dayz", "3"], "Planbot kjenner ikke valget «--dayz». Mente du «--days»?"),
        (["agenda", "--days"], "--days må ha en verdi etter seg."),
        (["status", "--json=ja"], "--json tar ingen verdi; skriv bare «--json»."),
        (["import"], "Mangler filen."),
        (["mark", "forslagsfrist", "tromso"], "Mangler tilstanden."),
        (["deliver"], "Mangler fristen."),
        (["unit", "set"], "Mangler kommunepartiet."),
        (
            ["unit", "list", "alle", "sammen"],
            "Forstod ikke «alle sammen» her; det er for mye på linjen.",
        ),
        (["import", "x.txt", "--year", "20x6"], "--year: «20x6» er ikke et årstall."),
        (
            ["mark", "forslagsfrist", "tromso", "kanskje"],
            "Tilstanden: «kanskje» går ikke her. Skriv en av disse: gjenstår, ferdig, ikke-aktuelt.",
        ),
        (
            ["mark", "forslagsfrist", "tromso", "ferdi"],
            "«ferdi» går ikke her. Skriv en av disse: gjenstår, ferdig, ikke-aktuelt. "
            "Mente du «ferdig»?",
        ),
        (
            ["agenda", "--kind", "frsit"],
            "--kind: «frsit» går ikke her. Skriv en av disse: frist, møte, kampanje, skolering, "
            "årsmøte, konferanse, annet. Mente du «frist»?",
        ),
        (
            ["event", "edit", "forslagsfrist", "--precision", "dg"],
            "--precision: «dg» går ikke her. Skriv en av disse: dag, uke, måned, sesong, kvartal, år.",
        ),
        (
            ["event", "edit", "forslagsfrist", "--state", "bekrefta"],
            "--state: «bekrefta» går ikke her. Skriv en av disse: foreløpig, bekreftet, avlyst. "
            "Mente du «bekreftet»?",
        ),
        (
            ["policy", "set", "x", "--working-days", "neste"],
            "--working-days: «neste» går ikke her. Skriv en av disse: any, earlier, later.",
        ),
        (["import", "."], "Filen: «.» er en mappe, ikke en fil. Skriv stien til selve filen."),
        (["unit", "import", "."], "Filen: «.» er en mappe, ikke en fil."),
        (["run", "--port", "tre"], "--port må være et tall."),
        (
            ["policy", "set", "x", "--minutes-before-start", "2000"],
            "--minutes-before-start må være et tall fra 0 til 1440.",
        ),
    ],
)
def test_a_refused_command_line_is_answered_in_norwegian(cli, typed, said) -> None:  # noqa: F811
    result = cli(*typed)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Error" not in result.output and "Usage" not in result.output
    assert "Invalid value" not in result.output
    assert not any(word in result.output for word in ("FILE", "STATE", "EVENT", "UNIT"))


def help_named(output: str) -> str:
    """The command whose help the last line points to (the test runner calls the program "main")."""
    last = output.splitlines()[-1]
    assert last.startswith("Se «main") and last.endswith(" --help» for hva du kan skrive."), output
    return last.removeprefix("Se «main").removesuffix(" --help» for hva du kan skrive.").strip()


def test_the_help_named_is_the_command_that_refused(cli) -> None:  # noqa: F811
    assert help_named(cli("event", "edit", "forslagsfrist", "--date").output) == "event edit"
    assert help_named(cli("statsu").output) == ""
    assert help_named(cli("agenda", "--days", "0").output) == "agenda"
    assert help_named(cli("agenda", "--days").output) == "agenda"


def test_english_is_the_same_in_english(cli) -> None:  # noqa: F811
    result = cli("agenda", "--dayz", "3", PLANBOT_LANGUAGE="en")
    assert result.exit_code == 2
    assert result.output == (
        "Planbot has no option “--dayz”. Did you mean “--days”?\n"
        "See “main agenda --help” for what you can type.\n"
    )


def test_a_refused_word_lists_the_english_words_in_english(cli) -> None:  # noqa: F811
    result = cli("agenda", "--kind", "meetnig", PLANBOT_LANGUAGE="en")
    assert result.exit_code == 2
    assert (
        "“meetnig” does not fit here. Type one of these: deadline, meeting, campaign, training, "
        "annual_meeting, conference, other. Did you mean “meeting”?"
    ) in result.output


def test_an_events_state_is_read_in_norwegian_too(cli) -> None:  # noqa: F811
    assert cli("event", "edit", "forslagsfrist", "--state", "Foreløpig").exit_code == 0
    assert "Status: foreløpig" in cli("event", "show", "forslagsfrist").output
    edited = cli("event", "edit", "forslagsfrist", "--date", "2026-12-01", "--precision", "Måned")
    assert edited.exit_code == 0, edited.output
    assert "desember 2026" in cli("event", "show", "forslagsfrist").output


def test_a_bare_command_group_still_shows_its_help(cli) -> None:  # noqa: F811
    result = cli("event")
    assert "Commands:" in result.output and "edit" in result.output


def test_every_argument_is_named_in_words_in_both_languages() -> None:
    """An argument click finds missing or bad is named in words ('Mangler filen.'), never by its
    English metavar, so each argument of every command has words in both catalogs."""
    from bot.texts import CATALOGS
    from planbot.cli import main

    def arguments(command: click.Command) -> Iterator[str]:
        for param in command.params:
            if isinstance(param, click.Argument) and param.required:
                yield param.make_metavar(click.Context(command))
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                yield from arguments(sub)

    metavars = set(arguments(main))
    assert {"FILE", "STATE", "EVENT", "UNIT", "DEADLINE"} <= metavars
    for lang, catalog in CATALOGS.items():
        missing = sorted(m for m in metavars if f"cli.argument.{m}" not in catalog)
        assert not missing, (lang, missing)


def test_a_missing_argument_is_named_in_english_words_in_english(cli) -> None:  # noqa: F811
    result = cli("mark", "forslagsfrist", "tromso", PLANBOT_LANGUAGE="en")
    assert result.output.splitlines()[0] == "Missing the state."


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        yield " ".join((*path, name)), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_command_in_a_list_is_summed_up_in_words_not_cut_at_an_abbreviation() -> None:
    """`planbot policy --help` listed «set   Change one rule, e.g.»: click cuts a command's
    summary at its first full stop, and an «e.g.» in the first sentence leaves nothing to read."""
    from planbot.cli import main

    cut = [
        name
        for name, command in _commands(main)
        if command.get_short_help_str(limit=80).rstrip(".").endswith(("e.g", "f.eks", "i.e"))
    ]
    assert cut == []
