"""Where user data lives.

Everything a user creates sits under one folder so it can be backed up, moved or
deleted as a unit. ``PITCHCOACH_HOME`` overrides the platform default; tests and
scripts rely on that to stay out of the real profile.

The folder holds voice recordings and a history of what the user said, so it is private:
folders 0700 and files 0600 on POSIX, as apps that keep private recordings do. New folders are
made that way, files are created that way (``open_private``), and ``ensure`` tightens a folder
left readable by an older version or a copy.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

APP_DIR_NAME = "PitchCoach"
ENV_HOME = "PITCHCOACH_HOME"
# The log's file name; kept when the log falls back to the temp folder (core/logs.py).
LOG_NAME = "pitchcoach.log"


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
    def log_file(self) -> Path:
        return self.logs / LOG_NAME

    @property
    def lexicons(self) -> Path:
        """The user's own additions to the bundled word lists."""
        return self.root / "lexicons"

    @property
    def scenarios(self) -> Path:
        """The user's own scenarios, one TOML file each in a folder per language (scenarios/en/...)."""
        return self.root / "scenarios"

    @property
    def team_cache(self) -> Path:
        """The local index of the team folder (core/team/index.py): teammates' names, scores and comments."""
        return self.root / "team-cache"

    @property
    def pitch(self) -> Path:
        """The user's written pitch, one file per saved version (core/pitch_script.py)."""
        return self.root / "pitch"

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
    def models(self) -> Path:
        """Speech models assembled on first use (the multilingual one ships in two parts)."""
        return self.root / "models"

    @property
    def model_stamp(self) -> Path:
        """Records that the bundled model's hash was checked, so start-up need not re-hash it."""
        return self.root / "model-verified.json"

    def holds_recording(self, path: Path | None) -> bool:
        """Whether ``path`` is one of our own recordings: a file directly in recordings/ (both resolved,
        so a recordings/ linked to another disk still counts). A file the user opened from anywhere
        else, a subfolder included, is theirs: it is copied in, never adopted, moved or noted beside."""
        return path is not None and path.resolve().parent == self.recordings.resolve()

    def ensure(self) -> AppPaths:
        for folder in (self.root, self.recordings, self.logs, self.lexicons, self.backups):
            make_private_dirs(folder)
        self.tighten()
        return self

    def tighten(self) -> None:
        """Make the data folder private again: 0700 folders, 0600 files.

        Only the app's own entries are touched (``PITCHCOACH_HOME`` may point anywhere, and
        a user's unrelated files there are not ours to change); symlinks are left alone.
        """
        if os.name != "posix":
            return  # Windows keeps per-user ACLs on the profile folder already
        _restrict(self.root, PRIVATE_DIR_MODE)
        own = (self.recordings, self.logs, self.lexicons, self.backups, self.trash, self.models, self.pitch)
        for folder in (*own, self.team_cache):
            _restrict_tree(folder)
        for entry in _own_root_files(self):
            _restrict(entry, PRIVATE_FILE_MODE)


def _own_root_files(paths: AppPaths) -> list[Path]:
    """Files the app keeps directly in the data folder (the database with its side files and set-aside
    copies, the settings and their kept-aside copies, the model stamp)."""
    names = (paths.database.name, paths.settings.name, paths.model_stamp.name)
    try:
        entries = list(os.scandir(paths.root))
    except OSError:
        return []
    return [Path(e.path) for e in entries if any(e.name.startswith(n) for n in names)]


def _restrict(path: Path, mode: int) -> None:
    """Take group/other bits off one file or folder of ours, without ever following a link.

    lstat first (a symlink, a device or a FIFO is left alone), then the change goes through a
    descriptor opened with O_NOFOLLOW and checked to be the same file, so a link swapped in between
    cannot redirect the chmod to a file outside the data folder (issue 23).
    """
    try:
        st = os.lstat(path)
    except OSError:
        return
    kind = stat.S_IFMT(st.st_mode)
    if kind not in (stat.S_IFREG, stat.S_IFDIR) or st.st_uid != os.getuid() or not stat.S_IMODE(st.st_mode) & 0o077:
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        log.warning("could not make %s private", path, exc_info=True)
        return
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
            os.fchmod(fd, stat.S_IMODE(now.st_mode) & ~0o077)
    except OSError:
        log.warning("could not make %s private", path, exc_info=True)
    finally:
        os.close(fd)


def _restrict_tree(folder: Path) -> None:
    """Tighten ``folder`` and what is inside it. A folder that is a symlink (a recordings folder kept on
    another disk, or a link someone made to /etc) is not ours to walk: nothing behind a link is changed.
    Files the app creates there are 0600 from the start (``open_private``)."""
    if os.path.islink(folder):
        return
    _restrict(folder, PRIVATE_DIR_MODE)
    for dirpath, dirnames, filenames in os.walk(folder):  # followlinks=False: linked subfolders are skipped
        for name in dirnames:
            _restrict(Path(dirpath, name), PRIVATE_DIR_MODE)
        for name in filenames:
            _restrict(Path(dirpath, name), PRIVATE_FILE_MODE)


def make_private_dirs(folder: Path) -> Path:
    """``mkdir -p`` where every folder it creates is 0700 (``Path.mkdir`` gives the mode to the last
    one only). Existing folders are left as they are: ``AppPaths.tighten`` owns those."""
    folder = Path(folder)
    missing: list[Path] = []
    p = folder
    while not p.exists() and p.parent != p:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            d.mkdir(mode=PRIVATE_DIR_MODE)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    return folder


def open_private(path: Path | str, flags: int) -> int:
    """``os.open`` with owner-only permissions for a file it creates (0600, not the umask's 0644)."""
    return os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)


def default_root() -> Path:
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def app_paths(root: Path | None = None) -> AppPaths:
    return AppPaths(Path(root) if root is not None else default_root())
