"""`planbot run`: Socket Mode, HTTP mode (--http), or with no Slack tokens the local sandbox."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any
from urllib.error import URLError

import click

from bot.db import DatabaseUnavailable, copy_rows, make_engine, migrate
from bot.links import LINK_PATH
from bot.runtime import Runtime, build_runtime, prepare_database
from bot.settings import Settings, mask_url, secret_value
from bot.texts import t
from planbot.commands.doctor import startup_summary
from planbot.context import State, fail, pass_state, ready_runtime

log = logging.getLogger("planbot.run")


@click.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve POST /slack/events over HTTP.")
@click.option(
    "--port", type=int, default=3000, show_default=True, help="Port for --http and Teams links."
)
@click.option(
    "--host", default="0.0.0.0", show_default=True, help="Address for --http and Teams links."
)
@click.option(
    "--as",
    "as_user",
    metavar="USER_ID",
    help=(
        "The sandbox, as this Slack user id (default: the first staff user); it also opens the "
        "sandbox when units use Teams."
    ),
)
@pass_state
def run(state: State, http_mode: bool, port: int, host: str, as_user: str | None) -> None:
    """Start Planbot and its reminder scheduler.

    With SLACK_BOT_TOKEN and SLACK_APP_TOKEN: Socket Mode (no public URL needed). With --http,
    SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: HTTP mode on /slack/events (GET /healthz for probes).
    With no Slack tokens but Teams in use (a unit's webhook or TEAMS_WEBHOOK_URL): Teams only,
    serving the signed links of its cards on --port. With neither (or with --as and no Slack
    token): the local sandbox, a prompt where you type /plan, /status, /ferdig.
    """
    sandbox = not state.runtime.settings.slack_bot_token and not http_mode
    configure_logging(state.runtime.settings, level=logging.WARNING if sandbox else logging.INFO)
    # A running bot's clock runs on from PLANBOT_NOW (leases, retries and recovery come due).
    runtime = build_runtime(
        state.runtime.settings, engine=ready_runtime(state).engine, long_running=True
    )
    settings, lang = runtime.settings, runtime.language
    if http_mode:
        if not (settings.slack_bot_token and settings.slack_signing_secret):
            fail(t("run.need_http", lang))
        check_slack(runtime)
        report_readiness(runtime)
        _run_http(runtime, host=host, port=port)
    elif settings.slack_bot_token:
        if not settings.slack_app_token:
            fail(t("run.need_app_token", lang))
        check_slack(runtime, app_token=settings.slack_app_token.get_secret_value())
        report_readiness(runtime)
        _run_socket_mode(runtime, host=host, port=port)
    elif as_user is None and (teams := _teams_transport(runtime)) is not None:
        # --as asks for the sandbox by name: a county with a unit in Teams can still try it.
        # No Slack token looked like the sandbox's quiet log: a running bot logs what it does.
        logging.getLogger().setLevel(logging.INFO)
        report_readiness(runtime)
        _run_teams_only(runtime, teams, host=host, port=port)
    else:
        sys.exit(_run_sandbox(runtime, as_user=as_user))


def check_slack(runtime: Runtime, *, app_token: str | None = None) -> None:
    """Ask Slack once whether it knows the tokens; one line and exit 1 when it refuses them or
    cannot be reached (instead of a traceback from deep inside Bolt)."""
    from slack_sdk.errors import SlackApiError

    from handlers.app import INTERACTIVE_RETRIES
    from schedules.transports import slack_client

    lang, settings = runtime.language, runtime.settings
    client = slack_client(settings, timeout=30, retries=INTERACTIVE_RETRIES)
    key = "run.slack_auth"
    sdk_log = logging.getLogger("slack_sdk")
    level = sdk_log.level
    sdk_log.setLevel(logging.CRITICAL)  # its retry and failure lines would bury the one line below
    try:
        client.auth_test()
        if app_token:
            key = "run.slack_app_auth"
            app_client = slack_client(
                settings, token=app_token, timeout=30, retries=INTERACTIVE_RETRIES
            )
            app_client.apps_connections_open(app_token=app_token)
    except SlackApiError as exc:
        fail(t(key, lang, error=exc.response.get("error") or exc.response.status_code), code=1)
    except (OSError, URLError) as exc:  # refused, unreachable, DNS, TLS, timeout
        reason = getattr(exc, "reason", None) or exc
        fail(t("run.slack_unreachable", lang, url=client.base_url, error=reason), code=1)
    finally:
        sdk_log.setLevel(level)


def report_readiness(runtime: Runtime) -> None:
    """The readiness check's one-line summary at start-up (details: `planbot doctor`)."""
    line = startup_summary(runtime)
    if line:
        click.echo(line, err=True)


LOG_MAX_BYTES = 10 * 1024 * 1024
LOG_BACKUPS = 5


def configure_logging(settings: Settings, *, level: int) -> logging.Handler:
    """Log to standard error, or to PLANBOT_LOG_FILE rotated at LOG_MAX_BYTES (the disk stays bounded
    whatever arrives); returns the handler added to the root logger."""
    handler: logging.Handler = (
        RotatingFileHandler(
            settings.log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        if settings.log_file
        else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return handler


def _run_http(runtime: Runtime, *, host: str, port: int) -> None:
    from handlers.app import build_app
    from handlers.web import make_web_server

    with _scheduler(runtime, _production_transports(runtime), echo=log.info) as scheduler:
        app = build_app(runtime=runtime, wake=scheduler.wake)
        web = _web_app(runtime, app, health=scheduler.health_line)
        server = make_web_server(web, host=host, port=port)
        _add_hand_in_retries(scheduler, runtime)
        click.echo(t("run.http", runtime.language, host=host, port=server.server_address[1]))
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _run_socket_mode(runtime: Runtime, *, host: str, port: int) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.app import build_app

    transports = _production_transports(runtime)
    with _scheduler(runtime, transports, echo=log.info) as scheduler:
        app = build_app(runtime=runtime, wake=scheduler.wake)
        handler = SocketModeHandler(app, secret_value(runtime.settings.slack_app_token))
        if "teams" in transports or runtime.settings.calendar_token:
            # Teams links, calendar feed, /healthz
            _serve_pages_in_background(runtime, host=host, port=port, scheduler=scheduler)
        _add_hand_in_retries(scheduler, runtime)
        click.echo(t("run.socket", runtime.language))
        try:
            handler.start()
        except KeyboardInterrupt:
            handler.close()


def _run_sandbox(runtime: Runtime, *, as_user: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="planbot-sandbox-") as folder:
        copy = sandbox_copy(runtime, Path(folder) / "sandbox.db")
        try:
            return _run_sandbox_on(copy, as_user=as_user)
        finally:
            copy.engine.dispose()


def sandbox_copy(runtime: Runtime, path: Path) -> Runtime:
    """A private SQLite copy of the database for the sandbox (of a PostgreSQL one too, row by
    row), so nothing typed there, and no nudge its stand-in "sends", touches the real plan or the
    real outbox."""
    if runtime.engine.dialect.name == "sqlite":
        source = runtime.engine.raw_connection()
        target = sqlite3.connect(path)
        try:
            source.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
            source.close()
    else:
        engine = make_engine(f"sqlite:///{path}")
        try:
            migrate(engine)
            copy_rows(source=runtime.engine, target=engine)
        finally:
            engine.dispose()
    settings = runtime.settings.with_changes(database_url=f"sqlite:///{path}")
    copy = build_runtime(settings, clock=runtime.clock)
    prepare_database(copy)
    return copy


def _run_sandbox_on(runtime: Runtime, *, as_user: str | None) -> int:
    from planbot.sandbox import Sandbox, run_prompt
    from planbot.testing.slack_standin import SlackStandIn

    with SlackStandIn() as standin:
        sandbox = Sandbox(runtime, standin=standin, user=as_user.upper() if as_user else None)
        transports = _sandbox_transports(sandbox)
        interactive = sys.stdin.isatty()
        if interactive:
            with _scheduler(sandbox.runtime, transports, echo=None):
                return run_prompt(
                    sandbox, [], echo=click.echo, interactive=True, on_idle=sandbox.news
                )
        # The first tick before the first command, as the scheduler's start does in a terminal:
        # the questions and deadlines it creates are there for a piped /status too, and what it
        # sends is shown before the first command, as in a terminal.
        first = [_one_tick(sandbox, transports)]
        return run_prompt(
            sandbox,
            sys.stdin,
            echo=click.echo,
            interactive=False,
            on_idle=lambda: first.pop() if first else "",
            before_exit=lambda: _one_tick(sandbox, transports),
        )


# --- the nudge engine (schedules/) ------------------------------------------------------


def _production_transports(runtime: Runtime) -> dict[str, Any]:
    from planbot.transports import slack_sender

    transports: dict[str, Any] = {"slack": slack_sender(runtime.settings)}
    teams = _teams_transport(runtime)
    if teams is not None:
        transports["teams"] = teams
    return transports


# --- Teams (schedules/teams_transport.py, handlers/teams_pages.py) ----------------------


def _teams_transport(runtime: Runtime) -> Any | None:
    """The Teams transport when a unit or the staff use Teams; stops with the missing setting."""
    from bot.settings import SettingsError
    from schedules.teams_transport import teams_transport_for

    try:
        return teams_transport_for(
            engine=runtime.engine, settings=runtime.settings, clock=runtime.clock
        )
    except SettingsError as exc:
        fail(exc.in_language(runtime.language))


def _web_app(
    runtime: Runtime, bolt_app: Any | None, *, health: Callable[[], str] | None = None
) -> Any:
    """Every HTTP route: /slack/events (with a Bolt app), /healthz (with whether this process sends
    the nudges), the signed links of Teams cards (/lenke/…, when PLANBOT_LINK_SECRET is set) and the
    calendar feed (/calendar.ics, when PLANBOT_CALENDAR_TOKEN is set)."""
    from handlers.calendar_feed import CALENDAR_PATH, make_calendar_feed
    from handlers.web import WebApp

    web = WebApp(
        bolt_app, signing_secret=secret_value(runtime.settings.slack_signing_secret), health=health
    )
    if runtime.settings.link_secret:
        from handlers.teams_pages import LinkPages, add_link_routes

        pages = LinkPages(engine=runtime.engine, settings=runtime.settings, clock=runtime.clock)
        add_link_routes(web, pages)
    if runtime.settings.calendar_token:
        web.add_route("GET", CALENDAR_PATH, make_calendar_feed(runtime))
    return web


def _serve_pages_in_background(runtime: Runtime, *, host: str, port: int, scheduler: Any) -> None:
    from handlers.web import make_web_server, serve_in_thread

    web = _web_app(runtime, None, health=scheduler.health_line)
    serve_in_thread(make_web_server(web, host=host, port=port))


def _run_teams_only(runtime: Runtime, teams: Any, *, host: str, port: int) -> None:
    """No Slack tokens, but Teams: serve the link pages and send nudges and the digest to Teams."""
    from handlers.web import make_web_server

    with _scheduler(runtime, {"teams": teams}, echo=log.info) as scheduler:
        web = _web_app(runtime, None, health=scheduler.health_line)
        server = make_web_server(web, host=host, port=port)
        click.echo(
            t(
                "run.teams",
                runtime.language,
                host=host,
                port=server.server_address[1],
                path=LINK_PATH,
            )
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _sandbox_transports(sandbox: Any) -> dict[str, Any]:
    from handlers.blocks import outbox_blocks
    from schedules.transports import SlackTransport

    return {"slack": SlackTransport(client=sandbox.client, blocks=outbox_blocks)}


@contextmanager
def _scheduler(
    runtime: Runtime, transports: Mapping[str, Any], *, echo: Callable[[str], Any] | None
) -> Any:
    """Run schedules.jobs' scheduler (nudges, digest) beside the app. When another process already
    sends from the SQLite database this one says so and stands by: it takes over within one
    PLANBOT_DISPATCH_SECONDS of the other one stopping."""
    from schedules.jobs import build_scheduler

    scheduler = build_scheduler(
        runtime=runtime,
        transports=transports,
        echo=echo,
        standby=True,
        on_database_lost=lambda exc: _stop_on_lost_database(exc, runtime.language),
    )
    if not scheduler.dispatcher.active:
        path = mask_url(runtime.settings.database_url)
        click.echo(t("nudges.standby", runtime.language, path=path), err=True)
    scheduler.start()
    try:
        yield scheduler
    finally:
        scheduler.shutdown()


def _stop_on_lost_database(exc: DatabaseUnavailable, lang: str) -> None:
    """The database file is gone while running: one line in the log, then stop with exit code 4
    (never go on with a new, empty database)."""
    log.critical(t("db.lost", lang, path=exc.path))
    logging.shutdown()
    os._exit(4)


HAND_IN_JOB = "planbot.deliveries.retry"


def _add_hand_in_retries(scheduler: Any, runtime: Runtime) -> None:
    """Fetch queued hand-ins whose download was cut off (a restart) or failed, as often as the
    dispatcher looks at the outbox; a lost database file stops the bot with one line."""
    if scheduler is None:
        return
    from handlers.deliveries import process_pending
    from schedules.transports import slack_client

    client = slack_client(runtime.settings)

    def retry_hand_ins() -> None:
        try:
            process_pending(runtime=runtime, client=client, wake=scheduler.wake)
        except DatabaseUnavailable as exc:  # the file is gone: one line and stop, as the nudges do
            _stop_on_lost_database(exc, runtime.language)

    scheduler.scheduler.add_job(
        retry_hand_ins,
        "interval",
        seconds=runtime.settings.dispatch_seconds,
        id=HAND_IN_JOB,
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=runtime.clock.now(),
    )


def _one_tick(sandbox: Any, transports: Mapping[str, Any]) -> str:
    """Without a terminal: bring the outbox in step with the plan and send what is due once;
    return what was sent as text."""
    from schedules.dispatcher import DispatcherBusy
    from schedules.jobs import build_dispatcher, run_dispatch_tick

    try:
        dispatcher = build_dispatcher(runtime=sandbox.runtime, transports=transports)
    except DispatcherBusy as exc:
        return str(exc)
    try:
        run_dispatch_tick(runtime=sandbox.runtime, dispatcher=dispatcher)
    finally:
        dispatcher.close()
    news = sandbox.news()
    return f"{t('sandbox.nudges', sandbox.lang)}\n\n{news}" if news else ""
