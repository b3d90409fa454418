"""Units and their people from one file (CSV or YAML): read, check, compare, store, and export.

Columns (CSV header or YAML keys; only `name` is required):

    name            the unit's name, e.g. Tromsø
    slug            short name (a–z, 0–9, -); default taken from the name ("Kvæfjord" → kvafjord)
    kind            municipal | county | other (or kommuneparti, fylkesparti, annet); default municipal
    channel         Slack channel id (C… or G…) for the unit's nudges
    leaders         leaders: Slack user ids (U…/W…) or e-mail addresses
    mayors          mayors, as above
    group_leaders   council group leaders, as above
    members         other roles as role:user, e.g. campaign_leader:U0123ABCD
    teams_webhook   Teams Workflows webhook URL (a secret)
    annual_meeting  the unit's annual-meeting date, YYYY-MM-DD (or DD.MM.YYYY)
    active          yes/no (ja/nei, true/false, 1/0); default yes

Several people in one cell are separated by ";" in CSV and written as a list in YAML. A column
that is absent leaves that field of every unit as it is; an empty cell clears it (the
annual-meeting date and the kind are only ever set, never cleared). Units are matched by slug, or
by name when the row has no slug. Nothing is ever deleted: a unit missing from the file is
reported, and deactivated only when asked to.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, func, select

from bot.enums import Role, UnitKind
from bot.importer.items import ImportRowsError, ItemProblem
from bot.importer.model import ImportFileError
from bot.importer.reading import read_text_file
from bot.importer.structured import _bool, _date, _load_yaml, _mapping_value, _rows
from bot.importer.structured import column as plan_column
from bot.models import (
    EventState,
    Membership,
    Obligation,
    ObligationState,
    Person,
    PlanEvent,
    Setting,
    Unit,
)
from bot.services.obligations import ensure_unit_obligations
from bot.services.questions import check_annual_meeting_season, record_annual_meeting
from bot.services.units import (
    check_slug,
    check_unit_name,
    create_unit,
    fold,
    list_units,
    name_order,
    replace_role_holders,
    slug_for,
    update_unit,
)
from bot.services.validation import (
    InvalidInput,
    check_channel_id,
    check_user_id,
    check_webhook_url,
    is_email_address,
)
from bot.texts import t

COLUMNS = (
    "name",
    "slug",
    "kind",
    "channel",
    "leaders",
    "mayors",
    "group_leaders",
    "members",
    "teams_webhook",
    "annual_meeting",
    "active",
)
# Column names as people write them in a sheet of their own (Norwegian, singular), folded.
COLUMN_WORDS = {
    "navn": "name",
    # The sheet's first column is often headed by what the rows are: «Kommuneparti», «Enhet».
    "kommuneparti": "name",
    "kommunepartier": "name",
    "kommunepartiets_navn": "name",
    "enhet": "name",
    "enheter": "name",
    "unit": "name",
    "kortnavn": "slug",
    "type": "kind",
    "kanal": "channel",
    "slack_kanal": "channel",
    "leder": "leaders",
    "ledere": "leaders",
    "leader": "leaders",
    "ordforer": "mayors",
    "ordforere": "mayors",
    "mayor": "mayors",
    "gruppeleder": "group_leaders",
    "gruppeledere": "group_leaders",
    "group_leader": "group_leaders",
    "medlemmer": "members",
    "roller": "members",
    "teams": "teams_webhook",
    "arsmote": "annual_meeting",
    "arsmotedato": "annual_meeting",
    "dato_for_arsmotet": "annual_meeting",
    "aktiv": "active",
}
ROLE_COLUMNS = {"leaders": Role.LEADER, "mayors": Role.MAYOR, "group_leaders": Role.GROUP_LEADER}
MEMBER_ROLES = (
    Role.DEPUTY_MAYOR,
    Role.MEMBERSHIP_OFFICER,
    Role.CAMPAIGN_LEADER,
    Role.DIGITAL_OFFICER,
)
KIND_WORDS = {
    "municipal": UnitKind.MUNICIPAL,
    "kommuneparti": UnitKind.MUNICIPAL,
    "kommune": UnitKind.MUNICIPAL,
    "county": UnitKind.COUNTY,
    "fylkesparti": UnitKind.COUNTY,
    "fylke": UnitKind.COUNTY,
    "other": UnitKind.OTHER,
    "annet": UnitKind.OTHER,
    "annen": UnitKind.OTHER,
}
SEPARATOR = ";"

# Looks an e-mail address up in Slack: the user id, or None when no such user exists.
EmailLookup = Callable[[str], str | None]


@dataclass(frozen=True)
class UnitRow:
    """One unit as a file says it should be; `given` names the columns the file has for it."""

    line: int
    name: str
    slug: str
    given: frozenset[str]
    slug_given: bool = False
    kind: str | None = None
    channel: str | None = None
    people: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column or member role
    teams_webhook: str | None = None
    annual_meeting: date | None = None
    active: bool = True
    written: dict[str, str] = field(default_factory=dict)  # each column as the file spells it

    def column(self, name: str) -> str:
        """A column as the file spells it ('Årsmøte' for annual_meeting), for people to find."""
        return self.written.get(name, name)


@dataclass(frozen=True)
class UnitChange:
    """A unit the import adds, changes or deactivates, and which columns change."""

    slug: str
    name: str
    fields: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "name": self.name, "fields": list(self.fields)}


@dataclass
class UnitImportPlan:
    """What importing a file will do; `apply_unit_import` does exactly this."""

    rows: list[UnitRow]
    added: list[UnitChange] = field(default_factory=list)
    changed: list[UnitChange] = field(default_factory=list)
    deactivated: list[UnitChange] = field(default_factory=list)
    missing: list[UnitChange] = field(default_factory=list)
    unchanged: int = 0
    deactivated_open: int = 0  # open deadlines of the units deactivated: no longer followed up

    @property
    def anything(self) -> bool:
        return bool(self.added or self.changed or self.deactivated)

    def as_json(self) -> dict[str, Any]:
        """The `planbot unit import --json` shape (fields are only ever added)."""
        return {
            "added": [c.as_json() for c in self.added],
            "changed": [c.as_json() for c in self.changed],
            "deactivated": [c.as_json() for c in self.deactivated],
            "missing": [c.as_json() for c in self.missing],
            "unchanged": self.unchanged,
        }


# --- reading --------------------------------------------------------------------------------


def read_unit_file(path: Path, *, lookup: EmailLookup | None = None) -> list[UnitRow]:
    """The units of a CSV or YAML file, every cell checked; ImportRowsError naming each bad cell
    (nothing is stored from such a file), or ImportFileError for a file that cannot be read."""
    path = Path(path)
    try:
        text = read_text_file(path)
    except ImportFileError as exc:
        if exc.code != "empty":
            raise
        raise ImportFileError("units_empty", path.name) from exc
    return unit_rows(text, name=path.name, lookup=lookup)


def unit_rows(text: str, *, name: str, lookup: EmailLookup | None = None) -> list[UnitRow]:
    """The units of a file's text (YAML when `name` ends in .yaml/.yml, else CSV); see
    `read_unit_file`."""
    written: dict[str, str] = {}  # each column as the file spells it ('kanal' for channel)
    raw = _yaml_rows(text, name, written) if is_yaml_name(name) else _csv_rows(text, name, written)
    problems: list[ItemProblem] = []
    rows: list[UnitRow] = []
    seen: dict[str, int] = {}
    for line, cells in raw:
        row = _unit_row(line, cells, lookup, problems)
        if row is not None:
            rows.append(row)
        # A unit named twice is said at once, whatever else is wrong on either line, so the sheet
        # is mended in one round instead of two.
        if name := _text(cells.get("name")):
            slug = _text(cells.get("slug")) or slug_for(name)
            if slug in seen:
                problems.append(
                    ItemProblem(line, "units.row.twice", {"name": name, "first": seen[slug]})
                )
            seen.setdefault(slug, line)
    if problems:
        raise ImportRowsError(sorted(_as_written(problems, written), key=lambda p: p.row))
    if not rows:
        raise ImportFileError("units_empty", name)
    return [replace(row, written=written) for row in rows]


def _as_written(problems: list[ItemProblem], written: dict[str, str]) -> list[ItemProblem]:
    """The problems naming each column as the file spells it, so people find it in their sheet."""
    return [
        replace(p, values={**p.values, "column": written[column]})
        if isinstance(column := p.values.get("column"), str) and column in written
        else p
        for p in problems
    ]


def is_yaml_name(name: str) -> bool:
    return Path(name).suffix.lower() in (".yaml", ".yml")


def is_unit_file(text: str, *, name: str) -> bool:
    """Whether a file is a units file rather than a plan: a CSV whose header names a `name`
    column (`navn`, as the import reads it) and no title of a plan (`title`, `tittel`, …), or a
    YAML file holding `units:`."""
    if is_yaml_name(name):
        return any(line.startswith("units:") for line in text.split("\n"))
    if Path(name).suffix.lower() not in (".csv", ".tsv", ".txt"):
        return False
    header = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=header.count)
    cells = [cell.strip().strip('"') for cell in header.split(delimiter)]
    named = "name" in {column_name(cell) for cell in cells}
    return named and "title" not in {plan_column(cell) for cell in cells}


# --- drafts: a file sent in Slack waits here for Lagre / Avbryt ------------------------------

DRAFT_PREFIX = "unit-draft:"


def save_unit_draft(
    *, session: Session, text: str, document: str, user_id: str, now: datetime
) -> str:
    """Keep a units file's text until the person saves or cancels; the draft's id."""
    draft_id = uuid.uuid4().hex[:20]
    data = {"document": document, "user_id": user_id, "created_at": now.isoformat(), "text": text}
    session.merge(Setting(key=DRAFT_PREFIX + draft_id, value=json.dumps(data, ensure_ascii=False)))
    return draft_id


def load_unit_draft(*, session: Session, draft_id: str) -> tuple[str, str] | None:
    """The draft's (document name, text), or None when it was saved, cancelled or never existed."""
    row = session.get(Setting, DRAFT_PREFIX + draft_id)
    if row is None:
        return None
    data = json.loads(row.value)
    return str(data["document"]), str(data["text"])


def drop_unit_draft(*, session: Session, draft_id: str) -> None:
    """Forget a draft (nothing happens when there is none)."""
    row = session.get(Setting, DRAFT_PREFIX + draft_id)
    if row is not None:
        session.delete(row)


def _csv_rows(text: str, name: str, written: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    header_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[ItemProblem] = []
    last_line = 0
    for cells in _rows(reader, name):
        line = last_line + 1
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [column_name(cell) for cell in cells]
            written.update(
                (c, cell.strip().lstrip("\ufeff")) for c, cell in zip(header, cells, strict=True)
            )
            problems += _unknown_columns(line, header)
            if "name" not in header:
                problems.append(ItemProblem(line, "units.row.no_name_column"))
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                ItemProblem(
                    line, "import.row.columns", {"count": len(cells), "expected": len(header)}
                )
            )
            continue
        rows.append((line, {h: c for h, c in zip(header, cells, strict=False) if h in COLUMNS}))
    if problems:
        raise ImportRowsError(_as_written(problems, written))
    return rows


def _yaml_rows(text: str, name: str, written: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    try:
        data, root = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFileError("yaml_syntax", str((mark.line + 1) if mark else 0)) from exc
    entries, nodes = data, root
    if isinstance(data, dict):
        entries, nodes = data.get("units"), _mapping_value(root, "units")
    if not isinstance(entries, list):
        raise ImportFileError("units_yaml_shape", name)
    lines = (
        [n.start_mark.line + 1 for n in nodes.value] if isinstance(nodes, yaml.SequenceNode) else []
    )
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[ItemProblem] = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else index + 1
        if not isinstance(entry, dict):
            problems.append(ItemProblem(line, "units.row.not_mapping"))
            continue
        cells = {column_name(key): value for key, value in entry.items()}
        written.update((column_name(key), str(key)) for key in entry)
        problems += _unknown_columns(line, list(cells))
        rows.append((line, {k: v for k, v in cells.items() if k in COLUMNS}))
    if problems:
        raise ImportRowsError(_as_written(problems, written))
    return rows


def column_name(text: str) -> str:
    """The column a header names: 'Navn', 'Årsmøte', 'Group leaders' → name, annual_meeting, …"""
    word = re.sub(r"[\s-]+", "_", fold(str(text).strip().lstrip("\ufeff")))
    return COLUMN_WORDS.get(word, word)


def _unknown_columns(line: int, names: Sequence[str]) -> list[ItemProblem]:
    return [
        ItemProblem(
            line, "units.row.unknown_column", {"column": name, "choices": ", ".join(COLUMNS)}
        )
        for name in names
        if name and name not in COLUMNS
    ]


def _unit_row(
    line: int, cells: dict[str, Any], lookup: EmailLookup | None, problems: list[ItemProblem]
) -> UnitRow | None:
    """One row checked cell by cell; every bad cell goes to `problems` (with its column)."""
    before = len(problems)

    def bad(column: str, exc: InvalidInput) -> None:
        problems.append(CellProblem(line, "units.row.cell", {"column": column, "error": exc}))

    def checked(column: str, check: Callable[[Any], Any], default: Any = None) -> Any:
        try:
            return check(cells.get(column))
        except InvalidInput as exc:
            bad(column, exc)
            return default

    def problem(key: str, **values: Any) -> None:
        problems.append(ItemProblem(line, key, values))

    name = checked("name", lambda value: check_unit_name(_text(value)), "")
    slug = _text(cells.get("slug")) or slug_for(name)
    if name:
        slug = checked("slug", lambda _: check_slug(slug), slug)
    kind = None
    if _text(cells.get("kind")):
        kind = KIND_WORDS.get(fold(_text(cells["kind"])))
        if kind is None:
            bad("kind", InvalidInput("valid.choice", value=_text(cells["kind"]), choices=_kinds()))
    channel = checked("channel", lambda value: check_channel_id(_text(value)))
    webhook = checked("teams_webhook", lambda value: check_webhook_url(_text(value)))
    annual = _date(cells.get("annual_meeting"), "annual_meeting", problem)
    active = True
    if _text(cells.get("active")) or isinstance(cells.get("active"), bool):
        active = _bool(cells.get("active"), "active", problem) is not False
    people: dict[str, tuple[str, ...]] = {}
    for column in ROLE_COLUMNS:
        people[column] = tuple(
            user
            for value in _items(cells.get(column))
            if (user := _person(value, column, lookup, bad)) is not None
        )
    members: dict[str, list[str]] = {role.value: [] for role in MEMBER_ROLES}
    for value in _items(cells.get("members")):
        role, _, who = value.partition(":")
        role = role.strip().lower()
        if role not in members or not who.strip():
            problem("units.row.member", value=value, choices=", ".join(members))
            continue
        user = _person(who.strip(), "members", lookup, bad)
        if user is not None:
            members[role].append(user)
    people |= {role: tuple(users) for role, users in members.items()}
    if len(problems) > before:
        return None
    return UnitRow(
        line=line,
        name=name,
        slug=slug,
        given=frozenset(cells),
        slug_given=bool(_text(cells.get("slug"))),
        kind=kind,
        channel=channel,
        people={key: tuple(sorted(set(users))) for key, users in people.items()},
        teams_webhook=webhook,
        annual_meeting=annual,
        active=active,
    )


@dataclass(frozen=True)
class CellProblem(ItemProblem):
    """A bad cell: its column and what the check says to write instead, in the reader's language."""

    def text(self, lang: str) -> str:
        values = {
            key: value.message(lang) if isinstance(value, InvalidInput) else value
            for key, value in self.values.items()
        }
        return t(self.key, lang, **values)


def slack_user_id(value: str, *, lookup: EmailLookup | None) -> str:
    """A Slack user id from an id, a mention, a link copied from Slack or an e-mail address
    (looked up in Slack with `lookup`); InvalidInput saying what to write instead."""
    if is_email_address(value):
        if lookup is None:
            raise InvalidInput("units.email_no_token", value=value)
        user = lookup(value)
        if user is None:
            raise InvalidInput("units.email_not_found", value=value)
        return user
    return check_user_id(value)


def _person(
    value: str,
    column: str,
    lookup: EmailLookup | None,
    bad: Callable[[str, InvalidInput], None],
) -> str | None:
    """A cell's Slack user id, or None with the cell named as bad."""
    try:
        return slack_user_id(value, lookup=lookup)
    except InvalidInput as exc:
        bad(column, exc)
        return None


def _kinds() -> str:
    return ", ".join(kind.value for kind in UnitKind)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(SEPARATOR) if part.strip()]


# --- comparing and storing ------------------------------------------------------------------


def role_holders(*, session: Session) -> dict[tuple[int | None, str], tuple[str, ...]]:
    """Every unit's people by (unit id, role), as sorted Slack user ids, in one query."""
    query = select(Membership.unit_id, Membership.role, Person.slack_user_id).join(
        Person, col(Person.id) == col(Membership.person_id)
    )
    holders: dict[tuple[int | None, str], list[str]] = {}
    for unit_id, role, user in session.exec(query):
        if user:
            holders.setdefault((unit_id, role), []).append(user)
    return {key: tuple(sorted(users)) for key, users in holders.items()}


def unit_record(
    unit: Unit, holders: dict[tuple[int | None, str], tuple[str, ...]]
) -> dict[str, Any]:
    """A unit as the file has it: every column, people as sorted Slack user ids."""
    record: dict[str, Any] = {
        "name": unit.name,
        "slug": unit.slug,
        "kind": unit.kind,
        "channel": unit.slack_channel,
        "teams_webhook": unit.teams_webhook_url,
        "annual_meeting": unit.annual_meeting,
        "active": unit.active,
    }
    for column, role in ROLE_COLUMNS.items():
        record[column] = holders.get((unit.id, role), ())
    for role in MEMBER_ROLES:
        record[role.value] = holders.get((unit.id, role), ())
    return record


def _wanted(row: UnitRow) -> dict[str, Any]:
    """The values the row sets, by column (people by column or member role)."""
    wanted: dict[str, Any] = {"name": row.name}
    if row.kind is not None:
        wanted["kind"] = row.kind
    if "channel" in row.given:
        wanted["channel"] = row.channel
    if "teams_webhook" in row.given:
        wanted["teams_webhook"] = row.teams_webhook
    if row.annual_meeting is not None:
        wanted["annual_meeting"] = row.annual_meeting
    if "active" in row.given:
        wanted["active"] = row.active
    for column in ROLE_COLUMNS:
        if column in row.given:
            wanted[column] = row.people[column]
    if "members" in row.given:
        wanted |= {role.value: row.people[role.value] for role in MEMBER_ROLES}
    return wanted


def _differences(record: dict[str, Any], wanted: dict[str, Any]) -> tuple[str, ...]:
    """The file's columns whose value differs from the unit's (member roles as `members`)."""
    columns = []
    for key, value in wanted.items():
        if record.get(key) != value:
            columns.append("members" if key in {r.value for r in MEMBER_ROLES} else key)
    return tuple(dict.fromkeys(columns))


def _match(units: list[Unit], row: UnitRow) -> Unit | None:
    """The stored unit a row means: by its slug, or (with no slug given) by its name."""
    by_slug = next((u for u in units if u.slug == row.slug), None)
    if by_slug is not None or row.slug_given:
        return by_slug
    return next((u for u in units if fold(u.name) == fold(row.name)), None)


def plan_unit_import(
    *,
    session: Session,
    rows: list[UnitRow],
    today: date,
    deactivate_missing: bool = False,
) -> UnitImportPlan:
    """Compare the file with the stored units (nothing is changed); a new annual-meeting date of
    a season already over is a bad cell (ImportRowsError)."""
    _check_annual_meetings(session=session, rows=rows, today=today)
    units = list_units(session=session, kind=None, include_inactive=True)
    plan = UnitImportPlan(rows=rows)
    holders = role_holders(session=session)
    matched: set[int | None] = set()
    for row in rows:
        unit = _match(units, row)
        if unit is None:
            plan.added.append(UnitChange(row.slug, row.name, tuple(sorted(_wanted(row)))))
            continue
        if unit.id in matched:
            raise ImportRowsError(
                [ItemProblem(row.line, "units.row.same_unit", {"unit": unit.name})]
            )
        matched.add(unit.id)
        fields = _differences(unit_record(unit, holders), _wanted(row))
        if fields:
            plan.changed.append(UnitChange(unit.slug, unit.name, fields))
        else:
            plan.unchanged += 1
    leaving = []
    for unit in units:
        if unit.id not in matched and unit.active:
            change = UnitChange(unit.slug, unit.name, ("active",))
            (plan.deactivated if deactivate_missing else plan.missing).append(change)
            leaving.append(unit.id)
    if deactivate_missing and leaving:
        plan.deactivated_open = _open_obligations(session=session, unit_ids=leaving)
    return plan


def _open_obligations(*, session: Session, unit_ids: list[int | None]) -> int:
    """How many open obligations of events not cancelled these units hold."""
    query = (
        select(func.count())
        .select_from(Obligation)
        .join(PlanEvent, col(PlanEvent.id) == col(Obligation.event_id))
        .where(
            col(Obligation.unit_id).in_(unit_ids),
            Obligation.state == ObligationState.OPEN,
            PlanEvent.state != EventState.CANCELLED,
        )
    )
    return int(session.exec(query).one())


def _check_annual_meetings(*, session: Session, rows: list[UnitRow], today: date) -> None:
    units = list_units(session=session, kind=None, include_inactive=True)
    problems: list[ItemProblem] = []
    for row in rows:
        unit = _match(units, row)
        if row.annual_meeting is None or (unit and unit.annual_meeting == row.annual_meeting):
            continue  # unchanged (an export imported again), or nothing asked
        try:
            check_annual_meeting_season(row.annual_meeting, today=today)
        except InvalidInput as exc:
            values = {"column": row.column("annual_meeting"), "error": exc}
            problems.append(CellProblem(row.line, "units.row.cell", values))
    if problems:
        raise ImportRowsError(problems)


def apply_unit_import(
    *, session: Session, plan: UnitImportPlan, actor: str, now: datetime, today: date
) -> None:
    """Store what `plan` says, through the unit services (each change audited); the caller
    commits once, so a failure stores nothing."""
    units = list_units(session=session, kind=None, include_inactive=True)
    for row in plan.rows:
        unit = _match(units, row)
        wanted = _wanted(row)
        was_active = unit is not None and unit.active
        if unit is None:
            unit = create_unit(
                session=session,
                slug=row.slug,
                name=row.name,
                kind=row.kind or UnitKind.MUNICIPAL,
                actor=actor,
                now=now,
            )
        _store(session=session, unit=unit, wanted=wanted, actor=actor, now=now)
        if unit.active and not was_active:
            ensure_unit_obligations(session=session, unit=unit, today=today)
        if row.annual_meeting is not None and row.annual_meeting != unit.annual_meeting:
            record_annual_meeting(
                session=session,
                unit=unit,
                on=row.annual_meeting,
                actor=actor,
                now=now,
                today=today,
            )
    by_slug = {unit.slug: unit for unit in units}
    for change in plan.deactivated:
        update_unit(session=session, unit=by_slug[change.slug], actor=actor, now=now, active=False)


def _store(
    *, session: Session, unit: Unit, wanted: dict[str, Any], actor: str, now: datetime
) -> None:
    fields = {"name": "name", "kind": "kind", "channel": "slack_channel", "active": "active"}
    fields["teams_webhook"] = "teams_webhook_url"
    changes = {attr: wanted[column] for column, attr in fields.items() if column in wanted}
    update_unit(session=session, unit=unit, actor=actor, now=now, **changes)
    roles = {**ROLE_COLUMNS, **{role.value: role for role in MEMBER_ROLES}}
    for key, role in roles.items():
        if key in wanted:
            replace_role_holders(
                session=session, unit=unit, role=role, users=wanted[key], actor=actor, now=now
            )


def changes_text(plan: UnitImportPlan, *, file: str, lang: str, stored: bool) -> str:
    """What the import adds, changes, deactivates and leaves alone, one line each."""
    lines = [
        t(
            "units.import.stored" if stored else "units.import.preview",
            lang,
            file=file,
            added=len(plan.added),
            changed=len(plan.changed),
            deactivated=len(plan.deactivated),
            unchanged=plan.unchanged,
        )
    ]
    for change in plan.added:
        lines.append(t("units.import.add", lang, unit=change.name, slug=change.slug))
    row = plan.rows[0] if plan.rows else None
    for change in plan.changed:
        columns = ", ".join(row.column(name) if row else name for name in change.fields)
        lines.append(t("units.import.change", lang, unit=change.name, columns=columns))
    for change in plan.deactivated:
        lines.append(t("units.import.deactivate", lang, unit=change.name))
    if plan.deactivated_open:
        lines.append(t("units.import.deactivated_open", lang, count=plan.deactivated_open))
    if plan.missing:
        names = ", ".join(change.name for change in plan.missing)
        lines.append(t("units.import.missing", lang, count=len(plan.missing), units=names))
    return "\n".join(lines)


# --- writing --------------------------------------------------------------------------------


def export_units(*, session: Session, with_secrets: bool = False) -> list[dict[str, Any]]:
    """Every unit (inactive ones too) as file rows, in Norwegian name order; the Teams webhook
    (a secret) only when asked for, so an export without it leaves the webhooks alone."""
    rows = []
    holders = role_holders(session=session)
    units = session.exec(select(Unit).order_by(col(Unit.id))).all()
    for unit in sorted(units, key=lambda u: (u.kind != UnitKind.COUNTY, name_order(u.name))):
        record = unit_record(unit, holders)
        row: dict[str, Any] = {
            "name": record["name"],
            "slug": record["slug"],
            "kind": record["kind"],
            "channel": record["channel"] or "",
        }
        for column in ROLE_COLUMNS:
            row[column] = list(record[column])
        row["members"] = [f"{r.value}:{user}" for r in MEMBER_ROLES for user in record[r.value]]
        if with_secrets:
            row["teams_webhook"] = record["teams_webhook"] or ""
        row["annual_meeting"] = record["annual_meeting"]
        row["active"] = record["active"]
        rows.append(row)
    return rows


def units_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as comma-separated UTF-8 CSV with a header; lists joined with ';'."""
    out = io.StringIO()
    columns = [c for c in COLUMNS if not rows or c in rows[0]]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return SEPARATOR.join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def units_yaml(rows: list[dict[str, Any]]) -> str:
    """The rows as YAML: a mapping with `units:` holding the list."""
    clean = [{k: v for k, v in row.items() if v not in (None, "", [])} for row in rows]
    return yaml.safe_dump({"units": clean}, allow_unicode=True, sort_keys=False)
