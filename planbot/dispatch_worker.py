"""`python -m planbot.dispatch_worker …`: the same as `planbot worker …` (kept for scripts and tests)."""

from __future__ import annotations

import sys

from planbot.commands.worker import worker


def main(argv: list[str] | None = None) -> int:
    """Run `planbot worker` with `argv`; returns its exit code."""
    try:
        worker.main(args=argv, prog_name="planbot.dispatch_worker")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
