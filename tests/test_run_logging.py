"""The log of `planbot run` is bounded: PLANBOT_LOG_FILE rotates (issue 14 item 4)."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.settings import Settings, load_settings
from planbot.commands.run import LOG_BACKUPS, LOG_MAX_BYTES, configure_logging


def test_the_log_file_rotates_and_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "planbot.log"
    settings = load_settings({"PLANBOT_LOG_FILE": str(path)}, dotenv_path=None)
    handler = configure_logging(settings, level=logging.INFO)
    try:
        line = "x" * 100_000
        for _ in range(int(LOG_MAX_BYTES * (LOG_BACKUPS + 3) / len(line))):
            logging.getLogger("planbot.test").info(line)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = list(tmp_path.glob("planbot.log*"))
    assert len(files) == LOG_BACKUPS + 1
    assert sum(f.stat().st_size for f in files) <= (LOG_BACKUPS + 1) * LOG_MAX_BYTES


def test_without_a_log_file_the_log_goes_to_standard_error() -> None:
    handler = configure_logging(Settings(), level=logging.INFO)
    logging.getLogger().removeHandler(handler)
    assert type(handler) is logging.StreamHandler
