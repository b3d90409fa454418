"""The journal of Teams posts: exactly once, as far as a webhook allows.

A Workflows webhook keeps no history Planbot could read back (unlike Slack's conversations.history),
so every post is journalled in `TeamsPost`: `posting` is committed just before the HTTP request,
`accepted` or `rejected` right after the answer. After a crash (or a timeout once the request has
left) the dispatcher asks the transport's `find_sent`, which reads this journal:
- `accepted`: it arrived; recorded as sent, never posted again;
- `rejected` or no journal row: it never left, or Teams refused it; sent (again) safely;
- still `posting`: it may or may not have arrived. Planbot does not post it again (at most once,
  so nobody gets a reminder twice) and tells staff that this one reminder may be missing.
That window is one HTTP request long; everything claimed but not yet posted is sent normally.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.clock import Clock
from bot.db import session_scope
from bot.models import Nudge, TeamsPost
from bot.settings import Settings
from bot.texts import t
from schedules.outbox import notify_staff
from schedules.render import message_from_json

log = logging.getLogger(__name__)

POSTING, ACCEPTED, REJECTED = "posting", "accepted", "rejected"
# The receipt of a post that may or may not have arrived (and is not repeated).
UNVERIFIED = "unverified"


class TeamsJournal:
    """What became of each Teams post, by the nudge's key (the `teams_post` table)."""

    def __init__(self, *, engine: Engine, settings: Settings, clock: Clock) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock

    def state(self, key: str) -> str | None:
        """`posting`, `accepted` or `rejected`; None when it was never posted."""
        with Session(self.engine) as session:
            row = session.exec(select(TeamsPost).where(TeamsPost.key == key)).first()
            return row.state if row is not None else None

    def record(self, key: str, state: str, status: int | None = None) -> None:
        """Write down that the post of `key` is now in `state` (with Teams' HTTP status)."""
        now = self.clock.now()
        with session_scope(self.engine) as session:
            row = session.exec(select(TeamsPost).where(TeamsPost.key == key)).first()
            if row is None:
                row = TeamsPost(key=key, state=state, started_at=now)
            row.state, row.status = state, status
            if state == POSTING:
                row.started_at, row.finished_at = now, None
            else:
                row.finished_at = now
            session.add(row)

    def note_uncertain(self, key: str) -> None:
        """Tell staff (once) that a Teams post may not have arrived and will not be repeated."""
        now = self.clock.now()
        lang = self.settings.language
        with session_scope(self.engine) as session:
            row = session.exec(select(Nudge).where(Nudge.key == key)).first()
            if row is None or row.rule.startswith("staff."):
                log.error("teams post %s may not have arrived; not repeated", key)
                return
            log.error("teams post %s may not have arrived; not repeated (at most once)", key)
            stored = message_from_json((row.payload or {})["message"])
            headline = t(
                "teams.uncertain",
                lang,
                target=row.target_label or row.target,
                headline=stored.headline,
            )
            notify_staff(
                session=session,
                row=row,
                key=f"teams-uncertain:{row.id}",
                headline=headline,
                now=now,
                settings=self.settings,
            )
