"""Settings fail fast with a clear line; every text exists in bokmål and English; .env.example is complete."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import VARIABLES, SettingsError, load_settings
from bot.texts import EN, NB, placeholders, t

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_without_environment() -> None:
    settings = load_settings({}, dotenv_path=None)
    assert settings.database_url == "sqlite:///planbot.db"
    assert str(settings.timezone) == "Europe/Oslo"
    assert settings.language == "nb"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PLANBOT_LANGUAGE", "de"),
        ("PLANBOT_TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://x"),
        ("PLANBOT_STAFF_USERS", "kari,ola"),
        ("PLANBOT_SEND_FROM", "8 am"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("PLANBOT_NOW", "2026-11-23T09:00"),
    ],
)
def test_bad_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value}, dotenv_path=None)


def test_dotenv_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PLANBOT_LANGUAGE=en\nPLANBOT_STAFF_USERS=U123ABC\n")
    settings = load_settings({"PLANBOT_STAFF_USERS": "U999ZZZ"}, dotenv_path=env_file)
    assert settings.language == "en"
    assert settings.staff_users == frozenset({"U999ZZZ"})


def test_postgres_url_uses_psycopg3() -> None:
    settings = load_settings({"DATABASE_URL": "postgresql://u:p@db/planbot"}, dotenv_path=None)
    assert settings.database_url == "postgresql+psycopg://u:p@db/planbot"


def test_env_example_lists_every_variable_exactly_once_with_its_default() -> None:
    listed = re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", (ROOT / ".env.example").read_text(), re.M)
    assert sorted(name for name, _ in listed) == sorted(v.name for v in VARIABLES)
    assert dict(listed) == {v.name: v.default for v in VARIABLES}


def readme_configuration_rows() -> list[tuple[str, str]]:
    """(variable, default) for each row of the README's configuration table."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|", section, re.M)
    return [(name, default.strip().strip("`").replace("–", "")) for name, default in rows]


def test_the_readme_table_lists_every_variable_exactly_once_with_its_default() -> None:
    rows = readme_configuration_rows()
    assert sorted(name for name, _ in rows) == sorted(v.name for v in VARIABLES)
    assert dict(rows) == {v.name: v.default for v in VARIABLES}


def test_both_languages_have_the_same_texts_and_placeholders() -> None:
    assert set(NB) == set(EN)
    for key in NB:
        assert placeholders(NB[key]) == placeholders(EN[key]), key


def test_unknown_language_falls_back_to_bokmal() -> None:
    assert t("kind.deadline", "se") == "Frist"


def test_a_bad_secret_is_named_but_never_echoed() -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN") as error:
        load_settings({"SLACK_BOT_TOKEN": "xoxp-1234-personal-secret"}, dotenv_path=None)
    assert "personal-secret" not in str(error.value)
    settings = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cr3t"}, dotenv_path=None
    )
    assert "xoxb-1-2-abc" not in repr(settings) and "s3cr3t" not in repr(settings)


def test_quiet_period_is_read_and_checked() -> None:
    assert load_settings({}, dotenv_path=None).quiet_period == ((12, 24), (1, 1))
    read = load_settings({"PLANBOT_QUIET_PERIOD": "12-20..01-06"}, dotenv_path=None)
    assert read.quiet_period == ((12, 20), (1, 6))
    assert load_settings({"PLANBOT_QUIET_PERIOD": "off"}, dotenv_path=None).quiet_period is None
    for bad in ("24.12-01.01", "12-32..01-01", "12-24"):
        with pytest.raises(SettingsError, match="PLANBOT_QUIET_PERIOD"):
            load_settings({"PLANBOT_QUIET_PERIOD": bad}, dotenv_path=None)


def test_secrets_are_never_echoed() -> None:
    token, secret = "xoxb-very-secret-token", "s" * 40
    settings = load_settings(
        {"SLACK_BOT_TOKEN": token, "PLANBOT_LINK_SECRET": secret}, dotenv_path=None
    )
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == token
    assert token not in repr(settings) and secret not in repr(settings)
    assert token not in str(settings.model_dump())


def test_a_changed_copy_is_checked_like_the_environment() -> None:
    settings = load_settings({}, dotenv_path=None)
    assert settings.with_changes(language="en").language == "en"
    with pytest.raises(ValidationError):
        settings.with_changes(language="de")
    with pytest.raises(TypeError):
        settings.with_changes(no_such_setting=1)


@pytest.mark.parametrize(
    ("count", "nb", "en"),
    [
        (1, "Fant 1 hendelse i plan.txt.", "Found 1 event in plan.txt."),
        (2, "Fant 2 hendelser i plan.txt.", "Found 2 events in plan.txt."),
        (0, "Fant 0 hendelser i plan.txt.", "Found 0 events in plan.txt."),
    ],
)
def test_texts_that_count_take_the_plural_form_of_the_number(count, nb, en) -> None:
    assert t("import.preview.count", "nb", count=count, file="plan.txt") == nb
    assert t("import.preview.count", "en", count=count, file="plan.txt") == en


def test_every_counting_text_has_both_plural_forms() -> None:
    for catalog in (NB, EN):
        ones = {k.removesuffix(".one") for k in catalog if k.endswith(".one")}
        assert ones and all(f"{key}.other" in catalog for key in ones)


def test_every_variable_says_what_it_expects_in_both_languages() -> None:
    for lang, catalog in (("nb", NB), ("en", EN)):
        missing = [v.name for v in VARIABLES if f"settings.expects.{v.name}" not in catalog]
        assert not missing, (lang, missing)


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        (
            {"PLANBOT_SEND_FROM": "25:00"},
            "PLANBOT_SEND_FROM='25:00' går ikke. Skriv et klokkeslett TT:MM; ingen påminnelse "
            "sendes tidligere.",
        ),
        (
            {"PLANBOT_SEND_FROM": "25:00", "PLANBOT_LANGUAGE": "en"},
            "PLANBOT_SEND_FROM='25:00' is not valid: expected a local clock time HH:MM; no nudge "
            "is sent earlier",
        ),
        (
            {"PLANBOT_SEND_FROM": "21:00"},
            "PLANBOT_SEND_FROM (21:00) må være tidligere enn PLANBOT_SEND_UNTIL (20:00).",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxp-hemmelig"},
            "SLACK_BOT_TOKEN=(skjult) går ikke. Skriv et bot-token som begynner med xoxb-.",
        ),
        (
            {"PLANBOT_LANGUAGE": "nn"},
            "PLANBOT_LANGUAGE='nn' går ikke. Skriv nb (bokmål) eller en (engelsk).",
        ),
    ],
)
def test_a_bad_setting_is_one_line_in_one_language(environ: dict[str, str], said: str) -> None:
    """The line a person reads is in PLANBOT_LANGUAGE (bokmål when that is unreadable too),
    frame and body alike: not 'går ikke' around 'expected a local clock time'."""
    with pytest.raises(SettingsError) as caught:
        load_settings(environ, dotenv_path=None)
    assert caught.value.in_language(caught.value.language) == said


def test_the_language_of_a_settings_error_may_come_from_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PLANBOT_LANGUAGE=en\n")
    with pytest.raises(SettingsError) as caught:
        load_settings({"PLANBOT_LINK_DAYS": "100"}, dotenv_path=env_file)
    assert caught.value.language == "en"
    assert "expected a whole number of days from 1 to 90" in str(caught.value)
