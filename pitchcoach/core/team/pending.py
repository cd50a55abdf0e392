"""Share-later: what the user chose to share while the team folder was offline, kept until it is back.

A laptop away from the office has no network share, and a removed disk or a renamed folder looks the
same. A take saved then (or a sharing choice made then) must not be lost: the wanted level is queued
here, keyed by the local take id, and shared when the folder is readable again. Only the latest choice
per take is kept ("none" queues an unshare). The queue is a small JSON file in the app's data folder,
never in the team folder, written atomically.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pitchcoach.core.fileio import atomic_write_text
from pitchcoach.core.paths import PRIVATE_FILE_MODE, make_private_dirs
from pitchcoach.core.team.schema import SHARE_LEVELS

log = logging.getLogger(__name__)


class PendingShares:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[int, str]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # Our own file, but a damaged one must not stop the app: the log says what was dropped.
            log.warning("share-later queue %s cannot be read; starting an empty one", self.path, exc_info=True)
            return {}
        if not isinstance(raw, dict):
            return {}
        out: dict[int, str] = {}
        for key, level in raw.items():
            if str(key).isdigit() and level in SHARE_LEVELS:
                out[int(key)] = str(level)
        return out

    def _save(self, queue: dict[int, str]) -> None:
        if not queue:
            self.path.unlink(missing_ok=True)
            return
        # Private (reliability case 7): it names the user's takes and what they share.
        make_private_dirs(self.path.parent)
        text = json.dumps({str(k): v for k, v in sorted(queue.items())}, indent=1)
        atomic_write_text(self.path, text, mode=PRIVATE_FILE_MODE)

    def put(self, take_id: int, level: str) -> None:
        queue = self.load()
        queue[take_id] = level
        self._save(queue)

    def drop(self, take_id: int) -> None:
        queue = self.load()
        if queue.pop(take_id, None) is not None:
            self._save(queue)

    def clear(self) -> None:
        self._save({})
