"""Issue 10, round twenty-eight: classes of notation and layout, each by a small text of its own
(not a line of the corpus) (tests/data/plans/SOURCES.md, "Round twenty-eight")."""

from __future__ import annotations

from tests.utils.reading import day, found, spans

# --- a holiday's name as the text of a row whose day stands above it --------------------------


def test_a_row_named_after_the_national_day_is_on_the_day_above_it() -> None:
    text = (
        "Aktivitetsplan 2031\n\n"
        "Mai 2031\n\n"
        "6.\n\nForeldremøte i gymsalen\n\n"
        "15.\n\n17. mai feiring med pølser og is\n\n"
        "22.\n\nSommeravslutning\n"
    )
    events = found(text)
    assert sorted((e.start, e.end) for e in events) == [
        day(2031, 5, 6),
        day(2031, 5, 15),
        day(2031, 5, 22),
    ]
    assert any("17. mai" in e.title for e in events)


def test_a_quoted_holiday_name_beside_its_rows_date_dates_nothing() -> None:
    assert spans("Festplan 2031\n\nTorsdag 15.05.31 - «17.mai» feiring i hagen\n") == [
        day(2031, 5, 15)
    ]


def test_the_national_day_alone_under_its_month_is_still_its_day() -> None:
    # guard: with no day of the row above it, '17. mai fest' is the 17th
    text = "Aktivitetsplan 2031\n\nMai 2031\n\n6.\n\nForeldremøte\n\n17. mai fest i barnehagen\n"
    assert spans(text) == [day(2031, 5, 6), day(2031, 5, 17)]


# --- a day and a one-digit month in a table cell laid out with spaces ------------------------


def test_a_date_in_a_column_of_its_own_is_a_day_even_with_a_one_digit_month() -> None:
    text = (
        "Kursrute 2031-2032\n\n"
        "32        4.8                 Oppstart for alle grupper\n\n"
        "40        29.9                Foreldremøte\n\n"
        "2         7.1                 Første kursdag etter jul\n"
    )
    assert spans(text) == [day(2031, 8, 4), day(2031, 9, 29), day(2032, 1, 7)]


def test_a_decimal_in_a_sentence_or_before_a_unit_is_no_date() -> None:
    # guard: inline, or with no column gap after it, '2.5' stays a number
    text = "Turplan 2031\n\nLøypa er 2.5 km lang, og 4.8  prosent av den er bratt.\nDistanse  3.4\n"
    assert spans(text) == []


# --- a shortened weekday typed against its date -----------------------------------------------


def test_a_shortened_weekday_typed_against_its_date_leaves_the_date_a_date() -> None:
    text = "Møteplan 2031\n\nTirsd.14.10.\nMedlemsmøte på biblioteket\n\nOnsd.5.11.\nÅrsmøte\n"
    assert spans(text) == [day(2031, 10, 14), day(2031, 11, 5)]


def test_a_number_after_another_shortened_word_stays_a_number() -> None:
    # guard: only a weekday's short form is set apart; 'kr.12.5' is no date
    assert spans("Budsjett 2031\n\nKontingent kr.12.5 per måned.\nStyremøte 3. mars\n") == [
        day(2031, 3, 3)
    ]


# --- two numbered points under a line that introduces them -----------------------------------


def test_two_points_numbered_under_an_introducing_line_are_no_days_of_the_month() -> None:
    text = (
        "Årshjul 2031\n\n"
        "Mars\n\n"
        "Lokallagene holder medlemsmøte innen 20. mars og behandler disse sakene;\n\n"
        " 1. Innspill til programmet.\n"
        " 2. Valg av delegater til fylkesårsmøtet\n"
    )
    assert spans(text) == [day(2031, 3, 20)]


def test_two_numbered_days_under_a_month_with_no_introducing_line_stay_days() -> None:
    # guard: without a line that introduces them, '1.' and '2.' under a month are its days
    text = "Årshjul 2031\n\nMars\n\n1. Styremøte i Kirkenes\n2. Medlemsmøte på Vadsø\n"
    assert spans(text) == [day(2031, 3, 1), day(2031, 3, 2)]
