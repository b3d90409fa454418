"""The Bolt app, built by a factory from the runtime: every listener registered, one error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from bot.runtime import Runtime
from bot.settings import secret_value
from bot.texts import t
from handlers import actions, deliveries, home, importer, questions, unit_import, views
from handlers.commands import ferdig, plan, status
from handlers.deps import CONTEXT_KEY, Deps
from schedules.transports import slack_client

log = logging.getLogger("planbot.slack")

# Every module with listeners; build_app calls register(app) on each.
LISTENER_MODULES = (
    plan,
    status,
    ferdig,
    actions,
    views,
    home,
    importer,
    deliveries,
    unit_import,
    questions,
)


# Listeners answer a person: two 429 retries at most, then the error handler speaks.
INTERACTIVE_RETRIES = 2


def build_app(
    *,
    runtime: Runtime,
    client: WebClient | None = None,
    signing_secret: str | None = None,
    process_before_response: bool = False,
    token_verification_enabled: bool = True,
    wake: Callable[[], None] | None = None,
) -> App:
    """The Planbot Bolt app.

    `process_before_response=False` (Socket Mode and the long-running HTTP server) answers Slack as
    soon as a listener calls ack() and runs the rest in Bolt's thread pool; True (the sandbox, FaaS)
    finishes the listener before the HTTP response goes out. `wake` asks this process's dispatcher
    to look at the outbox now (after a hand-in's receipt is queued).
    """
    deps = Deps(runtime=runtime, wake=wake)
    app = App(
        name="planbot",  # without it Bolt reads the whole call stack (inspect.stack) for a name
        client=client or slack_client(runtime.settings, timeout=30, retries=INTERACTIVE_RETRIES),
        signing_secret=signing_secret
        if signing_secret is not None
        else secret_value(runtime.settings.slack_signing_secret) or "",
        process_before_response=process_before_response,
        token_verification_enabled=token_verification_enabled,
        logger=log,
        raise_error_for_unhandled_request=False,
    )

    @app.middleware
    def provide_deps(context: Any, next: Callable[[], BoltResponse]) -> BoltResponse:
        context[CONTEXT_KEY] = deps
        return next()

    app.error(_error_handler(deps))
    for module in LISTENER_MODULES:
        module.register(app)
    return app


def _error_handler(deps: Deps) -> Callable[..., None]:
    def handle_error(error: Exception, body: dict[str, Any], logger: logging.Logger) -> None:
        """Log what went wrong, and tell the person politely (ephemeral) when Slack lets us."""
        log.error("listener failed: %s", error, exc_info=error)
        notify_user_of_error(deps=deps, body=body)

    return handle_error


def notify_user_of_error(*, deps: Deps, body: dict[str, Any]) -> None:
    """Send the 'something went wrong' text to the response_url of the request, if it has one."""
    from slack_sdk.webhook import WebhookClient

    url = body.get("response_url") or next(
        (r.get("response_url") for r in body.get("response_urls") or [] if r.get("response_url")),
        None,
    )
    if not url:
        return
    try:
        WebhookClient(url).send(
            text=t("slack.error", deps.lang), response_type="ephemeral", replace_original=False
        )
    except Exception:  # the error handler must never raise
        log.exception("could not tell the user about the error")
