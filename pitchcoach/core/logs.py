"""Logging to a file in the user folder: users see messages, the log keeps the details."""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from pitchcoach.core.paths import LOG_NAME, make_private_dirs, open_private


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that is owner-only (0600) and never complains on the terminal.

    The log names files and quotes transcripts, so it is as private as the recordings. When a
    write fails (the log's disk is full, the file vanished), Python's default is to print
    "--- Logging error ---" and a traceback to stderr: the user would see a traceback about
    logging, which says nothing useful to them. The record is dropped instead and counted.
    """

    def __init__(self, filename: Path, **kw: Any) -> None:
        self.dropped = 0
        super().__init__(filename, **kw)

    def _open(self) -> io.TextIOWrapper:
        fd = open_private(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # the handler owns it

    def handleError(self, record: logging.LogRecord) -> None:  # logging's name
        self.dropped += 1


def _fallback_dir() -> Path:
    """A per-user folder in the temp dir: /tmp is shared, so another user must not own our log."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    return Path(tempfile.gettempdir()) / (f"pitchcoach-logs-{uid}" if uid is not None else "pitchcoach-logs")


def _usable(folder: Path) -> bool:
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode):
        return False
    return not hasattr(os, "getuid") or st.st_uid == os.getuid()


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path | None:
    """Attach a rotating file handler to the root logger and return the log path.

    When the user folder is not writable the app must still run and still never
    print a traceback, so fall back to the temp folder, and failing that, to a
    handler that drops records (Python's last-resort handler would print them).
    """
    handler = None
    for folder in (log_dir, _fallback_dir()):
        try:
            make_private_dirs(folder)
            if not _usable(folder):
                continue
            path = folder / LOG_NAME
            handler = PrivateLogHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
            break
        except OSError:
            continue
    if handler is None:
        logging.getLogger().addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Re-running setup (tests, CLI then GUI) must not stack handlers on one file.
    for h in list(root.handlers):
        if isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path:
            root.removeHandler(h)
            h.close()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level) if root.handlers[:-1] else level)
    return path
