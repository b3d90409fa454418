"""Every CLI command prepares the database: a current one costs two small queries, no Alembic run;
an older one is migrated and a new one loaded."""

from __future__ import annotations

from sqlalchemy import event, inspect

from bot.clock import FixedClock
from bot.db import migrate, script_head
from bot.runtime import build_runtime, prepare_database
from bot.settings import Settings
from tests.conftest import oslo


def statements_of(runtime) -> list[str]:
    seen: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    prepare_database(runtime)
    return seen


def test_a_current_database_is_neither_migrated_nor_loaded(runtime) -> None:
    prepare_database(runtime)
    seen = statements_of(runtime)
    assert len(seen) == 2, seen
    assert "alembic_version" in seen[0] and "setting" in seen[1].lower()


def test_an_older_database_is_migrated_and_a_new_one_loaded(tmp_path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}")
    runtime = build_runtime(settings, clock=FixedClock(oslo(2026, 11, 23, 9)))
    migrate(runtime.engine, "0004")
    assert prepare_database(runtime).events > 0
    with runtime.engine.connect() as connection:
        assert "planchange" in inspect(connection).get_table_names()
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == script_head()


def test_another_county_starts_without_the_troms_units_and_plan_for_good(tmp_path) -> None:
    """PLANBOT_BUILTIN_PLAN=none: no unit, no event, no obligation; a later command run without
    the setting (the default, troms) adds nothing either."""
    url = f"sqlite:///{tmp_path / 'nordland.db'}"
    clock = FixedClock(oslo(2026, 12, 1, 10))
    empty = build_runtime(Settings(database_url=url, builtin_plan="none"), clock=clock)
    assert not prepare_database(empty).anything
    later = build_runtime(Settings(database_url=url), clock=clock)
    assert not prepare_database(later).anything
    with later.engine.connect() as connection:
        for table in ("unit", "planevent", "obligation"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
    assert len(statements_of(later)) == 2  # prepared: the fast path, like a loaded database
