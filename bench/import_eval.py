"""Score the plan importer against the hand-checked gold events.

Usage: .venv/bin/python bench/import_eval.py [--plans DIR] [--verbose]

An event matches a gold event when start and end are equal (one-to-one, precision breaks ties).
Main score: precisions day, week and month. Season/quarter and recurring (matched on the RRULE)
are scored separately. Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.importer import FoundEvent, extract_events  # noqa: E402

CATEGORIES: dict[str, frozenset[str]] = {
    "main": frozenset({"day", "week", "month"}),
    "season/quarter": frozenset({"season", "quarter"}),
    "recurring": frozenset({"recurring"}),
    "year": frozenset({"year"}),
}


@dataclass(frozen=True)
class Gold:
    """One hand-checked event."""

    quote: str
    precision: str
    start: date | None
    end: date | None
    recurrence: str | None


@dataclass
class Score:
    """Matches, misses and false positives of one category."""

    matched: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Accumulate another score."""
        self.matched += other.matched
        self.misses += other.misses
        self.false_positives += other.false_positives

    @property
    def precision(self) -> float:
        """Share of found events that are right."""
        found = self.matched + len(self.false_positives)
        return self.matched / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of gold events found."""
        gold = self.matched + len(self.misses)
        return self.matched / gold if gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: Path) -> list[Gold]:
    """The gold events of one document."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Gold(
            e["quote"],
            e["precision"],
            date.fromisoformat(e["start"]) if e.get("start") else None,
            date.fromisoformat(e["end"]) if e.get("end") else None,
            e.get("recurrence"),
        )
        for e in data["events"]
    ]


def key_of(precision: str, start: date | None, end: date | None, rule: str | None) -> object:
    """What must be equal for a match: the RRULE for repetitions, else the dates."""
    return rule if precision == "recurring" else (start, end)


def score(gold: list[Gold], found: list[FoundEvent], precisions: frozenset[str]) -> Score:
    """One-to-one matching of found against gold events of the given precisions."""
    gold = [g for g in gold if g.precision in precisions]
    found = [f for f in found if f.precision in precisions]
    result = Score()
    used: set[int] = set()
    # Same precision first, then any precision in the category.
    pairs: dict[int, int] = {}
    for strict in (True, False):
        for fi, event in enumerate(found):
            if fi in pairs:
                continue
            key = key_of(event.precision, event.start, event.end, event.recurrence)
            for gi, g in enumerate(gold):
                if gi in used or key_of(g.precision, g.start, g.end, g.recurrence) != key:
                    continue
                if strict and g.precision != event.precision:
                    continue
                pairs[fi] = gi
                used.add(gi)
                break
    result.matched = len(pairs)
    result.misses = [
        f"{g.precision} {g.start}..{g.end} {g.recurrence or ''} «{g.quote}»"
        for gi, g in enumerate(gold)
        if gi not in used
    ]
    result.false_positives = [
        f"line {f.line}: {f.precision} {f.start}..{f.end} {f.recurrence or ''} «{f.quote}»"
        for fi, f in enumerate(found)
        if fi not in pairs
    ]
    return result


def print_row(name: str, category: str, s: Score) -> None:
    """One line of the table."""
    gold = s.matched + len(s.misses)
    found = s.matched + len(s.false_positives)
    print(
        f"{name:<28} {category:<15} P={s.precision:5.2f} R={s.recall:5.2f} F1={s.f1:5.2f}"
        f"  gold={gold:3d} found={found:3d} matched={s.matched:3d}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=Path, default=ROOT / ".." / "shared" / "plans")
    parser.add_argument("--verbose", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    plans: Path = args.plans
    documents = sorted(plans.glob("*.txt"))
    if not documents:
        print(f"no plans found in {plans}")
        return 0
    totals = {category: Score() for category in CATEGORIES}
    for document in documents:
        gold_path = plans / "gold" / f"{document.stem}.json"
        if not gold_path.exists():
            print(f"{document.name}: no gold file, skipped")
            continue
        gold = load_gold(gold_path)
        found = extract_events(document.read_text(encoding="utf-8"))
        for category, precisions in CATEGORIES.items():
            s = score(gold, found, precisions)
            totals[category].add(s)
            print_row(document.stem, category, s)
            if args.verbose:
                for miss in s.misses:
                    print(f"    MISS  {miss}")
                for fp in s.false_positives:
                    print(f"    FALSE {fp}")
        print()
    for category, s in totals.items():
        print_row("OVERALL", category, s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
