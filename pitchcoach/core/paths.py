"""Where user data lives.

Everything a user creates sits under one folder so it can be backed up, moved or
deleted as a unit. ``PITCHCOACH_HOME`` overrides the platform default; tests and
scripts rely on that to stay out of the real profile.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "PitchCoach"
ENV_HOME = "PITCHCOACH_HOME"


@dataclass(frozen=True)
class AppPaths:
    root: Path

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    @property
    def database(self) -> Path:
        return self.root / "pitchcoach.sqlite3"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def lexicons(self) -> Path:
        """The user's own additions to the bundled word lists."""
        return self.root / "lexicons"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def trash(self) -> Path:
        """Deleted takes' audio waits here so Undo can bring it back; emptied after a day."""
        return self.root / "trash"

    @property
    def model_stamp(self) -> Path:
        """Records that the bundled model's hash was checked, so start-up need not re-hash it."""
        return self.root / "model-verified.json"

    def ensure(self) -> AppPaths:
        for folder in (self.root, self.recordings, self.logs, self.lexicons, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def default_root() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def app_paths(root: Path | None = None) -> AppPaths:
    return AppPaths(Path(root) if root is not None else default_root())
