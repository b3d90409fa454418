"""The environment a `planbot` command runs with in the CLI walks: one database, a frozen clock,
bokmål, a staff user and channel, and no Slack token, Teams webhook or link secret."""

from __future__ import annotations

import shutil
from pathlib import Path


def cli_env(db: Path, *, now: str, plan: str) -> dict[str, str]:
    """`plan`: PLANBOT_BUILTIN_PLAN (troms or none); `now`: PLANBOT_NOW."""
    return {
        "DATABASE_URL": f"sqlite:///{db}",
        "PLANBOT_BUILTIN_PLAN": plan,
        "PLANBOT_NOW": now,
        "PLANBOT_LANGUAGE": "nb",
        "PLANBOT_STAFF_USERS": "U0STAFF",
        "PLANBOT_STAFF_CHANNEL": "C0STAFF",
        "PLANBOT_LINK_SECRET": "",
        "PLANBOT_PUBLIC_URL": "",
        "TEAMS_WEBHOOK_URL": "",
        "SLACK_BOT_TOKEN": "",
    }


def copy_database(template: Path, to: Path) -> Path:
    """A copy of a SQLite database made once for a module, for one test to change: the file and,
    when there, its WAL and shared-memory files (the template may still hold its last writes in
    its WAL)."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", f"{to}{suffix}")
    return to
