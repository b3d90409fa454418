"""Score the plan importer against hand-checked gold events, strictly.

Usage: .venv/bin/python bench/import_eval.py [--plans DIR ...] [--split tune|heldout|shared|all]
       [--fold A|B] [--verbose] [--answer-year]

Each DIR holds plan texts (*.txt) with their gold files in DIR/gold/<name>.json; a gold file's
"split" field (tune or heldout) says which total it counts in, and a gold file without one
counts as "shared". Default: ../shared/plans. `--fold` keeps one of two halves of the corpus split
by organisation (`fold` below), so a change found in one half can be checked on the other.

Scoring is the rule of ../shared/tools/score_import.py: the importer's events are taken as
`planbot import FILE --dry-run --json` gives them; an event matches a gold event when start and
end are equal (multiset matching). Gold events of precision day, week and month count for
recall; a predicted event whose (start, end) equals a gold event of another precision is neither
rewarded nor punished; every other dated prediction counts against precision. Prints P/R/F1 per
document with its false positives (and misses with --verbose), then totals per split, and for
the events matched by dates (any precision) how many have the gold file's kind (the kind decides
an imported event's reminders; not part of F1).

`--answer-year` answers the plan's year as the person would on reading the preview: for a plan
whose text names no year, either refused ("bruk --year") or dated by the year its weekdays fit
(the preview's note "Planen nevner ikke noe år. Ukedagene passer …, bruk --year ÅÅÅÅ"), the plan
is read again with `--year` set to the gold file's `plan_year`. A plan that names its year, and
one whose gold file has no `plan_year`, is read once as it is; the importer's reading is not
changed either way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.importer import ImportFileError, import_text, items_from_found  # noqa: E402
from bot.services.imports import year_note  # noqa: E402

MAIN = frozenset({"day", "week", "month"})
# The day the corpus was retrieved: a plan naming no year is placed as if imported that day.
TODAY = date(2026, 11, 30)
SPLITS = ("tune", "heldout", "shared")
Key = tuple[str, str]


@dataclass
class Score:
    """Matched, gold and counted predictions, and what did not match."""

    matched: int = 0
    gold: int = 0
    predicted: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    # Of the matched events (any precision), how many the importer gave the gold file's kind.
    kind_matched: int = 0
    kind_agrees: int = 0

    def add(self, other: Score) -> None:
        """Accumulate another document's score (micro totals)."""
        self.matched += other.matched
        self.gold += other.gold
        self.predicted += other.predicted
        self.kind_matched += other.kind_matched
        self.kind_agrees += other.kind_agrees

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def key(event: dict[str, object]) -> Key | None:
    """(start, end) of a dated event, as score_import.py reads it."""
    start, end = event.get("start"), event.get("end") or event.get("start")
    if not start:
        return None
    return (str(start)[:10], str(end)[:10])


def fold(slug: str) -> str:
    """The half ("A" or "B") a document belongs to: the parity of the first byte of the SHA-256 of
    its organisation, the first two parts of its slug ("parti-ap", "forening-hole", "union-lo").
    That is coarse on purpose: all of one party's or union's documents fall in the same half."""
    organisation = "-".join(slug.split("-")[:2])
    return "AB"[hashlib.sha256(organisation.encode()).digest()[0] % 2]


def predictions(
    text: str, document: str, answer_year: int | None = None
) -> list[dict[str, object]]:
    """What `planbot import --dry-run --json` lists for a plan's text. A plan whose text names no
    year is refused with "bruk --year", or dated by its weekdays with a note that says so and asks
    for --year if that is wrong; with `answer_year` the person answers either (as they would on
    reading it) and the plan is read again with `--year answer_year`."""
    try:
        items = _items(import_text(text, name=document, today=TODAY), document)
    except ImportFileError as exc:
        if exc.code != "no_year" or answer_year is None:
            return []
        items = None
    if answer_year is not None and (items is None or year_note(items, "nb") is not None):
        try:
            items = _items(
                import_text(text, name=document, year=answer_year, today=TODAY), document
            )
        except ImportFileError:
            return []
    return [item.as_json() for item in items or []]


def _items(found: list[Any], document: str) -> list[Any]:
    """The items the preview lists (the events the importer could date)."""
    valid = [event for event in found if event.precision != "invalid"]
    return items_from_found(valid, document=document)


def score(predicted: list[dict[str, object]], gold_events: list[dict[str, object]]) -> Score:
    """The strict score of one document."""
    pred = Counter(k for e in predicted if (k := key(e)))
    gold = Counter(k for e in gold_events if e.get("precision") in MAIN and (k := key(e)))
    other = Counter(k for e in gold_events if e.get("precision") not in MAIN and (k := key(e)))
    matched = sum(min(c, gold[k]) for k, c in pred.items())
    neutral = sum(max(0, min(c - gold[k], other[k])) for k, c in pred.items())
    extra = pred - gold - other
    quotes = {key(e): str(e.get("quote", "")) for e in predicted}
    kind_matched, kind_agrees = kinds(predicted, gold_events)
    return Score(
        matched=matched,
        gold=sum(gold.values()),
        predicted=sum(pred.values()) - neutral,
        false_positives=[f"{s}..{e} «{quotes.get((s, e), '')[:90]}»" for s, e in extra.elements()],
        misses=[f"{s}..{e}" for s, e in sorted((gold - pred).elements())],
        kind_matched=kind_matched,
        kind_agrees=kind_agrees,
    )


def kinds(
    predicted: list[dict[str, object]], gold_events: list[dict[str, object]]
) -> tuple[int, int]:
    """(events matched by dates at any precision, how many of them have the gold file's kind):
    the kind decides which reminders an imported event gets. Same dates pair a kind with an
    equal one first."""
    gold_kinds: dict[Key, Counter[str]] = {}
    for e in gold_events:
        if k := key(e):
            gold_kinds.setdefault(k, Counter())[str(e.get("kind"))] += 1
    pred_kinds: dict[Key, Counter[str]] = {}
    for e in predicted:
        if k := key(e):
            pred_kinds.setdefault(k, Counter())[str(e.get("kind"))] += 1
    matched = agrees = 0
    for k, said in pred_kinds.items():
        gold = gold_kinds.get(k, Counter())
        matched += min(sum(said.values()), sum(gold.values()))
        agrees += sum((said & gold).values())
    return matched, agrees


def documents(plans: Path) -> list[tuple[Path, dict[str, object]]]:
    """The plan texts of a directory that have a gold file, with the gold data."""
    out = []
    for text in sorted(plans.glob("*.txt")):
        gold = plans / "gold" / f"{text.stem}.json"
        if gold.exists():
            out.append((text, json.loads(gold.read_text(encoding="utf-8"))))
    return out


def main(argv: list[str] | None = None) -> int:
    """Score every document of the chosen split and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=Path, action="append")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--fold", choices=("A", "B"), help="only the documents of this half")
    parser.add_argument("--verbose", action="store_true", help="list misses too")
    parser.add_argument(
        "--answer-year",
        action="store_true",
        help="when a plan names no year and the import asks for --year or dates it by its "
        "weekdays (the preview says so), answer with the gold file's plan_year (what the person "
        "would type); without it such a plan scores nothing or as the weekdays date it",
    )
    args = parser.parse_args(argv)
    folders = args.plans or [ROOT / ".." / "shared" / "plans"]
    totals = {split: Score() for split in SPLITS}
    worst: dict[str, tuple[float, str]] = {}
    for folder in folders:
        for path, gold in documents(folder):
            split = str(gold.get("split") or "shared")
            if args.split not in ("all", split) or args.fold not in (None, fold(path.stem)):
                continue
            answer = int(gold["plan_year"]) if args.answer_year and gold.get("plan_year") else None  # type: ignore[call-overload]
            text = path.read_text(encoding="utf-8")
            s = score(predictions(text, path.name, answer), gold["events"])  # type: ignore[arg-type]
            totals[split].add(s)
            worst[split] = min(worst.get(split, (2.0, "")), (s.f1, path.stem))
            print(
                f"{split:<8} {path.stem:<44} P={s.precision:4.2f} R={s.recall:4.2f} "
                f"F1={s.f1:4.2f}  {s.matched}/{s.gold}/{s.predicted}"
            )
            for fp in s.false_positives:
                print(f"    FALSE {fp}")
            if args.verbose:
                for miss in s.misses:
                    print(f"    MISS  {miss}")
    print()
    for split, s in totals.items():
        if s.gold or s.predicted:
            low = worst[split]
            print(
                f"TOTAL {split:<8} P={s.precision:4.2f} R={s.recall:4.2f} F1={s.f1:4.2f}  "
                f"matched/gold/predicted {s.matched}/{s.gold}/{s.predicted}; "
                f"lowest F1 {low[0]:.2f} ({low[1]})"
            )
            if s.kind_matched:
                print(
                    f"KIND  {split:<8} {s.kind_agrees / s.kind_matched:4.2f}  of the events "
                    f"matched by dates, {s.kind_agrees}/{s.kind_matched} have the gold kind"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
