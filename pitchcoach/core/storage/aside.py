"""Copies of the history database that were set aside, and getting their takes back.

A damaged database is never deleted: it is copied to ``<database>.corrupt-<time>`` (with its
-wal and -shm) before a new one is started. These copies are the user's data, so the History page
offers two ways back for each one:

- **Restore**: every take that can still be read from the copy is added to the current history
  (takes recorded since are kept; a take already there is not added twice), and the copy is then
  renamed ``.restored-<time>`` (kept, never deleted) so it is not offered again;
- **Export its takes**: every readable take is written to a report file (CSV, JSON, HTML...).

The copy is only ever read, through a private temporary copy, so even a failed attempt cannot
damage it further. A damaged copy gives up the rows it still can: each take is read on its own.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pitchcoach.core.messages import msg
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.storage.database import StorageError
from pitchcoach.core.storage.records import SUMMARY_COLUMNS, Take, take_from_row
from pitchcoach.core.storage.takes import TakeStore

log = logging.getLogger(__name__)

ASIDE_MARK = ".corrupt-"
RESTORED_MARK = ".restored-"


def set_aside_copies(paths: AppPaths) -> list[Path]:
    """The set-aside copies not yet restored, newest first."""
    prefix = paths.database.name + ASIDE_MARK
    try:
        found = [
            p
            for p in paths.root.iterdir()
            if p.name.startswith(prefix) and not p.name.endswith(("-wal", "-shm")) and p.is_file()
        ]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


@dataclass
class Salvage:
    takes: list[Take]
    unreadable: int  # rows the copy still lists but that could not be read


def read_set_aside_takes(paths: AppPaths, copy: Path) -> Salvage:
    """Every take that can still be read from ``copy``, oldest first. Raises StorageError if none can be listed."""
    with tempfile.TemporaryDirectory(prefix="pitchcoach-salvage-") as tmp:
        work = Path(tmp) / "copy.sqlite3"
        try:
            shutil.copyfile(copy, work)
            for sfx in ("-wal", "-shm"):
                side = copy.with_name(copy.name + sfx)
                if side.exists():
                    shutil.copyfile(side, work.with_name(work.name + sfx))
        except OSError as exc:
            raise StorageError(
                msg=msg("storage.more.aside_unreadable", copy=str(copy), reason=str(exc.strerror or exc))
            ) from exc
        conn = sqlite3.connect(work)
        conn.row_factory = sqlite3.Row
        try:
            try:
                ids = [int(r[0]) for r in conn.execute("SELECT id FROM takes ORDER BY created_at, id")]
            except sqlite3.DatabaseError:
                try:  # the index may be what is damaged: walk the table itself
                    ids = sorted(int(r[0]) for r in conn.execute("SELECT rowid FROM takes NOT INDEXED"))
                except sqlite3.DatabaseError as exc:
                    log.exception("cannot list the takes of %s", copy)
                    raise StorageError(
                        msg=msg("storage.more.aside_too_damaged", name=copy.name, error=str(exc))
                    ) from exc
            takes, unreadable = [], 0
            for take_id in ids:
                try:
                    row = conn.execute("SELECT * FROM takes WHERE id = ?", (take_id,)).fetchone()
                    take = take_from_row(row, paths.root)
                    if take.damaged:  # its result is gone: restoring it would only copy the damage
                        raise ValueError("damaged result")
                    takes.append(take)
                except Exception:  # a damaged row (sqlite or JSON): skip it, keep the rest
                    log.warning("take %s of %s cannot be read", take_id, copy, exc_info=True)
                    unreadable += 1
        finally:
            conn.close()
    takes.sort(key=lambda t: (t.created_at, t.id))
    return Salvage(takes, unreadable)


@dataclass
class RestoreResult:
    added: int
    already_there: int
    unreadable: int
    kept_as: Path  # where the copy now is (renamed, never deleted)


def restore_set_aside(store: TakeStore, copy: Path) -> RestoreResult:
    """Add every readable take of ``copy`` to the current history, then rename the copy ``.restored-``."""
    salvage = read_set_aside_takes(store.paths, copy)
    ts, title = SUMMARY_COLUMNS.index("created_at"), SUMMARY_COLUMNS.index("title")
    present = {(round(float(t[ts] or 0), 3), t[title] or "") for t in store.summaries()}
    # A recording already in the history (e.g. offered after the database was set aside, and analysed
    # then) is the same take whatever its date or title say: its file is the key (issue 23).
    recordings = store.referenced_audio()
    added = already = 0
    for take in salvage.takes:
        key = (round(take.created_at.timestamp(), 3), take.title or "")
        if key in present or (take.audio_path is not None and take.audio_path.resolve() in recordings):
            already += 1
            continue
        audio = take.audio_path if take.audio_path is not None and take.audio_path.is_file() else None
        store.save_take(
            take.analysis,
            audio,
            title=take.title,
            tags=take.tags,
            note=take.note,
            created_at=take.created_at,
        )
        present.add(key)
        added += 1
    kept_as = copy.with_name(copy.name.replace(ASIDE_MARK, RESTORED_MARK, 1))
    try:
        for sfx in ("", "-wal", "-shm"):
            src = copy.with_name(copy.name + sfx)
            if src.exists():
                os.replace(src, kept_as.with_name(kept_as.name + sfx))
    except OSError:
        log.warning("could not rename %s after restoring it", copy, exc_info=True)
        kept_as = copy
    log.info("restored %d takes from %s (%d already there, %d unreadable)", added, copy, already, salvage.unreadable)
    return RestoreResult(added, already, salvage.unreadable, kept_as)


def export_set_aside_takes(paths: AppPaths, copy: Path, out: Path, fmt: str) -> tuple[Path, Salvage]:
    """Write every readable take of ``copy`` to a report file at ``out``. Raises StorageError or ReportError."""
    from pitchcoach.core.report import build_progress_report, export_report

    salvage = read_set_aside_takes(paths, copy)
    if not salvage.takes:
        raise StorageError(msg=msg("storage.more.aside_nothing", name=copy.name))
    report = build_progress_report(salvage.takes, recordings_dir=paths.recordings)
    written = export_report(report, fmt, out, data_folder=paths.root)
    return written, salvage
