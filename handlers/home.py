"""The App Home tab: the next 30 days, the user's own unit's open deadlines, staff the overview."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.report import render_agenda, unit_deadlines
from bot.services.agenda import list_agenda
from bot.services.status import inactive_units, nearest_deadlines, older_open_deadlines
from bot.texts import t
from handlers.access import viewer
from handlers.blocks import cap_lines, capped_overview, home_view
from handlers.deps import Deps, deps_of

HOME_DAYS = 30
HOME_LINES = 60


def register(app: App) -> None:
    """Wire the Home tab."""
    app.event("app_home_opened")(handle_app_home_opened)


def handle_app_home_opened(event: dict[str, Any], client: WebClient, context: Any) -> None:
    """Publish the user's Home tab (Bolt acknowledges events itself)."""
    if event.get("tab", "home") != "home":
        return
    deps = deps_of(context)
    with deps.runtime.session() as session:
        view = build_home_view(session=session, deps=deps, user_id=event["user"])
    client.views_publish(user_id=event["user"], view=view)


def build_home_view(*, session: Session, deps: Deps, user_id: str) -> dict[str, Any]:
    """Sections: the coming 30 days; each led unit's open deadlines; for staff, the overview."""
    lang, today = deps.lang, deps.today()
    items = list_agenda(session=session, start=today, days=HOME_DAYS)
    end = today + timedelta(days=HOME_DAYS - 1)
    agenda = render_agenda(items, start=today, end=end, today=today, lang=lang).split("\n", 1)
    sections = [
        (
            t("slack.home.coming", lang),
            "\n".join(cap_lines(agenda[-1].strip().split("\n"), HOME_LINES, lang)),
        )
    ]
    who = viewer(session=session, deps=deps, user_id=user_id)
    for unit in who.leader_of:
        named = unit if len(who.leader_of) > 1 else None
        open_lines = [
            d.open_line(lang, unit=named)
            for d in unit_deadlines(session=session, unit=unit, today=today)
            if d.is_open
        ]
        body = "\n".join(open_lines) or t("slack.status.your_none", lang, unit=unit.name)
        sections.append((t("slack.home.your_unit", lang, unit=unit.name), body))
    if who.staff:
        statuses, total = nearest_deadlines(session=session, today=today, limit=HOME_LINES)
        overview = capped_overview(
            statuses,
            total=total,
            limit=HOME_LINES,
            lang=lang,
            older=older_open_deadlines(session=session, today=today),
            inactive=inactive_units(session=session),
        )
        sections.append((t("slack.home.status", lang), overview))
    return home_view(sections=sections, hint=t("slack.home.hint", lang))
