"""The environment a `planbot` command runs with in the CLI walks: one database, a frozen clock,
bokmål, a staff user and channel, and no Slack token, Teams webhook or link secret."""

from __future__ import annotations

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
