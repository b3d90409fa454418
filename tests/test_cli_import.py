"""`planbot import` and `planbot export-ics` end to end, in click's runner against a real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.db import make_engine
from bot.models import PlanEvent
from planbot.cli import main
from tests.conftest import SHARED, SeededCopy

PLAN_004 = SHARED / "plans" / "004_bb106ba8ca73f6ac.txt"

PLAN_TEXT = """Arbeidsplan for Troms Arbeiderparti 2027

JANUAR
26.-27. januar  Grunnskolering i Tromsø
Kommunepartiene sender sine forslag til fylkespartiet innen 1. mars.

Høstkampanjen gjennomføres i uke 37.
"""


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def cli(tmp_path: Path, db_file: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{db_file}",
        "PLANBOT_NOW": "2026-11-23T09:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }
    seeded_copy(db_file, datetime.fromisoformat(env["PLANBOT_NOW"]))
    runner = CliRunner()

    def invoke(*args: str, **extra_env: str):
        return runner.invoke(main, list(args), env={**env, **extra_env}, catch_exceptions=False)

    return invoke


def count_events(db_file: Path, source: str | None = None) -> int:
    if not db_file.exists():
        return 0
    engine = make_engine(f"sqlite:///{db_file}")
    query = select(func.count(col(PlanEvent.id)))
    if source is not None:
        query = query.where(PlanEvent.source_document == source)
    try:
        with Session(engine) as session:
            return session.exec(query).one()
    finally:
        engine.dispose()


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_dry_run_json_lists_what_was_found_and_stores_nothing(cli, tmp_path, db_file) -> None:
    before = count_events(db_file)
    plan = write(tmp_path, "plan.txt", PLAN_TEXT)
    result = cli("import", str(plan), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    for field in ("title", "kind", "start", "end", "precision", "recurrence", "locations", "quote"):
        assert field in found[0]
    spans = {(f["start"], f["end"]) for f in found}
    assert ("2027-01-26", "2027-01-27") in spans
    assert ("2027-09-13", "2027-09-19") in spans
    assert {f["match"] for f in found} <= {"new", "already", "change", "repeated"}
    assert count_events(db_file) == before
    assert count_events(db_file, source="plan.txt") == 0


def test_dry_run_for_people_is_a_table_in_norwegian(cli, tmp_path) -> None:
    plan = write(tmp_path, "plan.txt", PLAN_TEXT)
    out = cli("import", str(plan), "--dry-run").output
    assert "Fant" in out and "hendelser i plan.txt" in out
    assert "Når" in out and "Tittel" in out and "Fra dokumentet" in out
    assert "uke 37 2027" in out
    assert "Ingenting er lagret (--dry-run)" in out


def test_import_stores_tentative_events_once(cli, tmp_path, db_file) -> None:
    plan = write(tmp_path, "plan.txt", PLAN_TEXT)
    first = cli("import", str(plan))
    assert first.exit_code == 0, first.output
    assert "la til" in first.output and "som foreløpige" in first.output
    stored = count_events(db_file)
    second = cli("import", str(plan))
    assert "la til 0 hendelser" in second.output and "finnes allerede" in second.output
    assert count_events(db_file) == stored
    shown = json.loads(cli("event", "show", "Grunnskolering", "--json").output)
    assert shown["state"] == "tentative" and shown["source_document"] == "plan.txt"
    assert "26.-27. januar" in shown["source_quote"]


def test_import_summary_as_json(cli, tmp_path) -> None:
    csv = write(tmp_path, "plan.csv", "title,kind,start\nÅrsmøte,annual_meeting,2027-03-17\n")
    data = json.loads(cli("import", str(csv), "--json").output)
    assert [a["title"] for a in data["added"]] == ["Årsmøte"] and data["skipped"] == []


def test_bad_csv_row_stores_nothing_and_names_the_line(cli, tmp_path, db_file) -> None:
    cli("db", "upgrade")
    before = count_events(db_file)
    csv = write(
        tmp_path,
        "plan.csv",
        "title,kind,start\nGrunnskolering,training,2027-01-26\nÅrsmøte,annual_meeting,17. mars\n",
    )
    result = cli("import", str(csv))
    assert result.exit_code == 1
    assert "ingenting er lagret" in result.output and "linje 3" in result.output
    assert "«17. mars» i «start» er ikke en dato" in result.output
    assert count_events(db_file) == before
    english = cli("import", str(csv), PLANBOT_LANGUAGE="en")
    assert "nothing was stored" in english.output and "line 3" in english.output


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("tom.txt", b"", "er tom"),
        ("bilde.txt", b"\x00\x01\x02\x03" * 50, "ser ikke ut som tekst"),
        ("regneark.xlsx", b"PK\x03\x04data", "kan ikke lese"),
        ("referat.txt", b"Referat.\nVi snakket om mye.\n", "Fant ingen datoer"),
    ],
)
def test_bad_file_gets_a_clear_message_and_stores_nothing(
    cli, tmp_path, db_file, name, content, expected
) -> None:
    before = count_events(db_file)
    path = write(tmp_path, name, content)
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert expected in result.output
    assert count_events(db_file) == before


def test_missing_file(cli, tmp_path) -> None:
    result = cli("import", str(tmp_path / "finnes-ikke.docx"))
    assert result.exit_code == 1 and "Fant ikke filen" in result.output


def test_export_ics_opens_in_a_calendar(cli) -> None:
    result = cli("export-ics")
    assert result.exit_code == 0
    calendar = Calendar.from_ical(result.stdout_bytes)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    frist = events["Forslagsfrist til landsmøtet 2027"]
    assert (frist.decoded("DTSTART"), frist.decoded("DTEND")) == (
        date(2026, 12, 1),
        date(2026, 12, 2),
    )
    assert frist.decoded("DTSTAMP") == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    teams = next(e for title, e in events.items() if title.startswith("Teamsmøte"))
    assert teams["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert teams["RRULE"]["FREQ"] == ["MONTHLY"]
    assert calendar.walk("VTIMEZONE")


def test_export_ics_to_a_file(cli, tmp_path) -> None:
    out = tmp_path / "plan.ics"
    result = cli("export-ics", "--out", str(out))
    assert result.exit_code == 0 and "Skrev" in result.output
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")


@pytest.mark.skipif(
    not PLAN_004.exists(), reason="../shared/plans is not checked out beside the repo"
)
def test_done_when_plan_004_dry_run_finds_the_dated_events_with_the_right_year(cli) -> None:
    result = cli("import", str(PLAN_004), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    spans = {(f["start"], f["end"]) for f in found}
    for span in [
        ("2018-01-26", "2018-01-27"),  # Grunnskolering
        ("2018-02-16", "2018-02-17"),  # Grunnskolering
        ("2018-03-17", "2018-03-18"),  # Årsmøte fylkespartiet
        ("2018-09-10", "2018-09-16"),  # uke 37
        ("2018-12-01", "2018-12-01"),  # nominasjonsfrist og forslagsfrist
    ]:
        assert span in spans, span
    week = next(f for f in found if f["start"] == "2018-09-10")
    assert week["precision"] == "week"
    deadlines = [f for f in found if f["start"] == "2018-12-01"]
    assert deadlines and all(f["kind"] == "deadline" for f in deadlines)


PLAN_IN_FORCE = SHARED / "plans" / "002_3c03a18c65f2a42e.txt"


def test_importing_the_plan_in_force_merges_into_the_builtin_plan(cli, db_file) -> None:
    """Issue 10's done-when: no per-unit deadline, nothing on 22 July 2026, and the
    forslagsfrist reported as already in the plan; the second import changes nothing."""
    from bot.models import Obligation

    def snapshot() -> tuple[int, int]:
        engine = make_engine(f"sqlite:///{db_file}")
        try:
            with Session(engine) as session:
                events = session.exec(select(func.count(col(PlanEvent.id)))).one()
                obligations = session.exec(select(func.count()).select_from(Obligation)).one()
                return events, obligations
        finally:
            engine.dispose()

    preview = cli("import", str(PLAN_IN_FORCE), "--dry-run", "--json")
    assert preview.exit_code == 0, preview.output
    items = json.loads(preview.output)
    [frist] = [i for i in items if i["start"] == "2026-12-01"]
    assert frist["match"] == "already" and frist["suggest_per_unit"] is False
    assert not [i for i in items if i["start"] == "2026-07-22"]
    before = snapshot()
    result = cli("import", str(PLAN_IN_FORCE))
    assert result.exit_code == 0, result.output
    assert "finnes allerede i planen som #1 «Forslagsfrist til landsmøtet 2027»" in result.output
    events, obligations = snapshot()
    assert obligations == before[1]  # no per-unit deadline, no new obligations
    engine = make_engine(f"sqlite:///{db_file}")
    try:
        with Session(engine) as session:
            imported = session.exec(
                select(PlanEvent).where(PlanEvent.source_document == PLAN_IN_FORCE.name)
            ).all()
    finally:
        engine.dispose()
    assert len(imported) == events - before[0]
    assert not [e for e in imported if e.per_unit]
    assert not [e for e in imported if e.start_date == date(2026, 7, 22)]
    assert not [e for e in imported if e.start_date == date(2026, 12, 1)]
    assert not [e for e in imported if e.title in ("Gjennomføring", "Ansvar")]
    again = cli("import", str(PLAN_IN_FORCE), "--json")
    assert again.exit_code == 0, again.output
    summary = json.loads(again.output)
    assert summary["added"] == [] and summary["updated"] == []
    assert snapshot() == (events, obligations)


def test_dates_counted_from_other_events_read_as_words_in_the_plan(cli) -> None:
    """Plan 002 ties trainings to the election and the convention without saying how long
    after: the plan says 'i forbindelse med valget', never 'innen null dager etter election'."""
    assert cli("import", str(PLAN_IN_FORCE)).exit_code == 0
    out = cli("agenda", "--days", "14").output
    assert "Folkevalgtskolering — i forbindelse med valget" in out
    assert "i forbindelse med starten av kommunestyreperioden" in out
    assert "innen tre måneder etter årsmøtet" in out
    for raw in ("null dager", "election", "council_term", "national_convention", "nomination"):
        assert raw not in out
    english = cli("agenda", "--days", "14", PLANBOT_LANGUAGE="en").output
    assert "Folkevalgtskolering — around the election" in english and "zero days" not in english


def test_bad_choices_exit_non_zero_with_one_line_and_store_nothing(cli, tmp_path, db_file) -> None:
    plan = write(tmp_path, "plan.txt", PLAN_TEXT)
    for args, words in [
        (("--per-unit", "x"), "er ikke et nummer"),
        (("--per-unit", "²"), "er ikke et nummer"),  # a digit to str.isdigit, not to int()
        (("--per-unit", "99"), "Nummer 99 er ikke en ny hendelse"),
        (("--update", "1"), "Nummer 1 er ingen endring"),
    ]:
        result = cli("import", str(plan), *args)
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert count_events(db_file, source="plan.txt") == 0


def test_a_plan_without_a_year_is_placed_by_its_weekdays_as_of_the_clock(cli, tmp_path) -> None:
    text = (
        "August\n\nMandag 16. august: Nytt barnehageår\n\nOktober\n\nFredag 15. oktober: "
        "Planleggingsdag\n\nJanuar\n\nTirsdag 4. januar: Planleggingsdag\n"
    )
    plan = write(tmp_path, "barnehageruta.txt", text)
    result = cli("import", str(plan), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    # the weekdays fit 2021/22 and 2027/28: the one nearest the clock (23 November 2026)
    assert [f["start"] for f in json.loads(result.output)] == [
        "2027-08-16",
        "2027-10-15",
        "2028-01-04",
    ]


YEARLESS = (
    "August\n\nMåndag 15. august: Nytt barnehageår\n\nNovember\n\nFredag 4. november: "
    "Planleggingsdag\n\nJanuar\n\nMåndag 2. januar: Planleggingsdag\n\nMai\n\n"
    "Onsdag 17. mai: Nasjonaldagen\n"
)


def test_a_year_taken_from_the_weekdays_is_said_with_the_other_years_they_fit(
    cli, tmp_path
) -> None:
    """A plan naming no year gets the year its weekdays fit nearest today; the preview says so, and
    which other years fit as well, so the person checks it before saving (it was silent)."""
    plan = write(tmp_path, "barnehage.txt", YEARLESS)
    result = cli("import", str(plan), "--dry-run")
    assert result.exit_code == 0, result.output
    assert (
        "Planen nevner ikke noe år. Ukedagene passer med 2022, men også med 2016 og 2005; "
        "datoene er satt til 2022, året nærmest i dag. Er det feil, bruk --year ÅÅÅÅ"
    ) in result.output
    english = cli("import", str(plan), "--dry-run", PLANBOT_LANGUAGE="en")
    assert "Its weekdays fit 2022, but also 2016 and 2005" in english.output
    items = json.loads(cli("import", str(plan), "--dry-run", "--json").output)
    assert {item["year_source"] for item in items} == {"weekdays"}
    typed = cli("import", str(plan), "--dry-run", "--year", "2016")
    assert "nevner ikke noe år" not in typed.output and "15. august 2016" in typed.output


def test_a_plan_with_its_year_says_nothing_about_weekdays(cli, tmp_path) -> None:
    plan = write(tmp_path, "plan.txt", "Årsplan 2027\n\nMandag 15. mars: Styremøte\n")
    result = cli("import", str(plan), "--dry-run")
    assert "nevner ikke noe år" not in result.output
    items = json.loads(cli("import", str(plan), "--dry-run", "--json").output)
    assert items and all(item["year_source"] not in (None, "weekdays") for item in items)


def test_the_preview_names_a_new_event_on_a_public_holiday(cli, tmp_path) -> None:
    """As `planbot event add` does: a county's own plan with a meeting on 17 May."""
    plan = write(
        tmp_path, "plan.txt", "Årsplan 2027\n\n17. mai 2027: Fylkesårsmøte\n\n18. mai 2027: Møte\n"
    )
    said = cli("import", str(plan), "--dry-run").output
    assert (
        "NB: nr. 1 (mandag 17. mai 2027, andre pinsedag og grunnlovsdag) er på en helligdag. "
        "Sjekk at datoen stemmer."
    ) in said
    english = cli("import", str(plan), "--dry-run", PLANBOT_LANGUAGE="en").output
    assert "Note: no. 1 (Monday 17 May 2027," in english and "is on a public holiday" in english


def test_the_preview_says_which_new_events_are_already_over(cli, tmp_path) -> None:
    """Importing on 23 November 2026: a meeting in March 2026 is stored, but nobody is reminded of
    it; the preview says so with its number (it was listed like any other)."""
    plan = write(
        tmp_path,
        "plan.txt",
        "Årsplan 2026\n\n12. mars 2026: Styremøte\n\n10. desember 2026: Julemøte\n\n"
        "1.–3. april 2026: Samling\n",
    )
    result = cli("import", str(plan), "--dry-run")
    assert (
        "2 av de nye er allerede passert (nr. 1 og 3). De lagres, men ingen får påminnelser om dem."
    ) in result.output
    english = cli("import", str(plan), "--dry-run", PLANBOT_LANGUAGE="en")
    assert "2 of the new events are already over (nos. 1 and 3)." in english.output
    future = write(tmp_path, "future.txt", "Årsplan 2027\n\n12. mars 2027: Styremøte\n")
    assert "passert" not in cli("import", str(future), "--dry-run").output


def test_a_units_file_given_to_the_plan_import_is_pointed_to_unit_import(cli, tmp_path) -> None:
    sheet = write(tmp_path, "enheter.csv", "navn;kanal;leder\nBodø;C0BODO;U0BODO\n")
    result = cli("import", str(sheet), "--dry-run")
    assert result.exit_code == 1
    assert f"Les den inn med «planbot unit import {sheet}»." in result.output
    plan = write(tmp_path, "plan.csv", "hva;dato\nMøte;1.1.2027\n")  # neither plan nor units
    assert "planbot unit import" not in cli("import", str(plan), "--dry-run").output
