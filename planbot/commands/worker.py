"""`planbot worker`: a dispatcher as its own process (the crash and replica tests, the benchmark)."""

from __future__ import annotations

import logging
import sys
import time

import click

from bot.runtime import build_runtime
from bot.settings import load_settings
from planbot.transports import slack_sender
from schedules.dispatcher import Dispatcher, DispatcherBusy
from schedules.jobs import run_dispatch_tick
from schedules.outbox import due_counts
from schedules.teams_transport import teams_transport
from schedules.transports import Transport


@click.command()
@click.option("--db", "database_url", help="DATABASE_URL (default: from the environment).")
@click.option("--slack-url", help="SLACK_API_URL, e.g. a local stand-in.")
@click.option("--token", help="SLACK_BOT_TOKEN.")
@click.option(
    "--interval", type=float, default=0.2, show_default=True, help="Seconds between ticks."
)
@click.option("--until-idle", is_flag=True, help="Exit when nothing is left to send.")
@click.option("--no-sync", is_flag=True, help="Only send what the outbox holds.")
@click.option("--rate-per-minute", type=float, help="SLACK_RATE_PER_MINUTE.")
@click.option("--no-pacing", is_flag=True, help="No client-side pacing.")
@click.option(
    "--rate-window",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds over which the budget is counted, pro rata (Slack: a minute; tests shrink it).",
)
@click.option("--workers", type=int, default=8, show_default=True, help="Sending threads.")
@click.option(
    "--lease", type=float, default=45.0, show_default=True, help="Lease seconds (PostgreSQL)."
)
@click.option(
    "--settle",
    type=float,
    default=1.0,
    show_default=True,
    help="Seconds before an orphaned row is taken over.",
)
@click.option("--timeout", type=int, default=15, show_default=True, help="HTTP timeout in seconds.")
@click.option("--teams", is_flag=True, help="Also send Teams rows (webhooks).")
def worker(
    database_url: str | None,
    slack_url: str | None,
    token: str | None,
    interval: float,
    until_idle: bool,
    no_sync: bool,
    rate_per_minute: float | None,
    no_pacing: bool,
    rate_window: float,
    workers: int,
    lease: float,
    settle: float,
    timeout: int,
    teams: bool,
) -> None:
    """Send nudges from the outbox without Slack listeners: a dispatcher as its own process.

    Settings come from the environment only (no .env file); the options override them. Exit code 3
    when another process already dispatches from the same SQLite database.
    """
    logging.basicConfig(level=logging.WARNING, format="%(process)d %(levelname)s %(message)s")
    changes: dict[str, object] = {}
    if database_url:
        changes["database_url"] = database_url
    if slack_url:
        changes["slack_api_url"] = slack_url.rstrip("/")
    if token:
        changes["slack_bot_token"] = token
    if rate_per_minute:
        changes["slack_rate_per_minute"] = rate_per_minute
    settings = load_settings(dotenv_path=None).with_changes(**changes)
    runtime = build_runtime(settings, long_running=True)
    transports: dict[str, Transport] = {
        "slack": slack_sender(
            settings, timeout=timeout, pace=not no_pacing, rate_window=rate_window
        )
    }
    if teams:
        transports["teams"] = teams_transport(
            engine=runtime.engine,
            settings=settings,
            clock=runtime.clock,
            require_links=bool(settings.link_secret),
            timeout=timeout,
        )
    try:
        dispatcher = Dispatcher(
            engine=runtime.engine,
            settings=settings,
            transports=transports,
            clock=runtime.clock,
            workers=workers,
            lease_seconds=lease,
            settle_seconds=settle,
        )
    except DispatcherBusy as exc:
        click.echo(exc, err=True)
        sys.exit(3)
    try:
        while True:
            run_dispatch_tick(runtime=runtime, dispatcher=dispatcher, sync=not no_sync)
            if until_idle:
                with runtime.session() as session:
                    counts = due_counts(session=session, now=runtime.clock.now())
                if not counts.get("pending") and not counts.get("sending"):
                    return
            time.sleep(interval)
    finally:
        dispatcher.close()
