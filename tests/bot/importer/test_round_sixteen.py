"""Issue 10, round sixteen: classes of the documents still below 0.7 with the year answered,
each by a small text of its own (not a line of the corpus) (tests/data/plans/SOURCES.md,
"Round sixteen")."""

from __future__ import annotations

from datetime import date

from tests.utils.reading import found

# --- the year a budget is for is what its treatment leads up to ------------------------------


def test_a_budget_years_title_puts_its_autumn_treatment_in_the_year_before() -> None:
    text = (
        "Kommunedirektørens forslag til årsbudsjett 2030 og økonomiplan 2030-2033\n\n"
        "Politisk behandling:\n\n"
        "4. nov - formannskapet drøfter forslaget\n\n"
        "9. des - kommunestyret vedtar budsjettet\n"
    )
    assert [e.start for e in found(text)] == [date(2029, 11, 4), date(2029, 12, 9)]


def test_a_plan_of_the_economy_named_last_dates_the_steps_above_it_the_year_before() -> None:
    text = (
        "Slik blir budsjettet behandlet:\n\n"
        "Budsjettseminar for kommunestyret  6. november\n"
        "Formannskapets innstilling  20. november\n"
        "Kommunestyrets behandling 11. desember\n\n"
        "Handlingsprogram 2030 - 2033\n"
    )
    assert [e.start for e in found(text)] == [
        date(2029, 11, 6),
        date(2029, 11, 20),
        date(2029, 12, 11),
    ]


def test_a_partys_programme_named_with_its_years_is_no_budget() -> None:
    text = "Handlingsprogram 2030-2033 for fylkespartiet\n\nProgramkomiteen møtes 14. september.\n"
    assert [e.start for e in found(text)] == [date(2030, 9, 14)]


def test_a_budget_set_at_the_years_first_meetings_stays_in_its_year() -> None:
    text = "Saker til årsmøtet: budsjett 2030 og valg.\n\nÅrsmøtet holdes 12. mars.\n"
    assert [e.start for e in found(text)] == [date(2030, 3, 12)]


# --- a grid of months as columns, flattened with every cell in its place ---------------------


def test_a_grid_flattened_one_cell_a_paragraph_gives_each_day_its_columns_month() -> None:
    text = (
        "Møteplan 2030\n\nUtvalg\n\nJan\n\nFeb\n\nMar\n\nApr\n\n"
        "Styret\n\n\n\n12\n\n9* /  23\n\n\n\n"
        "Valgnemnda\n\n8 Utgår\n\n\n\n10-11\n\n14\n\n"
        "* Fellesmøte med valgnemnda.\n"
    )
    assert [(e.title.split()[0], e.start, e.end) for e in found(text)] == [
        ("Styret", date(2030, 2, 12), date(2030, 2, 12)),
        ("Styret", date(2030, 3, 9), date(2030, 3, 9)),
        ("Styret", date(2030, 3, 23), date(2030, 3, 23)),
        ("Valgnemnda", date(2030, 1, 8), date(2030, 1, 8)),
        ("Valgnemnda", date(2030, 3, 10), date(2030, 3, 11)),
        ("Valgnemnda", date(2030, 4, 14), date(2030, 4, 14)),
    ]
    assert "Utgår" in found(text)[3].title  # the cancelled meeting's remark, its own only


def test_a_grid_of_rows_whose_empty_cells_are_spaces_keeps_each_days_column() -> None:
    text = (
        "Møteplan høsten 2030\n\nUtvalg\nAugust September Oktober November\n"
        "Styret\n27.* 10.(Budsjettmøte)   5.\n"
        "Rådet\n  3. 22. 19.\n"
        "Seminar       13.-14.\n"
    )
    assert [(e.start, e.end) for e in found(text)] == [
        (date(2030, 8, 27), date(2030, 8, 27)),
        (date(2030, 9, 10), date(2030, 9, 10)),
        (date(2030, 11, 5), date(2030, 11, 5)),
        (date(2030, 9, 3), date(2030, 9, 3)),
        (date(2030, 10, 22), date(2030, 10, 22)),
        (date(2030, 11, 19), date(2030, 11, 19)),
        (date(2030, 11, 13), date(2030, 11, 14)),
    ]


def test_month_headings_over_no_row_of_cells_are_no_grid() -> None:
    text = "Årshjul 2030\n\nJanuar\n\nFebruar\n\nMars\n\nApril\n\nÅrsmøte 12. april\n"
    assert [e.start for e in found(text)] == [date(2030, 4, 12)]


# --- a sentence naming a season that leads dated lines is no event ---------------------------


def test_a_season_ending_in_a_colon_over_dated_lines_is_no_event() -> None:
    text = (
        "Program for historielaget\n\n"
        "Det blir følgende seminarer høsten 2030:\n\n"
        "Onsdag 2. oktober 2030.\nTema: Gamle gårder.\n\n"
        "Onsdag 6. november 2030.\nTema: Kirkene.\n"
    )
    assert [(e.start, e.precision) for e in found(text)] == [
        (date(2030, 10, 2), "day"),
        (date(2030, 11, 6), "day"),
    ]


def test_a_half_year_leading_a_calendar_is_no_event_and_a_day_before_it_stays() -> None:
    calendar = (
        "Studentparlamentet\n\nMøtekalenderen for vårsemesteret:\n\nFørste møte: 24.01.2030\n"
    )
    assert [e.precision for e in found(calendar)] == ["day"]
    races = (
        "Skigruppa\n\nKarusellen startar 12. januar 2030. Det er planlagt 4 renn i løpet av "
        "vinteren:\n\n  1. Laurdag 12. januar\n  2. Laurdag 19. januar\n"
    )
    assert [e.start for e in found(races)] == [date(2030, 1, 12), date(2030, 1, 19)]


def test_a_season_over_undated_items_and_a_month_over_dated_ones_still_date() -> None:
    undated = "Arbeidsplan 2030\n\nDette skjer våren 2030:\nMedlemsmøte om vegen.\n"
    assert [e.precision for e in found(undated)] == ["season"]
    month = "Årshjul 2030\n\nSist i juni:\n\n• 20. juni: Sommeravslutning\n"
    assert (date(2030, 6, 1), date(2030, 6, 30)) in [(e.start, e.end) for e in found(month)]


# --- papers already sent, told with more words before the day --------------------------------


def test_papers_sent_with_several_words_before_the_day_are_no_event() -> None:
    text = (
        "Landsmøtet 2030\n\n"
        "Landsmøtet holdes 20. oktober 2030. Innkallingen er sendt per brev til alle "
        "lokallagene 3. januar. Det er sendt ut informasjon om dette pr. epost 12.09.\n"
    )
    assert [e.start for e in found(text)] == [date(2030, 10, 20)]


def test_a_deadline_in_another_clause_or_sentence_after_sent_papers_stays() -> None:
    text = (
        "Skikarusellen 2030\n\n"
        "Vi tel med turar frå boka vart lagt ut og fram til og med 6. mars. "
        "Innkalling er sendt. Møtet er 12. mars.\n"
    )
    assert [e.start for e in found(text)] == [date(2030, 3, 6), date(2030, 3, 12)]


def test_a_grids_months_after_its_corner_cell_are_a_header_not_month_events() -> None:
    text = (
        "Møteplan 2030\n\nUtvalg Jan. Feb. Mar. Apr. Mai Juni\nStyret 12. 9. 14.\n\n"
        "Det er seminar 13. april.\n"
    )
    assert [(e.start, e.precision) for e in found(text)] == [(date(2030, 4, 13), "day")]
