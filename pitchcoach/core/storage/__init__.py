"""Progress history: every take, its audio and its score, in one SQLite file.

The database lives beside the recordings under ``AppPaths.root`` so the whole folder
can be backed up or moved as a unit. The package's parts:

- :mod:`.database`: opening, checking, migrating and backing up the SQLite file;
- :mod:`.audio`: the takes' audio files (durable writes, trash);
- :mod:`.records`: what a stored take looks like (``Take``, the column lists);
- :mod:`.takes`: ``TakeStore``, which saves, edits and deletes takes;
- :mod:`.reads`: its queries (the history table, progress, drills, recovery);
- :mod:`.aside`: reading a database copy that was set aside, to restore or export its takes.

Statistics over the history (trend, streak, bests, most frequent issue) are in
:mod:`pitchcoach.core.progress`; this package only reads and writes data.
"""

from __future__ import annotations

from pitchcoach.core.audio import SAMPLE_RATE
from pitchcoach.core.storage.audio import AUDIO_EXTENSIONS, write_wav
from pitchcoach.core.storage.database import (
    MIGRATIONS,
    SCHEMA_VERSION,
    OpenedDatabase,
    SqlValue,
    StorageError,
    TakeNotFound,
    _split_sql,
    open_database,
    split_sql,
)
from pitchcoach.core.storage.records import (
    SERIES_COLUMNS,
    SUMMARY_COLUMNS,
    DeletedTake,
    StoredDeduction,
    Take,
)
from pitchcoach.core.storage.takes import TakeStore

__all__ = [
    "AUDIO_EXTENSIONS",
    "MIGRATIONS",
    "SAMPLE_RATE",
    "SCHEMA_VERSION",
    "SERIES_COLUMNS",
    "SUMMARY_COLUMNS",
    "DeletedTake",
    "OpenedDatabase",
    "SqlValue",
    "StorageError",
    "StoredDeduction",
    "TakeNotFound",
    "Take",
    "TakeStore",
    "_split_sql",
    "open_database",
    "split_sql",
    "write_wav",
]
