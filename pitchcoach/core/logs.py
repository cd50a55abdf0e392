"""Logging to a file in the user folder: users see messages, the log keeps the details."""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
from pathlib import Path

LOG_NAME = "pitchcoach.log"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path | None:
    """Attach a rotating file handler to the root logger and return the log path.

    When the user folder is not writable the app must still run and still never
    print a traceback, so fall back to the temp folder, and failing that, to a
    handler that drops records (Python's last-resort handler would print them).
    """
    handler = None
    for folder in (log_dir, Path(tempfile.gettempdir()) / "pitchcoach-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_NAME
            handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
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
