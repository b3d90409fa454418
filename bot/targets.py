"""Where a message goes: a transport and an address, and where staff messages go.

The outbox stores a target as one string (`Nudge.target`): a Slack channel or user id as it is
(`C…`, `U…`, `#name`), a Teams webhook as `teams:<unit slug>` or `teams:staff` (the webhook URL is a
secret and stays out of the outbox). `Target.parse` and `str(target)` are the only readers and
writers of that format.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings

SLACK = "slack"
TEAMS = "teams"
TEAMS_PREFIX = f"{TEAMS}:"
# The address of the staff's Teams webhook (TEAMS_WEBHOOK_URL); units are addressed by their slug.
STAFF = "staff"


@dataclass(frozen=True, slots=True)
class Target:
    """A transport (`slack` or `teams`) and an address on it."""

    transport: str
    address: str

    @classmethod
    def parse(cls, stored: str) -> Target:
        """The target a stored `Nudge.target` names."""
        if stored.startswith(TEAMS_PREFIX):
            return cls(TEAMS, stored.removeprefix(TEAMS_PREFIX))
        return cls(SLACK, stored)

    @classmethod
    def slack(cls, address: str) -> Target:
        """A Slack channel or user id."""
        return cls(SLACK, address)

    @classmethod
    def teams(cls, slug: str) -> Target:
        """A unit's Teams webhook, by the unit's slug."""
        return cls(TEAMS, slug)

    @property
    def is_teams(self) -> bool:
        return self.transport == TEAMS

    @property
    def is_staff_teams(self) -> bool:
        """Whether this is the staff's Teams webhook (TEAMS_WEBHOOK_URL)."""
        return self == TEAMS_STAFF

    def __str__(self) -> str:
        return f"{TEAMS_PREFIX}{self.address}" if self.is_teams else self.address


TEAMS_STAFF = Target(TEAMS, STAFF)


def staff_targets(
    settings: Settings, *, notice: bool = False, avoid: Target | None = None
) -> tuple[Target, ...]:
    """Where staff messages go. Staff nudges and the weekly digest go to every route staff have
    set (the Slack staff channel, the Teams webhook); a notice (a failed nudge, a bad row, a post
    that may be missing) goes once: to the Slack staff channel, else Teams, never to `avoid` (the
    route that failed). Empty when staff cannot be reached."""
    targets = []
    if settings.staff_channel:
        targets.append(Target.slack(settings.staff_channel))
    if settings.teams_webhook_url:
        targets.append(TEAMS_STAFF)
    if not notice:
        return tuple(targets)
    return tuple([target for target in targets if target != avoid][:1])
