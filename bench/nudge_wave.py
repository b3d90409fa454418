"""A wave of nudges due at once against the Slack stand-in enforcing ~1 post/s per channel and a
workspace limit: total time against the floor those limits impose, lateness, duplicates, losses, and
the dispatcher's idle CPU and memory.

    .venv/bin/python bench/nudge_wave.py [--units 356] [--per-unit 2] [--workspace-per-minute 600]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.db import make_engine, migrate, session_scope  # noqa: E402
from planbot.testing.slack_standin import SlackStandIn  # noqa: E402
from tests.schedules.factories import add_deadline, add_units, queue_wave  # noqa: E402


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=356)
    parser.add_argument("--per-unit", type=int, default=2, help="nudges per unit channel")
    parser.add_argument("--per-channel-interval", type=float, default=1.0)
    parser.add_argument("--workspace-per-minute", type=float, default=600)
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--tick-seconds", type=float, default=1.0, help="dispatcher idle tick")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="planbot-bench-"))
    url = f"sqlite:///{tmp / 'bench.db'}"
    engine = make_engine(url)
    migrate(engine)
    now = SystemClock().now()
    with session_scope(engine) as session:
        units = add_units(session=session, count=args.units)
        event = add_deadline(
            session=session, title="Forslagsfrist", on=now.date() + timedelta(days=7), now=now
        )
        keys = [
            r.key
            for r in queue_wave(
                session=session, event=event, units=units, due_at=now, per_unit=args.per_unit
            )
        ]
    engine.dispose()
    total = len(keys)
    floor = max(
        (args.per_unit - 1) * args.per_channel_interval,
        (math.ceil(total / args.workspace_per_minute) - 1) * 60.0,
    )
    print(
        f"wave: {args.units} units × {args.per_unit} = {total} nudges due now; limits: "
        f"{args.per_channel_interval:g} s per channel, {args.workspace_per_minute:g}/min workspace"
    )
    with SlackStandIn(
        per_channel_interval=args.per_channel_interval,
        workspace_per_minute=args.workspace_per_minute,
    ) as standin:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_API_URL": standin.api_url,
            "SLACK_RATE_PER_MINUTE": str(args.workspace_per_minute),
            "PLANBOT_SEND_FROM": "00:00",
            "PLANBOT_SEND_UNTIL": "23:59",
            "PLANBOT_NOW": "",
        }
        start = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "planbot.dispatch_worker",
                "--no-sync",
                "--interval",
                str(args.tick_seconds),
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            deadline = start + max(300.0, floor * 3)
            while len({c.metadata["event_payload"]["key"] for c in standin.posts()}) < total:
                if time.monotonic() > deadline or proc.poll() is not None:
                    break
                time.sleep(0.05)
            done = time.monotonic()
            time.sleep(2.0)  # let the last records land, then measure the idle dispatcher
            cpu_before, idle_start = cpu_seconds(proc.pid), time.monotonic()
            time.sleep(args.idle_seconds)
            idle_cpu = (cpu_seconds(proc.pid) - cpu_before) / (time.monotonic() - idle_start)
            rss = rss_mib(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        posts = standin.posts()
        rate_limited = standin.state.rate_limited
    counted = Counter(c.metadata["event_payload"]["key"] for c in posts if c.metadata)
    first_at = min(c.at for c in posts)
    lateness = [c.at - first_at for c in posts]
    elapsed = max(c.at for c in posts) - first_at
    duplicates = sum(n - 1 for n in counted.values() if n > 1)
    lost = len(set(keys) - set(counted))
    ratio = elapsed / floor if floor else float("nan")
    print(f"posted:        {len(posts)} ({len(counted)} distinct) in {done - start:.1f} s wall")
    print(f"total time:    {elapsed:.2f} s from first to last post")
    print(f"floor:         {floor:.2f} s  →  ratio {ratio:.3f} (target ≤ 1.15)")
    print(
        f"lateness:      p50 {statistics.median(lateness):.2f} s, p99 {percentile(lateness, 99):.2f} s"
    )
    print(f"duplicates:    {duplicates}")
    print(f"lost:          {lost}")
    print(f"429 answers:   {rate_limited}")
    print(
        f"idle:          {idle_cpu * 100:.2f} % of one core "
        f"(tick every {args.tick_seconds:g} s), RSS {rss:.0f} MiB"
    )
    ok = duplicates == 0 and lost == 0 and (not floor or ratio <= 1.15)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
