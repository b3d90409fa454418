"""`planbot unit import/export`: units and their people from one file (issue 11)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import Session, create_engine, select

from bot.models import AuditEntry, Nudge, Obligation, PlanEvent, Unit
from bot.services.unit_files import COLUMNS, column_name
from planbot.cli import main
from planbot.testing.slack_standin import SlackStandIn
from tests.conftest import SeededCopy

NOW = "2026-11-23T09:00+01:00"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_copy: SeededCopy):
    monkeypatch.chdir(tmp_path)
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PLANBOT_NOW": NOW}
    seeded_copy(tmp_path / "cli.db", datetime.fromisoformat(NOW))
    runner = CliRunner()

    def invoke(*args: str, **extra_env: str):
        return runner.invoke(main, list(args), env={"PLANBOT_LANGUAGE": "nb", **env, **extra_env})

    return invoke


@pytest.fixture
def db(tmp_path: Path, cli) -> Session:
    cli("db", "upgrade")
    return Session(create_engine(f"sqlite:///{tmp_path / 'cli.db'}"))


def audit_count(db: Session) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(AuditEntry)).one()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def national_csv(path: Path, count: int = 356) -> Path:
    """A generated file of `count` municipal parties, each with a leader and a channel."""
    lines = ["name;kind;channel;leaders;mayors;annual_meeting;active"]
    for number in range(count):
        lines.append(
            f"Kommuneparti {number:03d};municipal;C{number:06d}X;U{number:06d}L;"
            f"U{number:06d}M;2027-02-{number % 28 + 1:02d};ja"
        )
    return write(path, "\n".join(lines) + "\n")


@pytest.mark.slow
def test_356_units_import_in_one_command_and_again_with_no_change(cli, db, tmp_path) -> None:
    file = national_csv(tmp_path / "alle.csv")
    base = audit_count(db)
    dry = json.loads(cli("unit", "import", str(file), "--dry-run", "--json").output)
    assert len(dry["added"]) == 356 and dry["stored"] is False
    assert db.exec(select(func.count()).select_from(Unit)).one() == 23  # dry run stored nothing
    assert audit_count(db) == base

    first = json.loads(cli("unit", "import", str(file), "--json").output)
    assert (len(first["added"]), len(first["changed"]), first["stored"]) == (356, 0, True)
    assert len(first["missing"]) == 23 and first["deactivated"] == []  # reported, not deactivated
    audits = audit_count(db)
    second = cli("unit", "import", str(file), "--json")
    assert second.exit_code == 0
    again = json.loads(second.output)
    assert (again["added"], again["changed"], again["unchanged"], again["stored"]) == (
        [],
        [],
        356,
        False,
    )
    assert audit_count(db) == audits

    units = cli("unit", "list", "--json")
    row = next(u for u in json.loads(units.output) if u["slug"] == "kommuneparti-007")
    assert row["leaders"] == ["U000007L"] and row["slack_channel"] == "C000007X"
    # Each new municipal party owes the per-unit deadlines ahead, its own dated from its meeting.
    unit = db.exec(select(Unit).where(Unit.slug == "kommuneparti-007")).one()
    assert unit.annual_meeting is not None and unit.annual_meeting.isoformat() == "2027-02-08"
    owed = db.exec(
        select(PlanEvent.title, Obligation.due_date)
        .join(Obligation, Obligation.event_id == PlanEvent.id)  # type: ignore[arg-type]
        .where(Obligation.unit_id == unit.id)
    ).all()
    titles = {title: due for title, due in owed}
    assert "Forslagsfrist til landsmøtet 2027" in titles
    styrearbeid = next(due for title, due in titles.items() if "praktisk styrearbeid" in title)
    assert styrearbeid is not None and styrearbeid.isoformat() == "2027-05-08"


def test_export_then_import_changes_nothing_in_csv_and_yaml(cli, db, tmp_path) -> None:
    setup = write(
        tmp_path / "oppsett.csv",
        "name,channel,leaders,group_leaders,members,annual_meeting\n"
        "Tromsø,C0TROMSO,U0LEDER1;U0LEDER2,U0GRUPPE,campaign_leader:U0VALG,2027-02-10\n"
        "Ny enhet,,U0NY,,,\n",
    )
    assert cli("unit", "import", str(setup)).exit_code == 0
    audits = audit_count(db)
    for name in ("eksport.csv", "eksport.yaml"):
        out = tmp_path / name
        assert cli("unit", "export", "--out", str(out)).exit_code == 0
        result = json.loads(cli("unit", "import", str(out), "--json").output)
        assert (result["added"], result["changed"], result["stored"]) == ([], [], False), name
        assert result["unchanged"] == 24 and result["missing"] == []
    assert audit_count(db) == audits
    csv_text = (tmp_path / "eksport.csv").read_text(encoding="utf-8")
    assert "Tromsø,tromso,municipal,C0TROMSO,U0LEDER1;U0LEDER2,,U0GRUPPE," in csv_text
    assert "campaign_leader:U0VALG,2027-02-10,yes" in csv_text


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")],
)
def test_windows_excel_and_tab_files_are_read(cli, db, tmp_path, encoding, separator) -> None:
    header = separator.join(["name", "leaders", "mayors"])
    text = f"{header}\r\n" + separator.join(["Målselv", "U0MALSELV", "U0ORDFORER"]) + "\r\n"
    file = write(tmp_path / "enheter.csv", text, encoding)
    result = cli("unit", "import", str(file))
    assert result.exit_code == 0, result.output
    assert "endres: Målselv (leaders, mayors)" in result.output
    unit = db.exec(select(Unit).where(Unit.slug == "malselv")).one()
    assert unit.name == "Målselv"  # matched by name, not added as a new unit


def test_a_bad_file_names_row_and_column_and_stores_nothing(cli, db, tmp_path) -> None:
    file = write(
        tmp_path / "feil.csv",
        "name;channel;leaders;members;annual_meeting;kind\n"
        "Tromsø;C0TROMSO;U0LEDER;;;\n"
        "Senja;#senja;leder@senja.no;kasserer:U0X;31.02.2027;fylke\n",
    )
    base = audit_count(db)
    result = cli("unit", "import", str(file))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("feil.csv: 1 linje kan ikke leses, så ingenting er lagret")
    assert any(
        "linje 3: kolonnen «channel»: «#senja» er ikke en Slack-kanal-ID" in x for x in lines
    )
    assert any("linje 3:" in x and "leder@senja.no" in x and "SLACK_BOT_TOKEN" in x for x in lines)
    assert any("linje 3:" in x and "rolle:bruker" in x for x in lines)
    assert any("linje 3:" in x and "«31.02.2027» i «annual_meeting»" in x for x in lines)
    assert audit_count(db) == base
    english = cli("unit", "import", str(file), PLANBOT_LANGUAGE="en").output
    assert "line 3: column “channel”: “#senja” is not a Slack channel ID" in english


def test_email_addresses_are_looked_up_in_slack_and_unknown_ones_reported(
    cli, db, tmp_path
) -> None:
    file = write(
        tmp_path / "epost.yaml",
        "units:\n"
        "  - name: Harstad\n"
        "    leaders: [kari@harstad.no, U0ANNEN]\n"
        "  - name: Lyngen\n"
        "    leaders: [ukjent@lyngen.no]\n",
    )
    base = audit_count(db)
    with SlackStandIn() as slack:
        slack.add_user("U0KARI", email="Kari@Harstad.no")
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url.rstrip("/")}
        refused = cli("unit", "import", str(file), **env)
        assert refused.exit_code == 1
        assert "ukjent@lyngen.no" in refused.output and "linje 4:" in refused.output
        assert audit_count(db) == base
        file.write_text(file.read_text().replace("ukjent@lyngen.no", "U0LYNGEN"))
        stored = cli("unit", "import", str(file), **env)
        assert stored.exit_code == 0, stored.output
        assert [c.payload["email"] for c in slack.calls("users.lookupByEmail")] == [
            "kari@harstad.no",
            "ukjent@lyngen.no",
            "kari@harstad.no",
        ]
    harstad = next(
        u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "harstad"
    )
    assert harstad["leaders"] == ["U0ANNEN", "U0KARI"]


def test_missing_units_are_deactivated_only_when_asked_and_never_deleted(cli, db, tmp_path) -> None:
    file = write(tmp_path / "en.csv", "slug,name\ntromso,Tromsø\n")
    kept = json.loads(cli("unit", "import", str(file), "--json").output)
    assert len(kept["missing"]) == 22 and kept["deactivated"] == []
    done = json.loads(cli("unit", "import", str(file), "--deactivate-missing", "--json").output)
    assert len(done["deactivated"]) == 22 and done["stored"] is True
    db.expire_all()
    units = db.exec(select(Unit)).all()
    assert len(units) == 23 and [u.slug for u in units if u.active] == ["tromso"]
    back = write(tmp_path / "tilbake.csv", "slug,name,active\nsenja,Senja,ja\n")
    assert "endres: Senja (active)" in cli("unit", "import", str(back)).output


def test_kind_other_and_a_new_county_unit_get_no_obligations(cli, db, tmp_path) -> None:
    file = write(tmp_path / "andre.csv", "name,kind\nAUF i Troms,annet\nSentralt,other\n")
    assert cli("unit", "import", str(file)).exit_code == 0
    unit = db.exec(select(Unit).where(Unit.slug == "auf-i-troms")).one()
    assert unit.kind == "other"
    assert db.exec(select(Obligation).where(Obligation.unit_id == unit.id)).all() == []


def test_staff_answer_who_leads_after_the_annual_meeting_from_the_cli(cli, db) -> None:
    assert cli("unit", "set", "tromso", "--leader", "U0GAMMEL", "--annual-meeting", "2027-02-10")
    early = cli("unit", "handover", "tromso", "--to", "U0NY", PLANBOT_NOW="2027-02-10T12:00+01:00")
    assert early.exit_code == 2 and "ikke noe åpent spørsmål om ny leder" in early.output
    after = "2027-02-11T09:00+01:00"
    assert cli("unit", "handover", "tromso", PLANBOT_NOW=after).exit_code == 2  # --to or --same
    done = cli("unit", "handover", "tromso", "--to", "U0NY", PLANBOT_NOW=after)
    assert done.exit_code == 0 and "Tromsø: U0NY er leder." in done.output
    row = next(u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "tromso")
    assert row["leaders"] == ["U0NY"]
    db.expire_all()
    told = db.exec(select(Nudge).where(Nudge.rule == "notice.handover")).all()
    assert [n.target for n in told] == ["U0GAMMEL"]
    again = cli("unit", "handover", "tromso", "--same", PLANBOT_NOW=after)
    assert again.exit_code == 2  # answered: the question is closed
    # Senja's meeting has not been held (nor dated): its question is not open to an answer yet,
    # though it exists for every unit once Tromsø's meeting has passed.
    early_senja = cli("unit", "handover", "senja", "--same", PLANBOT_NOW=after)
    assert early_senja.exit_code == 2, early_senja.output
    assert "ikke noe åpent spørsmål om ny leder" in early_senja.output
    # Not «… (det kommer dagen etter årsmøtet)», which it already did: it was answered.
    assert again.output.startswith(
        "Spørsmålet om ny leder i Tromsø er allerede besvart, og lederen nå er U0NY. Bytt leder "
        "med «planbot unit set tromso --leader U… --remove-leader U…»."
    ), again.output


def test_an_annual_meeting_of_a_season_over_is_a_bad_cell(cli, db, tmp_path) -> None:
    """A year typed wrong in the sheet would date this season's deadlines in the past."""
    file = tmp_path / "enheter.csv"
    file.write_text("navn;årsmøte\nTromsø;10.02.2025\nSenja;2027-02-10\n", encoding="utf-8")
    result = cli("unit", "import", str(file))
    assert result.exit_code == 1
    assert "linje 2: kolonnen «årsmøte»: 10. februar 2025 er et årsmøte i en sesong" in (
        result.output
    )
    assert db.exec(select(Unit).where(Unit.slug == "senja")).one().annual_meeting is None


def test_the_columns_that_change_are_named_as_the_sheet_spells_them(cli, tmp_path) -> None:
    """A sheet of one's own with Norwegian headers: the preview names «Kanal» and «Ledere», not
    Planbot's English column names; --json keeps those (a public contract)."""
    file = write(
        tmp_path / "enheter.csv",
        'Navn;Kanal;Ledere;Årsmøte\nTromsø;C0TROMSO;"U0KARI;U0OLA";2027-02-10\n',
    )
    result = cli("unit", "import", str(file), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "endres: Tromsø (Kanal, Årsmøte, Ledere)" in result.output
    as_json = json.loads(cli("unit", "import", str(file), "--dry-run", "--json").output)
    assert as_json["changed"][0]["fields"] == ["channel", "annual_meeting", "leaders"]


def test_an_unknown_column_names_the_columns_in_norwegian_too(cli, db, tmp_path) -> None:
    """A sheet headed in Norwegian gets the known columns in Norwegian, each one a header that is
    read, not only the English names of the file format."""
    file = write(tmp_path / "enheter.csv", "Navn;Telefon\nTromsø;77 00 00 00\n")
    said = cli("unit", "import", str(file)).output
    assert "ukjent kolonne «Telefon»; kjente kolonner er navn, kortnavn, " in said
    listed = said.split("kjente kolonner er ")[1].split(" (eller")[0]
    words = listed.replace(" og ", ", ").split(", ")
    assert sorted(column_name(word) for word in words) == sorted(COLUMNS)
    english = cli("unit", "import", str(file), PLANBOT_LANGUAGE="en").output
    assert "unknown column “Telefon”; known columns are name, slug, kind" in english


def test_a_unit_named_twice_is_said_at_once_beside_a_bad_cell_on_its_line(
    cli, db, tmp_path
) -> None:
    """Bodø twice, the second time with a channel name instead of its id: both are said in the
    first answer (the twice was only said once the bad cell was mended)."""
    file = write(
        tmp_path / "enheter.csv",
        "Navn;Kanal\nBodø;C0BODO\nNarvik;C0NARVIK\nBodø;#bodo\n",
    )
    said = cli("unit", "import", str(file)).output
    assert "linje 4: «Bodø» står også på linje 2" in said
    assert "«#bodo» er ikke en Slack-kanal-ID" in said
