"""Failure classes found on the round-two tune documents of issue 10, each by a small text of
its own: plans that name no year, day-and-month dates, calendars of bare day numbers, spans
written as lists, and heading rows."""

from __future__ import annotations

from datetime import date

import pytest

from bot.importer import ImportFileError, extract_events, import_text, items_from_found
from bot.report import relative_text
from bot.services.imports import anchor_words, describe_event_when, relative_rule_text
from bot.services.status import RelativeDue

TODAY = date(2026, 11, 30)


def spans(text: str, year: int | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(e.precision, e.start, e.end) for e in extract_events(text, year=year, today=TODAY)]


# --- a plan that names no year -------------------------------------------------------------

YEARLESS = (
    "August\n\nMåndag 15. august: Nytt barnehageår\n\nNovember\n\nFredag 4. november: "
    "Planleggingsdag\n\nJanuar\n\nMåndag 2. januar: Planleggingsdag\n\nMai\n\n"
    "Onsdag 17. mai: Nasjonaldagen\n"
)


def test_a_plan_without_a_year_takes_the_school_year_its_weekdays_fit() -> None:
    assert [s for _p, s, _e in spans(YEARLESS)] == [
        date(2022, 8, 15),
        date(2022, 11, 4),
        date(2023, 1, 2),
        date(2023, 5, 17),
    ]


def test_weekdays_in_a_table_column_fix_the_year_too() -> None:
    text = (
        "1.8. | Mandag | Planleggingsdag |\n16.9. | Fredag | Høstfest |\n2.1. | Mandag | Start |\n"
    )
    events = extract_events(text, today=TODAY)
    assert [(e.start, e.note) for e in events] == [
        (date(2022, 8, 1), "Year from the weekdays."),
        (date(2022, 9, 16), "Year from the weekdays."),
        (date(2023, 1, 2), "Year from the weekdays."),
    ]


def test_too_few_weekdays_still_ask_for_a_year() -> None:
    with pytest.raises(ImportFileError) as error:
        import_text("Fredag 4. november: Planleggingsdag\n", name="plan.txt", today=TODAY)
    assert error.value.code == "no_year"


def test_without_today_a_yearless_plan_asks_for_a_year() -> None:
    with pytest.raises(ImportFileError) as error:
        import_text(YEARLESS, name="plan.txt")
    assert error.value.code == "no_year"


# --- day and month written as numbers ------------------------------------------------------


def test_a_one_digit_month_with_a_closing_dot_is_a_date() -> None:
    text = "Plan 2024\n\n1.8. | Planleggingsdag |\nSe punkt 1.8 i planen.\n"
    assert spans(text) == [("day", date(2024, 8, 1), date(2024, 8, 1))]


# --- spans written as lists ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Planleggingsdag 15 & 16 juni.", [(date(2023, 6, 15), date(2023, 6, 16))]),
        (
            "Måndag 15. og tysdag 16. mai: Felles planleggingsdag",
            [(date(2023, 5, 15), date(2023, 5, 16))],
        ),
        (
            "Frå og med 27. desember til og med 2. januar: Barnehagane er stengt",
            [(date(2023, 12, 27), date(2024, 1, 2))],
        ),
    ],
)
def test_days_joined_by_ampersand_nynorsk_weekdays_or_til_og_med_are_one_span(
    line: str, expected: list[tuple[date, date]]
) -> None:
    assert [(s, e) for _p, s, e in spans(f"Plan 2023\n\n{line}\n")] == expected


# --- calendars of bare day numbers under month headings -------------------------------------


def test_day_numbers_under_month_headings_in_an_autumn_plan() -> None:
    text = (
        "Årshjul\n\nHØST 2018\n\nAUGUST\n\n1.Planleggingsdag for kollegiet\n"
        "21. Foreldrekaffe for alle, fra kl 15:00\n\nOKTOBER\n\n4.+5. Høstferie. Barnehagen stengt.\n"
        "\nDESEMBER\n\n14: Julespill kl. 13:00\n\nJANUAR\n\n2.Planleggingsdag\n"
    )
    assert [(e.start, e.end, e.title) for e in extract_events(text)] == [
        (date(2018, 8, 1), date(2018, 8, 1), "Planleggingsdag for kollegiet"),
        (date(2018, 8, 21), date(2018, 8, 21), "Foreldrekaffe for alle, fra kl 15:00"),
        (date(2018, 10, 4), date(2018, 10, 5), "Høstferie. Barnehagen stengt"),
        (date(2018, 12, 14), date(2018, 12, 14), "Julespill kl. 13:00"),
        (date(2019, 1, 2), date(2019, 1, 2), "Planleggingsdag"),
    ]


def test_a_day_cell_then_its_text_cell_under_a_month_heading() -> None:
    text = (
        "Desember 2022\n13. | Luciafeiring\n16. | Nissefest\n\nJuli 2023\n10.-29. | Sommerstengt\n"
    )
    assert [(e.start, e.end) for e in extract_events(text)] == [
        (date(2022, 12, 13), date(2022, 12, 13)),
        (date(2022, 12, 16), date(2022, 12, 16)),
        (date(2023, 7, 10), date(2023, 7, 29)),
    ]


def test_a_day_alone_on_its_line_dates_the_text_below_it() -> None:
    text = (
        "Juni 2021\n\n3.\n\nSommerfest\n\n14.\n\nPlanleggingsdag\n\n"
        "Juli 2021\n\n12.-1.\n\nSommerstengt uke 28,29 og 30 2021\n"
    )
    assert [(e.start, e.end, e.title) for e in extract_events(text)] == [
        (date(2021, 6, 3), date(2021, 6, 3), "Sommerfest"),
        (date(2021, 6, 14), date(2021, 6, 14), "Planleggingsdag"),
        (date(2021, 7, 12), date(2021, 8, 1), "Sommerstengt"),
    ]


def test_a_week_that_restates_the_days_on_its_row_is_no_event_of_its_own() -> None:
    text = "Plan 2022\n\n10.10 - 14.10 | Uke 41 | Skolens høstferie |\nUke 42 | Foreldremøte 20.10. |\n"
    assert spans(text) == [
        ("day", date(2022, 10, 10), date(2022, 10, 14)),
        ("week", date(2022, 10, 17), date(2022, 10, 23)),
        ("day", date(2022, 10, 20), date(2022, 10, 20)),
    ]


# --- heading rows ----------------------------------------------------------------------------


def test_quarter_rows_of_abbreviated_months_are_headings_and_empty_ones_no_events() -> None:
    text = (
        "2022\njul – aug – sep\nPlanleggingsdag 2 september.\nokt – nov – des\n"
        "Stengt 26.des.\n2023\njan – feb – mar\napr – mai – jun\nPlanleggingsdag 19 mai.\n"
    )
    assert spans(text) == [
        ("day", date(2022, 9, 2), date(2022, 9, 2)),
        ("day", date(2022, 12, 26), date(2022, 12, 26)),
        ("day", date(2023, 5, 19), date(2023, 5, 19)),
    ]


# --- the same day said again ----------------------------------------------------------------


def test_a_meeting_announced_in_the_heading_and_again_in_the_invitation_is_one_event() -> None:
    text = (
        "Årsmøte i SOFUL 19. mars kl. 13.00\n\nÅrsmøte 2023\n\nInnkalling til årsmøte i Sogn og "
        "Fjordane Ungdomslag sundag 19.mars klokka 13.00 i Viking ungdomshus i Førde.\n\n"
        "Styremøte 19. mars kl. 10.00.\n\nMedlemsmøte 19. mars kl. 18.00.\n"
    )
    assert [(e.start, e.title) for e in extract_events(text)] == [
        (date(2023, 3, 19), "Årsmøte i SOFUL"),
        (date(2023, 3, 19), "Styremøte"),
        (date(2023, 3, 19), "Medlemsmøte"),
    ]


# --- a deadline counted back from each unit's own event ----------------------------------------


def test_a_deadline_weeks_before_the_annual_meeting_imports_and_reads_as_before() -> None:
    text = (
        "Ekstraordinært årsmøte 15.2.2023 KL 19:00\n\nForslag som ønskes behandlet på årsmøtet "
        "må være styret i hende minst 3 uker før årsmøtet.\n"
    )
    items = items_from_found(extract_events(text), document="plan.txt")
    relative = [i.event for i in items if i.event.relative_anchor]
    assert [(e.relative_anchor, e.relative_days) for e in relative] == [("annual_meeting", -21)]
    assert describe_event_when(relative[0], "nb") == "senest tre uker før årsmøtet"
    assert (
        describe_event_when(relative[0], "en")
        == "no later than three weeks before the annual meeting"
    )


def test_a_relative_deadline_before_its_anchor_reads_as_before_in_reports() -> None:
    assert relative_text(RelativeDue("annual_meeting", months=-1), "nb") == (
        "senest én måned før årsmøtet"
    )
    assert relative_text(RelativeDue("annual_meeting", months=-3), "en") == (
        "no later than 3 months before the annual meeting"
    )


@pytest.mark.parametrize(
    ("months", "days", "nb", "en"),
    [
        (0, 21, "innen tre uker etter årsmøtet", "within three weeks after the annual meeting"),
        (0, 7, "innen én uke etter årsmøtet", "within one week after the annual meeting"),
        (0, 10, "innen ti dager etter årsmøtet", "within ten days after the annual meeting"),
        (
            0,
            -14,
            "senest to uker før årsmøtet",
            "no later than two weeks before the annual meeting",
        ),
        (3, 0, "innen tre måneder etter årsmøtet", "within three months after the annual meeting"),
    ],
)
def test_a_distance_in_whole_weeks_reads_in_weeks_as_the_plan_says_it(
    months: int, days: int, nb: str, en: str
) -> None:
    """'innen tre uker etter årsmøtet' in the plan is shown so, not as '21 dager'."""
    assert relative_rule_text(months, days, anchor_words("annual_meeting", "nb"), "nb") == nb
    assert relative_rule_text(months, days, anchor_words("annual_meeting", "en"), "en") == en
