"""A database URL never shows its password; a lost or read-only database gives one clear line and a
non-zero exit, and never a new empty database in place of a lost one (issue 14 items 9 and 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, text

from bot.db import DatabaseUnavailable, make_engine
from bot.settings import SettingsError, load_settings, mask_url
from planbot.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "postgres://kari:Hemmelig42@db.example.org:port/planbot",
        "postgresql://kari:Hemmelig42@db:notaport/planbot",
        "postgresql+psycopg://kari:Hemmelig42@db",
        "mysql://kari:Hemmelig42@db/planbot",
        "postgresql://db:x/planbot?user=kari&password=Hemmelig42",
    ],
)
def test_a_bad_database_url_is_refused_without_its_password(url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DATABASE_URL": url}, dotenv_path=None)
    assert "DATABASE_URL" in str(caught.value)
    assert "Hemmelig42" not in str(caught.value)
    assert caught.value.__cause__ is None  # no chained error that would print the URL


def test_a_postgres_scheme_url_is_accepted_like_postgresql() -> None:
    settings = load_settings({"DATABASE_URL": "postgres://kari:pw@db/planbot"}, dotenv_path=None)
    assert settings.database_url == "postgresql+psycopg://kari:pw@db/planbot"
    assert mask_url(settings.database_url) == "postgresql+psycopg://kari:***@db/planbot"


def test_a_file_deleted_between_the_check_and_the_open_is_lost_not_a_database_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race a running bot meets: the file is there when checked and gone when opened."""
    path = tmp_path / "raced.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (a INTEGER)"))
    engine.dispose()
    dbapi = engine.dialect.loaded_dbapi  # the sqlite3 module SQLAlchemy opens files with
    real_connect = dbapi.connect

    def connect_after_the_file_went(*args: object, **kwargs: object) -> object:
        for leftover in tmp_path.iterdir():
            leftover.unlink()
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(dbapi, "connect", connect_after_the_file_went)
    with pytest.raises(DatabaseUnavailable):
        engine.connect()
    assert list(tmp_path.iterdir()) == []


def test_a_file_deleted_just_after_the_open_is_lost_not_a_disk_error(tmp_path: Path) -> None:
    """The same race a moment later: the file goes once opened, and the new connection's first
    pragma on it fails with 'disk I/O error' (a bot's hand-in retry logged a traceback)."""
    path = tmp_path / "raced.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (a INTEGER)"))
    engine.dispose()

    def the_file_goes(*_: object) -> None:
        for leftover in tmp_path.iterdir():
            leftover.unlink()

    event.listen(engine, "connect", the_file_goes, insert=True)  # before Planbot's pragmas
    with pytest.raises(DatabaseUnavailable):
        engine.connect()
    assert list(tmp_path.iterdir()) == []


def test_a_deleted_database_file_is_never_recreated(tmp_path: Path) -> None:
    path = tmp_path / "lost.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (a INTEGER)"))
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    with pytest.raises(DatabaseUnavailable), engine.begin() as connection:
        connection.execute(text("SELECT * FROM t"))
    engine.dispose()
    with pytest.raises(DatabaseUnavailable), engine.begin() as connection:
        connection.execute(text("SELECT * FROM t"))
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_database_gives_one_line_and_exit_4(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ro.db'}",
        "PLANBOT_NOW": "2026-11-23T09:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }
    assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
    read_only = {**env, "DATABASE_URL": f"sqlite:///file:{tmp_path / 'ro.db'}?mode=ro&uri=true"}
    result = runner.invoke(
        main, ["mark", "forslagsfrist", "Tromsø", "done"], env=read_only, catch_exceptions=False
    )
    assert result.exit_code == 4
    assert result.output.strip().splitlines() == [
        "Databasen kan bare leses, ikke skrives til. Sjekk at brukeren som kjører Planbot har "
        "skrivetilgang til databasefilen og mappen den ligger i."
    ]


def test_an_unreachable_database_gives_one_line_without_the_password(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PLANBOT_", "DATABASE_"))},
        "DATABASE_URL": "postgresql://kari:Hemmelig42@127.0.0.1:1/planbot",
        "PLANBOT_LANGUAGE": "en",
    }
    done = subprocess.run(
        [sys.executable, "-m", "planbot", "status"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 4
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Cannot reach the database")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Hemmelig42" not in done.stderr + done.stdout
