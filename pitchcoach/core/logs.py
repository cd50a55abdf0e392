"""Logging to a file in the user folder: users see messages, the log keeps the details."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "pitchcoach.log"


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path | None:
    """Attach a rotating file handler to the root logger. Returns the log path, or
    None when the folder is not writable (the app must still run)."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
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
