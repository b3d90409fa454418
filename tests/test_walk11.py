"""A second county set up from nothing (walk11): Nordland Arbeiderparti's office with 40 municipal
parties on a fresh database (PLANBOT_BUILTIN_PLAN=none), typing what a careless new office types."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from bot.clock import FixedClock
from bot.runtime import build_runtime
from bot.settings import Settings
from planbot.cli import main
from planbot.commands.run import sandbox_copy
from planbot.sandbox import Sandbox
from planbot.testing.slack_standin import SlackStandIn
from tests.utils.cli_env import cli_env, copy_database
from tests.utils.nordland import NORDLAND

NOW = "2026-12-01T10:00+01:00"
Cli = Callable[..., Result]


def _env(db: Path) -> dict[str, str]:
    return cli_env(db, now=NOW, plan="none")


@pytest.fixture(scope="module")
def nordland_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database set up from nothing with Nordland's 40 units, each with a leader (made once)."""
    folder = tmp_path_factory.mktemp("nordland")
    lines = ["navn;kanal;leder"] + [
        f"{name};C0N{n:03d};U0L{n:03d}" for n, name in enumerate(NORDLAND)
    ]
    (folder / "enheter.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "nordland.db"
    result = CliRunner().invoke(main, ["unit", "import", str(folder / "enheter.csv")], env=_env(db))
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def cli(nordland_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    db = copy_database(nordland_db, tmp_path / "nordland.db")
    runner = CliRunner()

    def invoke(*args: str, **extra: str) -> Result:
        return runner.invoke(main, list(args), env={**_env(db), **extra})

    return invoke


def test_doctor_calls_a_unit_s_teams_link_without_the_link_secret_blocking(cli: Cli) -> None:
    # `planbot run` refuses to start without PLANBOT_LINK_SECRET and PLANBOT_PUBLIC_URL once a
    # unit posts to Teams; doctor once called that a warning ("the cards get no Ferdig button").
    url = "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x"
    result = cli("unit", "set", "Vågan", "--teams-webhook", url)
    assert result.exit_code == 0, result.output
    result = cli("doctor", "--json")
    problems = {p["check"]: p for p in json.loads(result.output)["problems"]}
    assert problems["link_secret"]["blocking"] is True
    assert "starter ikke «planbot run»" in problems["link_secret"]["text"]
    assert result.exit_code == 1


def test_doctor_asks_no_link_secret_for_the_staff_teams_digest_alone(cli: Cli) -> None:
    teams = "https://prod-12.westeurope.logic.azure.com:443/workflows/staff/invoke?sig=x"
    result = cli("doctor", "--json", TEAMS_WEBHOOK_URL=teams)
    checks = {p["check"] for p in json.loads(result.output)["problems"]}
    assert "link_secret" not in checks


def units_file(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "nye.csv"
    path.write_text("\n".join(["navn;kanal;leder", *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_a_leader_typed_as_at_name_is_not_called_an_e_mail_address(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli(
        "unit", "import", units_file(tmp_path, "Bodø;C0N004;@kari", "Rana;;kari@rana-ap.no")
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    bodo = next(line for line in lines if "linje 2" in line)
    assert "«@kari» er ikke en Slack-bruker-ID" in bodo
    assert "e-postadresse" not in bodo
    rana = next(line for line in lines if "linje 3" in line)
    assert (
        "kolonnen «leder»: «kari@rana-ap.no» er en e-postadresse, men uten SLACK_BOT_TOKEN" in rana
    )


def test_a_unit_typed_twice_is_named_as_typed_not_by_its_short_name(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("unit", "import", units_file(tmp_path, "Bodø;C0N004;U0L004", "bodø ;;", "Værøy;;"))
    assert result.exit_code == 1
    assert "linje 3: «bodø» står også på linje 2; hver enhet skal bare stå én gang" in result.output


TEAMS_CHANNEL_LINK = (
    "https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/Generelt?groupId=x"
)
CONNECTOR = "https://nordlandap.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (
            TEAMS_CHANNEL_LINK,
            "er en lenke til en kanal, en chat eller et møte i Teams, ikke en webhook",
        ),
        (CONNECTOR, "er en webhook fra en Office 365-kobling, og slike har Microsoft lagt ned"),
    ],
)
def test_a_link_to_teams_itself_or_a_retired_connector_is_no_webhook(
    cli: Cli, tmp_path: Path, url: str, says: str
) -> None:
    result = cli("unit", "set", "Vågan", "--teams-webhook", url)
    assert result.exit_code == 2
    assert says in result.output and "Send webhook alerts to a channel" in result.output
    assert url not in result.output  # a secret: shown masked
    path = tmp_path / "teams.csv"
    path.write_text(f"navn;teams\nVågan;{url}\n", encoding="utf-8")
    assert says in cli("unit", "import", str(path)).output
    vagan = next(
        u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "vagan"
    )
    assert vagan["teams_webhook"] is False
    assert cli("status", TEAMS_WEBHOOK_URL=url).exit_code != 0


def test_doctor_names_a_stored_link_to_teams_itself_as_no_webhook(cli: Cli) -> None:
    db = Path.cwd() / "nordland.db"
    with create_engine(f"sqlite:///{db}").begin() as connection:
        connection.execute(
            text("UPDATE unit SET teams_webhook_url = :url WHERE slug = 'vagan'"),
            {"url": TEAMS_CHANNEL_LINK},
        )
    problems = json.loads(cli("doctor", "--json").output)["problems"]
    assert {"check": "bad_webhook", "unit": "vagan"}.items() <= next(
        p for p in problems if p["check"] == "bad_webhook"
    ).items()


def test_making_a_unit_with_open_deadlines_inactive_says_they_are_no_longer_followed_up(
    cli: Cli,
) -> None:
    for day in ("15.12.2026", "20.12.2026"):
        added = cli(
            "event",
            "add",
            "--title",
            f"Rapport {day}",
            "--kind",
            "frist",
            "--date",
            day,
            "--per-unit",
        )
        assert added.exit_code == 0, added.output
    result = cli("unit", "set", "Bø", "--inactive")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Oppdaterte Bø.",
        "Bø har 2 åpne frister («Rapport 15.12.2026» og «Rapport 20.12.2026»). De følges ikke opp og "
        "telles ikke med så lenge Bø ikke er aktiv. Gjør enheten aktiv igjen med "
        "«planbot unit set bo --active».",
    ]
    assert cli("unit", "set", "Bø", "--active").output == "Oppdaterte Bø.\n"
    assert cli("unit", "set", "Træna", "--inactive", PLANBOT_LANGUAGE="en").output == (
        "Updated Træna.\nTræna has 2 open deadlines (“Rapport 15.12.2026” and “Rapport 20.12.2026”). "
        "They are not followed up or counted while Træna is inactive. Make the unit active again "
        "with “planbot unit set trana --active”.\n"
    )


@pytest.mark.postgres
def test_the_sandbox_on_postgresql_works_on_a_copy_of_that_database(
    postgres_url: str, tmp_path: Path, standin: SlackStandIn
) -> None:
    # It once started on a fresh SQLite database with only the built-in plan: another county saw
    # "Ingen frister …" and none of its own units.
    env = {**_env(tmp_path / "unused.db"), "DATABASE_URL": postgres_url}
    runner = CliRunner()
    lines = ["navn;leder", "Bodø;U0BODO", "Bø;U0BO"]
    (tmp_path / "enheter.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (
        ["unit", "import", str(tmp_path / "enheter.csv")],
        [
            "event",
            "add",
            "--title",
            "Rapport",
            "--kind",
            "frist",
            "--date",
            "15.12.2026",
            "--per-unit",
        ],
    ):
        assert runner.invoke(main, args, env=env).exit_code == 0
    settings = Settings(database_url=postgres_url, builtin_plan="none")
    runtime = build_runtime(settings, clock=FixedClock(datetime.fromisoformat(NOW)))
    copy = sandbox_copy(runtime, tmp_path / "sandbox.db")
    try:
        sandbox = Sandbox(copy, standin=standin)
        assert (
            "Rapport, tirsdag 15. desember 2026: 0 av 2 kommunepartier ferdig"
            in sandbox.handle("/status")[0]
        )
        sandbox.handle("/bruker U0BO")
        assert sandbox.handle("/ferdig rapport")[0].startswith(
            "Takk! Bø har meldt «Rapport» ferdig."
        )
        assert "1 av 2 kommunepartier ferdig" in sandbox.handle("/status")[0]
    finally:
        copy.engine.dispose()
    real = runner.invoke(main, ["status"], env=env).output  # the real plan is untouched
    assert "0 av 2 kommunepartier ferdig" in real
    runtime.engine.dispose()


def test_an_imported_plan_says_its_reminders_call_the_dates_tentative_until_confirmed(
    cli: Cli, tmp_path: Path
) -> None:
    plan = tmp_path / "arbeidsplan.txt"
    plan.write_text(
        "Arbeidsplan for Nordland Arbeiderparti 2026–2027\n\n"
        "Forslagsfristen til landsmøtet er 15. desember 2026.\n",
        encoding="utf-8",
    )
    result = cli("import", str(plan))
    assert result.exit_code == 0, result.output
    assert (
        "Påminnelsene om de foreløpige sier at datoen ikke er endelig bestemt, helt til dere merker "
        "hendelsen som bekreftet (/plan endre <hendelse> i Slack, eller «planbot event edit "
        "<hendelse> --state bekreftet»)."
    ) in result.output


@pytest.mark.parametrize("content", ["", "navn;kanal;leder\n", "units: []\n"])
def test_an_empty_units_file_says_how_to_write_one_not_to_choose_a_plan(
    cli: Cli, tmp_path: Path, content: str
) -> None:
    path = tmp_path / ("enheter.yaml" if "units" in content else "enheter.csv")
    path.write_text(content, encoding="utf-8")
    result = cli("unit", "import", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"{path.name} har ingen enheter. Skriv kolonnenavnene")
    assert "planen" not in result.output


def test_the_staff_summary_lists_no_names_when_every_unit_is_still_open(cli: Cli) -> None:
    added = cli(
        "event",
        "add",
        "--title",
        "Rapport",
        "--kind",
        "frist",
        "--date",
        "15.12.2026",
        "--per-unit",
    )
    assert added.exit_code == 0, added.output

    def summaries() -> list[str]:
        rows = json.loads(cli("nudges", "--days", "14", "--json").output)
        return [row["text"] for row in rows if row["to"] == "C0STAFF"]

    first = summaries()[0]
    assert "0 av 40 kommunepartier har meldt ferdig, 40 gjenstår." in first
    assert "Gjenstår:" not in first and "Alstahaug" not in first
    assert cli("mark", "rapport", "Bodø", "done").exit_code == 0
    after = summaries()[0]
    assert "1 av 40 kommunepartier har meldt ferdig, 39 gjenstår." in after
    # 39 of 40 still owe: not a list of 39 names on a phone, but the one that is done (left12b).
    assert "Gjenstår: alle unntatt Bodø." in after and "Alstahaug" not in after


def test_a_channel_or_person_given_as_the_link_slack_copies_is_read_as_its_id(
    cli: Cli, tmp_path: Path
) -> None:
    channel = "https://nordland-ap.slack.com/archives/C0BODO2"
    person = "https://nordland-ap.slack.com/team/U0KARI"
    result = cli("unit", "set", "Bodø", "--channel", channel, "--leader", person)
    assert result.exit_code == 0, result.output
    rana = units_file(tmp_path, f"Rana;{channel.replace('BODO2', 'RANA')};{person}")
    assert cli("unit", "import", rana).exit_code == 0
    units = {u["slug"]: u for u in json.loads(cli("unit", "list", "--json").output)}
    assert units["bodo"]["slack_channel"] == "C0BODO2"
    assert "U0KARI" in units["bodo"]["leaders"] and "U0KARI" in units["rana"]["leaders"]
    assert units["rana"]["slack_channel"] == "C0RANA"
    elsewhere = cli("unit", "set", "Bodø", "--channel", "https://example.org/archives/C0X")
    assert elsewhere.exit_code == 2


def test_an_annual_meeting_a_year_too_late_is_refused_as_a_year_typed_wrong(
    cli: Cli, tmp_path: Path
) -> None:
    # 1 December 2026: the season asked about is 2027; "2028" is a slip, and would date the
    # "innen tre måneder etter årsmøtet" deadlines a year late.
    result = cli("unit", "set", "Narvik", "--annual-meeting", "2028-01-21")
    assert result.exit_code == 2
    assert result.output == (
        "21. januar 2028 er mer enn ett år fram i tid. Er året riktig? "
        "Skriv datoen for årsmøtet i 2027.\n"
    )
    path = tmp_path / "årsmøter.csv"
    path.write_text("navn;årsmøte\nNarvik;21.01.2028\nRana;2027-02-10\n", encoding="utf-8")
    assert "21. januar 2028 er mer enn ett år fram i tid" in cli("unit", "import", str(path)).output
    assert cli("unit", "set", "Narvik", "--annual-meeting", "2027-01-21").exit_code == 0
    later = cli(
        "unit",
        "set",
        "Rana",
        "--annual-meeting",
        "2028-01-21",
        PLANBOT_NOW="2027-04-10T10:00+02:00",
    )
    assert later.exit_code == 0, later.output  # after the 2027 season, next year's date is fine


def test_a_deadline_no_unit_has_yet_says_so_instead_of_0_av_0(tmp_path: Path) -> None:
    # The plan imported before the units file: "0 av 0 kommunepartier ferdig, 0 gjenstår".
    env = _env(tmp_path / "tom.db")
    runner = CliRunner()
    args = [
        "event",
        "add",
        "--title",
        "Rapport",
        "--kind",
        "frist",
        "--date",
        "15.12.2026",
        "--per-unit",
    ]
    assert runner.invoke(main, args, env=env).exit_code == 0
    overview = runner.invoke(main, ["status"], env=env).output
    assert overview == (
        "• Rapport, tirsdag 15. desember 2026: ingen aktive kommunepartier har fått denne fristen ennå\n"
    )
    detail = runner.invoke(main, ["status", "rapport"], env=env).output
    assert detail.splitlines()[1] == "Ingen aktive kommunepartier har fått denne fristen ennå"


def test_unit_set_looks_a_leader_s_e_mail_address_up_in_slack_as_a_units_file_does(
    cli: Cli,
) -> None:
    # It once answered "«kari@…» er ikke en Slack-bruker-ID" while a units file looks it up.
    refused = cli("unit", "set", "Træna", "--leader", "kari@trana-ap.no")
    assert refused.exit_code == 2
    assert refused.output == (
        "«kari@trana-ap.no» er en e-postadresse, men uten SLACK_BOT_TOKEN kan ikke Planbot slå "
        "den opp. Skriv Slack-ID-en (U…) i stedet.\n"
    )
    with SlackStandIn() as slack:
        slack.add_user("U0KARI", email="Kari@Trana-ap.no")
        env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url.rstrip("/")}
        unknown = cli("unit", "set", "Træna", "--leader", "ola@trana-ap.no", **env)
        assert unknown.exit_code == 2
        assert "Fant ingen Slack-bruker med e-postadressen «ola@trana-ap.no»" in unknown.output
        stored = cli("unit", "set", "Træna", "--leader", "kari@trana-ap.no", **env)
        assert stored.exit_code == 0, stored.output
    trana = next(
        u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "trana"
    )
    assert "U0KARI" in trana["leaders"]


def test_the_nudge_preview_lists_the_units_in_norwegian_alphabetical_order(cli: Cli) -> None:
    added = cli(
        "event",
        "add",
        "--title",
        "Rapport",
        "--kind",
        "frist",
        "--date",
        "15.12.2026",
        "--per-unit",
    )
    assert added.exit_code == 0, added.output
    lines = cli("nudges", "--days", "1").output.splitlines()
    units = [line.split("→")[0].split("  ")[-1].strip() for line in lines if "→" in line]
    assert units == list(NORDLAND)  # Bodø, Brønnøy, Bø …; Vevelstad, Værøy, Vågan, Øksnes


def test_deactivating_missing_units_says_how_many_open_deadlines_they_leave(
    cli: Cli, tmp_path: Path
) -> None:
    for day in ("15.12.2026", "20.12.2026"):
        args = (
            "event",
            "add",
            "--title",
            f"Rapport {day}",
            "--kind",
            "frist",
            "--date",
            day,
            "--per-unit",
        )
        assert cli(*args).exit_code == 0
    cli("event", "cancel", "Rapport 20.12.2026")
    rows = [
        f"{name};C0N{n:03d};U0L{n:03d}"
        for n, name in enumerate(NORDLAND)
        if name not in ("Vågan", "Øksnes")
    ]
    path = units_file(tmp_path, *rows)
    preview = cli("unit", "import", path, "--deactivate-missing", "--dry-run").output
    assert (
        "  De som deaktiveres, har 2 åpne frister, som ikke følges opp eller telles med så lenge de "
        "er inaktive."
    ) in preview.splitlines()
    kept = cli("unit", "import", path, "--dry-run").output
    assert "De som deaktiveres" not in kept
