"""An import is a draft compared with the plan (issue 10, "merge, don't double"): each item is
new, already in the plan, a change to an event of the plan, or a repetition; saving stores only
what the person accepts, never makes per-unit tasks by itself, is atomic and idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.importer import ImportItem
from bot.models import (
    AuditEntry,
    EventKind,
    EventState,
    ImportDraftRow,
    Obligation,
    PlanEvent,
    PlanEventCreate,
    Setting,
)
from bot.services.imports import (
    DRAFT_LIFETIME,
    ImportChoiceError,
    ImportChoices,
    Match,
    compare_with_plan,
    load_draft,
    save_draft,
    store_items,
    summary_text,
)
from tests.utils.imports import three_weeks_after_annual_meeting

DOC = "arbeidsplan.docx"


def item(
    title: str,
    kind: EventKind,
    start: date | None,
    end: date | None = None,
    *,
    quote: str = "",
    precision: str = "day",
    recurrence: str | None = None,
    suggest_per_unit: bool = False,
) -> ImportItem:
    event = PlanEventCreate(
        title=title,
        kind=kind,
        start_date=start,
        end_date=end or start,
        precision=precision if start else "day",
        recurrence=recurrence,
        state=EventState.TENTATIVE,
        source_document=DOC,
        source_quote=quote or title,
    )
    return ImportItem(event=event, line=1, precision=precision, suggest_per_unit=suggest_per_unit)


FORSLAGSFRIST = item(
    "Programprosess i kommune – og fylkespartiene",  # a heading as title: the passage decides
    EventKind.DEADLINE,
    date(2026, 12, 1),
    quote="Forslagsfristen til landsmøtet er satt til 1. desember 2026. Kommunepartiene sender "
    "sine generelle politiske forslag via fylkespartiene.",
    suggest_per_unit=True,
)
TEAMSMOTE = item(
    "Teamsmøte med kommunepartilederne",
    EventKind.MEETING,
    None,
    precision="recurring",
    recurrence="FREQ=MONTHLY",
)
MOVED_FRIST = item("Forslagsfrist til landsmøtet", EventKind.DEADLINE, date(2026, 12, 15))
SEMINAR = item("Styreseminar i Harstad", EventKind.TRAINING, date(2027, 3, 3))
FRIST_FOR_ALLE = item(
    "Frist for medlemslister",
    EventKind.DEADLINE,
    date(2027, 4, 1),
    quote="Alle kommunepartier sender medlemslistene innen 1. april.",
    suggest_per_unit=True,
)


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_each_item_is_new_already_in_the_plan_a_change_or_repeated(session: Session) -> None:
    compared = compare_with_plan(
        session=session, items=[FORSLAGSFRIST, TEAMSMOTE, MOVED_FRIST, SEMINAR, SEMINAR]
    )
    assert [c.match for c in compared] == [
        Match.ALREADY,
        Match.ALREADY,
        Match.NEW,  # the plan's forslagsfrist is taken by item 1, so 15 December is no change of it
        Match.NEW,
        Match.REPEATED,
    ]
    assert compared[0].existing is not None
    assert compared[0].existing.title == "Forslagsfrist til landsmøtet 2027"
    assert compared[1].existing is not None and compared[1].existing.recurrence
    assert [c.number for c in compared] == [1, 2, 3, 4, 5]


def test_a_moved_date_is_a_change_and_applied_only_when_chosen(
    session: Session, clock: FixedClock
) -> None:
    [compared] = compare_with_plan(session=session, items=[MOVED_FRIST])
    assert compared.match is Match.CHANGE and compared.existing is not None
    frist_id = compared.existing.id
    summary = store_items(
        session=session, items=[MOVED_FRIST], document=DOC, actor="t", now=clock.now()
    )
    assert not summary.added and not summary.updated
    assert [s.reason for s in summary.skipped] == ["change"]
    assert session.get(PlanEvent, frist_id).start_date == date(2026, 12, 1)  # type: ignore[union-attr]
    summary = store_items(
        session=session,
        items=[MOVED_FRIST],
        document=DOC,
        actor="t",
        now=clock.now(),
        choices=ImportChoices(update=frozenset({1})),
    )
    [updated] = summary.updated
    assert (updated.id, updated.start_date, updated.end_date) == (
        frist_id,
        date(2026, 12, 15),
        date(2026, 12, 15),
    )


def test_no_per_unit_tasks_unless_chosen_for_that_event(
    session: Session, clock: FixedClock
) -> None:
    before = count(session, Obligation)
    summary = store_items(
        session=session, items=[FRIST_FOR_ALLE], document=DOC, actor="t", now=clock.now()
    )
    assert not summary.added[0].per_unit and count(session, Obligation) == before
    chosen = item("Frist for årsmelding", EventKind.DEADLINE, date(2027, 5, 1))
    summary = store_items(
        session=session,
        items=[chosen, SEMINAR],
        document=DOC,
        actor="t",
        now=clock.now(),
        choices=ImportChoices(per_unit=frozenset({1})),
    )
    assert [e.per_unit for e in summary.added] == [True, False]
    assert count(session, Obligation) == before + 22


def test_a_deadline_counted_from_each_units_annual_meeting_can_be_made_per_unit(
    session: Session, clock: FixedClock
) -> None:
    """The preview suggests `--per-unit` for "innen tre uker etter årsmøtet"; saving it so must
    work (it has no date of its own: each unit's due date comes from its annual meeting)."""
    relative = three_weeks_after_annual_meeting(DOC)
    before = count(session, Obligation)
    summary = store_items(
        session=session,
        items=[relative],
        document=DOC,
        actor="t",
        now=clock.now(),
        choices=ImportChoices(per_unit=frozenset({1})),
    )
    assert summary.added[0].per_unit and count(session, Obligation) == before + 22


@pytest.mark.parametrize(
    ("choices", "key"),
    [
        (ImportChoices(per_unit=frozenset({2})), "import.choice.not_deadline"),  # a training
        (ImportChoices(per_unit=frozenset({9})), "import.choice.not_new"),
        (
            ImportChoices(only=frozenset({3})),
            "import.choice.already",
        ),  # already in the plan: which event
        (ImportChoices(update=frozenset({1})), "import.choice.not_change"),
        # a new deadline left out by --only: not "not a new event"
        (ImportChoices(only=frozenset({2}), per_unit=frozenset({1})), "import.choice.not_only"),
        # the same in Slack: ticked per unit, yet unticked among the new events to save
        (
            ImportChoices(left_out=frozenset({1}), per_unit=frozenset({1})),
            "import.choice.per_unit_left_out",
        ),
    ],
)
def test_a_bad_choice_stores_nothing(
    session: Session, clock: FixedClock, choices: ImportChoices, key: str
) -> None:
    before = (count(session, PlanEvent), count(session, AuditEntry))
    with pytest.raises(ImportChoiceError) as caught:
        store_items(
            session=session,
            items=[FRIST_FOR_ALLE, SEMINAR, FORSLAGSFRIST],
            document=DOC,
            actor="t",
            now=clock.now(),
            choices=choices,
        )
    assert caught.value.key == key
    number = str(caught.value.values["number"])
    assert number in caught.value.text("nb") and number in caught.value.text("en")
    assert (count(session, PlanEvent), count(session, AuditEntry)) == before


def test_only_stores_the_chosen_new_items(session: Session, clock: FixedClock) -> None:
    summary = store_items(
        session=session,
        items=[FRIST_FOR_ALLE, SEMINAR],
        document=DOC,
        actor="t",
        now=clock.now(),
        choices=ImportChoices(only=frozenset({2})),
    )
    assert [e.title for e in summary.added] == ["Styreseminar i Harstad"]
    assert [(s.title, s.reason) for s in summary.skipped] == [
        ("Frist for medlemslister", "left_out")
    ]


def test_new_items_left_out_are_not_stored_and_the_summary_names_them_first(
    session: Session, clock: FixedClock
) -> None:
    """Slack's unticked new events (`left_out`) are not stored, the others are, whatever the
    order; a number left out that is no longer new (stored since the preview) is no error; the
    summary says how many were left out and names them together."""
    items = [FORSLAGSFRIST, SEMINAR, FRIST_FOR_ALLE]
    summary = store_items(
        session=session,
        items=items,
        document=DOC,
        actor="t",
        now=clock.now(),
        choices=ImportChoices(left_out=frozenset({1, 3})),  # 1 is already in the plan
    )
    assert [e.title for e in summary.added] == ["Styreseminar i Harstad"]
    assert [(s.title, s.reason) for s in summary.skipped if s.reason == "left_out"] == [
        ("Frist for medlemslister", "left_out")
    ]
    lines = summary_text(summary, file=DOC, lang="nb").splitlines()
    at = lines.index("1 ny hendelse er ikke lagret, fordi du valgte den bort:")
    assert lines[at + 1] == "  ikke valgt: Frist for medlemslister (torsdag 1. april 2027)"


def test_importing_the_same_items_twice_changes_nothing_the_second_time(
    session: Session, clock: FixedClock
) -> None:
    items = [FORSLAGSFRIST, TEAMSMOTE, SEMINAR, FRIST_FOR_ALLE, MOVED_FRIST]
    first = store_items(session=session, items=items, document=DOC, actor="t", now=clock.now())
    assert len(first.added) == 3
    before = (count(session, PlanEvent), count(session, AuditEntry), count(session, Obligation))
    second = store_items(session=session, items=items, document=DOC, actor="t", now=clock.now())
    assert not second.added and not second.updated
    assert {s.reason for s in second.skipped} == {"already_stored"}
    after = (count(session, PlanEvent), count(session, AuditEntry), count(session, Obligation))
    assert after == before
    assert session.exec(select(func.count(col(PlanEvent.id)))).one() == before[0]


# --- drafts --------------------------------------------------------------------------------


def test_a_draft_keeps_its_items_in_its_own_table_until_it_expires(
    session: Session, clock: FixedClock
) -> None:
    now = clock.now()
    draft = save_draft(
        session=session, items=[FORSLAGSFRIST], document=DOC, user_id="U0STAFF", now=now
    )
    assert session.get(ImportDraftRow, draft.draft_id) is not None
    assert session.exec(select(Setting).where(col(Setting.key).contains("draft"))).all() == []
    soon = load_draft(session=session, draft_id=draft.draft_id, now=now + timedelta(hours=1))
    assert soon is not None and soon.items == (FORSLAGSFRIST,) and soon.user_id == "U0STAFF"
    late = now + DRAFT_LIFETIME
    assert load_draft(session=session, draft_id=draft.draft_id, now=late) is None
    save_draft(session=session, items=[], document=DOC, user_id="U0STAFF", now=late)
    assert session.get(ImportDraftRow, draft.draft_id) is None  # expired ones are cleared
