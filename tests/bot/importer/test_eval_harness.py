"""bench/import_eval.py scores what `planbot import` gives, and answers the plan's year (a refusal
"bruk --year", or a year guessed from the weekdays) only when asked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
spec = importlib.util.spec_from_file_location("import_eval", ROOT / "bench" / "import_eval.py")
assert spec and spec.loader
import_eval = importlib.util.module_from_spec(spec)
sys.modules["import_eval"] = import_eval  # dataclasses look their module up
spec.loader.exec_module(import_eval)

YEARLESS = "Medlemsmøter\n\nTorsdag 25. oktober: Programmøte\n8. november: Nominasjonsmøte\n"


def test_a_plan_naming_no_year_scores_nothing_unless_the_year_is_answered() -> None:
    assert import_eval.predictions(YEARLESS, "plan.txt") == []
    answered = import_eval.predictions(YEARLESS, "plan.txt", answer_year=2018)
    assert [(e["start"], e["end"]) for e in answered] == [
        ("2018-10-25", "2018-10-25"),
        ("2018-11-08", "2018-11-08"),
    ]


def test_strict_scoring_counts_an_unmatched_dated_prediction_against_precision() -> None:
    gold = [
        {"start": "2018-10-25", "end": "2018-10-25", "precision": "day"},
        {"start": "2018-01-01", "end": "2018-12-31", "precision": "year"},
    ]
    predicted = [
        {"start": "2018-10-25", "end": "2018-10-25"},
        {"start": "2018-01-01", "end": "2018-12-31"},  # another precision's gold: neutral
        {"start": "2018-11-08", "end": "2018-11-08"},  # no gold: a false positive
    ]
    s = import_eval.score(predicted, gold)
    assert (s.matched, s.gold, s.predicted) == (1, 1, 2)


def test_folds_keep_one_organisation_together_and_split_the_corpus() -> None:
    assert import_eval.fold("parti-ap-landsmote-2021") == import_eval.fold("parti-ap-horten-h2018")
    slugs = [p.stem for p in (ROOT / "tests" / "data" / "plans" / "gold").glob("*.json")]
    assert {import_eval.fold(slug) for slug in slugs} == {"A", "B"}


WEEKDAYS_ONLY = (
    "Medlemsmøter\n\nTorsdag 25. oktober: Programmøte\nTorsdag 8. november: Nominasjonsmøte\n"
    "Torsdag 22. november: Julemøte\n"
)


def test_a_year_guessed_from_the_weekdays_is_answered_too() -> None:
    """The preview says the weekdays gave the year (2018; 2012 fits them too) and asks for --year
    if it is wrong: the person who knows the plan is for 2012 types it, so `--answer-year` reads
    the plan again with it."""
    guessed = import_eval.predictions(WEEKDAYS_ONLY, "plan.txt")
    assert [e["start"] for e in guessed] == ["2018-10-25", "2018-11-08", "2018-11-22"]
    answered = import_eval.predictions(WEEKDAYS_ONLY, "plan.txt", answer_year=2012)
    assert [e["start"] for e in answered] == ["2012-10-25", "2012-11-08", "2012-11-22"]


def test_a_plan_that_names_its_year_is_not_answered() -> None:
    named = "Medlemsmøter 2019\n\n24. oktober: Programmøte\n"
    assert import_eval.predictions(named, "plan.txt", answer_year=2018) == import_eval.predictions(
        named, "plan.txt"
    )


def test_the_kind_is_counted_over_the_events_matched_by_dates() -> None:
    gold = [
        {"start": "2018-10-25", "end": "2018-10-25", "precision": "day", "kind": "meeting"},
        {"start": "2018-10-25", "end": "2018-10-25", "precision": "day", "kind": "deadline"},
        {"start": "2018-11-08", "end": "2018-11-08", "precision": "day", "kind": "training"},
    ]
    predicted = [
        {"start": "2018-10-25", "end": "2018-10-25", "kind": "deadline"},
        {"start": "2018-11-08", "end": "2018-11-08", "kind": "other"},
        {"start": "2018-12-01", "end": "2018-12-01", "kind": "meeting"},  # no gold event
    ]
    s = import_eval.score(predicted, gold)
    assert (s.kind_matched, s.kind_agrees) == (2, 1)
