"""A dispatcher as its own process: `python -m planbot.dispatch_worker --db URL [--slack-url URL]`.

Used by the crash and replica tests and the benchmark; `--until-idle` exits once nothing is left.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import replace

from bot.runtime import build_runtime
from bot.settings import load_settings
from planbot.transports import slack_sender
from schedules.dispatcher import Dispatcher, DispatcherBusy
from schedules.jobs import run_dispatch_tick
from schedules.outbox import due_counts
from schedules.teams import teams_transport
from schedules.transports import Transport


def main(argv: list[str] | None = None) -> int:
    """Run ticks until stopped (or until the outbox is idle)."""
    parser = argparse.ArgumentParser(prog="planbot.dispatch_worker")
    parser.add_argument("--db", help="DATABASE_URL (default: from the environment)")
    parser.add_argument("--slack-url", help="SLACK_API_URL, e.g. a local stand-in")
    parser.add_argument("--token", default=None, help="SLACK_BOT_TOKEN")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between ticks")
    parser.add_argument("--until-idle", action="store_true", help="exit when nothing is left")
    parser.add_argument("--no-sync", action="store_true", help="only send what the outbox holds")
    parser.add_argument("--rate-per-minute", type=float, help="SLACK_RATE_PER_MINUTE")
    parser.add_argument("--no-pacing", action="store_true", help="no client-side pacing")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--lease", type=float, default=45.0, help="lease seconds (PostgreSQL)")
    parser.add_argument(
        "--settle", type=float, default=1.0, help="seconds before an orphan is taken"
    )
    parser.add_argument("--timeout", type=int, default=15, help="HTTP timeout in seconds")
    parser.add_argument("--teams", action="store_true", help="also send Teams rows (webhooks)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(process)d %(levelname)s %(message)s")
    settings = load_settings(dotenv_path=None)
    changes: dict[str, object] = {}
    if args.db:
        changes["database_url"] = args.db
    if args.slack_url:
        changes["slack_api_url"] = args.slack_url.rstrip("/")
    if args.token:
        changes["slack_bot_token"] = args.token
    if args.rate_per_minute:
        changes["slack_rate_per_minute"] = args.rate_per_minute
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    runtime = build_runtime(settings, long_running=True)
    transport = slack_sender(settings, timeout=args.timeout, pace=not args.no_pacing)
    transports: dict[str, Transport] = {"slack": transport}
    if args.teams:
        transports["teams"] = teams_transport(
            engine=runtime.engine,
            settings=settings,
            clock=runtime.clock,
            require_links=bool(settings.link_secret),
            timeout=args.timeout,
        )
    try:
        dispatcher = Dispatcher(
            engine=runtime.engine,
            settings=settings,
            transports=transports,
            clock=runtime.clock,
            workers=args.workers,
            lease_seconds=args.lease,
            settle_seconds=args.settle,
        )
    except DispatcherBusy as exc:
        print(exc, file=sys.stderr)
        return 3
    try:
        while True:
            run_dispatch_tick(runtime=runtime, dispatcher=dispatcher, sync=not args.no_sync)
            if args.until_idle:
                with runtime.session() as session:
                    counts = due_counts(session=session, now=runtime.clock.now())
                if not counts.get("pending") and not counts.get("sending"):
                    return 0
            time.sleep(args.interval)
    finally:
        dispatcher.close()


if __name__ == "__main__":
    sys.exit(main())
