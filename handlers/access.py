"""Who is asking: staff, a unit leader, or someone else; and the polite refusals that name who can."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.models import Nudge, Obligation, Role, Unit
from bot.services.audit import actor_words
from bot.services.units import is_staff, units_with_role, user_ids_with_role
from bot.texts import t
from handlers.deps import Deps

USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@dataclass(frozen=True)
class Viewer:
    """The Slack user behind a request, with what they may see and do."""

    user_id: str
    staff: bool
    leader_of: list[Unit] = field(default_factory=list)

    @property
    def unit_ids(self) -> set[int]:
        return {unit.id for unit in self.leader_of if unit.id is not None}

    def may_answer_for(self, unit_id: int) -> bool:
        return self.staff or unit_id in self.unit_ids


def viewer(*, session: Session, deps: Deps, user_id: str) -> Viewer:
    """Look up the user's staff status and the units they lead."""
    return Viewer(
        user_id=user_id,
        staff=is_staff(
            session=session, slack_user_id=user_id, staff_users=deps.settings.staff_users
        ),
        leader_of=units_with_role(session=session, slack_user_id=user_id, role=Role.LEADER),
    )


def nudge_of(*, session: Session, nudge_id: int | None, obligation: Obligation) -> bool:
    """Whether a nudge id that came beside an obligation id is that obligation's own (or absent).

    Ids in a button value or link are only trusted together: a nudge of another unit, of the staff
    or of another deadline never rides on an obligation the person may answer for.
    """
    if nudge_id is None:
        return True
    nudge = session.get(Nudge, nudge_id)
    return (
        nudge is not None
        and nudge.obligation_id == obligation.id
        and nudge.unit_id == obligation.unit_id
    )


def mention(user_id: str | None) -> str:
    """`<@U123>` for a Slack user id, the text itself for anything else (e.g. planbot:seed)."""
    if user_id and USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return user_id or ""


def who_did_it(actor: str | None, lang: str) -> str:
    """Who changed something, as people read it: a Slack user as a mention, the CLI as the county
    party office ("av fylkespartikontoret", not "av cli")."""
    return actor_words(mention(actor), lang)


def staff_contacts(deps: Deps) -> str:
    """Who to ask: the staff named in the settings, or 'fylkespartikontoret'."""
    if deps.settings.staff_users:
        return ", ".join(mention(u) for u in sorted(deps.settings.staff_users))
    return t("slack.staff_office", deps.lang)


def staff_refusal(deps: Deps, action: str) -> str:
    """'Beklager, det er bare fylkespartikontoret som kan <action>. Spør <who> om hjelp.'"""
    return t(
        "slack.refuse.staff",
        deps.lang,
        action=t(f"slack.action.{action}", deps.lang),
        who=staff_contacts(deps),
    )


def leader_refusal(*, session: Session, deps: Deps, unit: Unit) -> str:
    """Only the unit's own leaders (or staff) may answer for it; names them."""
    leaders = [mention(u) for u in user_ids_with_role(session=session, unit=unit)]
    return t(
        "slack.refuse.leader",
        deps.lang,
        unit=unit.name,
        who=", ".join(leaders) if leaders else staff_contacts(deps),
    )
