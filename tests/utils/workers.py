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

_FORKSERVER = multiprocessing.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["planbot.dispatch_worker"])


def _main(argv: list[str], environ: dict[str, str]) -> None:
    from planbot.dispatch_worker import main

    os.environ.clear()
    os.environ.update(environ)
    sys.exit(main(argv))


def start_worker(argv: Sequence[str], environ: Mapping[str, str]) -> BaseProcess:
    """`python -m planbot.dispatch_worker ARGV` with `environ`, as a forked process (started)."""
    process = _FORKSERVER.Process(target=_main, args=(list(argv), dict(environ)), daemon=True)
    process.start()
    return process
