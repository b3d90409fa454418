"""Dispatcher worker processes for the crash and replica tests, started in milliseconds.

Each is a real process running planbot.dispatch_worker's main (SIGKILL kills it like any other), but
forked from a server process that imported Planbot once, instead of a fresh interpreter importing
it again (about a second of CPU per start, which twenty restarts multiply).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Mapping, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["planbot.dispatch_worker"])


def _main(argv: list[str], environ: dict[str, str], stderr: Path) -> None:
    from planbot.dispatch_worker import main

    os.dup2(os.open(stderr, os.O_WRONLY | os.O_CREAT | os.O_APPEND), 2)
    os.environ.clear()
    os.environ.update(environ)
    sys.exit(main(argv))


def start_worker(argv: Sequence[str], environ: Mapping[str, str], *, stderr: Path) -> BaseProcess:
    """`python -m planbot.dispatch_worker ARGV` with `environ` as a forked process (started); what
    it writes to standard error is appended to the file `stderr`."""
    process = _FORKSERVER.Process(
        target=_main, args=(list(argv), dict(environ), stderr), daemon=True
    )
    process.start()
    return process
