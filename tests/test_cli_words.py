"""What careless staff type at the CLI, and whole sentences back in nb and en."""

import json

import pytest

from tests.test_cli import cli  # noqa: F401  (the fixture)


def mark(cli, unit: str, state: str, lang: str = "nb") -> str:  # noqa: F811
    result = cli("mark", "forslagsfrist", unit, state, PLANBOT_LANGUAGE=lang)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()[0]  # the sentence (a hand-in deadline adds a note)


def test_reopened_the_note_of_why_it_was_exempt_is_gone(cli) -> None:  # noqa: F811
    """«Narvik: gjenstår — «ingen aktivitet»» read as if the open task had that reason."""
    assert (
        cli("mark", "forslagsfrist", "senja", "exempt", "--note", "ingen aktivitet").exit_code == 0
    )
    assert mark(cli, "senja", "open").startswith("Senja:")
    row = json.loads(cli("status", "forslagsfrist", "senja", "--json").output)["units"][0]
    assert row["state"] == "open" and not row["note"]
    assert "ingen aktivitet" not in cli("status", "forslagsfrist", "senja").output
    kept = cli("mark", "forslagsfrist", "senja", "open", "--note", "venter på styret")
    assert "venter på styret" in cli("status", "forslagsfrist", "senja").output, kept.output


def test_each_state_reads_as_a_norwegian_sentence(cli) -> None:  # noqa: F811
    title = "«Forslagsfrist til landsmøtet 2027»"
    assert mark(cli, "tromso", "open") == f"Tromsø: {title} gjenstår fortsatt; ingenting er endret."
    assert mark(cli, "tromso", "done") == f"Tromsø: {title} er nå ferdig."
    assert mark(cli, "tromso", "done") == (
        f"Tromsø: {title} var allerede ferdig; ingenting er endret."
    )
    assert mark(cli, "tromso", "open") == f"Tromsø: {title} er åpnet igjen og gjenstår."
    assert mark(cli, "senja", "exempt") == f"Senja: {title} er nå merket «ikke aktuelt»."
    assert mark(cli, "senja", "exempt") == (
        f"Senja: {title} var allerede merket «ikke aktuelt»; ingenting er endret."
    )


def test_each_state_reads_as_an_english_sentence(cli) -> None:  # noqa: F811
    title = "“Forslagsfrist til landsmøtet 2027”"
    assert mark(cli, "tromso", "open", "en") == (
        f"Tromsø: {title} is still open; nothing was changed."
    )
    assert mark(cli, "tromso", "done", "en") == f"Tromsø: {title} is now done."
    assert mark(cli, "tromso", "open", "en") == f"Tromsø: {title} is open again."
    assert mark(cli, "senja", "exempt", "en") == f"Senja: {title} is now marked “not applicable”."


def test_a_date_as_norwegians_write_it_is_a_date(cli) -> None:  # noqa: F811
    assert cli("unit", "set", "tromso", "--annual-meeting", "15.2.2027").exit_code == 0
    assert ",tromso,municipal,,,,,,2027-02-15," in cli("unit", "export").output
    items = json.loads(cli("agenda", "--from", "08.12.2026", "--days", "1", "--json").output)
    assert [i["start"] for i in items if i["kind"] == "meeting"] == ["2026-12-08"]


@pytest.mark.parametrize("typed", ["31.02.2027", "15.2.202", "1502", "2027-02-30", "neste uke"])
def test_a_date_that_is_none_says_both_ways_to_write_it(cli, typed: str) -> None:  # noqa: F811
    result = cli("unit", "set", "tromso", "--annual-meeting", typed)
    assert result.exit_code != 0
    assert f"«{typed}» er ikke en dato. Skriv den som DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD" in result.output
    assert ",tromso,municipal,,,,,,," in cli("unit", "export").output


def test_an_annual_meeting_of_a_season_over_is_refused(cli) -> None:  # noqa: F811
    """A year typed wrong would date this season's deadlines in the past (and send reminders
    that they are overdue)."""
    result = cli("unit", "set", "tromso", "--annual-meeting", "10.02.2025")
    assert result.exit_code != 0
    assert result.output.startswith("10. februar 2025 er et årsmøte i en sesong som er over")
    assert "Skriv datoen for årsmøtet i 2026." in result.output
    assert ",tromso,municipal,,,,,,," in cli("unit", "export").output


def test_one_day_asked_for_is_one_day_with_its_weekday(cli) -> None:  # noqa: F811
    out = cli("agenda", "8.12").output
    assert out.startswith("Planen tirsdag 8. desember 2026\n")
    assert "Teamsmøte med kommunepartilederne" in out
    empty = cli("agenda", "9.", "desember").output
    assert "Ingenting i planen onsdag 9. desember 2026." in empty
    english = cli("agenda", "1/12", PLANBOT_LANGUAGE="en").output
    assert english.startswith("The plan for Tuesday 1 December 2026\n")


def test_the_day_a_unit_was_marked_is_the_day_in_oslo(cli) -> None:  # noqa: F811
    late = {"PLANBOT_NOW": "2026-11-23T23:30+00:00"}  # 00:30 on Tuesday 24 November in Oslo
    assert cli("mark", "forslagsfrist", "tromso", "done", **late).exit_code == 0
    out = cli("status", "forslagsfrist", **late).output
    assert "Tromsø: levert (av fylkespartikontoret, 24. november)" in out


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ferdig", "er nå ferdig"),
        ("ikke-aktuelt", "merket «ikke aktuelt»"),
        ("Gjenstår", "fortsatt"),
    ],
)
def test_a_state_typed_in_norwegian_is_understood(cli, typed: str, expected: str) -> None:  # noqa: F811
    result = cli("mark", "forslagsfrist", "senja", typed)
    assert result.exit_code == 0 and expected in result.output


def test_a_kind_typed_in_norwegian_is_understood(cli) -> None:  # noqa: F811
    added = cli("event", "add", "--title", "Julemøte", "--kind", "møte", "--date", "15.12.2026")
    assert added.exit_code == 0, added.output
    items = json.loads(
        cli("agenda", "--kind", "Møte", "--from", "2026-12-15", "--days", "1", "--json").output
    )
    assert [(i["title"], i["kind"]) for i in items] == [("Julemøte", "meeting")]
    assert cli("mark", "forslagsfrist", "senja", "tull").exit_code != 0


def test_an_import_counts_in_the_right_number_and_dates_in_words(cli, tmp_path) -> None:  # noqa: F811
    plan = tmp_path / "styret.txt"
    plan.write_text("Styremøte 15. januar 2027\n", encoding="utf-8")
    first = cli("import", str(plan)).output
    assert (
        "styret.txt: la til 1 hendelse som foreløpig; hoppet over 0 som allerede fantes." in first
    )
    again = cli("import", str(plan)).output
    assert "«Styremøte»: Styremøte (fredag 15. januar 2027)" in again and "2027-01-15" not in again
    english = cli("import", str(plan), PLANBOT_LANGUAGE="en").output
    assert "styret.txt: added 0 events as tentative" in english


def test_a_new_date_on_a_holiday_or_in_the_past_gets_a_note(cli) -> None:  # noqa: F811
    jul = cli("event", "add", "--title", "Frist jul", "--kind", "frist", "--date", "25.12.2026")
    assert (
        jul.output.splitlines()[1]
        == "NB: fredag 25. desember 2026 er en helligdag (første juledag)."
    )
    late = cli(
        "event",
        "add",
        "--title",
        "Frist X",
        "--kind",
        "frist",
        "--date",
        "2026-11-20",
        "--per-unit",
    )
    assert "NB: fredag 20. november 2026 er allerede passert, så kommunepartiene" in late.output
    moved = cli("event", "edit", "frist jul", "--date", "2027-05-17", PLANBOT_LANGUAGE="en")
    assert "Note: Monday 17 May 2027 is a public holiday (" in moved.output
    plain = cli("event", "add", "--title", "Samling", "--date", "2026-12-10")
    assert "NB" not in plain.output
    retitled = cli("event", "edit", "frist jul", "--title", "Frist 17. mai")
    assert "NB" not in retitled.output


def test_a_week_or_month_already_over_gets_the_same_note_as_a_day(cli) -> None:  # noqa: F811
    """A day in the past got «NB: … er allerede passert», a week or a month that is over got
    nothing; it is said in the period's own words, and a month still under way says nothing."""
    week = cli("event", "add", "--title", "Verveuke", "--date", "2026-11-03", "--precision", "uke")
    assert week.output.splitlines()[1] == "NB: uke 45 2026 er allerede passert."
    month = cli(
        "event", "add", "--title", "Kampanje", "--date", "2026-10-05", "--precision", "måned"
    )
    assert month.output.splitlines()[1] == "NB: oktober 2026 er allerede passert."
    now = cli(
        "event", "add", "--title", "Ringedugnad", "--date", "2026-11-15", "--precision", "måned"
    )
    assert "NB" not in now.output


def test_the_digest_has_one_blank_line_under_its_title(cli) -> None:  # noqa: F811
    out = cli("digest").output
    assert out.startswith(
        "🗓️ Ukeoversikt for fylkespartikontoret, uke 48 2026\n\nDe neste to ukene\n"
    )
    doctor = cli("doctor").output
    assert "ukeoversikten kommer ikke fram" in doctor and "ukesoversikt" not in doctor


def test_event_show_is_for_people_in_their_language(cli) -> None:  # noqa: F811
    assert cli("event", "edit", "forslagsfrist", "--date", "2026-12-02").exit_code == 0
    out = cli("event", "show", "forslagsfrist").output
    assert out.startswith(
        "#1 Forslagsfrist til landsmøtet 2027\nType: Frist\nNår: onsdag 2. desember 2026\n"
    )
    assert "Oppgave for hvert kommuneparti: ja" in out
    assert "Kilde: Troms Arbeiderparti sin arbeidsplan for 2026-2027: «Forslagsfristen" in out
    assert "fylkespartikontoret: endret (dato, sluttdato)" in out
    assert "start_date:" not in out and "{" not in out
    english = cli("event", "show", "teamsmøte", PLANBOT_LANGUAGE="en").output
    assert (
        "Kind: Meeting\nWhen: the second Tuesday of every month from Tuesday 8 December 2026 at 19:00"
        in english
    )
    data = json.loads(cli("event", "show", "forslagsfrist", "--json").output)
    assert data["start_date"] == "2026-12-02" and len(data["history"]) == 2


def test_a_deadline_one_day_overdue_is_one_day_in_the_digest(cli) -> None:  # noqa: F811
    add = ("event", "add", "--title", "Frist søndag", "--kind", "frist", "--per-unit")
    assert cli(*add, "--date", "22.11.2026").exit_code == 0
    out = cli("digest").output
    assert "Frist søndag (søndag 22. november 2026, 1 dag siden):" in out


def test_one_nudge_sent_is_one_nudge(cli, standin) -> None:  # noqa: F811
    slack = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": standin.api_url.rstrip("/")}
    assert cli("unit", "set", "tromso", "--channel", "C0TROMSO").exit_code == 0
    result = cli("nudges", "--send-due", PLANBOT_NOW="2026-11-24T09:01+01:00", **slack)
    assert result.exit_code == 0, result.output
    assert "Sendte 1 påminnelse (0 feilet" in result.output
    assert len(standin.posts()) == 1


def test_handing_in_for_a_tick_deadline_says_how_to_mark_it_on_the_command_line(cli) -> None:  # noqa: F811
    result = cli("deliver", "styrearbeid", "senja", "--text", "hei")
    assert result.exit_code != 0 and "«planbot mark» på kommandolinjen" in result.output


def test_a_bad_year_for_an_import_is_refused_in_norwegian(cli, tmp_path) -> None:  # noqa: F811
    plan = tmp_path / "plan.txt"
    plan.write_text("Styremøte 15. januar\n", encoding="utf-8")
    result = cli("import", str(plan), "--year", "27", "--dry-run")
    assert result.exit_code != 0
    assert "«27» er ikke et årstall. Skriv året som fire sifre, f.eks. 2027." in result.output
    assert cli("import", str(plan), "--year", "2027", "--dry-run").exit_code == 0


def test_a_units_sheet_with_norwegian_column_names_is_read(cli, tmp_path) -> None:  # noqa: F811
    sheet = tmp_path / "enheter.csv"
    sheet.write_text(
        "Navn;Kanal;Ledere;Årsmøte\nTromsø;C0TROMSO;U0KARI;15.02.2027\nSenja;;;30.02.2027\n",
        encoding="utf-8",
    )
    refused = cli("unit", "import", str(sheet), "--dry-run")
    assert refused.exit_code != 0
    # the column as the sheet names it, so it is found there
    odd = tmp_path / "rart.csv"
    odd.write_text("Navn;Mobilnummer\nTromsø;99\n", encoding="utf-8")
    assert "ukjent kolonne «Mobilnummer»" in cli("unit", "import", str(odd)).output
    assert "linje 3: «30.02.2027» i «Årsmøte» er ikke en dato; skriv DD.MM.ÅÅÅÅ eller" in (
        refused.output
    )
    sheet.write_text(
        "Navn;Kanal;Ledere;Årsmøte\nTromsø;C0TROMSO;U0KARI;15.02.2027\n", encoding="utf-8"
    )
    stored = cli("unit", "import", str(sheet))
    assert stored.exit_code == 0, stored.output
    assert ",tromso,municipal,C0TROMSO,U0KARI,,,,2027-02-15," in cli("unit", "export").output


def test_unit_list_names_its_columns_and_marks_an_inactive_unit(cli) -> None:  # noqa: F811
    assert (
        cli("unit", "set", "senja", "--inactive", "--annual-meeting", "2027-02-10").exit_code == 0
    )
    lines = cli("unit", "list").output.splitlines()
    assert lines[0].split() == ["kortnavn", "navn", "kanal", "årsmøte", "ledere"]
    senja = next(line for line in lines if line.startswith("senja"))
    assert "Senja (ikke aktiv)" in senja and "2027-02-10" in senja
    rows = json.loads(cli("unit", "list", "--json").output)
    assert next(r for r in rows if r["slug"] == "senja")["annual_meeting"] == "2027-02-10"


@pytest.mark.parametrize(
    ("typed", "stored"), [("9", "09:00"), ("kl. 10", "10:00"), ("morgen", "morning")]
)
def test_a_rules_hour_as_people_type_it(cli, typed: str, stored: str) -> None:  # noqa: F811
    assert cli("policy", "set", "deadline.before_2d", "--at", typed).exit_code == 0
    rules = json.loads(cli("policy", "list", "--json").output)
    assert next(r for r in rules if r["rule"] == "deadline.before_2d")["at"] == stored


def test_an_events_hour_typed_as_kl_19(cli) -> None:  # noqa: F811
    assert (
        cli(
            "event", "add", "--title", "Styremøte", "--date", "10.12.2026", "--time", "kl 19"
        ).exit_code
        == 0
    )
    assert "Når: torsdag 10. desember 2026 kl. 19:00" in cli("event", "show", "Styremøte").output
    refused = cli("event", "add", "--title", "X", "--date", "10.12.2026", "--time", "24")
    assert refused.exit_code != 0
    # nothing was changed: an event was not added
    assert refused.output.startswith("Hendelsen ble ikke lagt til: «24» er ikke et klokkeslett.")


def test_a_units_open_deadline_past_its_date_says_it_is_over(cli) -> None:  # noqa: F811
    """… and that it was missed («ikke levert», as /status forslagsfrist says), not «gjenstår»."""
    after = cli("status", "Tromsø", PLANBOT_NOW="2026-12-03T10:00:00+01:00").output
    assert (
        "⬜ Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026, fristen er ute) — "
        "ikke levert"
    ) in after
    english = cli(
        "status", "Tromsø", PLANBOT_NOW="2026-12-03T10:00:00+01:00", PLANBOT_LANGUAGE="en"
    )
    assert "— not handed in" in english.output
    assert "fristen er ute" not in cli("status", "Tromsø").output  # before the date
    assert cli("mark", "forslagsfrist", "tromso", "done").exit_code == 0
    done = cli("status", "Tromsø", PLANBOT_NOW="2026-12-03T10:00:00+01:00").output
    assert "(tirsdag 1. desember 2026) — levert" in done  # a hand-in's word (walk14)


def test_a_cancelled_deadline_named_says_it_is_cancelled(cli) -> None:  # noqa: F811
    assert cli("event", "cancel", "forslagsfrist").exit_code == 0
    for args in (("status", "forslagsfrist"), ("mark", "forslagsfrist", "tromso", "done")):
        result = cli(*args)
        assert result.exit_code != 0
        assert "«Forslagsfrist til landsmøtet 2027» er avlyst." in result.output


def test_status_of_one_municipal_party_as_in_slack(cli) -> None:  # noqa: F811
    assert cli("mark", "forslagsfrist", "tromso", "done").exit_code == 0
    out = cli("status", "Tromsø").output.splitlines()
    assert out[0] == "Tromsø"
    assert "✅ Forslagsfrist til landsmøtet 2027 (tirsdag 1. desember 2026) — levert" in out
    row = cli("status", "forslagsfrist", "senja").output  # no quotes needed
    assert "⬜ Senja: gjenstår" in row and "Tromsø" not in row
    data = json.loads(cli("status", "senja", "forslagsfrist", "--json").output)
    assert data["title"] == "Forslagsfrist til landsmøtet 2027"
    assert [u["unit"] for u in data["units"]] == ["senja"] and data["total"] == 22
    listed = json.loads(cli("status", "Tromsø", "--json").output)
    assert {u["unit"] for d in listed for u in d["units"]} == {"tromso"}
    assert cli("status", "tromsø", "xyz").exit_code != 0
    typo = cli("status", "Snja")
    assert typo.exit_code != 0 and "Mente du «Senja»?" in typo.output


def test_doctor_counts_the_lines_it_shows(cli) -> None:  # noqa: F811
    lines = cli("doctor").output.splitlines()
    shown = [line for line in lines if line.startswith(("✗ ", "! "))]
    assert "22 kommunepartier kan ikke nås" in "\n".join(shown)  # 22 units, one line
    stopping = sum(1 for line in shown if line.startswith("✗ "))
    assert lines[-1] == f"{len(shown)} ting å rette, {stopping} av dem stopper påminnelser."


def test_one_day_that_is_a_holiday_says_so(cli) -> None:  # noqa: F811
    assert cli("agenda", "25.12").output.startswith(
        "Planen fredag 25. desember 2026 (første juledag)\n"
    )


def test_cancelling_twice_says_it_is_cancelled_already(cli) -> None:  # noqa: F811
    assert "Avlyst #" in cli("event", "cancel", "teamsmøte").output
    for again in ("teamsmøte", "#2"):
        result = cli("event", "cancel", again)
        assert result.exit_code == 0
        assert result.output.strip().endswith("er allerede avlyst; ingenting er endret.")


def test_an_annual_meeting_set_at_the_cli_shows_the_deadlines_it_dates(cli) -> None:  # noqa: F811
    out = cli("unit", "set", "tromso", "--annual-meeting", "10.02.2027").output.splitlines()
    assert out == [
        "Oppdaterte Tromsø.",
        "Tromsø: årsmøtet er onsdag 10. februar 2027.",
        "• Skolering i praktisk styrearbeid for det nye styret: frist mandag 10. mai 2027",
    ]


def test_status_of_an_inactive_unit_says_it_is_inactive(cli) -> None:  # noqa: F811
    assert cli("unit", "set", "kvanangen", "--inactive").exit_code == 0
    for words in (["kvænangen"], ["forslagsfrist", "Kvænangen"]):
        result = cli("status", *words)
        assert result.exit_code != 0
        assert result.output.startswith("Kvænangen er ikke aktiv i Planbot"), result.output
    english = cli("status", "kvanangen", PLANBOT_LANGUAGE="en")
    assert english.output.startswith("Kvænangen is inactive in Planbot")


def test_the_change_history_names_fields_in_words_in_both_languages(cli) -> None:  # noqa: F811
    """«endret (start_time)», «(assumptions)» read as code to the county office."""
    from bot.services.events import AUDITED
    from bot.texts import CATALOGS

    for lang, catalog in CATALOGS.items():
        assert not [f for f in AUDITED if f"event.field.{f}" not in catalog], lang
    assert cli("event", "edit", "teamsmøte", "--time", "19:30", "--decided").exit_code == 0
    out = cli("event", "show", "teamsmøte").output
    assert "fylkespartikontoret: endret (klokkeslett, antakelse)" in out
    english = cli("event", "show", "teamsmøte", PLANBOT_LANGUAGE="en").output
    assert "the county party office: changed (time, assumption)" in english


def test_two_deadlines_with_one_title_are_told_apart_by_number_and_date(cli) -> None:  # noqa: F811
    """«passer flere hendelser: Budsjettinnspill, Budsjettinnspill. Skriv mer av tittelen» left
    nothing more to type: the answer gives each one's number and date."""
    for day in ("2026-12-15", "2027-01-15"):
        added = cli(
            "event",
            "add",
            "--title",
            "Budsjettinnspill",
            "--kind",
            "frist",
            "--date",
            day,
            "--per-unit",
        )
        assert added.exit_code == 0, added.output
    result = cli("status", "budsjettinnspill")
    assert result.exit_code != 0
    first, second = (e["id"] for e in json.loads(cli("status", "--json").output)[1:3])
    assert result.output.startswith(
        f"«budsjettinnspill» passer flere hendelser: #{first} Budsjettinnspill (tirsdag "
        f"15. desember 2026), #{second} Budsjettinnspill (fredag 15. januar 2027). Skriv mer av "
        f"tittelen, eller nummeret (f.eks. #{first})."
    ), result.output
    assert cli("status", f"#{second}").output.startswith("Budsjettinnspill — fredag 15. januar")


def test_a_training_in_uke_13_is_added_as_that_week(cli) -> None:  # noqa: F811
    """The plans say «uke 13, 14»: --precision uke makes the event that week, as `event edit`
    does, instead of seven separate days from Monday."""
    added = cli(
        "event",
        "add",
        "--title",
        "Skolering for nye styrer",
        "--kind",
        "skolering",
        "--date",
        "2027-03-31",
        "--precision",
        "uke",
    )
    assert added.exit_code == 0, added.output
    shown = json.loads(cli("agenda", "uke", "13", "2027", "--json").output)
    training = next(e for e in shown if e["title"] == "Skolering for nye styrer")
    assert (training["start"], training["end"], training["precision"]) == (
        "2027-03-29",
        "2027-04-04",
        "week",
    )
    assert "Skolering for nye styrer — uke 13 2027" in cli("agenda", "uke", "13", "2027").output


def test_a_rule_name_typed_wrong_is_guessed(cli) -> None:  # noqa: F811
    result = cli("policy", "set", "deadlin.before_7d", "--disable")
    assert result.exit_code != 0
    assert "Fant ingen påminnelsesregel som heter «deadlin.before_7d»." in result.output
    assert "Mente du «deadline.before_7d»" in result.output


def test_planbot_status_of_two_units_at_once_says_one_at_a_time(cli) -> None:  # noqa: F811
    result = cli("status", "tromsø", "senja")
    assert result.exit_code != 0
    assert result.output.startswith(
        "Ett kommuneparti om gangen: skriv f.eks. «planbot status Senja», og så det samme for "
        "Tromsø."
    )


def test_the_nudges_preview_names_units_and_the_office_not_stored_labels(cli) -> None:  # noqa: F811
    """«09:00  unit:tromso → kan ikke nås», «staff → …»: the preview is read by staff."""
    out = cli("nudges", "--from", "2026-11-24", "--days", "1", PLANBOT_NOW="2026-11-23T10:00+01:00")
    assert out.exit_code == 0, out.output
    assert "  09:00  Tromsø → " in out.output and "  09:00  fylkespartikontoret → " in out.output
    assert "unit:" not in out.output and "  09:00  staff → " not in out.output


def test_removing_a_leader_typed_wrong_changes_nothing_and_says_who_leads(cli) -> None:  # noqa: F811
    """«--remove-leader U0TROMS0» (a zero for an O) said «Tromsø er allerede slik»: the old
    leader would have gone on getting the nudges, and the new one would have been added too."""
    assert cli("unit", "set", "tromso", "--leader", "U0TROMSO").exit_code == 0
    typo = cli("unit", "set", "tromso", "--remove-leader", "U0TROMS0", "--leader", "U0NY")
    assert typo.exit_code != 0
    assert typo.output.startswith(
        "U0TROMS0 er ikke leder i Tromsø, så ingenting ble endret. Lederne nå: U0TROMSO."
    )
    row = next(u for u in json.loads(cli("unit", "list", "--json").output) if u["slug"] == "tromso")
    assert row["leaders"] == ["U0TROMSO"]


def test_an_event_on_a_day_typed_without_its_year_says_which_year_it_chose(cli) -> None:  # noqa: F811
    """On 23 November 2026 "1.12" is 1 December 2026 and "15.2" is 15 February 2027; "1930" is
    half past seven in the evening."""
    added = cli("event", "add", "--title", "Styremøte", "--date", "1.12", "--time", "1930")
    assert added.exit_code == 0
    assert "«1.12» er lest som tirsdag 1. desember 2026." in added.output
    assert "Når: tirsdag 1. desember 2026 kl. 19:30" in cli("event", "show", "Styremøte").output
    moved = cli("event", "edit", "Styremøte", "--date", "15/2", "--time", "19.30")
    assert moved.exit_code == 0 and "«15/2» er lest som mandag 15. februar 2027." in moved.output
    typed_year = cli("event", "edit", "Styremøte", "--date", "16.2.27")
    assert typed_year.exit_code == 0 and "er lest som" not in typed_year.output
    assert "Når: tirsdag 16. februar 2027 kl. 19:30" in cli("event", "show", "Styremøte").output


def test_agenda_for_a_week_lists_what_the_plan_places_only_by_year_apart(cli) -> None:  # noqa: F811
    week = cli("agenda", "uke", "13", "2027").output
    assert "I løpet av perioden" not in week
    _, _, apart = week.partition("Kan falle i perioden (planen sier bare måned, sesong eller år)")
    assert "Konferanse: Landsmøtet 2027 — 2027" in apart
    month = cli("agenda", "januar", "2027").output
    during, _, _ = month.partition("Kan falle i perioden")
    assert (
        "Årsmøtesesongen i kommunepartiene starter — januar 2027"
        in during.partition("I løpet av perioden")[2]
    )
