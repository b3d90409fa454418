"""Shared fixtures: a migrated and seeded database (a copy of one made per session), a fixed clock,
settings, the Slack stand-in, and (for tests marked `postgres`) a real throwaway PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.clock import FixedClock
from bot.db import make_engine, session_scope
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.settings import Settings
from planbot.testing.slack_standin import SlackStandIn
from tests.utils.postgres import throwaway_postgres

OSLO = ZoneInfo("Europe/Oslo")
STAFF = "USTAFF01"
LEADER = "ULEADER01"
OUTSIDER = "UOUTSIDER"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


# Temporary files (the tests' SQLite databases, the PostgreSQL cluster) on a memory file system
# when there is one: every SQLite commit syncs its write-ahead log, a few milliseconds on a disk.
MEMORY_FS = Path("/dev/shm")
if not os.environ.get("TMPDIR") and MEMORY_FS.is_dir() and os.access(MEMORY_FS, os.W_OK):
    tempfile.tempdir = str(MEMORY_FS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow process-level tests first, so that on the workers (`scripts/test`: pytest -n 3
    --maxschedchunk 2) the longest never start last and the wall time is about half the total."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def oslo(*args: int) -> datetime:
    """An aware datetime in Oslo time: oslo(2026, 11, 23, 9, 0)."""
    return datetime(*args, tzinfo=OSLO)  # type: ignore[misc]


@pytest.fixture
def clock() -> FixedClock:
    """Monday 23 November 2026, 09:00 in Oslo."""
    return FixedClock(oslo(2026, 11, 23, 9, 0))


SeededCopy = Callable[[Path, datetime], Path]


@pytest.fixture(scope="session")
def seeded_copy(tmp_path_factory: pytest.TempPathFactory) -> SeededCopy:
    """`seeded_copy(path, now)` puts at `path` a copy of a SQLite database migrated (Alembic) and
    loaded with the built-in plan at `now`: each database is made once per session (and worker)."""
    templates: dict[datetime, Path] = {}

    def copy(path: Path, now: datetime) -> Path:
        if now not in templates:
            template = tmp_path_factory.mktemp("template") / "planbot.db"
            rt = build_runtime(
                Settings(database_url=f"sqlite:///{template}"), clock=FixedClock(now)
            )
            prepare_database(rt)
            with rt.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file
            rt.engine.dispose()
            templates[now] = template
        shutil.copyfile(templates[now], path)
        return path

    return copy


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "planbot.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, staff_users=frozenset({STAFF}), staff_channel="CSTAFF")


@pytest.fixture
def runtime(
    settings: Settings, clock: FixedClock, db_path: Path, seeded_copy: SeededCopy
) -> Iterator[Runtime]:
    """Settings, a migrated SQLite database with the built-in plan, and the fixed clock."""
    seeded_copy(db_path, clock.now())
    rt = build_runtime(settings, clock=clock)
    yield rt
    rt.engine.dispose()


@pytest.fixture
def engine(runtime: Runtime) -> Engine:
    return runtime.engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as s:
        yield s


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    """A local Slack Web API that records what it is sent (no rate limits unless a test sets them)."""
    with SlackStandIn() as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the session (PLANBOT_TEST_POSTGRES_URL, or one started here)."""
    url = os.environ.get("PLANBOT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        with throwaway_postgres() as started:
            yield started
    except FileNotFoundError as exc:
        if os.environ.get("PLANBOT_REQUIRE_POSTGRES"):
            raise
        pytest.skip(f"no PostgreSQL server binaries here ({exc}); .ci/run installs them")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """An empty database on the real server, dropped after the test."""
    import uuid

    name = "t_" + uuid.uuid4().hex[:12]
    admin = make_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()
