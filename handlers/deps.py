"""What every listener needs, handed to it through the Bolt context: the runtime and helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.runtime import Runtime
from bot.settings import Settings

CONTEXT_KEY = "planbot_deps"


@dataclass(frozen=True)
class Deps:
    """The composition root's parts the Slack surface uses."""

    runtime: Runtime
    # Asks the dispatcher to look at the outbox now (a receipt was queued); None where no
    # dispatcher runs in this process, and the next look sends it.
    wake: Callable[[], None] | None = None

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def lang(self) -> str:
        return self.runtime.language

    def now(self) -> datetime:
        return self.runtime.clock.now()

    def today(self) -> date:
        return self.runtime.today()


def deps_of(context: Any) -> Deps:
    """The Deps that build_app put in the Bolt context."""
    deps = context[CONTEXT_KEY]
    if not isinstance(deps, Deps):
        raise TypeError("the Bolt context carries no Planbot deps; build the app with build_app()")
    return deps
