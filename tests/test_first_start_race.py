"""Processes that start at the same moment on a new database (replicas, a bot and a CLI command)
make it ready one after another: every one of them works, and the plan is loaded once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import make_engine

pytestmark = pytest.mark.slow  # four processes at once

PROCESSES = 4


def start_together(url: str, cwd: Path) -> list[subprocess.CompletedProcess[str]]:
    """`planbot status` in PROCESSES processes started at once on the same new database."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PLANBOT_NOW": "2026-11-30T20:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "planbot", "status"],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    return [
        subprocess.CompletedProcess(
            p.args, p.wait(timeout=120), p.stdout.read() if p.stdout else ""
        )
        for p in started
    ]


def check(url: str, cwd: Path) -> None:
    for done in start_together(url, cwd):
        assert done.returncode == 0, done.stdout
        assert "Forslagsfrist til landsmøtet 2027" in done.stdout
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            units = connection.execute(text("SELECT count(*) FROM unit")).scalar_one()
            forslag = connection.execute(
                text("SELECT count(*) FROM planevent WHERE title LIKE 'Forslagsfrist%'")
            ).scalar_one()
    finally:
        engine.dispose()
    assert (units, forslag) == (23, 1)


def test_processes_starting_together_on_a_new_sqlite_file_all_work(tmp_path: Path) -> None:
    check(f"sqlite:///{tmp_path / 'new.db'}", tmp_path)


@pytest.mark.postgres
def test_processes_starting_together_on_a_new_postgres_database_all_work(
    tmp_path: Path, postgres_url: str
) -> None:
    check(postgres_url, tmp_path)
