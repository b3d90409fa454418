"""`planbot run`: Socket Mode, HTTP mode (--http), or with no Slack tokens the local sandbox."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from typing import Any

import click

from bot.runtime import Runtime
from bot.texts import t
from planbot.context import State, fail, pass_state, ready_runtime

log = logging.getLogger("planbot.run")


@click.command()
@click.option("--http", "http_mode", is_flag=True, help="Serve POST /slack/events over HTTP.")
@click.option("--port", type=int, default=3000, show_default=True, help="Port for --http.")
@click.option("--host", default="0.0.0.0", show_default=True, help="Address for --http.")
@click.option(
    "--as",
    "as_user",
    metavar="USER_ID",
    help="Sandbox only: the Slack user id to act as (default: the first staff user).",
)
@pass_state
def run(state: State, http_mode: bool, port: int, host: str, as_user: str | None) -> None:
    """Start Planbot and its reminder scheduler.

    With SLACK_BOT_TOKEN and SLACK_APP_TOKEN: Socket Mode (no public URL needed). With --http,
    SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: HTTP mode on /slack/events (GET /healthz for probes).
    With no Slack tokens: the local sandbox, a prompt where you type /plan, /status, /ferdig.
    """
    sandbox = not state.runtime.settings.slack_bot_token and not http_mode
    logging.basicConfig(
        level=logging.WARNING if sandbox else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    runtime = ready_runtime(state)
    settings, lang = runtime.settings, runtime.language
    if http_mode:
        if not (settings.slack_bot_token and settings.slack_signing_secret):
            fail(t("run.need_http", lang))
        _run_http(runtime, host=host, port=port)
    elif settings.slack_bot_token:
        if not settings.slack_app_token:
            fail(t("run.need_app_token", lang))
        _run_socket_mode(runtime)
    else:
        sys.exit(_run_sandbox(runtime, as_user=as_user))


def _run_http(runtime: Runtime, *, host: str, port: int) -> None:
    from handlers.app import build_app
    from handlers.web import WebApp, make_web_server

    app = build_app(runtime=runtime)
    server = make_web_server(WebApp(app), host=host, port=port)
    with _scheduler(runtime, _production_transports(runtime), echo=log.info):
        click.echo(t("run.http", runtime.language, host=host, port=server.server_address[1]))
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _run_socket_mode(runtime: Runtime) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.app import build_app

    app = build_app(runtime=runtime)
    handler = SocketModeHandler(app, runtime.settings.slack_app_token)
    with _scheduler(runtime, _production_transports(runtime), echo=log.info):
        click.echo(t("run.socket", runtime.language))
        try:
            handler.start()
        except KeyboardInterrupt:
            handler.close()


def _run_sandbox(runtime: Runtime, *, as_user: str | None) -> int:
    from handlers.sandbox import Sandbox, run_prompt
    from handlers.standin import SlackStandIn

    with SlackStandIn() as standin:
        sandbox = Sandbox(runtime, standin=standin, user=as_user.upper() if as_user else None)
        transports = _sandbox_transports(sandbox)
        interactive = sys.stdin.isatty()
        if interactive:
            with _scheduler(sandbox.runtime, transports, echo=None):
                return run_prompt(
                    sandbox, [], echo=click.echo, interactive=True, on_idle=sandbox.news
                )
        return run_prompt(
            sandbox,
            sys.stdin,
            echo=click.echo,
            interactive=False,
            before_exit=lambda: _one_tick(sandbox, transports),
        )


# --- the nudge engine (schedules/) ------------------------------------------------------


def _production_transports(runtime: Runtime) -> dict[str, Any]:
    try:
        from schedules.transports import slack_transport
    except ImportError:
        return {}
    return {"slack": slack_transport(runtime.settings)}


def _sandbox_transports(sandbox: Any) -> dict[str, Any]:
    try:
        from schedules.transports import SlackTransport
    except ImportError:
        return {}
    return {"slack": SlackTransport(client=sandbox.client, pacer=None)}


@contextmanager
def _scheduler(
    runtime: Runtime, transports: Mapping[str, Any], *, echo: Callable[[str], Any] | None
) -> Any:
    """Run schedules.jobs' scheduler (nudges, digest) beside the app, when the engine is there."""
    scheduler = None
    try:
        from schedules.dispatcher import DispatcherBusy
        from schedules.jobs import build_scheduler
    except ImportError:
        click.echo(t("run.no_scheduler", runtime.language), err=True)
    else:
        try:
            scheduler = build_scheduler(runtime=runtime, transports=transports, echo=echo)
        except DispatcherBusy as exc:
            click.echo(str(exc), err=True)
        else:
            scheduler.start()
    try:
        yield scheduler
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
            dispatcher = getattr(scheduler, "planbot_dispatcher", None)
            if dispatcher is not None:
                dispatcher.close()


def _one_tick(sandbox: Any, transports: Mapping[str, Any]) -> str:
    """Without a terminal: send what is due once and return it as text."""
    try:
        from schedules.dispatcher import DispatcherBusy
        from schedules.jobs import build_dispatcher, run_dispatch_tick
    except ImportError:
        return ""
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
