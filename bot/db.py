"""The database: engine, sessions, and migrations (Alembic) — the same schema on SQLite and PostgreSQL."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import String, cast, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError
from sqlmodel import Session, SQLModel, col, create_engine, select
from sqlmodel.sql.expression import SelectOfScalar

import bot.changes  # noqa: F401  (every session logs the plan changes the outbox sync reads)

MIGRATIONS = Path(__file__).parent / "migrations"

Row = TypeVar("Row", bound=SQLModel)


class DatabaseUnavailable(RuntimeError):
    """The SQLite file this process opened is gone or replaced; Planbot never creates a new, empty
    database in place of a lost one while it runs."""

    def __init__(self, path: str) -> None:
        super().__init__(f"the database file {path} is gone or was replaced")
        self.path = path


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout, and a guard that refuses
    to go on (DatabaseUnavailable) once the file it opened is deleted or replaced."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        database = engine.url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            _guard_sqlite_file(engine, Path(database).resolve())
    return engine


def _guard_sqlite_file(engine: Engine, path: Path) -> None:
    """The first connection may create the file; every later one opens it read-write only
    (`mode=rw`), and each checkout, and each database error, checks that it is still the file
    first opened."""
    opened: list[tuple[int, int]] = []

    def identity() -> tuple[int, int] | None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def check() -> None:
        if opened and identity() != opened[0]:
            raise DatabaseUnavailable(str(path))

    def before_connect(
        dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]
    ) -> Any:
        check()
        if not opened:
            return None
        cargs[:] = [f"file:{quote(str(path))}?mode=rw"]
        cparams.pop("database", None)
        cparams["uri"] = True
        try:
            return dialect.loaded_dbapi.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError:
            check()  # the file went between the check and the open: lost, not a database error
            raise

    def after_connect(_dbapi_connection: Any, _record: Any) -> None:
        if not opened and (found := identity()) is not None:
            opened.append(found)

    def lost_file(context: Any) -> None:
        """A database error once the file is gone (a new connection's pragmas on the deleted file
        fail with 'disk I/O error') is the lost file, not a database error."""
        if not isinstance(context.original_exception, DatabaseUnavailable):
            check()

    event.listen(engine, "do_connect", before_connect)
    event.listen(engine, "connect", after_connect)
    event.listen(engine, "checkout", lambda *_: check())
    event.listen(engine, "handle_error", lost_file)


def database_problem(exc: BaseException) -> tuple[str, dict[str, str]] | None:
    """A text key and its values (bot.texts) for a database that is lost, read-only or unreachable;
    None for other errors."""
    from sqlalchemy.exc import OperationalError

    from bot.settings import mask_url

    if isinstance(exc, DatabaseUnavailable):
        return "db.lost", {"path": exc.path}
    if isinstance(exc, OperationalError):
        detail = str(exc.orig or exc).strip().splitlines()[0] if str(exc.orig or exc) else ""
        if "readonly" in detail or "read-only" in detail:
            return "db.read_only", {}
        return "db.unreachable", {"error": mask_url(detail)[:300]}
    return None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@lru_cache(maxsize=1)
def script_head() -> str | None:
    """The newest revision of the shipped migrations (read once per process)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def schema_is_current(engine: Engine) -> bool:
    """Whether the database already stands at the shipped head: one query, no Alembic run
    (False for a new, older or unreadable database: then `migrate` says what is wrong)."""
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return False
    return [version for (version,) in versions] == [script_head()]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


# The PostgreSQL advisory lock held while a database is made ready ('plan' in ASCII).
PREPARE_LOCK_KEY = 0x706C616E


def copy_rows(*, source: Engine, target: Engine, batch: int = 1000) -> None:
    """Copy every row of Planbot's tables from `source` into `target`, a database migrated to the
    same schema, replacing what `target` holds (the sandbox's private copy of a PostgreSQL one)."""
    tables = SQLModel.metadata.sorted_tables
    with source.connect() as reading, target.begin() as writing:
        for table in reversed(tables):
            writing.execute(table.delete())
        for table in tables:
            rows = reading.execute(table.select()).mappings()
            while chunk := rows.fetchmany(batch):
                writing.execute(table.insert(), [dict(row) for row in chunk])


@contextmanager
def preparation_lock(engine: Engine) -> Iterator[None]:
    """Held while a database is migrated and seeded, so that processes starting at the same time
    on a new database (replicas, a bot and a CLI command) do it one after another: the others then
    find it done. PostgreSQL: an advisory lock; a SQLite file: a lock on a file beside it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PREPARE_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": PREPARE_LOCK_KEY}
                )
                connection.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    # Never the database file itself: closing any descriptor of it drops SQLite's own locks.
    with open(f"{database}.prepare-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# What reading a stored value its type cannot take raises: Python's own parsers on SQLite, the
# driver's (psycopg: a time of 24:00, which PostgreSQL stores) wrapped by SQLAlchemy.
UNREADABLE = (ValueError, TypeError, DataError)


@dataclass(frozen=True)
class UnreadableRow:
    """A stored row with a value its column's type cannot read: which row, column and value."""

    id: int
    column: str
    value: str


def readable_rows(
    session: Session, query: SelectOfScalar[Row], model: type[Row]
) -> tuple[list[Row], list[UnreadableRow]]:
    """(the rows `query` selects, one UnreadableRow for each that no column type can read): a
    value left by a hand edit or an old version (bad JSON, a time of 24:00, a date written another
    way) costs its own row, not the whole read. Reads row by row only when the whole read fails."""
    try:
        return list(session.exec(query)), []
    except UNREADABLE:
        pass
    key = col(model.id)  # type: ignore[attr-defined]
    rows, bad = [], []
    for row_id in list(session.exec(query.with_only_columns(key))):  # type: ignore[call-overload]
        try:
            rows.append(session.exec(select(model).where(key == row_id)).one())
        except UNREADABLE:
            bad.append(_unreadable(session, model, row_id))
    return rows, bad


def _unreadable(session: Session, model: type[SQLModel], row_id: int) -> UnreadableRow:
    """Which column of the row `row_id` cannot be read, and its stored text (shortened)."""
    table = model.__table__  # type: ignore[attr-defined]
    for column in table.columns:
        try:
            session.execute(select(column).where(table.c.id == row_id)).one()
        except UNREADABLE:
            raw = session.execute(select(cast(column, String)).where(table.c.id == row_id)).scalar()
            value = str(raw)
            return UnreadableRow(
                row_id, column.name, value if len(value) <= 60 else value[:59] + "…"
            )
    return UnreadableRow(row_id, "?", "?")
