"""Plan events from structured files: CSV and YAML with documented columns.

Columns (CSV header, or YAML keys; in any case, only `title` is required; the Norwegian names staff
write in a sheet of their own are read too: tittel, type, dato/fra, til/slutt, tid, sted, ansvarlig,
beskrivelse, lenke, status, per kommuneparti, … — see COLUMN_WORDS):

    title            the event's title (required)
    kind             deadline | meeting | campaign | training | annual_meeting | conference | other
                     (or the Norwegian word: frist, møte, kampanje, skolering, årsmøte, konferanse,
                     annet); default other
    start, end       dates as YYYY-MM-DD (or DD.MM.YYYY); no start = undated ("Avklares");
                     no end = the same day, or the whole week/month/quarter/year of `start` when
                     the precision says so
    precision        day | week | month | season | quarter | year; default day (season needs an end)
    time             local start time HH:MM (Europe/Oslo)
    duration_minutes length of a timed event in minutes
    recurrence       an RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU (repeats from `start`)
    until            last date of the recurrence, YYYY-MM-DD
    locations        places, separated by ";" in CSV (a list in YAML)
    audience         roles, separated by ";" in CSV (a list in YAML): leader, mayor, deputy_mayor,
                     group_leader, membership_officer, campaign_leader, digital_officer, staff
    responsible      who is responsible, free text
    description      free text (deadline nudges show it: what to do)
    url              a link people open from the nudges, e.g. the Teams meeting (http:// or https://)
    state            tentative | confirmed | cancelled; default tentative
    per_unit         yes/no (ja/nei, true/false, 1/0): one task per municipal party; default no
    deliverable      what each unit hands in: none | text | files | text_or_files; default none
    deliverable_none_ok  yes/no: "ingen forslag" is an answer; default no

CSV: UTF-8, UTF-16 with a byte-order mark, or Windows-1252; comma-, semicolon- or tab-separated (taken from the header line);
blank lines and lines starting with "#" are skipped; a quote left open refuses the file.
YAML (without anchors and aliases): a list of events, or a mapping with
`events:` holding the list (and optionally `document:`, used as the source name).
A bad row is reported with its line number and nothing of the file is stored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.dates import (
    Precision,
    period_of,
)
from bot.importer.items import ImportItem, ImportRowsError, ItemProblem
from bot.importer.model import ImportFileError
from bot.importer.reading import read_text_file
from bot.models import Deliverable, EventKind, EventState, PlanEventCreate, Role
from bot.services.deliveries import parse_deliverable
from bot.services.events import BadEventUrl, clean_event_url
from bot.services.units import fold
from bot.services.validation import (
    InvalidInput,
    check_date_order,
    check_rrule,
    parse_clock_time,
    parse_day,
)
from bot.texts import CATALOGS

COLUMNS = (
    "title",
    "kind",
    "start",
    "end",
    "precision",
    "time",
    "duration_minutes",
    "recurrence",
    "until",
    "locations",
    "audience",
    "responsible",
    "description",
    "url",
    "state",
    "per_unit",
    "deliverable",
    "deliverable_none_ok",
)
# Column names as staff write them in a sheet of their own (Norwegian), folded (see `column`).
COLUMN_WORDS = {
    "tittel": "title",
    "hendelse": "title",
    "aktivitet": "title",
    "type": "kind",
    "art": "kind",
    "fra": "start",
    "dato": "start",
    "startdato": "start",
    "fra_dato": "start",
    "til": "end",
    "slutt": "end",
    "sluttdato": "end",
    "til_dato": "end",
    "presisjon": "precision",
    "tid": "time",
    "klokkeslett": "time",
    "kl": "time",
    "varighet": "duration_minutes",
    "varighet_minutter": "duration_minutes",
    "minutter": "duration_minutes",
    "gjentakelse": "recurrence",
    "gjentas": "recurrence",
    "gjentas_til": "until",
    "sted": "locations",
    "steder": "locations",
    "malgruppe": "audience",
    "ansvarlig": "responsible",
    "beskrivelse": "description",
    "lenke": "url",
    "status": "state",
    "per_kommuneparti": "per_unit",
    "hvert_kommuneparti": "per_unit",
    "per_enhet": "per_unit",
    "leveranse": "deliverable",
    "levere": "deliverable",
    "ingen_forslag_ok": "deliverable_none_ok",
}
YES = frozenset({"yes", "ja", "true", "sann", "1", "y", "j", "x"})
NO = frozenset({"no", "nei", "false", "usann", "0", "n", ""})
LIST_SEPARATOR = ";"


# --- reading files ----------------------------------------------------------------------


def read_csv(path: Path, *, document: str | None = None) -> list[ImportItem]:
    """The events of a CSV file; ImportRowsError naming every bad line, or ImportFileError."""
    path = Path(path)
    text = read_text_file(path)
    header_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    items: list[ImportItem] = []
    problems: list[ItemProblem] = []
    last_line = 0
    for cells in _rows(reader, path.name):
        line = last_line + 1
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [column(cell) for cell in cells]
            if "title" not in header:
                raise ImportFileError("csv_header", path.name)
            problems += [
                ItemProblem(
                    line, "import.row.unknown_column", {"column": c, "choices": _list(COLUMNS)}
                )
                for c in header
                if c and c not in COLUMNS
            ]
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                ItemProblem(
                    line, "import.row.columns", {"count": len(cells), "expected": len(header)}
                )
            )
            continue
        row = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        quote = delimiter.join(cells).strip()
        item, row_problems = item_from_row(
            row, line=line, document=document or path.name, quote=quote
        )
        problems += row_problems
        if item is not None:
            items.append(item)
    if header is None:
        raise ImportFileError("empty", path.name)
    if problems:
        raise ImportRowsError(problems)
    if not items:
        raise ImportFileError("no_dates", path.name)
    return items


def column(name: object) -> str:
    """The column a header or YAML key names: 'title', or as staff write it ('Tittel', 'Dato',
    'Ansvarlig', 'Per kommuneparti') → title, start, responsible, per_unit."""
    word = re.sub(r"[\s-]+", "_", fold(str(name).strip().lstrip("\ufeff")))
    return COLUMN_WORDS.get(word, word)


def _rows(reader: Any, name: str) -> Iterator[list[str]]:
    """The reader's rows; ImportFileError('csv_syntax') with the line of a broken quote."""
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError("csv_syntax", str(reader.line_num)) from exc


class NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without anchors and aliases (`*name`), so a small file stays small."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", self.peek_event().start_mark
            )
        return super().compose_node(parent, index)


def _load_yaml(text: str) -> tuple[Any, Any]:
    """The data and the node tree of one YAML document, read without aliases."""
    loader = NoAliasLoader(text)
    try:
        root = loader.get_single_node()
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def read_yaml(path: Path, *, document: str | None = None) -> list[ImportItem]:
    """The events of a YAML file; ImportRowsError naming every bad entry, or ImportFileError."""
    path = Path(path)
    text = read_text_file(path)
    try:
        data, root = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFileError(
            "yaml_syntax",
            f"{(mark.line + 1) if mark else 0}:{getattr(exc, 'problem', None) or exc}",
        ) from exc
    entries, nodes = data, root
    if isinstance(data, dict):
        document = document or (str(data["document"]) if data.get("document") else None)
        entries = data.get("events")
        nodes = _mapping_value(root, "events")
    if not isinstance(entries, list):
        raise ImportFileError("yaml_shape", path.name)
    lines = (
        [n.start_mark.line + 1 for n in nodes.value] if isinstance(nodes, yaml.SequenceNode) else []
    )
    items: list[ImportItem] = []
    problems: list[ItemProblem] = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else index + 1
        if not isinstance(entry, dict):
            problems.append(ItemProblem(line, "import.row.not_mapping"))
            continue
        unknown = [str(k) for k in entry if column(k) not in COLUMNS and k != "quote"]
        problems += [
            ItemProblem(line, "import.row.unknown_column", {"column": c, "choices": _list(COLUMNS)})
            for c in unknown
        ]
        row = {column(k) if k != "quote" else "quote": v for k, v in entry.items()}
        quote = str(row.pop("quote", "") or row.get("title") or "")
        item, row_problems = item_from_row(
            row, line=line, document=document or path.name, quote=quote
        )
        problems += row_problems
        if item is not None:
            items.append(item)
    if problems:
        raise ImportRowsError(problems)
    if not items:
        raise ImportFileError("no_dates", path.name)
    return items


def _mapping_value(node: Any, key: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node
    return None


def _list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


# --- one row ----------------------------------------------------------------------------


def item_from_row(
    row: Mapping[str, Any], *, line: int, document: str, quote: str
) -> tuple[ImportItem | None, list[ItemProblem]]:
    """A validated event from one row's columns, or the row's problems."""
    problems: list[ItemProblem] = []

    def problem(key: str, **values: Any) -> None:
        problems.append(ItemProblem(line, key, values))

    title = _text(row.get("title"))
    if not title:
        problem("import.row.missing_title")
    kind = parse_kind(row.get("kind"))
    if kind is None:
        problem(
            "import.row.bad_kind",
            value=_text(row.get("kind")),
            choices=_list([k.value for k in EventKind]),
        )
    precision_text = _text(row.get("precision")).lower() or Precision.DAY.value
    precision = precision_text if precision_text in Precision._value2member_map_ else None
    if precision is None:
        problem(
            "import.row.bad_precision",
            value=precision_text,
            choices=_list([p.value for p in Precision]),
        )
    start = _date(row.get("start"), "start", problem)
    end = _date(row.get("end"), "end", problem)
    until = _date(row.get("until"), "until", problem)
    at = _time(row.get("time"), problem)
    duration = _number(row.get("duration_minutes"), "duration_minutes", problem)
    recurrence = _text(row.get("recurrence")) or None
    if recurrence:
        try:
            recurrence = check_rrule(recurrence)
        except InvalidInput as exc:
            problem(exc.key, **exc.values)
    state = _state(row.get("state"))
    if state is None:
        problem(
            "import.row.bad_state",
            value=_text(row.get("state")),
            choices=_list([s.value for s in EventState]),
        )
    per_unit = _bool(row.get("per_unit"), "per_unit", problem)
    deliverable = parse_deliverable(row.get("deliverable"))
    if deliverable is None:
        problem(
            "import.row.bad_deliverable",
            value=_text(row.get("deliverable")),
            choices=_list([d.value for d in Deliverable]),
        )
    none_ok = _bool(row.get("deliverable_none_ok"), "deliverable_none_ok", problem)
    try:
        url = clean_event_url(_text(row.get("url")))
    except BadEventUrl as exc:
        url = None
        problem("import.row.bad_url", value=exc.value)
    audience = _items(row.get("audience"))
    roles = {r.value for r in Role}
    for role in audience:
        if role not in roles:
            problem("import.row.bad_role", value=role, choices=_list(sorted(roles)))
    try:
        check_date_order(start, end)
    except InvalidInput as exc:
        problem(exc.key, **exc.values)
    if start and not end and precision:
        if precision == Precision.SEASON:
            problem("import.row.needs_end", precision=precision)
        else:
            start, end = period_of(start, Precision(precision))
    if problems:
        return None, problems
    try:
        event = PlanEventCreate(
            title=title[:300],
            kind=kind or EventKind.OTHER,
            start_date=start,
            end_date=end,
            precision=precision or Precision.DAY,
            start_time=at,
            duration_minutes=duration,
            recurrence=recurrence,
            recurrence_until=until,
            locations=_items(row.get("locations")),
            audience=audience,
            responsible=_text(row.get("responsible")),
            description=_text(row.get("description")),
            url=url,
            state=state or EventState.TENTATIVE,
            per_unit=bool(per_unit),
            deliverable=deliverable or Deliverable.NONE,
            deliverable_none_ok=bool(none_ok),
            source_document=document,
            source_quote=quote or title,
        )
    except ValidationError as exc:
        return None, [ItemProblem.from_error(line, exc)]
    return ImportItem(event=event, line=line, precision=display_precision(event)), []


def display_precision(event: PlanEventCreate) -> str:
    """The precision as the importer speaks it: relative, recurring and undated included."""
    if event.relative_anchor:
        return "relative"
    if event.start_date is None:
        return "recurring" if event.recurrence else "undated"
    return str(event.precision)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _items(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(LIST_SEPARATOR) if part.strip()]


def parse_kind(value: Any) -> EventKind | None:
    """An event kind from its English value or its label in either language; None if unknown."""
    text = fold(_text(value))
    if not text:
        return EventKind.OTHER
    for kind in EventKind:
        labels = {fold(kind.value), fold(kind.value.replace("_", " "))}
        labels |= {fold(catalog[f"kind.{kind.value}"]) for catalog in CATALOGS.values()}
        if text in labels:
            return kind
    return None


def _state(value: Any) -> EventState | None:
    text = _text(value).lower()
    if not text:
        return EventState.TENTATIVE
    return EventState(text) if text in EventState._value2member_map_ else None


def _date(value: Any, column: str, problem: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = _text(value)
    if not text:
        return None
    try:
        return parse_day(text)
    except InvalidInput:
        problem("import.row.bad_date", column=column, value=text)
        return None


def _time(value: Any, problem: Any) -> time | None:
    if value is None or isinstance(value, time):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 19:00 as the sexagesimal number 1140.
        return time(value // 60, value % 60)
    text = _text(value)
    if not text:
        return None
    try:
        return parse_clock_time(text)
    except InvalidInput as exc:
        problem(exc.key, **exc.values)
        return None


def _number(value: Any, column: str, problem: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    text = _text(value)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    problem("import.row.bad_number", column=column, value=text)
    return None


def _bool(value: Any, column: str, problem: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    problem("import.row.bad_bool", column=column, value=text)
    return None
