"""How the plan parser scales with the size of a document (issue 14 item 6).

Usage: .venv/bin/python bench/import_scale.py [--sizes 1000,5000,20000]

Builds plans of N dated lines (days, spans, weeks, months and undated lines under month and
season headings, as in real plans), and times, in the same run: the baseline (reading the text
into lines and finding its date expressions) and the whole extraction. Prints seconds and
microseconds per line; a linear parser keeps the per-line figure flat as N grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.importer import extract_events  # noqa: E402
from bot.importer.document import Lines  # noqa: E402
from bot.importer.extract import MAX_TEXT_CHARS  # noqa: E402
from bot.importer.grammar import find_expressions  # noqa: E402
from bot.importer.lexicon import MONTHS  # noqa: E402

NAMES = list(MONTHS)
TOPICS = ("Styremøte", "Medlemsmøte", "Frist for forslag", "Skolering", "Verveaksjon", "Årsmøte")


def plan_text(lines: int) -> str:
    """A plan with `lines` lines, most of them dated."""
    out = ["Arbeidsplan 2027"]
    for n in range(lines):
        month = NAMES[(n // 40) % 12]
        topic = TOPICS[n % len(TOPICS)]
        day = n % 28 + 1
        if n % 40 == 0:
            out.append(month.upper())
        elif n % 7 == 0:
            out.append(f"• {topic} i Tromsø nr. {n}")
        elif n % 5 == 0:
            out.append(f"{topic} {day}.-{day + 1}. {month} ({n})")
        elif n % 3 == 0:
            out.append(f"{topic} i uke {n % 52 + 1} ({n})")
        else:
            out.append(f"{topic} {day}. {month} 2027 ({n})")
    return "\n".join(out)


def timed(function, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Seconds one call takes, and its result."""
    began = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - began, result


def baseline(text: str) -> int:
    """Reading the text into lines and finding its date expressions: the floor of any parser."""
    Lines(text)
    return len(find_expressions(text))


def main(argv: list[str] | None = None) -> int:
    """Print one row per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,5000,20000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"documents over {MAX_TEXT_CHARS:,} characters are refused")
    print(
        f"{'lines':>7} {'chars':>9} {'baseline s':>11} {'extract s':>10} {'µs/line':>8} {'×base':>6} events"
    )
    for size in sizes:
        text = plan_text(size)
        base, _ = timed(baseline, text)
        took, events = timed(extract_events, text)
        print(
            f"{size:>7} {len(text):>9} {base:>11.3f} {took:>10.3f} {took / size * 1e6:>8.0f}"
            f" {took / base:>6.1f} {len(events)}"  # type: ignore[arg-type]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
