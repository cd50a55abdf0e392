"""What the user reads when the history cannot be read or written: catalog messages (issue 25), so a failed
save, open or delete reads in the interface language, not in English glued around a Chinese verb.

Each message names what failed (``storage.doing.*``, a phrase of its own in every language) and why, with
the fix. ``StorageError(msg=...)`` keeps the English text as the exception's own, for the log and the CLI.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from pitchcoach.core.messages import Message, msg

# What the store was doing: the ids of storage.doing.* (en and zh_CN/errors.toml give each its words).
DOINGS = frozenset(
    {
        "open_history",
        "read_history",
        "save_take",
        "save_refined",
        "save_changes",
        "delete_take",
        "restore_take",
        "save_recording",
        "copy_recording",
    }
)

# Less free space than this and SQLite cannot make its WAL index (32 KiB) or grow the WAL.
_ROOM_NEEDED = 1 << 20


def no_room(folder: Path) -> bool:
    """Whether the filesystem holding ``folder`` is (all but) full, for an ordinary user."""
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows: do not guess
        return False
    return st.f_bavail * st.f_frsize < _ROOM_NEEDED


def doing_msg(doing: str, **args: str) -> Message:
    if doing not in DOINGS:
        raise ValueError(f"unknown storage action {doing!r}")  # a bug: every action needs its words
    return msg(f"storage.doing.{doing}", **args)


def db_failure(exc: sqlite3.Error, doing: str, folder: Path | None = None) -> Message:
    """A database error worded for the user: what failed, and what to do about it.

    ``folder`` is where the database lives: an I/O error there with no room left is a full disk (issue
    23: at 0 bytes free even reading fails, as SQLite cannot create the ``-shm`` file WAL mode needs,
    and SQLite calls that "disk I/O error").
    """
    text = str(exc).lower()
    what = doing_msg(doing)
    if folder is not None and ("disk i/o" in text or "unable to open" in text) and no_room(folder):
        return msg("storage.db.full_in", doing=what, folder=str(folder))
    if "locked" in text or "busy" in text:
        return msg("storage.db.busy", doing=what)
    if "full" in text:
        return msg("storage.db.full", doing=what)
    if "disk i/o" in text or "unable to open" in text:
        return msg("storage.db.io", doing=what)
    if "readonly" in text or "read-only" in text:
        return msg("storage.db.read_only", doing=what)
    return msg("storage.db.other", doing=what, error=str(exc))


def file_failure(exc: OSError, doing: Message, where: Path) -> Message:
    """Writing a recording into the data folder failed (nothing is left half-written: the writers see to it)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return msg("storage.file.full", doing=doing, where=str(where))
    return msg("storage.file.other", doing=doing, where=str(where), reason=str(exc.strerror or exc))


def sentences(*parts: Message) -> Message:
    """Messages said one after another (a failure, then "Nothing was changed.")."""
    return msg("text.sentences", parts=list(parts))
