"""Slash-command latency at national scale: Planbot's HTTP server beside a bare Bolt app that only acks.

    .venv/bin/python bench/slash_latency.py [--requests N] [--deadlines D]

Builds a temporary SQLite database with 356 municipal parties, 2,000 plan events (D of them
deadlines with one obligation per party), serves Planbot's WSGI app (the one `planbot run --http`
serves) and a bare Bolt app on 127.0.0.1, sends N signed /status and /plan requests to each over
real HTTP, and prints the median and p99 time to the ack (the HTTP response) and to the full reply
(the response_url post, as the Slack stand-in records it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk import WebClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.national import national_data
from bot.clock import FixedClock
from bot.runtime import build_runtime, prepare_database
from bot.settings import Settings
from handlers.app import build_app
from handlers.web import WebApp, make_web_server, serve_in_thread
from planbot.testing.slack_standin import SlackStandIn
from tests.handlers.slack import SECRET, SlackClientSim

STAFF = "USTAFF01"
UNITS = 356
EVENTS = 2000
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def bare_app(client: WebClient) -> App:
    """A Bolt app that only acknowledges: the floor for the ack time."""
    app = App(client=client, signing_secret=SECRET)

    @app.command("/status")
    @app.command("/plan")
    def ack_only(ack: Ack) -> None:
        ack()

    return app


def serve(app: App):
    server = make_web_server(WebApp(app), host="127.0.0.1", port=0)
    serve_in_thread(server)
    return server, f"http://127.0.0.1:{server.server_address[1]}/slack/events"


def measure(sim: SlackClientSim, command: str, text: str, n: int, *, reply: bool):
    acks, fulls = [], []
    for _ in range(n):
        started = time.monotonic()
        answer = sim.command(command, text, user=STAFF)
        if answer.status != 200:
            raise SystemExit(f"{command}: HTTP {answer.status} {answer.body}")
        acks.append(answer.seconds)
        if reply:
            posted = answer.replies(timeout=10)
            if not posted:
                raise SystemExit(f"{command}: no reply")
            fulls.append(posted[0].at - started)
    return acks, fulls


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    if not values:
        return "       –            –"
    return f"{statistics.median(values) * 1000:8.1f} ms  {p(values, 0.99) * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per command and app")
    parser.add_argument(
        "--deadlines", type=int, default=400, help="per-unit deadlines of the 2,000"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, SlackStandIn() as standin:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'national.db'}", staff_users=frozenset({STAFF})
        )
        runtime = build_runtime(settings, clock=FixedClock(NOW))
        prepare_database(runtime)
        built = time.monotonic()
        with runtime.session() as session:
            events, obligations = national_data(
                session, units=UNITS, events=EVENTS, deadlines=args.deadlines, now=NOW
            )
        print(
            f"data: {UNITS} units (+22 built in), {events} events, {args.deadlines} per-unit "
            f"deadlines, {obligations} obligations ({time.monotonic() - built:.1f} s to build)"
        )
        client = WebClient(token="xoxb-bench", base_url=standin.api_url)
        planbot_server, planbot_url = serve(
            build_app(runtime=runtime, client=client, signing_secret=SECRET)
        )
        bare_server, bare_url = serve(bare_app(client))
        planbot = SlackClientSim(planbot_url, standin)
        bare = SlackClientSim(bare_url, standin)
        for sim in (planbot, bare):  # warm up: auth.test, first queries, thread pools
            measure(sim, "/status", "", 5, reply=sim is planbot)
            measure(sim, "/plan", "", 5, reply=sim is planbot)

        n = args.requests
        results = {}
        for label, sim, command in (
            ("bare Bolt, ack only  /status", bare, "/status"),
            ("Planbot              /status", planbot, "/status"),
            ("bare Bolt, ack only  /plan  ", bare, "/plan"),
            ("Planbot              /plan  ", planbot, "/plan"),
        ):
            results[label] = measure(sim, command, "", n, reply=sim is planbot)
        detail = measure(planbot, "/status", "Frist nummer 7", max(20, n // 4), reply=True)
        planbot_server.shutdown()
        bare_server.shutdown()

    print(f"\n{n} signed requests each over HTTP on 127.0.0.1; median and p99")
    print(f"{'':32}{'ack (HTTP response)':>24}   {'full reply (response_url)':>26}")
    for label, (acks, fulls) in results.items():
        print(f"{label:32}{ms(acks):>24}   {ms(fulls):>26}")
    print(f"{'Planbot /status <one deadline>':32}{ms(detail[0]):>24}   {ms(detail[1]):>26}")
    bare_ack = statistics.median(results["bare Bolt, ack only  /status"][0])
    planbot_ack = statistics.median(results["Planbot              /status"][0])
    status_p99 = p(results["Planbot              /status"][1], 0.99)
    print(
        f"\nack median Planbot/bare: {planbot_ack / bare_ack:.2f}× (target ≤ 1.5×); "
        f"/status full reply p99: {status_p99 * 1000:.0f} ms (target < 300 ms)"
    )


if __name__ == "__main__":
    main()
