"""Import items built the way the importer hands them to `store_items`."""

from bot.importer import ImportItem
from bot.models import EventKind, EventState, PlanEventCreate


def three_weeks_after_annual_meeting(document: str) -> ImportItem:
    """ "Protokoll og nytt styre til fylkespartiet … innen tre uker etter årsmøtet": a deadline
    each unit counts from its own annual meeting, as the preview suggests making per unit."""
    return ImportItem(
        event=PlanEventCreate(
            title="Protokoll og nytt styre til fylkespartiet",
            kind=EventKind.DEADLINE,
            relative_anchor="annual_meeting",
            relative_days=21,
            state=EventState.TENTATIVE,
            source_document=document,
            source_quote="innen tre uker etter årsmøtet",
        ),
        line=1,
        precision="day",
        suggest_per_unit=True,
    )
