"""`planbot deliver`, `planbot deliverables`, `planbot event edit --deliverable` and the import
column, end to end in a click runner against a real SQLite file."""

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from planbot.cli import main


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2026-12-03T10:00+01:00",
        "PLANBOT_LANGUAGE": "nb",
    }

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def test_staff_hand_in_for_a_unit_after_the_deadline_and_it_is_audited(cli, tmp_path) -> None:
    proposal = tmp_path / "Forslag Senja.docx"
    proposal.write_bytes(b"PK\x03\x04 docx bytes")
    result = cli(
        "deliver", "forslagsfrist", "senja", "--file", str(proposal), "--text", "Se vedlegg."
    )
    assert result.exit_code == 0, result.output
    assert "Levert for Senja" in result.output
    status = json.loads(cli("status", "forslagsfrist", "--json").output)
    senja = next(u for u in status["units"] if u["unit"] == "senja")
    assert senja["state"] == "done" and senja["changed_by"] == "cli"
    assert senja["deliverable"]["files"][0]["name"] == "Forslag Senja.docx"
    history = cli("event", "show", "forslagsfrist").output
    assert history  # the event still shows
    out = tmp_path / "ut"
    assert cli("deliverables", "forslagsfrist", "--out", str(out)).exit_code == 0
    assert (out / "senja" / "Forslag Senja.docx").read_bytes() == proposal.read_bytes()
    assert (out / "senja" / "tekst.txt").read_text() == "Se vedlegg."
    # The text answers as one Word document, a section (heading) per unit, for the county board.
    paragraphs = [(p.style.name, p.text) for p in Document(str(out / "tekster.docx")).paragraphs]
    assert ("Heading 1", "Senja") in paragraphs and ("Normal", "Se vedlegg.") in paragraphs
    listing = cli("deliverables", "forslagsfrist").output
    assert "Senja: Forslag Senja.docx" in listing and "Tromsø: ikke levert" in listing
    shown = cli("event", "show", "forslagsfrist").output
    assert "fylkespartikontoret: lastet ned det som er levert" in shown
    assert "download_deliverables" not in shown


def test_a_refused_hand_in_stores_nothing_and_says_what_to_do(cli, tmp_path) -> None:
    bad = tmp_path / "forslag.exe"
    bad.write_bytes(b"MZ")
    result = cli("deliver", "forslagsfrist", "senja", "--file", str(bad))
    assert result.exit_code != 0 and "filtypen er ikke tillatt" in result.output
    assert cli("deliver", "forslagsfrist", "senja").exit_code != 0
    both = cli("deliver", "forslagsfrist", "senja", "--none", "--text", "x")
    assert both.exit_code != 0 and "ikke begge deler" in both.output
    status = json.loads(cli("status", "forslagsfrist", "--json").output)
    assert next(u for u in status["units"] if u["unit"] == "senja")["state"] == "open"


def test_event_edit_sets_the_deliverable(cli) -> None:
    cli("db", "upgrade")
    assert cli("event", "edit", "forslagsfrist", "--deliverable", "filer").exit_code == 0
    assert json.loads(cli("status", "forslagsfrist", "--json").output)["deliverable"] == "files"
    bad = cli("event", "edit", "forslagsfrist", "--deliverable", "bilder")
    assert bad.exit_code != 0 and "text_or_files" in bad.output
    text = cli("deliver", "forslagsfrist", "senja", "--text", "bare tekst")
    assert text.exit_code != 0 and "ber om filer" in text.output


def test_zip_holds_the_files_byte_for_byte(cli, tmp_path) -> None:
    data = bytes(range(256)) * 10
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(data)
    cli("deliver", "forslagsfrist", "tromso", "--file", str(pdf))
    cli("deliver", "forslagsfrist", "harstad", "--none")
    target = tmp_path / "alt.zip"
    assert cli("deliverables", "forslagsfrist", "--zip", str(target)).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert archive.read(next(n for n in names if n.endswith("tromso/a.pdf"))) == data
        index = archive.read(next(n for n in names if n.endswith("index.csv"))).decode("utf-8-sig")
    assert "harstad,Harstad,done,cli" in index and "ingen forslag" in index


def test_recurring_deadlines_come_into_the_plan_with_their_source_and_can_be_switched_off(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = json.loads(cli("recurring", "list", "--json").output)
    assert next(r for r in rows if r["key"] == "partiloven-okonomirapport")["instances"] == []
    cli = _cli_at(tmp_path, "2027-03-01T10:00+01:00")
    rows = json.loads(cli("recurring", "list", "--json").output)
    report = next(r for r in rows if r["key"] == "partiloven-okonomirapport")
    assert report["on"] and report["instances"] == ["partiloven-okonomirapport-2027"]
    assert "§ 18" in report["source"]
    status = json.loads(cli("status", "partiloven-okonomirapport-2027", "--json").output)
    assert status["due"] == "2027-06-01" and status["total"] == 22
    shown = cli("event", "show", "partiloven-okonomirapport-2027").output
    assert "partiportalen.no" in shown

    off = cli("recurring", "off", "partiloven-okonomirapport")
    assert off.exit_code == 0 and "1 kommende" in off.output
    cli("db", "upgrade")
    rows = json.loads(cli("recurring", "list", "--json").output)
    assert not next(r for r in rows if r["key"] == "partiloven-okonomirapport")["on"]
    overview = json.loads(cli("status", "--json").output)
    assert not any(d["title"].startswith("Økonomirapport") for d in overview)
    assert cli("recurring", "on", "partiloven-okonomirapport").exit_code == 0
    overview = json.loads(cli("status", "--json").output)
    assert any(d["title"].startswith("Økonomirapport") for d in overview)
    unknown = cli("recurring", "off", "skatt")
    assert unknown.exit_code != 0 and "arsmotedokumenter" in unknown.output


def _cli_at(tmp_path: Path, now: str):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PLANBOT_NOW": now}

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def test_annual_meeting_documents_count_the_weeks_setting_from_each_meeting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "PLANBOT_NOW": "2027-01-04T10:00+01:00",
        "PLANBOT_ANNUAL_MEETING_DOCS_WEEKS": "5",
    }

    def run(*args: str, **extra: str):
        return CliRunner().invoke(main, list(args), env={**env, **extra}, catch_exceptions=False)

    assert run("unit", "set", "tromso", "--annual-meeting", "2027-02-10").exit_code == 0
    status = json.loads(run("status", "arsmotedokumenter-2027", "--json").output)
    assert status["deliverable"] == "files"
    tromso = next(u for u in status["units"] if u["unit"] == "tromso")
    assert tromso["due"] == "2027-03-17"
    # A changed setting re-dates the units' documents when the bot next looks (a dispatcher tick,
    # or `planbot db upgrade`).
    assert run("db", "upgrade", PLANBOT_ANNUAL_MEETING_DOCS_WEEKS="2").exit_code == 0
    status = json.loads(
        run(
            "status", "arsmotedokumenter-2027", "--json", PLANBOT_ANNUAL_MEETING_DOCS_WEEKS="2"
        ).output
    )
    assert next(u for u in status["units"] if u["unit"] == "tromso")["due"] == "2027-02-24"


def test_csv_import_reads_the_deliverable_columns(cli, tmp_path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "title;kind;start;per_unit;deliverable;deliverable_none_ok\n"
        "Handlingsplan for kommunepartiet;frist;2027-03-01;ja;filer;nei\n"
        "Innspill til budsjettet;frist;2027-03-15;ja;tekst_eller_filer;ja\n",
        encoding="utf-8",
    )
    result = cli("import", str(plan))
    assert result.exit_code == 0, result.output
    first = json.loads(cli("status", "Handlingsplan", "--json").output)
    second = json.loads(cli("status", "Innspill til budsjettet", "--json").output)
    assert (first["deliverable"], second["deliverable"]) == ("files", "text_or_files")
    bad = tmp_path / "bad.csv"
    bad.write_text("title;deliverable\nNoe;bilder\n", encoding="utf-8")
    refused = cli("import", str(bad))
    assert refused.exit_code != 0 and "«bilder» er ikke en leveranse" in refused.output


def test_a_second_hand_in_says_what_it_replaced(cli) -> None:
    """The proposals Tromsø e-mailed, then «--none» typed for the wrong unit: the answer says the
    text was replaced (and how to add instead), so staff notice before the collection does."""
    first = cli("deliver", "forslagsfrist", "tromso", "--text", "Forslag om ferjefri kyst")
    assert first.output.splitlines()[1:] == ["Står som levert: tekst (24 tegn)."]
    second = cli("deliver", "forslagsfrist", "tromso", "--none")
    assert second.output.splitlines()[1:] == [
        "Står som levert: ingen forslag.",
        "Dette erstatter det som var levert før: tekst (24 tegn). Bruk --add for å legge til "
        "i stedet.",
    ]
    added = cli("deliver", "forslagsfrist", "tromso", "--add", "--text", "Ett forslag til")
    assert "erstatter" not in added.output


def test_marking_a_hand_in_done_without_one_says_how_to_add_what_was_emailed(cli) -> None:
    """`planbot mark forslagsfrist balsfjord done` left the collection saying «ikke levert»
    without a word; a plain deadline says nothing more."""
    result = cli("mark", "forslagsfrist", "balsfjord", "done")
    assert result.exit_code == 0, result.output
    assert "har ikke levert noe i Planbot" in result.output
    assert "«planbot deliver forslagsfrist balsfjord --file FIL»" in result.output
    plain = cli("mark", "styrearbeid", "balsfjord", "done")
    assert "levert" not in plain.output
    cli("deliver", "forslagsfrist", "senja", "--none")
    assert "har ikke levert" not in cli("mark", "forslagsfrist", "senja", "done").output
