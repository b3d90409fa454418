"""Failure classes of issue 10, each by a small text of its own (the class, not one document):
plan periods, labels and headings, restatements, things that are not events, titles."""

from __future__ import annotations

from datetime import date

import pytest

from bot.importer import ImportFileError, extract_events, import_text
from bot.services.imports import file_error_text


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year)]


# --- plan periods --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["Årshjul 2023/24", "Aktivitetsplan for skoleåret 2023-2024", "Plan 2023/2024"]
)
def test_a_school_year_plan_puts_months_after_new_year_in_the_second_year(title: str) -> None:
    text = f"{title}\n\nForeldremøte i september.\nVinteraktivitetsdag i februar.\n"
    assert spans(text) == [
        ("month", date(2023, 9, 1), date(2023, 9, 30)),
        ("month", date(2024, 2, 1), date(2024, 2, 29)),
    ]


def test_an_autumn_programme_puts_its_january_in_the_next_year() -> None:
    text = "Programmet høsten 2023\n\nMedlemsmøte 28. september.\nJuletrefest 6. januar.\n"
    assert spans(text) == [
        ("day", date(2023, 9, 28), date(2023, 9, 28)),
        ("day", date(2024, 1, 6), date(2024, 1, 6)),
    ]


def test_a_two_year_work_plan_keeps_its_months_in_the_first_year() -> None:
    text = "Arbeidsplan for 2026-2027\n\nÅrsmøtesesongen starter i januar.\n"
    assert spans(text) == [("month", date(2026, 1, 1), date(2026, 1, 31))]


def test_an_explicit_date_before_the_plans_year_is_kept_also_with_year() -> None:
    text = "Landsmøte 2019\n\nFrist for innsending av forslag er 1. desember 2018.\n"
    expected = [("day", date(2018, 12, 1), date(2018, 12, 1))]
    assert spans(text) == expected
    assert spans(text, year=2019) == expected


def test_dates_without_any_year_ask_for_year() -> None:
    with pytest.raises(ImportFileError) as caught:
        import_text("Styremøte 4. mai.\nÅrsmøte 12. mars.\n", name="plan.txt")
    assert caught.value.code == "no_year"
    assert "ingen årstall — bruk --year" in file_error_text(
        caught.value, file="plan.txt", lang="nb"
    )
    assert import_text("Styremøte 4. mai.\n", name="plan.txt", year=2027)


# --- labels and headings --------------------------------------------------------------------


def test_a_period_after_a_label_is_its_value_not_a_heading() -> None:
    text = (
        "Arbeidsplan 2027\n\nVerveaksjon\nGjennomføres:\nFebruar til mai\n\n"
        "Styrearbeid\nStyret møtes jevnlig.\n"
    )
    [event] = extract_events(text)
    assert (event.precision, event.start, event.end) == (
        "month",
        date(2027, 2, 1),
        date(2027, 5, 31),
    )


def test_a_label_sub_heading_is_not_the_title() -> None:
    text = "Arbeidsplan 2027\n\nGrunnskolering\nGjennomføring\nSkoleringen holdes på Finnsnes i løpet av mars og april i år med mange deltakere.\n"
    titles = {e.title for e in extract_events(text)}
    assert titles == {"Grunnskolering (mars)", "Grunnskolering (april)"}


def test_month_rows_of_a_table_are_not_events() -> None:
    text = (
        "Semesterplan høsten 2020\nDato | Program | Ansvarlig |\n"
        "September | ||\nTors. 3. sept. | Bål | Inger |\nOktober | ||\nTors. 1. okt. | Kniv | Ivar |\n"
    )
    assert spans(text) == [
        ("day", date(2020, 9, 3), date(2020, 9, 3)),
        ("day", date(2020, 10, 1), date(2020, 10, 1)),
    ]


# --- restatements and things that are not events --------------------------------------------


def test_a_season_around_its_own_dates_is_no_event_of_its_own() -> None:
    text = "Plan 2018\n\nDenne våren er det to idedugnader; 20. mars og 22. mai.\n"
    assert spans(text) == [
        ("day", date(2018, 3, 20), date(2018, 3, 20)),
        ("day", date(2018, 5, 22), date(2018, 5, 22)),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Fylkespartiets budsjett for 2026 og 2027 legges fram.",
        "Vi skal vinne valgene i 2025 og 2027.",
        "Arbeidet har pågått siden 2011.",
        "Vi lærer om historien og nære hendelser som 22. juli.",
        "No ligg kursplanen for våren 2026 på nettsidene.",
    ],
)
def test_years_names_history_and_the_plans_own_period_are_not_events(line: str) -> None:
    assert spans(f"Kursplan for våren 2026\n\n{line}\n") == []


def test_the_title_is_the_subject_of_its_sentence_not_the_heading() -> None:
    text = (
        "Arbeidsplan 2026\n\nProgramprosess i kommunepartiene\n"
        "Forslagsfristen til landsmøtet er satt til 1. desember 2026. Kommunepartiene sender "
        "sine forslag via fylkespartiet.\n"
    )
    [event] = extract_events(text)
    assert event.title == "Forslagsfristen til landsmøtet"
    assert event.kind == "deadline"


# --- tables and lists -----------------------------------------------------------------------


def test_a_table_headed_uke_holds_week_numbers_across_new_year() -> None:
    text = (
        "Årshjul (2023/24)\n\nUke | Aktivitet | Sted\n36 | Bli kjent | Banen\n"
        "42-43 | Handball | Hallen\n2-3 | Turn | Hallen\n19 + 21 | Klatring | Klatrehallen\n"
    )
    assert spans(text) == [
        ("week", date(2023, 9, 4), date(2023, 9, 10)),
        ("week", date(2023, 10, 16), date(2023, 10, 29)),
        ("week", date(2024, 1, 8), date(2024, 1, 21)),
        ("week", date(2024, 5, 6), date(2024, 5, 12)),
        ("week", date(2024, 5, 20), date(2024, 5, 26)),
    ]


def test_day_slash_month_at_the_start_of_a_line() -> None:
    text = "Møteplan 2018\n\n30/4 Medlemsmøte om byen.\n22/5 Medlemsmøte om skolen.\nDet tar 1/2 time.\n"
    assert spans(text) == [
        ("day", date(2018, 4, 30), date(2018, 4, 30)),
        ("day", date(2018, 5, 22), date(2018, 5, 22)),
    ]


def test_dates_said_again_on_the_same_line_are_one_event() -> None:
    text = (
        "Plan 2024\n\nVerveaksjon uke 19-20 (uke 19 og 20) i alle lag.\n"
        "Kanotur uke 37-38 (5-åringer uka 37, 6-7år uka 38).\n"
        "1. mai deltar vi i toget, og laget har 1. mai frokost.\n"
    )
    assert spans(text) == [
        ("week", date(2024, 5, 6), date(2024, 5, 19)),
        ("week", date(2024, 9, 9), date(2024, 9, 22)),
        ("day", date(2024, 5, 1), date(2024, 5, 1)),
    ]


def test_a_day_no_calendar_has_is_an_error_with_its_line_not_a_month(tmp_path) -> None:
    from bot.importer import ImportRowsError, read_import_file
    from bot.services.imports import rows_error_text

    plan = tmp_path / "plan.txt"
    plan.write_text("Plan 2027\n\nMøte 32. januar.\nFrist 30. februar.\nStyremøte 3. mars.\n")
    with pytest.raises(ImportRowsError) as caught:
        read_import_file(path=plan)
    assert [p.row for p in caught.value.problems] == [3, 4]
    text = rows_error_text(caught.value, file="plan.txt", lang="nb")
    assert "linje 3: «32. januar» finnes ikke i kalenderen" in text
    assert ("month", date(2027, 1, 1), date(2027, 1, 31)) not in spans(plan.read_text())


def test_the_who_column_of_a_table_is_responsible_not_title() -> None:
    text = (
        "Semesterplan høsten 2020\nDato | Program | Ansvarlig/medleder |\n"
        "Tors. 3. sept. | Tenne bål | Inger / Ivar |\nFre. 11. sept. | Kanotur | Magne |\n"
    )
    assert [(e.start, e.title, e.responsible) for e in extract_events(text)] == [
        (date(2020, 9, 3), "Tenne bål", "Inger / Ivar"),
        (date(2020, 9, 11), "Kanotur", "Magne"),
    ]


def test_month_and_day_in_separate_columns_and_rows_that_inherit_the_month() -> None:
    text = (
        "Barnehageåret 2022-2023\n\nMåned | Dato | Hva\nSeptember | 8.-9. | Planleggingsdager\n"
        " | 13. | Foreldremøte\nOkt. | 25.-26. | Høstferie\nJanuar | 2. | Planleggingsdag\n"
    )
    assert [(e.start, e.end, e.title) for e in extract_events(text)] == [
        (date(2022, 9, 8), date(2022, 9, 9), "Planleggingsdager"),
        (date(2022, 9, 13), date(2022, 9, 13), "Foreldremøte"),
        (date(2022, 10, 25), date(2022, 10, 26), "Høstferie"),
        (date(2023, 1, 2), date(2023, 1, 2), "Planleggingsdag"),
    ]


def test_a_weekday_that_contradicts_its_date_is_a_warning() -> None:
    from bot.importer import items_from_found
    from bot.services.imports import weekday_warning

    text = "Plan 2026\n\nTorsdag 1. oktober: Styremøte.\nFredag 8. oktober: Medlemsmøte.\n"
    right, wrong = items_from_found(extract_events(text), document="plan.txt")
    assert (right.event.start_date, wrong.event.start_date) == (
        date(2026, 10, 1),
        date(2026, 10, 8),
    )
    assert weekday_warning(right, "nb") is None
    assert weekday_warning(wrong, "nb") == (
        "⚠ «fredag» stemmer ikke med datoen, som er torsdag 8. oktober 2026. Sjekk datoen."
    )
    assert wrong.as_json()["weekday_said"] == "fredag"


def test_seasons_joined_by_slashes_share_one_year_and_are_one_event() -> None:
    assert spans("Plan 2024\n\nDugnad våren/sommeren/høsten 2024.\n") == [
        ("season", date(2024, 3, 1), date(2024, 11, 30))
    ]


def test_shortened_months_with_a_full_stop() -> None:
    assert spans("Plan 2024\n\nKurs i sept. og okt. for nye tillitsvalgte.\n") == [
        ("month", date(2024, 9, 1), date(2024, 9, 30)),
        ("month", date(2024, 10, 1), date(2024, 10, 31)),
    ]
