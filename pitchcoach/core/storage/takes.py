"""Takes: saving, editing and deleting them; the queries (reading) are in :mod:`.reads`.

This is data access only; the statistics built from it (trend, streak, bests, the most
frequent issue) live in :mod:`pitchcoach.core.progress`. Audio paths are stored
relative to ``AppPaths.root`` so the whole folder can be backed up or moved as a unit.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from pitchcoach import __version__
from pitchcoach.core.analysis import Analysis
from pitchcoach.core.drills import DrillVerdict
from pitchcoach.core.fileio import fsync_file
from pitchcoach.core.messages import msg
from pitchcoach.core.paths import AppPaths
from pitchcoach.core.storage import audio as audio_files
from pitchcoach.core.storage.database import (
    StorageError,
    file_identity,
    from_ts,
    open_database,
    rollback,
    to_ts,
    utc_now,
)
from pitchcoach.core.storage.failures import db_failure, doing_msg, file_failure, sentences
from pitchcoach.core.storage.reads import TakeReads, not_found
from pitchcoach.core.storage.records import (
    DeletedTake,
    Take,
    analysis_columns,
    drill_columns,
    kept_transcript,
)

log = logging.getLogger(__name__)


class TakeStore(TakeReads):
    """All reads and writes of the progress history.

    One connection shared by the threads of one process (guarded by a lock), and
    WAL plus a busy timeout so a second PitchCoach process can use the same file.
    """

    def __init__(
        self,
        paths: AppPaths,
        *,
        busy_timeout: float = 5.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        try:
            self.paths = paths.ensure()
        except OSError as exc:
            log.exception("cannot create the data folders under %s", paths.root)
            raise StorageError(
                msg=msg("storage.more.cannot_create_folder", root=str(paths.root), reason=str(exc.strerror or exc))
            ) from exc
        self.trash = self.paths.trash
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.RLock()
        opened = open_database(self.paths, busy_timeout=busy_timeout, clock=clock)
        self._conn = opened.conn
        self._process_lock = opened.lock
        self._identity = opened.identity
        # Set when the database failed its integrity check and was moved aside;
        # the UI tells the user where the old file is.
        self.recovered_from: Path | None = opened.recovered_from
        self.migrated_from: int | None = opened.migrated_from
        self.backups_made: list[Path] = opened.backups_made

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            if self._process_lock is not None:
                self._process_lock.release()
                self._process_lock = None

    def _begin_write(self) -> None:
        """BEGIN IMMEDIATE, then make sure the database file is still the one this store opened.

        If another process set the file aside and started a new one, writing on would put the take
        into the moved-away copy and report success: the user would never see it again.
        """
        self._conn.execute("BEGIN IMMEDIATE")
        if self._identity is not None and file_identity(self.paths.database) != self._identity:
            rollback(self._conn)
            log.error("the database file at %s is no longer the one this store opened", self.paths.database)
            raise StorageError(msg=msg("storage.more.replaced"))

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction: checked BEGIN IMMEDIATE, then COMMIT, or ROLLBACK on anything raised.

        Callers hold ``self._lock`` and turn ``sqlite3.Error`` into their own message.
        """
        self._begin_write()
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            rollback(self._conn)
            raise

    def _insert_deductions(self, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(
            "INSERT INTO take_deductions (take_id, position, rule, category, points, message, tip) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def __enter__(self) -> TakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- saving

    def _new_recording_path(self, suffix: str = ".wav") -> Path:
        return audio_files.new_recording_path(self.paths.recordings, self._clock(), suffix)

    def _relative(self, path: Path) -> str:
        """The audio's name as stored: ``recordings/<file>``, also when recordings/ is a symlink to a folder
        on another disk (resolving both sides would put the file outside the data folder: issue 23)."""
        resolved = path.resolve()
        if self.paths.holds_recording(path):
            return f"{self.paths.recordings.name}/{resolved.name}"
        try:
            return resolved.relative_to(self.paths.root.resolve()).as_posix()
        except ValueError:
            raise StorageError(msg=msg("storage.more.outside", path=str(path), root=str(self.paths.root))) from None

    def store_audio(self, audio: Path | np.ndarray | None) -> Path | None:
        """Put the take's audio under recordings/ durably and return where it is."""
        if audio is None:
            return None
        if isinstance(audio, np.ndarray):
            dest = self._new_recording_path()
            try:
                audio_files.write_wav(dest, audio)
            except OSError as exc:
                log.exception("cannot write %s", dest)
                raise StorageError(msg=file_failure(exc, doing_msg("save_recording"), dest.parent)) from exc
            return dest
        src = Path(audio)
        if not src.is_file():
            raise StorageError(msg=msg("storage.more.audio_missing", path=str(src)))
        if self.paths.holds_recording(src):
            # Already ours (the recorder writes here, or a crash left it): adopt it in place; just make sure
            # it is on disk. If it is already a take's, save_take finds that take inside its transaction and
            # returns it rather than copying the file into a second take (issue 23).
            fsync_file(src)
            return src
        dest = self._new_recording_path(src.suffix.lower() or ".wav")
        try:
            audio_files.copy_durably(src, dest)
        except OSError as exc:
            log.exception("cannot copy %s to %s", src, dest)
            raise StorageError(msg=file_failure(exc, doing_msg("copy_recording", name=src.name), dest.parent)) from exc
        return dest

    def save_take(
        self,
        analysis: Analysis,
        audio: Path | np.ndarray | None,
        *,
        title: str = "",
        tags: Iterable[str] = (),
        note: str = "",
        created_at: datetime | None = None,
        quick: bool = False,
        drill: DrillVerdict | None = None,
    ) -> Take:
        """Store the audio (written and fsynced first), then insert the row in one transaction.

        If the insert fails the audio stays in recordings/, where start-up recovery finds it.
        ``quick`` marks a take saved from its instant result; :meth:`replace_analysis` finishes it.
        """
        audio_path = self.store_audio(audio)
        when = created_at or self._clock()
        res = analysis.result
        tr = kept_transcript(analysis.transcript, res)
        tag_list = [t.strip() for t in tags if t.strip()]
        created_ts = to_ts(when)
        clean_title, clean_note = title.strip(), note.strip()
        columns, deductions = analysis_columns(analysis)
        row: dict[str, object] = {
            "created_at": created_ts,
            "audio_path": self._relative(audio_path) if audio_path else None,
            **columns,
            "app_version": __version__,
            "title": clean_title,
            "tags_json": json.dumps(tag_list),
            "note": clean_note,
            "quick_result": int(quick),
            **drill_columns(drill),
        }
        with self._lock:
            try:
                with self._write():
                    # The recording's place in the data folder is its identity: checked inside the write
                    # transaction, so two windows saving the same recovered recording at once make one
                    # take, not two rows sharing (and later trashing) one file (issue 23).
                    earlier = self._conn.execute(
                        "SELECT id FROM takes WHERE audio_path = ? LIMIT 1", (row["audio_path"],)
                    ).fetchone()
                    take_id = int(earlier[0]) if earlier and row["audio_path"] else self._insert(row, deductions)
            except sqlite3.Error as exc:
                log.exception("saving take failed; audio kept at %s", audio_path)
                kept = [msg("storage.more.recording_kept", path=str(audio_path))] if audio_path else []
                raise StorageError(msg=sentences(db_failure(exc, "save_take", self.paths.root), *kept)) from exc
        if earlier and row["audio_path"]:
            log.info("%s is already take %s; not saved twice", audio_path, take_id)
            return self.get(take_id)
        return Take(
            id=take_id,
            created_at=from_ts(created_ts),
            audio_path=audio_path,
            audio_seconds=float(tr.audio_seconds),
            speech_seconds=float(analysis.transcript.speech_seconds),
            target_seconds=float(res.target_seconds),
            transcript=tr,
            result=res,
            model=analysis.model,
            app_version=__version__,
            title=clean_title,
            tags=tag_list,
            note=clean_note,
            quick=quick,
            language=str(row["language"]),
            drill=drill,
            scenario=res.scenario,
        )

    def replace_analysis(self, take_id: int, analysis: Analysis) -> Take:
        """Put the whole-file pass's analysis in place of a take's quick one, in one transaction.

        Title, tags, note, date and audio stay; the quick mark goes.
        """
        columns, deductions = analysis_columns(analysis)
        assignments = ", ".join(f"{k} = :{k}" for k in columns)
        with self._lock:
            try:
                with self._write():
                    cur = self._conn.execute(
                        f"UPDATE takes SET {assignments}, quick_result = 0 WHERE id = :id",
                        {**columns, "id": int(take_id)},
                    )
                    if cur.rowcount:
                        self._conn.execute("DELETE FROM take_deductions WHERE take_id = ?", (int(take_id),))
                        self._insert_deductions([(int(take_id), *d) for d in deductions])
            except sqlite3.Error as exc:
                log.exception("replacing the analysis of take %s failed", take_id)
                raise StorageError(msg=db_failure(exc, "save_refined", self.paths.root)) from exc
        if cur.rowcount == 0:
            raise not_found(take_id)
        return self.get(take_id)

    def _insert(self, row: dict[str, object], deductions: Sequence[tuple[Any, ...]]) -> int:
        cols = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        cur = self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", row)
        take_id = int(cur.lastrowid or 0)
        self._insert_deductions([(take_id, *d) for d in deductions])
        return take_id

    def update(
        self,
        take_id: int,
        *,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        note: str | None = None,
    ) -> Take:
        sets: dict[str, Any] = {}
        if title is not None:
            sets["title"] = title.strip()
        if tags is not None:
            sets["tags_json"] = json.dumps([t.strip() for t in tags if t.strip()])
        if note is not None:
            sets["note"] = note.strip()
        if sets:
            assignments = ", ".join(f"{k} = :{k}" for k in sets)
            with self._lock:
                try:
                    with self._write():
                        cur = self._conn.execute(
                            f"UPDATE takes SET {assignments} WHERE id = :id", {**sets, "id": int(take_id)}
                        )
                except sqlite3.Error as exc:
                    log.exception("update of take %s failed", take_id)
                    raise StorageError(msg=db_failure(exc, "save_changes", self.paths.root)) from exc
            if cur.rowcount == 0:
                raise not_found(take_id)
        return self.get(take_id)

    # ----------------------------------------------------------------- delete / undo

    def delete(self, take_id: int) -> DeletedTake:
        """Remove the row and move its audio to the trash, so :meth:`undo_delete` can restore both."""
        with self._lock:
            rows = self._query("SELECT * FROM takes WHERE id = ?", (int(take_id),))
            if not rows:
                raise not_found(take_id)
            take = self._take_from_row(rows[0])
            row = dict(rows[0])
            deductions = [
                tuple(r)
                for r in self._query(
                    "SELECT take_id, position, rule, category, points, message, tip "
                    "FROM take_deductions WHERE take_id = ?",
                    (int(take_id),),
                )
            ]
            trashed: Path | None = None
            try:
                try:
                    with self._write():
                        self._conn.execute("DELETE FROM take_deductions WHERE take_id = ?", (int(take_id),))
                        self._conn.execute("DELETE FROM takes WHERE id = ?", (int(take_id),))
                        shared = self._conn.execute(  # two rows on one file (saved twice before issue 23)
                            "SELECT 1 FROM takes WHERE audio_path = ? LIMIT 1", (row["audio_path"],)
                        ).fetchone()
                        if take.audio_path is not None and take.audio_path.exists() and not shared:
                            trashed = audio_files.move_to_trash(take.audio_path, self.trash)
                except BaseException:
                    # The rows are back (rolled back); put the audio back beside them.
                    if trashed is not None and take.audio_path is not None and trashed.exists():
                        audio_files.restore_from_trash(trashed, take.audio_path)
                    raise
            except (sqlite3.Error, OSError) as exc:
                log.exception("deleting take %s failed", take_id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(msg=db_failure(exc, "delete_take", self.paths.root)) from exc
                raise StorageError(msg=msg("storage.more.trash_failed", reason=str(exc))) from exc
        return DeletedTake(take=take, row=row, deductions=deductions, trashed_audio=trashed)

    def undo_delete(self, deleted: DeletedTake) -> Take:
        take = deleted.take
        with self._lock:
            restored_audio = False
            try:
                if deleted.trashed_audio is not None and take.audio_path is not None:
                    if not deleted.trashed_audio.exists():
                        raise StorageError(msg=msg("storage.more.trash_emptied"))
                    audio_files.restore_from_trash(deleted.trashed_audio, take.audio_path)
                    restored_audio = True
                with self._write():
                    cols = ", ".join(deleted.row)
                    marks = ", ".join(f":{k}" for k in deleted.row)
                    self._conn.execute(f"INSERT INTO takes ({cols}) VALUES ({marks})", deleted.row)
                    self._insert_deductions(deleted.deductions)
            except (sqlite3.Error, OSError) as exc:
                if restored_audio and take.audio_path is not None and deleted.trashed_audio is not None:
                    os.replace(take.audio_path, deleted.trashed_audio)
                log.exception("undoing delete of take %s failed", take.id)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(msg=db_failure(exc, "restore_take", self.paths.root)) from exc
                raise StorageError(msg=msg("storage.more.restore_audio_failed", reason=str(exc))) from exc
        return self.get(take.id)

    def purge_trash(self, older_than: timedelta | None = None) -> int:
        """Delete trashed audio for good (its undo is then impossible). Returns files removed.

        ``older_than`` keeps recent deletions, e.g. another open PitchCoach window may still offer Undo.
        """
        cutoff = None if older_than is None else self._clock().timestamp() - older_than.total_seconds()
        return audio_files.purge_trash(self.trash, cutoff)
