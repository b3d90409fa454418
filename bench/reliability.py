"""Reliability figures of the dispatcher, each against the Slack stand-in:

1. kills: one SQLite dispatcher SIGKILLed N times during a wave of 356 units' nudges, restarted each
   time; then `planbot run`-style takeover is covered by tests/schedules/test_takeover.py;
2. replicas: three dispatchers on a real PostgreSQL server with a 15 s lease sharing a 600/min
   workspace budget (the stand-in allows 620/min), one SIGKILLed mid-wave, over 1,000 nudges;
3. storm: 300 answers 503 at the start of a wave, then a 600/min workspace: whether the failed
   posts' pacing slots hold up the rest (they used to: a minute), anything lost or doubled.

    .venv/bin/python bench/reliability.py [--kills 20] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from tempfile import mkdtemp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.db import make_engine, session_scope  # noqa: E402
from bot.models import Nudge, NudgeState  # noqa: E402
from planbot.testing.slack_standin import SlackStandIn  # noqa: E402
from tests.schedules.test_crash_and_replicas import (  # noqa: E402
    final_states,
    make_wave,
    posted_keys,
    worker,
)
from tests.utils.postgres import throwaway_postgres  # noqa: E402


def verdict(keys: list[str], posted: Counter[str]) -> tuple[int, int]:
    """(duplicates, lost)."""
    return sum(n - 1 for n in posted.values() if n > 1), len(set(keys) - set(posted))


def kills(count: int) -> bool:
    url = f"sqlite:///{Path(mkdtemp(prefix='planbot-kills-')) / 'kills.db'}"
    keys = make_wave(url, 356)
    rng = random.Random(4)
    landed = 0
    started = time.monotonic()
    with SlackStandIn(post_latency=0.02) as standin:
        while landed < count:
            before = len(standin.posts())
            proc = worker(url, standin, "--workers", "2", "--settle", "0.3", "--interval", "0.05")
            while len(standin.posts()) == before and proc.poll() is None:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.35))
            if proc.poll() is not None:
                break
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            landed += 1
        last = worker(url, standin, "--settle", "0.3")
        last.communicate(timeout=300)
        posted = posted_keys(standin)
    duplicates, lost = verdict(keys, posted)
    states = final_states(url)
    print(
        f"kills:    {len(keys)} nudges, {landed} SIGKILLs during the wave: {duplicates} duplicates, "
        f"{lost} lost, {states[NudgeState.SENT]} rows sent, {time.monotonic() - started:.1f} s"
    )
    return duplicates == lost == 0


def replicas() -> bool:
    with throwaway_postgres() as url:
        keys = make_wave(url, 500, per_unit=2)
        engine = make_engine(url)
        with SlackStandIn(per_channel_interval=1.0, workspace_per_minute=620) as standin:
            started = time.monotonic()
            args = ("--lease", "15", "--rate-per-minute", "600", "--settle", "1")
            procs = [worker(url, standin, *args) for _ in range(3)]
            victim = procs.pop()
            while len(standin.posts()) < 150:
                time.sleep(0.05)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed_at = time.monotonic()
            with session_scope(engine) as session:
                orphans = {
                    r.key
                    for r in session.query(Nudge).filter(Nudge.state == NudgeState.SENDING)
                    if (r.claimed_by or "").startswith(f"{victim.pid}-")
                }
            for proc in procs:
                proc.communicate(timeout=600)
            elapsed = time.monotonic() - started
            posted = posted_keys(standin)
            late = max(
                (
                    c.at - killed_at
                    for c in standin.posts()
                    if c.metadata and c.metadata["event_payload"]["key"] in orphans
                ),
                default=0.0,
            )
            limited = standin.state.rate_limited
        engine.dispose()
    duplicates, lost = verdict(keys, posted)
    print(
        f"replicas: {len(keys)} nudges, 3 replicas on PostgreSQL (15 s lease, 600/min shared), one "
        f"SIGKILLed: {duplicates} duplicates, {lost} lost, {limited} answers 429, "
        f"{len(orphans)} rows of the killed replica sent within {late:.1f} s of the kill, "
        f"{elapsed:.1f} s in all"
    )
    return duplicates == lost == 0


def storm() -> bool:
    url = f"sqlite:///{Path(mkdtemp(prefix='planbot-storm-')) / 'storm.db'}"
    keys = make_wave(url, 356)
    with SlackStandIn(per_channel_interval=1.0, workspace_per_minute=600) as standin:
        standin.fail("chat.postMessage", 503, count=300)
        started = time.monotonic()
        proc = worker(url, standin, "--rate-per-minute", "600", "--interval", "0.5")
        proc.communicate(timeout=600)
        failed = [c for c in standin.calls("chat.postMessage") if c.status == 503]
        posted = posted_keys(standin)
        elapsed = max(c.at for c in standin.posts()) - started
    duplicates, lost = verdict(keys, posted)
    print(
        f"storm:    {len(keys)} nudges, {len(failed)} answers 503 at the start, then a 600/min "
        f"workspace: all sent in {elapsed:.1f} s (floor: the 30 s backoff of the failed posts), "
        f"{duplicates} duplicates, {lost} lost"
    )
    return duplicates == lost == 0 and elapsed < 45


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    ok = kills(args.kills)
    ok = storm() and ok
    if not args.skip_postgres:
        ok = replicas() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
