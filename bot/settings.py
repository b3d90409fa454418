"""Settings from the environment and a `.env` file (pydantic-settings); a bad value stops start-up
with one clear line naming the variable and what it expects."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.dates import parse_month_day
from bot.services.validation import CHANNEL_ID, SLACK_LINK, USER_ID, slack_id
from bot.texts import t
from bot.webhooks import is_webhook_url


class SettingsError(Exception):
    """A setting has a value Planbot cannot use; the message names the variable and what it
    expects, in English (`str`) or the person's language (`in_language`)."""

    def __init__(self, key: str, language: str = "nb", **values: Any) -> None:
        self.key, self.values, self.language = key, values, language
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str) -> str:
        values = dict(self.values)
        if "variable" in values:  # what the variable expects, in the same language
            values["expects"] = t(f"settings.expects.{values.pop('variable')}", lang)
        if values.get("value") is None and "value" in values:
            values["value"] = t("settings.hidden", lang)
        return t(self.key, lang, **values)


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, default (as written in the environment), what it
    expects, and how to read it; kept on its field of Settings."""

    name: str
    default: str
    parse: Callable[[str], Any]
    secret: bool = False


_VARIABLES: dict[str, Variable] = {}


def variable(name: str, default: str, parse: Callable[[str], Any], *, secret: bool = False) -> Any:
    """A Settings field read from the environment variable `name` (blank: `default`, which is
    parsed like any value); what it expects is `settings.expects.<name>` in bot/texts.py."""
    _VARIABLES[name] = Variable(name, default, parse, secret)
    return Field(default=default, validation_alias=name)


def _text(value: str) -> str:
    return value.strip()


def _optional(value: str) -> str | None:
    return value.strip() or None


def _language(value: str) -> str:
    value = value.strip().lower()
    if value not in ("nb", "en"):
        raise ValueError
    return value


def _zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError from exc


def _user_ids(value: str) -> frozenset[str]:
    ids = [slack_id(part.strip(), USER_ID) for part in value.split(",") if part.strip()]
    if None in ids:
        raise ValueError
    return frozenset(user_id for user_id in ids if user_id is not None)


def _channel(value: str) -> str | None:
    """The staff channel: an id (one typed in lower case, or a link copied from Slack, read as
    the id) or a #name; anything else is kept as written (`planbot doctor` checks it)."""
    value = value.strip()
    link = SLACK_LINK.fullmatch(value)
    if link:
        value = link.group(1)
    return slack_id(value, CHANNEL_ID) or value or None


_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][\w+.-]*://)(?P<user>[^/@:\s]*):[^@/\s]*@")
_PASSWORD_PARAMETER = re.compile(r"(?i)(?P<name>password|passwd|pwd)=[^&\s]*")


def mask_url(text: str) -> str:
    """`text` with the password of every URL in it (user:password@, ?password=) replaced by ***."""
    text = _CREDENTIALS.sub(r"\g<scheme>\g<user>:***@", text)
    return _PASSWORD_PARAMETER.sub(r"\g<name>=***", text)


def _database_url(value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    value = value.strip()
    if not re.match(r"^(sqlite|postgresql|postgres)(\+\w+)?://", value):
        raise ValueError
    if value.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver of the postgres extra.
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    try:
        url = make_url(value)
        url.port  # noqa: B018 (parses the port)
    except (ArgumentError, ValueError) as exc:
        raise ValueError from exc
    if url.drivername.startswith("postgres") and not url.database:
        raise ValueError
    return value


def _clock_time(value: str) -> time:
    match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value)
    if not match:
        raise ValueError
    return time(int(match.group(1)), int(match.group(2)))


def _moment(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError
    return moment


def _quiet_period(value: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    value = value.strip()
    if value.lower() == "off":
        return None
    first, sep, last = value.partition("..")
    if not sep:
        raise ValueError
    return parse_month_day(first), parse_month_day(last)


def _megabytes(value: str) -> int:
    megabytes = float(value.strip().replace(",", "."))
    if not 0 < megabytes <= 1000:
        raise ValueError
    return int(megabytes * 1024 * 1024)


def _file_types(value: str) -> frozenset[str]:
    types = {part.strip().lower().lstrip(".") for part in value.split(",") if part.strip()}
    if not types or any(not re.fullmatch(r"[a-z0-9]{1,10}", kind) for kind in types):
        raise ValueError
    return frozenset(types)


def _weeks(value: str) -> int:
    weeks = int(value.strip())
    if not 1 <= weeks <= 52:
        raise ValueError
    return weeks


BUILTIN_PLANS = ("troms", "none")
"""PLANBOT_BUILTIN_PLAN: Troms Arbeiderparti's units and plan 2026–2027 (the default), or none."""


def _builtin_plan(value: str) -> str:
    value = value.strip().lower()
    if value not in BUILTIN_PLANS:
        raise ValueError
    return value


DEFAULT_DELIVERY_TYPES = "pdf,docx,doc,odt,rtf,txt,xlsx,xls,ods,pptx,jpg,jpeg,png"


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError
    return number


def _url(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not re.match(r"^https?://", value):
        raise ValueError
    return value.rstrip("/")


def _secret(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if len(value) < 16 or not re.fullmatch(r"[A-Za-z0-9._~-]+", value):
        raise ValueError
    return value


def _link_secret(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if len(value) < 32:
        raise ValueError
    return value


def _link_days(value: str) -> int:
    days = int(value.strip())
    if not 1 <= days <= 90:
        raise ValueError
    return days


def _webhook_url(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if not is_webhook_url(value):
        raise ValueError
    return value


def _token(prefix: str) -> Callable[[str], str | None]:
    def parse(value: str) -> str | None:
        value = value.strip()
        if not value:
            return None
        if not value.startswith(prefix):
            raise ValueError
        return value

    return parse


class Settings(BaseSettings):
    """Everything Planbot reads from its environment, parsed and checked; secrets are SecretStr."""

    model_config = SettingsConfigDict(
        frozen=True,
        case_sensitive=True,
        env_ignore_empty=True,
        extra="ignore",
        validate_default=True,
        validate_by_name=True,
        arbitrary_types_allowed=True,
        enable_decoding=False,
    )

    database_url: str = variable(
        "DATABASE_URL",
        "sqlite:///planbot.db",
        _database_url,
    )
    builtin_plan: str = variable(
        "PLANBOT_BUILTIN_PLAN",
        "troms",
        _builtin_plan,
    )
    timezone: ZoneInfo = variable(
        "PLANBOT_TIMEZONE",
        "Europe/Oslo",
        _zone,
    )
    language: str = variable(
        "PLANBOT_LANGUAGE",
        "nb",
        _language,
    )
    staff_users: frozenset[str] = variable(
        "PLANBOT_STAFF_USERS",
        "",
        _user_ids,
    )
    staff_channel: str | None = variable(
        "PLANBOT_STAFF_CHANNEL",
        "",
        _channel,
    )
    send_from: time = variable(
        "PLANBOT_SEND_FROM",
        "08:00",
        _clock_time,
    )
    send_until: time = variable(
        "PLANBOT_SEND_UNTIL",
        "20:00",
        _clock_time,
    )
    frozen_now: datetime | None = variable(
        "PLANBOT_NOW",
        "",
        _moment,
    )
    calendar_token: SecretStr | None = variable(
        "PLANBOT_CALENDAR_TOKEN",
        "",
        _secret,
        secret=True,
    )
    slack_bot_token: SecretStr | None = variable(
        "SLACK_BOT_TOKEN",
        "",
        _token("xoxb-"),
        secret=True,
    )
    slack_app_token: SecretStr | None = variable(
        "SLACK_APP_TOKEN",
        "",
        _token("xapp-"),
        secret=True,
    )
    slack_signing_secret: SecretStr | None = variable(
        "SLACK_SIGNING_SECRET",
        "",
        _optional,
        secret=True,
    )
    slack_api_url: str | None = variable(
        "SLACK_API_URL",
        "",
        _url,
    )
    slack_rate_per_minute: float = variable(
        "SLACK_RATE_PER_MINUTE",
        "300",
        _positive_float,
    )
    morning: time = variable(
        "PLANBOT_MORNING",
        "09:00",
        _clock_time,
    )
    late_grace_hours: float = variable(
        "PLANBOT_LATE_GRACE_HOURS",
        "24",
        _positive_float,
    )
    quiet_period: tuple[tuple[int, int], tuple[int, int]] | None = variable(
        "PLANBOT_QUIET_PERIOD",
        "12-24..01-01",
        _quiet_period,
    )
    annual_meeting_ask: tuple[int, int] = variable(
        "PLANBOT_ANNUAL_MEETING_ASK",
        "12-01",
        parse_month_day,
    )
    dispatch_seconds: float = variable(
        "PLANBOT_DISPATCH_SECONDS",
        "30",
        _positive_float,
    )
    log_file: str | None = variable(
        "PLANBOT_LOG_FILE",
        "",
        _optional,
    )
    delivery_max_bytes: int = variable(
        "PLANBOT_DELIVERY_MAX_MB",
        "20",
        _megabytes,
    )
    delivery_types: frozenset[str] = variable(
        "PLANBOT_DELIVERY_TYPES",
        DEFAULT_DELIVERY_TYPES,
        _file_types,
    )
    annual_meeting_docs_weeks: int = variable(
        "PLANBOT_ANNUAL_MEETING_DOCS_WEEKS",
        "3",
        _weeks,
    )
    public_url: str | None = variable(
        "PLANBOT_PUBLIC_URL",
        "",
        _url,
    )
    link_secret: SecretStr | None = variable(
        "PLANBOT_LINK_SECRET",
        "",
        _link_secret,
        secret=True,
    )
    link_days: int = variable(
        "PLANBOT_LINK_DAYS",
        "14",
        _link_days,
    )
    teams_webhook_url: SecretStr | None = variable(
        "TEAMS_WEBHOOK_URL",
        "",
        _webhook_url,
        secret=True,
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The environment (handed over by load_settings) over the `.env` file."""
        return init_settings, dotenv_settings

    @field_validator("*", mode="before")
    @classmethod
    def _parse(cls, value: Any, info: Any) -> Any:
        """Read a text value the way its variable says; values already parsed pass through."""
        if not isinstance(value, str):
            return value
        field = cls.model_fields[info.field_name]
        var = _VARIABLES[str(field.validation_alias)]
        try:
            return var.parse(value if value.strip() else var.default)
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _send_hours(self) -> Settings:
        if self.send_from >= self.send_until:
            raise SettingsError(  # not a ValueError: pydantic hands it on as it is
                "settings.send_hours",
                start=f"{self.send_from:%H:%M}",
                end=f"{self.send_until:%H:%M}",
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields changed, each checked like its variable (texts are parsed)."""
        unknown = set(changes) - set(type(self).model_fields)
        if unknown:
            raise TypeError(f"no such setting: {', '.join(sorted(unknown))}")
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_validate({**values, **changes})


VARIABLES: tuple[Variable, ...] = tuple(_VARIABLES.values())


def secret_value(value: SecretStr | None) -> str | None:
    """The text of a secret setting, for the one place that hands it on (never for printing)."""
    return None if value is None else value.get_secret_value()


def load_settings(
    environ: Mapping[str, str] | None = None, *, dotenv_path: Path | str | None = ".env"
) -> Settings:
    """Read settings from `environ` (default: os.environ) over a `.env` file; raise SettingsError
    with one line naming the variable and what it expects."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {name: environ[name] for name in _VARIABLES if name in environ}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        values["_env_file"] = dotenv_path
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise _settings_error(exc, _language_of(values)) from None
    except SettingsError as exc:
        exc.language = _language_of(values)
        raise


def _language_of(values: dict[str, Any]) -> str:
    """PLANBOT_LANGUAGE from the environment or the `.env` file, for the one line saying which
    other setting is wrong; bokmål when it is unreadable too."""
    raw = values.get("PLANBOT_LANGUAGE")
    if raw is None and "_env_file" in values:
        raw = dotenv_values(values["_env_file"]).get("PLANBOT_LANGUAGE")
    try:
        return _language(raw or "nb")
    except ValueError:
        return "nb"


def _settings_error(exc: ValidationError, language: str) -> SettingsError:
    error = exc.errors()[0]
    var = _VARIABLES[str(error["loc"][0])]
    raw = error["input"] if isinstance(error["input"], str) else str(error["input"])
    shown = None if var.secret else repr(mask_url(raw))
    return SettingsError(
        "settings.invalid", language, name=var.name, value=shown, variable=var.name
    )


def require_link_settings(settings: Settings) -> tuple[str, str]:
    """PLANBOT_PUBLIC_URL and PLANBOT_LINK_SECRET, which Teams cards need; raise SettingsError."""
    if not settings.link_secret:
        raise SettingsError("settings.link_secret_missing", settings.language)
    if not settings.public_url:
        raise SettingsError("settings.public_url_missing", settings.language)
    return settings.public_url, settings.link_secret.get_secret_value()
